/**
 * Checks a directory's content: its shape (directorySchema) and what a schema cannot see —
 * references between sections, unique ids, a usable calendar. Every problem is reported at once
 * with the path of the value at fault, so an administrator fixes the file in one round.
 *
 * The cross-reference checks read the raw input, not the parsed result, so they still run when
 * some other part of the file has a shape error.
 */
import { holidayRules } from './holidays.js';
import { DateTime, IANAZone } from 'luxon';
import type { z } from 'zod';
import { directorySchema, WEEKDAYS } from './directory.js';
import type { Directory } from './directory.js';
import { PLATFORMS } from './model.js';

export type ProblemPath = readonly (string | number)[];
export interface DirectoryProblem {
  path: ProblemPath;
  message: string;
}
export type DirectoryCheck = { ok: true; directory: Directory } | { ok: false; problems: string[] };

/** `['teams', 2, 'backup']` → `teams[2].backup`. */
export function formatPath(path: ProblemPath): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out || '(top level)';
}

export const formatProblem = (p: DirectoryProblem): string => `${formatPath(p.path)}: ${p.message}`;

export function checkDirectory(raw: unknown): DirectoryCheck {
  const { directory, problems } = collectDirectoryProblems(raw);
  return directory ? { ok: true, directory } : { ok: false, problems: problems.map(formatProblem) };
}

/** The structured form of checkDirectory, for callers that map paths back to file positions. */
export function collectDirectoryProblems(raw: unknown): {
  directory: Directory | null;
  problems: DirectoryProblem[];
} {
  const parsed = directorySchema.safeParse(raw, { reportInput: true });
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((i) => issueProblems(i, []));
  const doc = rec(raw);
  if (doc) problems.push(...crossReferenceProblems(doc));
  const unique = [...new Map(problems.map((p) => [formatProblem(p), p])).values()];
  return { directory: parsed.success && unique.length === 0 ? parsed.data : null, problems: unique };
}

// ---------------------------------------------------------------------------------------------
// Shape problems: zod issues in words an administrator editing YAML understands.

type Issue = z.core.$ZodIssue;

function issueProblems(issue: Issue, base: ProblemPath): DirectoryProblem[] {
  const path = [...base, ...issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k))];
  if (issue.code === 'invalid_union') {
    const branch = likelyBranch(issue.errors);
    return branch ? branch.flatMap((i) => issueProblems(i, path)) : [{ path, message: unionHint(path) }];
  }
  if (path.length === 0 && issue.code === 'invalid_type') {
    return [{ path, message: 'the file must be a YAML mapping with municipality, organizations, districts, teams, routes and sla' }];
  }
  return [{ path, message: reason(issue) }];
}

/**
 * Of a union's alternatives, the one the writer evidently meant: it has no unknown or missing
 * keys at its top and fewer problems than any other. None when that is not clear.
 */
function likelyBranch(branches: Issue[][]): Issue[] | undefined {
  const plausible = branches.filter(
    (b) => !b.some((i) => i.path.length === 0 && (i.code === 'unrecognized_keys' || i.code === 'invalid_type')),
  );
  const fewest = Math.min(...plausible.map((b) => b.length));
  const best = plausible.filter((b) => b.length === fewest);
  return best.length === 1 ? best[0] : undefined;
}

function unionHint(path: ProblemPath): string {
  const last = path[path.length - 1];
  if (last === 'notify') {
    return 'must be either slack: { channel } or teams: { conversationId, serviceUrl, tenantId }';
  }
  if (path[0] === 'routes' && path.length === 2) {
    return 'must be either { category, district (optional), team } or { default: <team id> }';
  }
  if (last === 'at') return 'must be a percentage like "150%"';
  return 'does not match any of the allowed forms';
}

const NOUNS: Record<string, string> = {
  object: 'a mapping (key: value)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};
const noun = (t: string) => NOUNS[t] ?? t;

function got(issue: Issue): string {
  const input: unknown = issue.input;
  return typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean'
    ? `, not ${JSON.stringify(input)}`
    : '';
}

function reason(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === 'undefined') return 'is required';
      return `must be ${noun(issue.expected)}${received ? `, not ${noun(received)}` : ''}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got(issue)}`;
    case 'invalid_format':
      if (issue.format === 'url') return `must be a web address (https://…)${got(issue)}`;
      return `${issue.message.startsWith('Invalid') ? 'has the wrong format' : issue.message}${got(issue)}`;
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
      const days = issue.path[issue.path.length - 1] === 'businessHours' ? ` (days are ${WEEKDAYS.join(', ')})` : '';
      return `unknown key${issue.keys.length === 1 ? '' : 's'} ${keys}${days}`;
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const more = issue.code === 'too_small';
      if (issue.origin === 'array') return `must have ${more ? 'at least' : 'at most'} ${bound} entr${bound === 1 ? 'y' : 'ies'}`;
      if (issue.origin === 'string' && more && Number(bound) <= 1) return 'must not be empty';
      const strict = issue.inclusive === false;
      return `must be ${more ? (strict ? 'greater than' : 'at least') : strict ? 'less than' : 'at most'} ${bound}${got(issue)}`;
    }
    default:
      return issue.message;
  }
}

// ---------------------------------------------------------------------------------------------
// Cross-reference problems, read from the raw input with type guards (shape errors are zod's).

