/**
 * `brobygger directory check FILE`: tells an administrator whether the bot would start with this
 * directory file, and if not, everything that is wrong with it.
 */
import { loadDirectory } from '../app/directory-file.js';
import { countOf } from '../core/plural.js';

const count = (n: number, one: string, other: string) => countOf('en', n, { one, other });

/**
 * Prints the verdict line by line through `out`: warnings (the file works, but probably not as
 * meant) and the summary, or every problem. Returns the process exit code: 0 usable, 1 not.
 */
export function runDirectoryCheck(file: string, out: (line: string) => void, now: Date = new Date()): number {
  const result = loadDirectory(file, now);
  if (result.ok) {
    for (const warning of result.warnings) out(`warning: ${warning}`);
    const { organizations, teams, routes } = result.directory;
    const warned = result.warnings.length > 0 ? ` (${count(result.warnings.length, 'warning', 'warnings')})` : '';
    out(
      `✓ ${file}: ${count(organizations.length, 'organisation', 'organisations')}, ` +
        `${count(teams.length, 'team', 'teams')}, ${count(routes.length, 'route', 'routes')}${warned}`,
    );
    return 0;
  }
  for (const problem of result.problems) out(problem);
  out(`✗ ${file}: ${count(result.problems.length, 'problem', 'problems')}; Brobygger will not start with this file`);
  return 1;
}
