/**
 * Which municipal team gets a concern: the most specific route wins —
 * (category, district) → (category, any district) → the default route.
 */
import type { Directory, Team } from './directory.js';
import type { Category } from './model.js';

/** The id of the team that should receive a concern of this category from this district. */
export function routeConcern(directory: Directory, category: Category, districtId: string): string {
  let forCategory: string | undefined;
  let fallback: string | undefined;
  for (const route of directory.routes) {
    if ('default' in route) {
      fallback ??= route.default;
    } else if (route.category === category) {
      if (route.district === districtId) return route.team;
      if (route.district === undefined) forCategory ??= route.team;
    }
  }
  const team = forCategory ?? fallback;
  // checkDirectory guarantees a default route; a directory built around it is a programming error.
  if (team === undefined) throw new Error('The directory has no default route');
  return team;
}

export function teamById(directory: Directory, teamId: string): Team | undefined {
  return directory.teams.find((t) => t.id === teamId);
}

/** The district a housing department lies in, or undefined when the directory does not know it. */
export function districtOfDepartment(
  directory: Directory,
  associationId: string,
  departmentId: string,
): string | undefined {
  return directory.organizations
    .find((o) => o.id === associationId && o.kind === 'association')
    ?.departments.find((d) => d.id === departmentId)?.district;
}
