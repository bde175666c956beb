/**
 * Warnings about a valid directory: things that work, but not as the administrator probably
 * expects. `directory check` prints them; they never stop start-up.
 */
import { DateTime } from 'luxon';
import type { Directory } from './directory.js';
import type { DirectoryProblem } from './directory-raw.js';
import { platformLimitWarnings } from './platform-limits.js';

/** Slack shows at most 75 characters of a choice (https://docs.slack.dev/reference/block-kit/composition-objects/option-object). */
export const SLACK_OPTION_TEXT_MAX = 75;

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
  // Lists past a platform's limit still work (Slack groups them, Teams searches): worth knowing.
  warnings.push(...platformLimitWarnings(directory));
  directory.organizations.forEach((org, index) => warnings.push(...longNames(['organizations', index, 'departments'], org.departments)));
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
