/**
 * References between sections of the directory: unique ids, teams and districts that exist,
 * exactly one default route, a person or workspace belonging to one organisation only.
 */
import { PLATFORMS } from './model.js';
import {
  duplicateIds,
  entries,
  formatPath,
  idsOf,
  list,
  rec,
  text,
  unknownIn,
  type DirectoryProblem,
  type Entry,
  type Ids,
  type ProblemPath,
  type Raw,
} from './directory-raw.js';

/** Ids that must exist, be unique or belong to one owner only. */
export function crossReferenceProblems(doc: Raw): DirectoryProblem[] {
  const organizations = entries(doc.organizations);
  const teams = entries(doc.teams);
  const districts = entries(doc.districts);
  const problems: DirectoryProblem[] = [
    ...duplicateIds(['organizations'], organizations),
    ...duplicateIds(['teams'], teams),
    ...duplicateIds(['districts'], districts),
  ];
  const districtIds = idsOf(doc.districts);
  const teamIds = idsOf(doc.teams);
  problems.push(...departmentProblems(organizations, districtIds));
  problems.push(...teamProblems(teams, Array.isArray(doc.organizations) ? organizations : null, teamIds));
  if (Array.isArray(doc.routes)) problems.push(...routeProblems(entries(doc.routes), teamIds, districtIds));
  problems.push(...peopleInTwoOrganizations(organizations, teams));
  problems.push(...sharedWorkspaces(organizations));
  return problems;
}

function departmentProblems(organizations: Entry[], districtIds: Ids): DirectoryProblem[] {
  return organizations.flatMap(({ index, raw }) => {
    const path = ['organizations', index, 'departments'];
    const departments = entries(raw.departments);
    if (raw.kind === 'municipality' && departments.length > 0) {
      return [{ path, message: 'only housing associations have departments (afdelinger)' }];
    }
    const unknownDistricts = departments.flatMap((d) => {
      const district = text(d.raw.district);
      return unknownIn(districtIds, district)
        ? [{ path: [...path, d.index, 'district'], message: `unknown district "${district}"` }]
        : [];
    });
    return [...duplicateIds(path, departments), ...unknownDistricts];
  });
}

function teamProblems(teams: Entry[], organizations: Entry[] | null, teamIds: Ids): DirectoryProblem[] {
  const orgById = new Map((organizations ?? []).flatMap((o) => (o.id ? [[o.id, o.raw] as const] : [])));
  return teams.flatMap(({ index, raw, id }) => {
    const problems: DirectoryProblem[] = [];
    const orgId = text(raw.organization);
    const org = orgId === undefined ? undefined : orgById.get(orgId);
    if (orgId !== undefined && organizations && !org) {
      problems.push({ path: ['teams', index, 'organization'], message: `unknown organisation "${orgId}"` });
    } else if (org && typeof org.kind === 'string' && org.kind !== 'municipality') {
      problems.push({
        path: ['teams', index, 'organization'],
        message: `"${orgId}" is a housing association; a team must belong to the municipality (kind: municipality)`,
      });
    }
    const backup = text(raw.backup);
    if (backup !== undefined && backup === id) {
      problems.push({ path: ['teams', index, 'backup'], message: 'a team cannot be its own backup' });
    } else if (unknownIn(teamIds, backup)) {
      problems.push({ path: ['teams', index, 'backup'], message: `unknown team "${backup}"` });
    }
    return problems;
  });
}

