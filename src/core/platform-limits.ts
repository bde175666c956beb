/**
 * Where a directory's lists pass what a platform can show in one picker, for `directory check`
 * to warn about (the forms still work: Slack groups long selects, Teams cards grow). Limits:
 * - Slack static_select: 100 `options`, or 100 `option_groups` × 100 options
 *   (https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#static_select);
 * - Teams: a bot message (Adaptive Card included) must stay under about 28 KB
 *   (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages);
 *   past TEAMS_STATIC_CHOICES a list is searched as people type (dynamic typeahead,
 *   https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/dynamic-search).
 */
import type { Directory } from './directory.js';
import type { DirectoryProblem } from './directory-check.js';

export const SLACK_SELECT_OPTIONS = 100;
export const SLACK_SELECT_GROUPED_OPTIONS = 100 * 100;
/** Choices a Teams card carries itself (filtered as people type); longer lists are searched by the bot. */
export const TEAMS_STATIC_CHOICES = 100;
/** Of Teams' ~28 KB per message, what one picker may take and leave room for the rest of the form. */
export const TEAMS_PICKER_BYTES = 16_000;

/** Bytes a choice adds to an Input.ChoiceSet: `{"title":"…","value":"…"},`. */
const choiceBytes = (label: string, value: string) => Buffer.byteLength(label) + Buffer.byteLength(value) + 22;

function listWarnings(path: DirectoryProblem['path'], what: string, choices: Array<{ label: string; value: string }>): DirectoryProblem[] {
  const warnings: DirectoryProblem[] = [];
  if (choices.length > SLACK_SELECT_GROUPED_OPTIONS) {
    warnings.push({ path, message: `${choices.length} ${what}: Slack can offer at most ${SLACK_SELECT_GROUPED_OPTIONS} in one menu; split the list` });
  } else if (choices.length > SLACK_SELECT_OPTIONS) {
    warnings.push({ path, message: `${choices.length} ${what}: more than Slack's ${SLACK_SELECT_OPTIONS} per menu, so Slack shows them in alphabetical groups (people can type to search)` });
  }
  const bytes = choices.reduce((sum, c) => sum + choiceBytes(c.label, c.value), 0);
  if (choices.length > TEAMS_STATIC_CHOICES) {
    warnings.push({ path, message: `${choices.length} ${what}: more than the ${TEAMS_STATIC_CHOICES} a Teams card holds, so Teams searches them as people type (the bot answers each search)` });
  } else if (bytes > TEAMS_PICKER_BYTES) {
    warnings.push({ path, message: `${what} take about ${Math.round(bytes / 1000)} KB in a Teams card, near Teams' 28 KB message limit; shorten names or split the list` });
  }
  return warnings;
}

/** Warnings (never errors) for every growing list: departments per association, teams to reassign to. */
export function platformLimitWarnings(directory: Directory): DirectoryProblem[] {
  const warnings: DirectoryProblem[] = [];
  directory.organizations.forEach((org, i) => {
    const departments = org.departments.map((d) => ({ label: d.name, value: d.id }));
    warnings.push(...listWarnings(['organizations', i, 'departments'], `departments in ${org.id}`, departments));
  });
  // Reassigning offers every team but the concern's own.
  const others = directory.teams.slice(1).map((t) => ({ label: t.name, value: t.id }));
  warnings.push(...listWarnings(['teams'], 'teams to reassign to', others));
  return warnings;
}
