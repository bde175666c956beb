/**
 * Warnings about a valid directory: things that work, but not as the administrator probably
 * expects. `directory check` prints them; they never stop start-up.
 */
import { DateTime } from 'luxon';
import type { Directory } from './directory.js';
import type { DirectoryProblem } from './directory-raw.js';

/**
 * Slack select menus take at most 100 options, each shown with at most 75 characters
 * (https://docs.slack.dev/reference/block-kit/composition-objects/option-object,
 * https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element); our modals cut
 * longer lists and texts.
 */
export const SLACK_SELECT_MAX_OPTIONS = 100;
export const SLACK_OPTION_TEXT_MAX = 75;
/**
 * Teams has no limit on Input.ChoiceSet choices, but a bot message must stay within 40 KB counted
 * in UTF-16 (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages;
 * newer pages say 100 KB with 80 KB recommended, so 40 KB is the safe reading). A choice list
 * over half of that leaves too little room for the rest of the form.
 */
export const TEAMS_CHOICES_MAX_BYTES = 20 * 1024;

interface Choice {
  value: string;
  label: string;
}

function listWarnings(path: (string | number)[], what: string, form: string, choices: Choice[]): DirectoryProblem[] {
  const warnings: DirectoryProblem[] = [];
  if (choices.length > SLACK_SELECT_MAX_OPTIONS) {
    warnings.push({
      path,
      message: `${choices.length} ${what}; Slack's ${form} lists at most ${SLACK_SELECT_MAX_OPTIONS}, so the last ${choices.length - SLACK_SELECT_MAX_OPTIONS} cannot be chosen there`,
    });
  }
  // {"title":"…","value":"…"} per choice, two bytes per UTF-16 code unit.
  const bytes = choices.reduce((sum, c) => sum + 2 * (c.label.length + c.value.length + 24), 0);
  if (bytes > TEAMS_CHOICES_MAX_BYTES) {
    warnings.push({
      path,
      message: `the ${what} take about ${Math.round(bytes / 1024)} KB in Teams' ${form}; a Teams message must stay within 40 KB, so the form may not be delivered`,
    });
  }
  return warnings;
}

function longNames(path: (string | number)[], items: { id: string; name: string }[]): DirectoryProblem[] {
  return items.flatMap((item, index) =>
    item.name.length > SLACK_OPTION_TEXT_MAX
      ? [{ path: [...path, index, 'name'], message: `${item.name.length} characters; Slack shows at most ${SLACK_OPTION_TEXT_MAX} of a choice, so it is cut short in Slack's forms` }]
      : [],
  );
}

/** Every warning for `directory`; `now` decides which dated closed days lie in the past. */
export function directoryWarnings(directory: Directory, now: Date): DirectoryProblem[] {
  const warnings: DirectoryProblem[] = [];
  directory.organizations.forEach((org, index) => {
    const path = ['organizations', index, 'departments'];
    const choices = org.departments.map((d) => ({ value: d.id, label: d.name }));
    warnings.push(...listWarnings(path, 'departments', 'intake form', choices), ...longNames(path, org.departments));
  });
  // Reassigning offers every team but the concern's own.
  const others = directory.teams.slice(1).map((t) => ({ value: t.id, label: t.name }));
  warnings.push(...listWarnings(['teams'], 'teams to move a concern to', 'reassign form', others));
  warnings.push(...longNames(['teams'], directory.teams));

  const dated = directory.municipality.closedDays.filter((d) => d.length === 10);
  const today = DateTime.fromJSDate(now, { zone: directory.municipality.timezone }).toISODate() ?? '';
  if (dated.length > 0 && dated.every((d) => d < today)) {
    warnings.push({
      path: ['municipality', 'closedDays'],
      message: `every dated entry (YYYY-MM-DD) lies in the past, so none of them closes a day any more; write days that recur every year as MM-DD, e.g. "12-24"`,
    });
  }
  return warnings;
}
