/**
 * The weekly digest over a fixture history with known times (see digest-fixture.ts): exact
 * counts, medians, percentiles, SLA share and week-over-week change, computed in SQL on PGlite
 * (and PostgreSQL when TEST_DATABASE_URL is set), rendered in Danish and English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestReport } from '../../src/core/digest/report.js';
import { renderDigest } from '../../src/core/digest/render.js';
import { digestFor, digestReports, type DigestDeps } from '../../src/core/digest/service.js';
import { resolveIdentity } from '../../src/core/identity.js';
import type { NeutralMessage } from '../../src/core/messages.js';
import type { Scope } from '../../src/core/identity.js';
import { createDigestSource } from '../../src/store/digest-queries.js';
import { refreshStaleResponseTimes } from '../../src/store/response-times.js';
import type { TestDatabase } from '../support/database.js';
import { testDatabases } from '../support/database.js';
import { at, calendar, directory, writeConcern, writeFixture } from '../support/digest-fixture.js';
import type { Concern } from '../../src/core/model.js';

const W10 = { year: 2026, week: 10 };
const AFTER_W10 = at('2026-03-10 09:00');

const text = (m: NeutralMessage) =>
  m.blocks.map((b) => (b.kind === 'fields' ? b.fields.map((f) => `${f.label}: ${f.value}`).join('\n') : 'text' in b ? b.text : '')).join('\n');

describe.each(testDatabases())('weekly digest on $name', (backend) => {
  let db: TestDatabase;
  let concerns: Map<string, Concern>;
  let deps: DigestDeps;
  const ref = (name: string) => concerns.get(name)?.ref;
  const report = async (scope: Scope, now = AFTER_W10): Promise<DigestReport> => {
    const [result] = await digestReports({ ...deps, clock: { now: () => now } }, [scope], W10);
    if (!result) throw new Error('no report');
    return result;
  };

  beforeAll(async () => {
    db = await backend.open();
    concerns = await writeFixture(db.store, db.sql);
    deps = { directory, digests: createDigestSource(db.sql), clock: { now: () => AFTER_W10 } };
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it("counts a team's week: raised, acknowledged, resolved and still open, against the week before", async () => {
    const r = await report({ kind: 'team', id: 'bolig-indgang' });
    expect(r.current).toMatchObject({ week: '2026-W10', raised: 8, acknowledged: 6, resolved: 3, open: 6 });
    expect(r.previous).toMatchObject({ week: '2026-W09', raised: 3, acknowledged: 2, resolved: 1, open: 2 });
  });

  it('measures acknowledgement within the SLA and the median and 90th percentile in business minutes', async () => {
    const r = await report({ kind: 'team', id: 'bolig-indgang' });
    expect(r.current.withinSla).toEqual({ within: 4, of: 6, share: 4 / 6 });
    // 10 (acute, wall clock), 20, 60, 90, 90, 390 business minutes.
    expect(r.current.timeToAcknowledge).toEqual({ count: 6, medianMinutes: 75, p90Minutes: 240 });
    // 810, 900, 2040.
    expect(r.current.timeToResolve).toEqual({ count: 3, medianMinutes: 900, p90Minutes: 1812 });
    expect(r.previous.withinSla).toEqual({ within: 2, of: 2, share: 1 });
    expect(r.previous.timeToAcknowledge).toEqual({ count: 2, medianMinutes: 50, p90Minutes: 58 });
    expect(r.previous.timeToResolve).toEqual({ count: 1, medianMinutes: 450, p90Minutes: 450 });
    expect(r.trend.map((w) => w.share)).toEqual([null, null, null, null, null, null, 1, 4 / 6]);
  });

  it('breaks the week down by category, district and association', async () => {
    const r = await report({ kind: 'team', id: 'bolig-indgang' });
    expect(r.byCategory).toEqual([
      { key: 'homelessness', raised: 5, acknowledged: 3, timeToAcknowledge: { count: 3, medianMinutes: 60, p90Minutes: 324 } },
      { key: 'eviction_risk', raised: 2, acknowledged: 2, timeToAcknowledge: { count: 2, medianMinutes: 90, p90Minutes: 90 } },
      { key: 'neighbour_conflict', raised: 1, acknowledged: 1, timeToAcknowledge: { count: 1, medianMinutes: 10, p90Minutes: 10 } },
    ]);
    expect(r.byDistrict.map((row) => [row.key, row.raised, row.acknowledged, row.timeToAcknowledge.medianMinutes])).toEqual([
      ['havnen', 3, 3, 20],
      ['soenderholm', 3, 1, 60],
      ['nordby', 2, 2, 90],
    ]);
    expect(r.byAssociation.map((row) => [row.key, row.raised, row.acknowledged, row.timeToAcknowledge.medianMinutes])).toEqual([
      ['fjordbo', 4, 4, 55],
      ['nab', 3, 2, 75],
      ['lyngbo', 1, 0, null],
    ]);
  });

  it('counts escalations by step and lists the five oldest open concerns with their age', async () => {
    const r = await report({ kind: 'team', id: 'bolig-indgang' });
    expect(r.escalations).toEqual([
      { step: 0, count: 1 },
      { step: 1, count: 1 },
    ]);
    expect(r.oldestOpen.map((c) => c.ref)).toEqual([ref('P2'), ref('B'), ref('C'), ref('D'), ref('E')]);
    expect(r.oldestOpen[0]).toMatchObject({ teamId: 'bolig-indgang', ageMinutes: 11 * 1440 + 14 * 60 });
  });

  it('renders the figures in Danish and English', async () => {
    const r = await report({ kind: 'team', id: 'bolig-indgang' });
    const da = text(renderDigest(directory, [r], 'da'));
    expect(da).toContain('Ugerapport · Boligsocial indgang (hjemløshed og udsættelse)');
    expect(da).toContain('Uge 10, 2.–8. marts 2026');
    expect(da).toContain('Oprettet: 8 · +5 fra ugen før');
    expect(da).toContain('Stadig åbne ved ugens slut: 6 · +4 fra ugen før');
    expect(da).toContain('Kvitteret inden for fristen: 67 % (4 af 6) · −33 procentpoint fra ugen før');
    expect(da).toContain('Tid til kvittering: median 1 t 15 min · 90 %: 4 t (n=6) · +25 min fra ugen før');
    expect(da).toContain('Tid til afslutning: median 15 t · 90 %: 1 d 6 t (n=3) · +7 t 30 min fra ugen før');
    expect(da).toContain('de seneste 8 uger: ······█▆');
    expect(da).toContain('• Hjemløshed: 5 oprettet, 3 kvitteret · median 1 t (n=3)');
    expect(da).toContain('• Trin 2 (150 % af fristen, besked til backupteamet): 1');
    expect(da).toContain(`• ${ref('P2')} · Boligsocial indgang (hjemløshed og udsættelse) · 11 d 14 t gammel`);

    const en = text(renderDigest(directory, [r], 'en'));
    expect(en).toContain('Week 10, 2\u2009–\u20098 March 2026');
    expect(en).toContain('Acknowledged within target: 67% (4 of 6) · −33 percentage points on the week before');
    expect(en).toContain('Time to acknowledge: median 1 h 15 min · 90th percentile 4 h (n=6) · +25 min on the week before');
    expect(en).toContain('• Homelessness: 5 raised, 3 acknowledged · median 1 h (n=3)');
    expect(en).toContain('• Boligselskabet Fjordbo: 4 raised, 4 acknowledged · median 55 min (n=4)');
  });

  it("never shows a team manager another team's concerns", async () => {
    const ssp = await report({ kind: 'team', id: 'ssp' });
    expect(ssp.current).toMatchObject({ raised: 2, acknowledged: 1, open: 2 });
    expect(ssp.current.timeToAcknowledge).toEqual({ count: 1, medianMinutes: 5, p90Minutes: 5 });
    expect(ssp.oldestOpen.map((c) => c.ref)).toEqual([ref('S1'), ref('S2')]);
    expect(ssp.byCategory.map((row) => row.key)).toEqual(['youth']);
    expect(ssp.escalations).toEqual([]);

    const bolig = await report({ kind: 'team', id: 'bolig-indgang' });
    const sspRefs = [ref('S1'), ref('S2')];
    expect(bolig.oldestOpen.some((c) => sspRefs.includes(c.ref))).toBe(false);
    expect(bolig.byCategory.map((row) => row.key)).not.toContain('youth');
  });

  it('gives the municipality every team, ranking only teams with at least five concerns', async () => {
    const org = await report({ kind: 'org', id: 'nordfjord-kommune' });
    expect(org.current).toMatchObject({ raised: 10, acknowledged: 7, open: 8 });
    expect(org.byTeam.map((row) => [row.key, row.acknowledged])).toEqual([
      ['bolig-indgang', 6],
      ['ssp', 1],
    ]);
    const message = text(renderDigest(directory, [org], 'da'));
    expect(message).toContain('1. Boligsocial indgang (hjemløshed og udsættelse): median 1 t 15 min (n=6)');
    expect(message).toContain('ikke rangeret: SSP Nordfjord');
  });

  it("gives an association its own concerns, whichever team has them", async () => {
    const fjordbo = await report({ kind: 'association', id: 'fjordbo' });
    // A, C, F, G and the youth concern S2.
    expect(fjordbo.current).toMatchObject({ raised: 5, acknowledged: 4 });
    expect(fjordbo.byAssociation.map((row) => row.key)).toEqual(['fjordbo']);
    expect(fjordbo.byTeam.map((row) => row.key).sort()).toEqual(['bolig-indgang', 'ssp']);
  });

  it('counts the running week up to now', async () => {
    const r = await report({ kind: 'team', id: 'bolig-indgang' }, at('2026-03-04 12:00'));
    // G, A, B, H on Monday and Tuesday, C on Tuesday; D comes Wednesday afternoon.
    expect(r.current).toMatchObject({ raised: 5, acknowledged: 4, open: 4 });
    expect(text(renderDigest(directory, [r], 'da'))).toContain('ugen er ikke slut');
  });

  it('answers a manager who asks for "ugerapport sidste uge", and politely refuses a caretaker', async () => {
    const henrik = resolveIdentity(directory, { platform: 'teams', userId: '368897c3-c1b6-491e-a509-a0d77a793c53', locale: 'en-GB' });
    expect(henrik?.managerOf).toEqual([{ kind: 'team', id: 'bolig-indgang' }]);
    const answer = text(await digestFor(deps, henrik!, 'last'));
    expect(answer).toContain('Weekly report · Boligsocial indgang');
    expect(answer).toContain('Raised: 8 · +5 on the week before');

    const jens = resolveIdentity(directory, { platform: 'slack', userId: 'U0PG4KAPUT7', workspaceId: 'T0UQ7C1X54X' });
    const refusal = text(await digestFor(deps, jens!, 'last'));
    expect(refusal).toContain('Ugerapporten er for ledere');
    expect(refusal).not.toContain('Oprettet');
  });

  it('measures concerns the metrics worker missed when asked to refresh', async () => {
    const late = await writeConcern(db.store, {
      name: 'L', team: 'ssp', category: 'youth', department: 'solgaarden', created: '2025-06-02 09:00', ack: '2025-06-02 09:45',
    });
    const measured = () =>
      db.sql.query<{ acknowledged_minutes_business: number | null }>('SELECT acknowledged_minutes_business FROM concern_metrics WHERE concern_id = $1', [late.id]);
    expect(await measured()).toEqual([]);
    expect(await refreshStaleResponseTimes(db.sql, calendar, directory.sla)).toBe(1);
    expect(await measured()).toEqual([{ acknowledged_minutes_business: 45 }]);
    expect(await refreshStaleResponseTimes(db.sql, calendar, directory.sla)).toBe(0);
  });
});
