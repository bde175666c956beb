/**
 * `brobygger digest`: the same figures as the message, from the database DATABASE_URL names,
 * as JSON for scripts or as text; an unknown scope is a clear message and exit code 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDigestCommand, type CliIo } from '../../src/cli/digest-command.js';
import { cliDatabases, type CliDatabase } from '../support/digest-fixture.js';

function capture(databaseUrl: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (line) => err.push(line),
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    now: () => new Date('2026-03-10T08:00:00Z'),
  };
  return { io, out: () => out.join(''), err: () => err.join('\n') };
}

describe.each(cliDatabases())('brobygger digest on $name', ({ open }) => {
  let db: CliDatabase;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('prints the week as JSON with the agreed keys', async () => {
    const run = capture(db.databaseUrl);
    const code = await runDigestCommand(['--scope', 'team:bolig-indgang', '--week', '2026-W10', '--format', 'json'], run.io);
    expect(run.err()).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(run.out());
    expect(json).toMatchObject({
      scope: 'team:bolig-indgang',
      week: '2026-W10',
      raised: 8,
      acknowledged: 6,
      resolved: 3,
      open: 6,
      acknowledgedWithinSlaShare: 0.667,
      acknowledgedWithinSla: { within: 4, of: 6 },
      timeToAcknowledge: { medianMinutes: 75, p90Minutes: 240, count: 6 },
      timeToResolve: { medianMinutes: 900, p90Minutes: 1812, count: 3 },
      previousWeek: { week: '2026-W09', raised: 3, acknowledgedWithinSlaShare: 1 },
      change: { raised: 5, acknowledged: 4, resolved: 2, open: 4, acknowledgedWithinSlaShare: -0.333, timeToAcknowledgeMedianMinutes: 25 },
      escalations: [
        { step: 1, count: 1 },
        { step: 2, count: 1 },
      ],
    });
    expect(json.byCategory[0]).toEqual({ category: 'homelessness', raised: 5, acknowledged: 3, timeToAcknowledge: { medianMinutes: 60, p90Minutes: 324, count: 3 } });
    expect(json.oldestOpen).toHaveLength(5);
    expect(json.oldestOpen[0]).toMatchObject({ ref: db.concerns.get('P2')?.ref, team: 'bolig-indgang', ageMinutes: 16680 });
    expect(json.trend.map((w: { acknowledgedWithinSlaShare: number | null }) => w.acknowledgedWithinSlaShare)).toEqual([null, null, null, null, null, null, 1, 0.667]);
  });

  it('prints the same figures as text, in English on request', async () => {
    const run = capture(db.databaseUrl);
    expect(await runDigestCommand(['--scope', 'org:nordfjord-kommune', '--week', '2026-W10', '--lang', 'en'], run.io)).toBe(0);
    expect(run.out()).toContain('Weekly report · Nordfjord Kommune');
    expect(run.out()).toContain('Raised: 10 · +7 on the week before');
    expect(run.out()).toContain('1. Boligsocial indgang (hjemløshed og udsættelse): median 1 h 15 min (n=6)');
  });

  it('takes last week when no week is given', async () => {
    const run = capture(db.databaseUrl);
    expect(await runDigestCommand(['--scope', 'association:fjordbo', '--format', 'json'], run.io)).toBe(0);
    expect(JSON.parse(run.out())).toMatchObject({ scope: 'association:fjordbo', week: '2026-W10', raised: 5 });
  });

  it('explains an unknown scope and exits with 1', async () => {
    const run = capture(db.databaseUrl);
    expect(await runDigestCommand(['--scope', 'team:natholdet', '--week', '2026-W10'], run.io)).toBe(1);
    expect(run.err()).toContain('Unknown scope "team:natholdet"');
    expect(run.err()).toContain('team:bolig-indgang');
    expect(run.out()).toBe('');

    const notAnOrg = capture(db.databaseUrl);
    expect(await runDigestCommand(['--scope', 'org:fjordbo', '--week', '2026-W10'], notAnOrg.io)).toBe(1);
    expect(notAnOrg.err()).toContain('no such municipal organisation');

    const garbled = capture(db.databaseUrl);
    expect(await runDigestCommand(['--scope', 'bolig-indgang'], garbled.io)).toBe(2);
    expect(garbled.err()).toContain('team:ID, org:ID or association:ID');
    expect(garbled.err()).toContain('Usage: brobygger digest --scope');
  });

  it('explains a week it cannot read', async () => {
    const run = capture(db.databaseUrl);
    expect(await runDigestCommand(['--scope', 'team:ssp', '--week', '2026-10'], run.io)).toBe(2);
    expect(run.err()).toContain('ISO week like 2026-W10');
    expect(run.err()).toContain('Usage: brobygger digest --scope');
  });
});
