/**
 * `brobygger directory check FILE`: tells an administrator whether the bot would start with this
 * directory file, and if not, everything that is wrong with it.
 */
import { loadDirectory } from '../app/directory-file.js';
import { countOf } from '../core/plural.js';

const count = (n: number, one: string, other: string) => countOf('en', n, { one, other });

/** Prints the verdict line by line through `out`; returns the process exit code. */
export function runDirectoryCheck(file: string, out: (line: string) => void): number {
  const result = loadDirectory(file);
  if (result.ok) {
    const { organizations, teams, routes } = result.directory;
    out(
      `✓ ${file}: ${count(organizations.length, 'organisation', 'organisations')}, ` +
        `${count(teams.length, 'team', 'teams')}, ${count(routes.length, 'route', 'routes')}`,
    );
    return 0;
  }
  for (const problem of result.problems) out(problem);
  out(`✗ ${file}: ${count(result.problems.length, 'problem', 'problems')}; Brobygger will not start with this file`);
  return 1;
}
