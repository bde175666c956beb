/**
 * `directory check` on the mistakes a new administrator makes, each with the exact message:
 * mistyped and over-indented keys, YAML syntax, impossible times, schedules BullMQ would refuse,
 * category rules, and the warnings for files that work but not as meant.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDirectoryCheck } from '../../src/cli/directory-check-command.js';
import { loadDirectory } from '../../src/app/directory-file.js';

const minimal = readFileSync(fileURLToPath(new URL('../fixtures/directories/minimal.yaml', import.meta.url)), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'brobygger-mistakes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** The minimal directory with `from` replaced by `to`; problems without the file name. */
function problems(from: string | RegExp, to: string): string[] {
  const text = minimal.replace(from, to);
  expect(text).not.toBe(minimal);
  const file = join(dir, `d${n++}.yaml`);
  writeFileSync(file, text);
  const result = loadDirectory(file);
  return result.ok ? [] : result.problems.map((p) => p.slice(file.length + 1));
}

function check(text: string, now = new Date('2026-12-03T12:00:00Z')): { code: number; lines: string[] } {
  const file = join(dir, `c${n++}.yaml`);
  writeFileSync(file, text);
  const lines: string[] = [];
  const code = runDirectoryCheck(file, (l) => lines.push(l.split(file).join('FILE')), now);
  return { code, lines };
}

describe('unknown keys', () => {
  it('suggests the key that was meant: "clok" is refused, so acute concerns keep the wall clock', () => {
    expect(problems('acute: { acknowledgeWithin: 15m, clock: wall }', 'acute: { acknowledgeWithin: 15m, clok: wall }')).toEqual([
      '34:36: sla.acute.clok: unknown key "clok" — did you mean "clock"?',
    ]);
  });

  it('catches swapped letters and case', () => {
    expect(problems('    backup: vagt', '    bakcup: vagt')).toEqual(['25:5: teams[0].bakcup: unknown key "bakcup" — did you mean "backup"?']);
    expect(problems('  childNotificationUrl:', '  childNotificationURL:')).toEqual([
      '6:3: municipality.childNotificationURL: unknown key "childNotificationURL" — did you mean "childNotificationUrl"?',
      '3:3: municipality.childNotificationUrl: is required',
    ].sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0])));
  });

  it('names the level an over-indented key belongs to', () => {
    const text = '    members: { slack: [U0RESPONDER1] }\n    managers:\n      slack: [U0LEDER]\n      backup: vagt';
    expect(problems('    members: { slack: [U0RESPONDER1] }\n    backup: vagt', text)).toEqual([
      '27:7: teams[0].managers.backup: unknown key "backup" here — indented too far? "backup" belongs to teams[0]',
    ]);
  });

  it('lists the known keys when nothing is close', () => {
    expect(problems('  name: Testby Kommune', '  name: Testby Kommune\n  mayor: Hans')).toEqual([
      '4:3: municipality.mayor: unknown key "mayor" (known keys: name, timezone, holidays, language, businessHours, closedDays, outOfHours, childNotificationUrl, reopenWithinDays)',
    ]);
  });

  it('catches unknown keys at the top, in routes, weekdays and category rules', () => {
    expect(problems('routes:', 'rotues:')).toEqual([
      '30:1: (top level): unknown key "rotues" — did you mean "routes"?'.replace('(top level)', 'rotues'),
      '2:1: routes: is required',
    ].sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0])));
    expect(problems('{ category: youth, team: vagt }', '{ category: youth, team: vagt, distrcit: centrum }')).toEqual([
      '31:36: routes[0].distrcit: unknown key "distrcit" — did you mean "district"?',
    ]);
    expect(problems('fri: "08:00-13:00"', 'friday: "08:00-13:00"')).toEqual([
      '4:40: municipality.businessHours.friday: unknown key "friday" — did you mean "fri"?',
    ]);
  });
});

