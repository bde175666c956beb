/**
 * Scenario 6 — reads that must not grow with history: the `/metrics` exposition (src/app/metrics.ts
 * with the database-derived series) and a manager's App Home digest (last finished week, the
 * whole municipality's scope, through the stored digest of src/store/digest-snapshots.ts), each
 * on a small history (1,000 concerns) and a large one (100,000; 10,000 with --quick), written like
 * scenario 4. Baseline (same run, large history): what the same read cost before issue 14 — the
 * whole-history aggregates /metrics ran at every scrape, and recomputing the digest each time.
 */
import type { Queue } from 'bullmq';
import { createMetrics } from '../../src/app/metrics.js';
import { addWeeks, weekOf } from '../../src/core/digest/week.js';
import { digestMessage } from '../../src/core/digest/service.js';
import type { Scope } from '../../src/core/identity.js';
import { createDigestSource } from '../../src/store/digest-queries.js';
import { storedDigestSource } from '../../src/store/digest-snapshots.js';
import { runMigrations } from '../../src/store/migrations.js';
import type { Sql } from '../../src/store/sql.js';
import { writeHistory } from '../lib/digest-data.js';
import { writeBenchDirectory } from '../lib/directory.js';
import { benchSchema, tempDir } from '../lib/infra.js';
import { count, ms, times, type Row } from '../lib/report.js';
import { withResources } from '../lib/resources.js';
import type { Settings } from '../lib/settings.js';
import { ratio, timed as timedRepeats } from '../lib/stats.js';
import type { ScenarioOutcome } from './outcome.js';

const SMALL = 1_000;
const REPEATS = 9;
const timed = (fn: () => Promise<unknown>) => timedRepeats(REPEATS, fn);

/** The whole-history aggregates /metrics ran at every scrape before the counters (issue 14). */
const PREVIOUS_SCRAPE = [
  `SELECT state, category, team_id AS team, count(*) AS n FROM concerns GROUP BY state, category, team_id`,
  `SELECT type, count(*) AS n FROM concern_events GROUP BY type`,
  `SELECT data->>'step' AS step, data->>'notify' AS notify, count(*) AS n FROM concern_events WHERE type = 'escalated' GROUP BY 1, 2`,
  `SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL`,
  `SELECT e.type, c.category, COALESCE(e.data->>'teamId', c.team_id) AS team, count(*) AS n
     FROM concern_events e JOIN concerns c ON c.id = e.concern_id
    WHERE e.type IN ('created', 'acknowledged', 'resolved', 'withdrawn', 'reassigned') GROUP BY 1, 2, 3`,
  `SELECT c.team_id AS team, count(*) FILTER (WHERE m.acknowledged_minutes_business <= 60) AS b, count(*) AS n, COALESCE(sum(m.acknowledged_minutes_business), 0) AS total
     FROM concern_metrics m JOIN concerns c ON c.id = m.concern_id WHERE m.acknowledged_minutes_business IS NOT NULL GROUP BY c.team_id`,
];

export async function readScaling(settings: Settings, postgresUrl: string | null): Promise<ScenarioOutcome> {
  if (!postgresUrl) return { status: 'skipped', note: 'needs PostgreSQL', rows: [], data: {} };
  const large = settings.quick ? 10_000 : 100_000;
  return withResources('read scaling', async (resources) => {
    const { directory } = writeBenchDirectory(tempDir(resources, 's6'), 'http://127.0.0.1:9/unused/');
    const timezone = directory.municipality.timezone;
    const week = addWeeks(weekOf(new Date(), timezone), -1, timezone);
    const municipality = directory.organizations.find((o) => o.kind === 'municipality');
    if (!municipality) throw new Error('the sample has no municipality');
    const scopes: Scope[] = [{ kind: 'org', id: municipality.id }];

    const measure = async (concerns: number) => {
      const db = await benchSchema(resources, postgresUrl, `s6_${concerns}`);
      await runMigrations(db.sql, { schema: db.schema });
      const t0 = performance.now();
      await writeHistory(db.sql, directory, { concerns, weeks: 12, eventsPerConcern: 10 });
      const writeSeconds = (performance.now() - t0) / 1000;
      const [sizes] = await db.sql.query<{ events: number }>('SELECT count(*)::int AS events FROM concern_events');
      const metrics = createMetrics({ sql: db.sql, queues: {} as Record<string, Queue> });
      const scrape = await timed(() => metrics.text());
      const stored = storedDigestSource(db.sql, createDigestSource(db.sql));
      const home = await timed(() => digestMessage({ directory, digests: stored }, scopes, week, 'da'));
      return { db: db.sql, concerns, events: sizes?.events ?? 0, writeSeconds, scrape, home };
    };
    const previous = async (sql: Sql) => ({
      scrape: await timed(() => Promise.all(PREVIOUS_SCRAPE.map((q) => sql.query(q)))),
      home: await timed(() => digestMessage({ directory, digests: createDigestSource(sql) }, scopes, week, 'da')),
    });

    const small = await measure(SMALL);
    const big = await measure(large);
    const before = await previous(big.db);

    const rows: Row[] = [];
    for (const [label, key] of [
      ['/metrics scrape', 'scrape'],
      ['App Home digest (org scope, last week)', 'home'],
    ] as const) {
      rows.push(
        { metric: `${label} at ${count(big.concerns)} concerns: p50`, value: ms(big[key].warm.p50), baseline: ms(before[key].warm.p50), ratio: times(ratio(big[key].warm.p50, before[key].warm.p50)) },
        { metric: `  at ${count(small.concerns)} concerns: p50 (large ÷ small in ratio)`, value: ms(small[key].warm.p50), ratio: times(ratio(big[key].warm.p50, small[key].warm.p50)) },
        { metric: `  first call at ${count(big.concerns)} (App Home: computes and stores)`, value: ms(big[key].first) },
      );
    }
    const summary = (r: Awaited<ReturnType<typeof measure>>) => ({ concerns: r.concerns, events: r.events, writeSeconds: r.writeSeconds, scrape: r.scrape, home: r.home });
    return {
      status: 'ok',
      note: `histories of ${count(small.concerns)} (${count(small.events)} events) and ${count(big.concerns)} concerns (${count(big.events)} events); baseline = the previous whole-history reads on the large one; p50 of ${REPEATS} after a first call`,
      rows,
      data: { small: summary(small), large: summary(big), previous: before },
    };
  });
}