type Raw = Record<string, unknown>;
const rec = (v: unknown): Raw | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface Entry {
  index: number;
  raw: Raw;
  id: string | undefined;
}
/** Ids of a section; null when the section itself is missing, so references to it are not judged. */
type Ids = Set<string> | null;
const idsOf = (section: unknown): Ids =>
  Array.isArray(section) ? new Set(entries(section).flatMap((e) => (e.id ? [e.id] : []))) : null;
const unknownIn = (ids: Ids, value: string | undefined): value is string =>
  value !== undefined && ids !== null && !ids.has(value);

const entries = (v: unknown): Entry[] =>
  list(v).flatMap((item, index) => {
    const raw = rec(item);
    return raw ? [{ index, raw, id: text(raw.id) }] : [];
  });

function crossReferenceProblems(doc: Raw): DirectoryProblem[] {
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
  const municipality = rec(doc.municipality);
  if (municipality) problems.push(...calendarProblems(municipality));
  problems.push(...slaProblems(rec(doc.sla)), ...escalationProblems(doc.escalation));
  const cron = text(rec(doc.digest)?.cron);
  const fields = cron?.trim().split(/\s+/).filter(Boolean).length ?? 5;
  if (fields !== 5) {
    problems.push({
      path: ['digest', 'cron'],
      message: `"${cron}" must have 5 fields (minute hour day-of-month month weekday), not ${fields}`,
    });
  }
  return problems;
}

function duplicateIds(path: ProblemPath, items: Entry[]): DirectoryProblem[] {
  const first = new Map<string, number>();
  return items.flatMap(({ index, id }) => {
    if (id === undefined) return [];
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, index);
      return [];
    }
    return [{ path: [...path, index, 'id'], message: `duplicate id "${id}", already used by ${formatPath([...path, earlier])}` }];
  });
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

/** Same reading as the calendar: a country code, optionally with state and region ("DE-BY"). */
function supportedHolidayCalendar(spec: string): boolean {
  const [country = '', state, region] = spec.toUpperCase().split('-');
  const holidays = holidayRules(country);
  if (!(country in holidays.getCountries())) return false;
  if (state !== undefined && !(state in (holidays.getStates(country) ?? {}))) return false;
  return region === undefined || (state !== undefined && region in (holidays.getRegions(country, state) ?? {}));
}

const RANGE = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/;

function calendarProblems(municipality: Raw): DirectoryProblem[] {
  const problems: DirectoryProblem[] = [];
  const at = (...path: (string | number)[]) => ['municipality', ...path];
  const zone = text(municipality.timezone);
  if (zone !== undefined && !IANAZone.isValidZone(zone)) {
    problems.push({ path: at('timezone'), message: `unknown time zone "${zone}" (use an IANA name such as Europe/Copenhagen)` });
  }
  const country = text(municipality.holidays);
  if (country !== undefined && !supportedHolidayCalendar(country)) {
    problems.push({ path: at('holidays'), message: `no public-holiday calendar for "${country}" (use a country code such as DK)` });
  }
  const hours = rec(municipality.businessHours);
  if (hours) {
    const open = WEEKDAYS.filter((day) => typeof hours[day] === 'string');
    if (open.length === 0) {
      problems.push({ path: at('businessHours'), message: 'no business days; add at least one, e.g. mon: "08:00-15:30"' });
    }
    for (const day of open) {
      const m = RANGE.exec(hours[day] as string);
      if (m && `${m[3]}:${m[4]}` <= `${m[1]}:${m[2]}`) {
        problems.push({
          path: at('businessHours', day),
          message: `closing time ${m[3]}:${m[4]} must be after opening time ${m[1]}:${m[2]}`,
        });
      }
    }
  }
  list(municipality.closedDays).forEach((day, k) => {
    if (typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) && !DateTime.fromISO(day).isValid) {
      problems.push({ path: at('closedDays', k), message: `"${day}" is not a date` });
    }
  });
  return problems;
}

function slaProblems(sla: Raw | undefined): DirectoryProblem[] {
  return Object.entries(sla ?? {}).flatMap(([urgency, entry]) => {
    const within = text(rec(entry)?.acknowledgeWithin);
    const amount = within === undefined ? undefined : /^(\d+(?:\.\d+)?)\s*[smhd]$/.exec(within)?.[1];
    return amount !== undefined && Number(amount) === 0
      ? [{ path: ['sla', urgency, 'acknowledgeWithin'], message: 'must be longer than 0' }]
      : [];
  });
}

function escalationProblems(steps: unknown): DirectoryProblem[] {
  const problems: DirectoryProblem[] = [];
  let previous: number | undefined;
  list(steps).forEach((step, index) => {
    const raw = rec(step)?.at;
    const at =
      typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+(\.\d+)?%$/.test(raw) ? Number.parseFloat(raw) : undefined;
    if (at === undefined) return;
    if (at <= 0) problems.push({ path: ['escalation', index, 'at'], message: 'must be greater than 0%' });
    else if (previous !== undefined && at <= previous) {
      problems.push({
        path: ['escalation', index, 'at'],
        message: `${at}% must be greater than the step before (${previous}%); steps go in ascending order`,
      });
    }
    previous = at;
  });
  return problems;
}