describe('YAML syntax errors', () => {
  it.each([
    ['an unclosed { }', '{ mon: "08:00-15:30", fri: "08:00-13:00" }', '{ mon: "08:00-15:30", fri: "08:00-13:00"',
      '5:3: not valid YAML: a { … } or [ … ] opened above is not closed here; check that every "{" has its "}" and every "[" its "]"'],
    ['a tab', '  name: Testby Kommune', '\tname: Testby Kommune', '3:1: not valid YAML: a tab is used to indent this line; YAML indents with spaces only'],
    ['an unclosed quote', '"Afd. 1"', '"Afd. 1', '13:28: not valid YAML: a quoted text is not closed; check that every opening " or \' has its closing quote'],
    ['a key twice', '    name: Vagten', '    name: Vagten\n    name: Vagt', '28:5: not valid YAML: this key appears twice in the same mapping; keep one of them'],
    ['a key indented under a value', '    kind: municipality', '      kind: municipality',
      '15:11: not valid YAML: this value runs on into a "key:" (check the indentation of the line below), or two "key:" share a line; quote a value that contains ": "'],
    ['a key without its colon', '    kind: municipality', '    kind municipality',
      '16:5: not valid YAML: a key without its ":" (or a value on the wrong line); write "key: value" with a space after the colon'],
  ])('%s gives one message in plain words', (_what, from, to, expected) => {
    expect(problems(from, to)).toEqual([expected]);
  });
});

describe('times, schedules and closed days', () => {
  it.each([
    ['"08:00-24:30"', 'municipality.businessHours.mon: 24:30 is not a time of day (00:00–23:59, or 24:00 as a closing time)'],
    ['"08:60-15:30"', 'municipality.businessHours.mon: 08:60 is not a time of day (00:00–23:59, or 24:00 as a closing time)'],
    ['"24:00-24:00"', 'municipality.businessHours.mon: 24:00 is not a time of day (00:00–23:59, or 24:00 as a closing time)'],
    ['"08:00-12:00, 11:00-15:30"', 'municipality.businessHours.mon: 11:00-15:30 must start after 08:00-12:00 ends; list the intervals in order, without overlap'],
    ['"8-15"', 'municipality.businessHours.mon: must look like "08:00-15:30" or "08:00-12:00, 12:30-15:30", not "8-15"'],
  ])('opening hours %s', (hours, expected) => {
    expect(problems('mon: "08:00-15:30"', `mon: ${hours}`)).toEqual([`4:25: ${expected}`]);
  });

  it('accepts split days and 24:00 closing', () => {
    expect(problems('mon: "08:00-15:30"', 'mon: "08:00-12:00, 12:30-15:30", sat: "10:00-24:00"')).toEqual([]);
  });

  it.each([
    ['"61 7 * * 1"', '"61 7 * * 1" is not a valid schedule (minute hour day-of-month month weekday): minute 61 is outside 0-59'],
    ['"30 25 * * 1"', '"30 25 * * 1" is not a valid schedule (minute hour day-of-month month weekday): hour 25 is outside 0-23'],
    ['"30 7 * * 8"', '"30 7 * * 8" is not a valid schedule (minute hour day-of-month month weekday): weekday 8 is outside 0-7'],
    ['"30 7 * * mo"', '"30 7 * * mo" is not a valid schedule (minute hour day-of-month month weekday): invalid characters, got value: mo'],
    ['"30 7 * *"', '"30 7 * *" must have 5 fields (minute hour day-of-month month weekday), not 4'],
  ])('digest cron %s is refused as BullMQ would', (cron, expected) => {
    expect(problems(/$/, `digest:\n  cron: ${cron}\n`)).toEqual([`39:9: digest.cron: ${expected}`]);
  });

  it('accepts cron names BullMQ accepts', () => {
    expect(problems(/$/, 'digest:\n  cron: "30 7 * * mon"\n')).toEqual([]);
  });

  it.each([
    ['"02-30"', 'municipality.closedDays[0]: "02-30" is not a date'],
    ['"2027-13-01"', 'municipality.closedDays[0]: "2027-13-01" is not a date'],
    ['"24/12"', 'municipality.closedDays[0]: must be a date like "2026-12-24" (once) or "12-24" (every year), not "24/12"'],
  ])('closed day %s', (day, expected) => {
    expect(problems('  outOfHours:', `  closedDays: [${day}]\n  outOfHours:`)).toEqual([`5:16: ${expected}`]);
  });
});