function routeProblems(routes: Entry[], teamIds: Ids, districtIds: Ids): DirectoryProblem[] {
  const problems: DirectoryProblem[] = [];
  const unknown = (route: Entry, key: string, kind: 'team' | 'district', known: Ids) => {
    const value = text(route.raw[key]);
    if (unknownIn(known, value)) {
      problems.push({ path: ['routes', route.index, key], message: `unknown ${kind} "${value}"` });
    }
  };
  const defaults: number[] = [];
  const seen = new Map<string, number>();
  for (const route of routes) {
    const { index, raw } = route;
    // Both forms at once is a shape error zod explains; guessing which was meant would mislead.
    if ('default' in raw && ('category' in raw || 'team' in raw)) continue;
    if ('default' in raw) {
      unknown(route, 'default', 'team', teamIds);
      defaults.push(index);
      continue;
    }
    unknown(route, 'team', 'team', teamIds);
    unknown(route, 'district', 'district', districtIds);
    const key = `${String(raw.category)}\u0000${String(raw.district ?? '')}`;
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, index);
    else {
      problems.push({
        path: ['routes', index],
        message: `same category and district as routes[${earlier}], so it is never used`,
      });
    }
  }
  const [first, ...extra] = defaults;
  if (first === undefined) {
    problems.push({ path: ['routes'], message: 'no default route; add "- default: <team id>" for concerns no other route matches' });
  }
  for (const index of extra) {
    problems.push({ path: ['routes', index], message: `a second default route (routes[${first}] is one already); keep exactly one` });
  }
  return problems;
}

/** Identity matching takes the first organisation that lists a user, so two would be a silent guess. */
function peopleInTwoOrganizations(organizations: Entry[], teams: Entry[]): DirectoryProblem[] {
  const owner = new Map<string, { org: string; path: ProblemPath }>();
  const problems: DirectoryProblem[] = [];
  const visit = (users: unknown, org: string | undefined, path: ProblemPath) => {
    for (const platform of PLATFORMS) {
      list(rec(users)?.[platform]).forEach((userId, k) => {
        if (typeof userId !== 'string' || org === undefined) return;
        const at = [...path, platform, k];
        const first = owner.get(`${platform}:${userId}`);
        if (!first) owner.set(`${platform}:${userId}`, { org, path: at });
        else if (first.org !== org) {
          problems.push({
            path: at,
            message: `${platform === 'slack' ? 'Slack' : 'Teams'} user "${userId}" is also listed for organisation "${first.org}" (${formatPath(first.path)}); a person belongs to one organisation`,
          });
        }
      });
    }
  };
  for (const { index, raw, id } of organizations) {
    visit(raw.members, id, ['organizations', index, 'members']);
    visit(raw.managers, id, ['organizations', index, 'managers']);
  }
  // A team of an unknown organisation is reported once, by teamProblems, not again for each member.
  const known = new Set(organizations.map((o) => o.id));
  for (const { index, raw } of teams) {
    const org = text(raw.organization);
    if (!known.has(org)) continue;
    visit(raw.members, org, ['teams', index, 'members']);
    visit(raw.managers, org, ['teams', index, 'managers']);
  }
  return problems;
}

function sharedWorkspaces(organizations: Entry[]): DirectoryProblem[] {
  const claims = new Map<string, { org: string; path: ProblemPath }>();
  const problems: DirectoryProblem[] = [];
  const claim = (what: string, values: unknown, org: string, path: ProblemPath) =>
    list(values).forEach((value, k) => {
      if (typeof value !== 'string') return;
      const key = `${what}:${value.toLowerCase()}`;
      const first = claims.get(key);
      if (!first) claims.set(key, { org, path: [...path, k] });
      else if (first.org !== org) {
        problems.push({
          path: [...path, k],
          message: `${what} "${value}" is also claimed by organisation "${first.org}" (${formatPath(first.path)})`,
        });
      }
    });
  for (const { index, raw, id } of organizations) {
    if (id === undefined) continue;
    claim('Slack workspace', rec(raw.slack)?.teamIds, id, ['organizations', index, 'slack', 'teamIds']);
    claim('Microsoft tenant', rec(raw.teams)?.tenantIds, id, ['organizations', index, 'teams', 'tenantIds']);
    claim('e-mail domain', raw.emailDomains, id, ['organizations', index, 'emailDomains']);
  }
  return problems;
}

