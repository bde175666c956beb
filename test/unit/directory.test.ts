import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { checkDirectory } from '../../src/core/directory-check.js';
import { resolveIdentity } from '../../src/core/identity.js';
import { CATEGORIES } from '../../src/core/model.js';
import { runDirectoryCheck } from '../../src/cli/directory-check-command.js';
import {
  DEFAULT_DIRECTORY_FILE,
  DirectoryError,
  loadDirectory,
  loadDirectoryOrThrow,
} from '../../src/app/directory-file.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/directories/${name}`, import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = any;
const sampleRaw = (): Raw => parse(readFileSync(DEFAULT_DIRECTORY_FILE, 'utf8'));
const minimalRaw = (): Raw => parse(readFileSync(fixture('minimal.yaml'), 'utf8'));

function problemsOf(raw: unknown): string[] {
  const result = checkDirectory(raw);
  return result.ok ? [] : result.problems;
}

describe('the sample directory', () => {
  it('loads without problems', () => {
    const result = loadDirectory(DEFAULT_DIRECTORY_FILE);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('is found relative to the code, not the working directory', () => {
    expect(DEFAULT_DIRECTORY_FILE).toMatch(/config[\\/]directory\.sample\.yaml$/);
    expect(readFileSync(DEFAULT_DIRECTORY_FILE, 'utf8')).toContain('Nordfjord Kommune');
  });

  it('describes a municipality with three associations, four districts and its teams', () => {
    const directory = loadDirectoryOrThrow();
    const kinds = directory.organizations.map((o) => o.kind);
    expect(kinds.filter((k) => k === 'association')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'municipality')).toHaveLength(1);
    expect(directory.districts).toHaveLength(4);
    expect(directory.teams.length).toBeGreaterThanOrEqual(5);
    expect(directory.municipality.timezone).toBe('Europe/Copenhagen');
    expect(directory.municipality.businessHours).toEqual({
      mon: '08:00-15:30',
      tue: '08:00-15:30',
      wed: '08:00-15:30',
      thu: '08:00-15:30',
      fri: '08:00-13:00',
    });
    expect(directory.municipality.outOfHours.da).toMatch(/112[\s\S]*114/);
    expect(directory.municipality.outOfHours.en).toMatch(/112[\s\S]*114/);
    expect(directory.escalation.map((s) => s.at)).toEqual([100, 150, 200]);
    expect(directory.sla.acute).toEqual({ acknowledgeWithin: '15m', clock: 'wall' });
    expect(directory.sla.low.clock).toBe('business');
  });

  it('routes every category explicitly and has notify targets on both platforms', () => {
    const directory = loadDirectoryOrThrow();
    const routed = new Set(directory.routes.flatMap((r) => ('category' in r ? [r.category] : [])));
    expect([...routed].sort()).toEqual([...CATEGORIES].sort());
    const platforms = new Set(directory.teams.map((t) => ('slack' in t.notify ? 'slack' : 'teams')));
    expect([...platforms].sort()).toEqual(['slack', 'teams']);
  });

  it('recognises association users by Slack workspace and by Microsoft tenant', () => {
    const directory = loadDirectoryOrThrow();
    const bySlack = resolveIdentity(directory, { platform: 'slack', userId: 'U0NEWCARETKR', workspaceId: 'T0UQ7C1X54X' });
    const byTeams = resolveIdentity(directory, {
      platform: 'teams',
      userId: '0f0f0f0f-0000-4000-8000-000000000001',
      tenantId: 'bce83cfb-4f56-4659-84e2-f1fe3cf41bf7',
    });
    expect(bySlack?.organization.id).toBe('fjordbo');
    expect(bySlack?.isReporter).toBe(true);
    expect(byTeams?.organization.id).toBe('nab');
    const lyngbo = directory.organizations.find((o) => o.id === 'lyngbo');
    expect(lyngbo?.slack?.teamIds.length).toBeGreaterThan(0);
    expect(lyngbo?.teams?.tenantIds.length).toBeGreaterThan(0);
  });

  it('recognises municipal staff as responders of their team', () => {
    const directory = loadDirectoryOrThrow();
    const anne = resolveIdentity(directory, { platform: 'slack', userId: 'U0WWGTG1WZY' });
    expect(anne?.organization.id).toBe('nordfjord-kommune');
    expect(anne?.responderTeams).toEqual(['socialpsykiatri']);
    expect(anne?.isReporter).toBe(false);
  });
});

describe('broken directory files', () => {
  const cases: { file: string; problems: RegExp[] }[] = [
    { file: 'unknown-backup-team.yaml', problems: [/:25:13: teams\[0\]\.backup: unknown team "ssp"$/] },
    { file: 'unknown-route-team.yaml', problems: [/routes\[0\]\.team: unknown team "ungeteamet"$/] },
    { file: 'duplicate-team-id.yaml', problems: [/teams\[1\]\.id: duplicate id "indgang", already used by teams\[0\]$/] },
    { file: 'bad-time-range.yaml', problems: [/municipality\.businessHours\.fri: must look like "08:00-15:30" or "08:00-12:00, 12:30-15:30", not "8-13"$/] },
    { file: 'reversed-time-range.yaml', problems: [/municipality\.businessHours\.fri: closing time 08:00 must be after opening time 13:00$/] },
    { file: 'missing-default-route.yaml', problems: [/routes: no default route/] },
    {
      file: 'team-org-not-municipality.yaml',
      problems: [
        /teams\[0\]\.organization: "boligen" is a housing association; a team must belong to the municipality/,
        /teams\[1\]\.organization: "boligen" is a housing association/,
      ],
    },
    { file: 'yaml-syntax-error.yaml', problems: [/^\S+yaml-syntax-error\.yaml:6:3: not valid YAML: a \{ … \} or \[ … \] opened above is not closed here/] },
  ];

  it.each(cases)('$file is refused with exactly its problems', ({ file, problems }) => {
    const result = loadDirectory(fixture(file));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(problems.length);
    problems.forEach((pattern, i) => expect(result.problems[i]).toMatch(pattern));
    for (const problem of result.problems) expect(problem.startsWith(fixture(file))).toBe(true);
  });

  it('lists every problem of a file at once, each with its path, in file order', () => {
    const result = loadDirectory(fixture('many-problems.yaml'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const expected = [
      'municipality.timezone: unknown time zone "Europe/Kobenhavn"',
      'municipality.holidays: no public-holiday calendar for "XX"',
      'municipality.businessHours: no business days',
      'municipality.businessHours.monday: unknown key "monday" — did you mean "mon"?',
      'municipality.outOfHours.en: is required',
      'municipality.childNotificationUrl: must be a web address',
      'organizations[0].departments[0].district: unknown district "nowhere"',
      'organizations[1].departments: only housing associations have departments',
      'districts[1].id: duplicate id "centrum", already used by districts[0]',
      'teams[0].notify.slack.channel: is required',
      'teams[0].notify.slack.chanel: unknown key "chanel" — did you mean "channel"?',
      'teams[0].members.slack[0]: Slack user "U0SHARED01" is also listed for organisation "boligen"',
      'teams[0].backup: a team cannot be its own backup',
      'teams[1].backup: unknown team "ssp"',
      'routes[0].category: must be one of "homelessness"',
      'routes[1].district: unknown district "vest"',
      'routes[3]: a second default route (routes[2] is one already)',
      'sla.low: is required',
      'escalation[1].at: 100% must be greater than the step before (150%)',
      'digest.cron: "30 7 * *" must have 5 fields',
    ];
    expect(result.problems).toHaveLength(expected.length);
    expected.forEach((text, i) => {
      expect(result.problems[i]).toContain(text);
      expect(result.problems[i]).toMatch(/^\S+many-problems\.yaml:\d+:\d+: /);
    });
  });

  it('reports a missing file by name', () => {
    const result = loadDirectory('/nonexistent/directory.yaml');
    expect(result).toEqual({ ok: false, problems: ['/nonexistent/directory.yaml: cannot read the directory file: file not found'] });
  });

  it('reports an empty file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brobygger-directory-'));
    try {
      const file = join(dir, 'empty.yaml');
      writeFileSync(file, '# nothing yet\n');
      expect(loadDirectory(file)).toEqual({ ok: false, problems: [`${file}: the file is empty`] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws a DirectoryError carrying every problem', () => {
    let error: unknown;
    try {
      loadDirectoryOrThrow(fixture('many-problems.yaml'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DirectoryError);
    expect((error as DirectoryError).problems).toHaveLength(20);
    expect((error as DirectoryError).message).toContain('teams[1].backup: unknown team "ssp"');
  });
});

describe('checkDirectory', () => {
  it('accepts the minimal directory and fills in the defaults', () => {
    const result = checkDirectory(minimalRaw());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.directory.municipality.timezone).toBe('Europe/Copenhagen');
    expect(result.directory.municipality.holidays).toBe('DK');
    expect(result.directory.escalation.map((s) => s.notify)).toEqual(['team', 'backup', 'managers']);
    expect(result.directory.digest.cron).toBe('30 7 * * 1');
  });

  it('refuses something that is not a mapping', () => {
    expect(problemsOf(null)).toEqual([
      '(top level): the file must be a YAML mapping with municipality, organizations, districts, teams, routes and sla',
    ]);
    expect(problemsOf(['a list'])).toHaveLength(1);
  });

  it('names the required sections that are missing', () => {
    const raw = minimalRaw();
    delete raw.teams;
    delete raw.sla;
    expect(problemsOf(raw)).toEqual(['teams: is required', 'sla: is required']);
  });

  it('finds a Slack user listed in two organisations', () => {
    const raw = sampleRaw();
    raw.organizations[1].members.slack = ['U0PG4KAPUT7']; // Jens Pedersen of Fjordbo, also under NAB
    expect(problemsOf(raw)).toEqual([
      'organizations[1].members.slack[0]: Slack user "U0PG4KAPUT7" is also listed for organisation "fjordbo" (organizations[0].members.slack[0]); a person belongs to one organisation',
    ]);
  });

  it('allows one person in several teams of the municipality', () => {
    // Torben Skov manages both SSP teams in the sample.
    expect(checkDirectory(sampleRaw()).ok).toBe(true);
  });

  it('finds a Microsoft tenant claimed by two organisations', () => {
    const raw = sampleRaw();
    raw.organizations[2].teams.tenantIds = ['BCE83CFB-4f56-4659-84e2-f1fe3cf41bf7'];
    expect(problemsOf(raw)).toEqual([
      'organizations[2].teams.tenantIds[0]: Microsoft tenant "BCE83CFB-4f56-4659-84e2-f1fe3cf41bf7" is also claimed by organisation "nab" (organizations[1].teams.tenantIds[0])',
    ]);
  });

  it('finds duplicate department ids within an association', () => {
    const raw = sampleRaw();
    raw.organizations[0].departments[2].id = 'havnegaarden';
    expect(problemsOf(raw)).toEqual([
      'organizations[0].departments[2].id: duplicate id "havnegaarden", already used by organizations[0].departments[0]',
    ]);
  });

  it('checks a team organisation exists', () => {
    const raw = sampleRaw();
    raw.teams[3].organization = 'nordfjord';
    expect(problemsOf(raw)).toEqual(['teams[3].organization: unknown organisation "nordfjord"']);
  });

  it('checks the default route names a team', () => {
    const raw = sampleRaw();
    raw.routes[raw.routes.length - 1] = { default: 'borgerservicen' };
    expect(problemsOf(raw)).toEqual([`routes[${raw.routes.length - 1}].default: unknown team "borgerservicen"`]);
  });

  it('finds a route that can never be used', () => {
    const raw = sampleRaw();
    raw.routes.splice(1, 0, { category: 'homelessness', team: 'socialpsykiatri' });
    expect(problemsOf(raw)).toEqual(['routes[1]: same category and district as routes[0], so it is never used']);
  });

  it('explains a route that has both forms', () => {
    const raw = sampleRaw();
    raw.routes[0] = { category: 'homelessness', team: 'bolig-indgang', default: 'borgerservice' };
    expect(problemsOf(raw)).toEqual([
      'routes[0]: must be either { category, district (optional), team } or { default: <team id> }',
    ]);
  });

  it('points at the wrong field of a Teams notify target', () => {
    const raw = sampleRaw();
    raw.teams[0].notify.teams.serviceUrl = 'smba';
    delete raw.teams[0].notify.teams.tenantId;
    expect(problemsOf(raw)).toEqual([
      'teams[0].notify.teams.serviceUrl: must be a web address (https://…), not "smba"',
      'teams[0].notify.teams.tenantId: is required',
    ]);
  });

  it('refuses a team notified on both platforms at once', () => {
    const raw = sampleRaw();
    raw.teams[1].notify.teams = raw.teams[0].notify.teams;
    expect(problemsOf(raw)).toEqual([
      'teams[1].notify: must be either slack: { channel } or teams: { conversationId, serviceUrl, tenantId }',
    ]);
  });

  it('checks the calendar', () => {
    const raw = sampleRaw();
    raw.municipality.timezone = 'Copenhagen';
    raw.municipality.holidays = 'Danmark';
    raw.municipality.businessHours = {};
    raw.municipality.closedDays = ['2026-02-30'];
    expect(problemsOf(raw)).toEqual([
      'municipality.timezone: unknown time zone "Copenhagen" (use an IANA name such as Europe/Copenhagen)',
      'municipality.holidays: no public-holiday calendar for "Danmark" (use a country code such as DK)',
      'municipality.businessHours: no business days; add at least one, e.g. mon: "08:00-15:30"',
      'municipality.closedDays[0]: "2026-02-30" is not a date',
    ]);
  });

  it('accepts holiday calendars of other countries and their states', () => {
    for (const holidays of ['dk', 'SE', 'DE-BY']) {
      expect(checkDirectory({ ...minimalRaw(), municipality: { ...minimalRaw().municipality, holidays } }).ok).toBe(true);
    }
    const raw = minimalRaw();
    raw.municipality.holidays = 'DE-XX';
    expect(problemsOf(raw)).toEqual([
      'municipality.holidays: no public-holiday calendar for "DE-XX" (use a country code such as DK)',
    ]);
  });

  it('accepts an opening day that runs to midnight', () => {
    const raw = minimalRaw();
    raw.municipality.businessHours.sat = '10:00-24:00';
    expect(checkDirectory(raw).ok).toBe(true);
  });

  it('checks SLA targets and the escalation ladder', () => {
    const raw = sampleRaw();
    raw.sla.high.acknowledgeWithin = '0h';
    raw.escalation = [
      { at: 0, notify: 'team' },
      { at: '150%', notify: 'backup' },
      { at: 150, notify: 'managers' },
    ];
    expect(problemsOf(raw)).toEqual([
      'sla.high.acknowledgeWithin: must be longer than 0',
      'escalation[0].at: must be greater than 0%',
      'escalation[2].at: 150% must be greater than the step before (150%); steps go in ascending order',
    ]);
  });

  it('explains a malformed percentage and duration', () => {
    const raw = sampleRaw();
    raw.escalation[1].at = 'half again';
    raw.sla.normal.acknowledgeWithin = '4 hours';
    expect(problemsOf(raw)).toEqual([
      'sla.normal.acknowledgeWithin: must be a duration like "15m", "1h" or "2d", not "4 hours"',
      'escalation[1].at: must be a percentage like "150%", not "half again"',
    ]);
  });

  it('refuses a digest cron without five fields', () => {
    const raw = sampleRaw();
    raw.digest.cron = '0 30 7 * * 1';
    expect(problemsOf(raw)).toEqual([
      'digest.cron: "0 30 7 * * 1" must have 5 fields (minute hour day-of-month month weekday), not 6',
    ]);
  });

  it('refuses ids an administrator might mistype', () => {
    const raw = sampleRaw();
    raw.districts[3].id = 'Sønderholm';
    expect(problemsOf(raw)).toContain(
      'districts[3].id: must be lower-case letters, digits, - or _, not "Sønderholm"',
    );
  });
});

describe('directory check command', () => {
  it('summarises a good file and exits 0', () => {
    const lines: string[] = [];
    expect(runDirectoryCheck(DEFAULT_DIRECTORY_FILE, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual([`✓ ${DEFAULT_DIRECTORY_FILE}: 4 organisations, 7 teams, 14 routes`]);
  });

  it('warns where a list passes a platform’s limit, with the line of the list', () => {
    const raw = sampleRaw();
    raw.organizations[0].departments = Array.from({ length: 120 }, (_, i) => ({ id: `afd-${i + 1}`, name: `Afdeling ${i + 1}`, district: raw.districts[0].id }));
    const dir = mkdtempSync(join(tmpdir(), 'brobygger-limits-'));
    const file = join(dir, 'directory.yaml');
    const source = stringify(raw);
    writeFileSync(file, source);
    const line = source.split('\n').findIndex((l) => l.startsWith('    departments:')) + 2;
    const lines: string[] = [];
    try {
      expect(runDirectoryCheck(file, (l) => lines.push(l))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines).toEqual([
      `warning: ${file}:${line}:7: organizations[0].departments: 120 departments in fjordbo: more than Slack's 100 per menu, so Slack shows them in alphabetical groups (people can type to search)`,
      `warning: ${file}:${line}:7: organizations[0].departments: 120 departments in fjordbo: more than the 100 a Teams card holds, so Teams searches them as people type (the bot answers each search)`,
      `✓ ${file}: 4 organisations, 7 teams, 14 routes (2 warnings)`,
    ]);
  });

  it('prints every problem on its own line and exits 1', () => {
    const lines: string[] = [];
    const file = fixture('many-problems.yaml');
    expect(runDirectoryCheck(file, (l) => lines.push(l))).toBe(1);
    expect(lines).toHaveLength(21);
    expect(lines.slice(0, 20).every((l) => l.startsWith(`${file}:`))).toBe(true);
    expect(lines[20]).toBe(`✗ ${file}: 20 problems; Brobygger will not start with this file`);
  });
});