describe('category rules', () => {
  const add = (rules: string) => problems(/$/, `categories:\n${rules}`);

  it('accepts every rule', () => {
    expect(
      add('  - id: eviction_risk\n    sla: { normal: { acknowledgeWithin: 2h } }\n    retentionDays: 365\n    kle: "00.00.00"\n    noticePeriodDays: 14\n    formalNotice: { da: "Påkrav", en: "Rent demand" }\n'),
    ).toEqual([]);
  });

  it.each([
    ['  - id: eviction\n', '39:9: categories[0].id: must be one of "homelessness", "eviction_risk", "mental_health", "substance_use", "child_at_risk", "youth", "elderly_selfneglect", "neighbour_conflict", "integration", "other", not "eviction"'],
    ['  - id: youth\n    noticePeriodDays: 14\n', '40:23: categories[0].noticePeriodDays: only eviction_risk has a notice period (the days a tenant has after a rent demand)'],
    ['  - id: youth\n    retentionDays: 0\n', '40:20: categories[0].retentionDays: must be greater than 0, not 0'],
    ['  - id: youth\n    sla: { acute: { acknowledgeWithin: 10m, clok: wall } }\n', '40:45: categories[0].sla.acute.clok: unknown key "clok" — did you mean "clock"?'],
    ['  - id: youth\n    sla: { high: { acknowledgeWithin: 0m } }\n', '40:39: categories[0].sla.high.acknowledgeWithin: must be longer than 0'],
    ['  - id: youth\n  - id: youth\n', '40:9: categories[1].id: duplicate id "youth", already used by categories[0]'],
    ['  - id: youth\n    formalNotice: { da: "Underret" }\n', '40:19: categories[0].formalNotice.en: is required'],
  ])('%j', (rules, expected) => {
    expect(add(rules)).toEqual([expected]);
  });

  it('refuses a quietHours value other than hold or send', () => {
    expect(problems('    backup: vagt', '    backup: vagt\n    quietHours: wait')).toEqual([
      '26:17: teams[0].quietHours: must be one of "hold", "send", not "wait"',
    ]);
  });
});

describe('warnings', () => {
  it('warns when every dated closed day lies in the past, and still exits 0', () => {
    const { code, lines } = check(minimal.replace('  outOfHours:', '  closedDays: ["2026-06-05", "2026-12-01"]\n  outOfHours:'));
    expect(code).toBe(0);
    expect(lines).toEqual([
      'warning: FILE:5:15: municipality.closedDays: every dated entry (YYYY-MM-DD) lies in the past, so none of them closes a day any more; write days that recur every year as MM-DD, e.g. "12-24"',
      '✓ FILE: 2 organisations, 2 teams, 2 routes (1 warning)',
    ]);
    expect(check(minimal.replace('  outOfHours:', '  closedDays: ["2026-06-05", "2026-12-24"]\n  outOfHours:')).lines).toHaveLength(1);
    expect(check(minimal.replace('  outOfHours:', '  closedDays: ["06-05"]\n  outOfHours:')).lines).toHaveLength(1);
  });

  it('warns where a list passes what Slack and Teams can show', () => {
    const departments = Array.from({ length: 120 }, (_, i) => `      - { id: afd-${i}, name: "Afdeling ${i} ${'x'.repeat(150)}", district: centrum }`).join('\n');
    const { code, lines } = check(minimal.replace('      - { id: afd-1, name: "Afd. 1", district: centrum }', departments));
    expect(code).toBe(0);
    expect(lines.slice(0, 3)).toEqual([
      "warning: FILE:13:7: organizations[0].departments: 120 departments in boligen: more than Slack's 100 per menu, so Slack shows them in alphabetical groups (people can type to search)",
      'warning: FILE:13:7: organizations[0].departments: 120 departments in boligen: more than the 100 a Teams card holds, so Teams searches them as people type (the bot answers each search)',
      'warning: FILE:13:28: organizations[0].departments[0].name: 161 characters; Slack shows at most 75 of a choice, so it is cut short in Slack\'s forms',
    ]);
    expect(lines.at(-1)).toBe('✓ FILE: 2 organisations, 2 teams, 2 routes (122 warnings)');
  });
});
