/**
 * Migration of issue 14 (footprint): what /metrics and the App Home read, kept as things are
 * written instead of aggregated from the whole history at every read.
 *
 * - metric_counters: one row per metric and label set, moved by triggers in the writing
 *   transaction, so the figures are exactly those of the committed rows. Counters
 *   (events, lifecycle, escalations) only grow; gauges (concerns by state/category/team,
 *   deliveries by state/platform, the time-to-acknowledge histogram) move a row from one label set to another. Existing data is
 *   counted once when the migration runs.
 * - digest_snapshots: the figures of a finished week's digest, computed once per query.
 *
 * The acknowledgement buckets repeat ACK_BUCKETS of metrics-queries.ts (a migration is frozen).
 */
import type { Migration } from './migrations.js';

const bucket = (minutes: string) =>
  `COALESCE((SELECT min(b) FROM unnest(ARRAY[5, 15, 30, 60, 120, 240, 480, 960]) b WHERE ${minutes} <= b)::text, '+Inf')`;
const UPSERT = `ON CONFLICT (metric, labels) DO UPDATE SET value = metric_counters.value + EXCLUDED.value`;

/**
 * The events, escalations and lifecycle counters of the events in `source` (the rows a trigger
 * saw change, or the whole table for the one-time backfill): one definition for both.
 */
const eventCounts = (source: string) => `SELECT 'events', ARRAY[type], count(*) FROM ${source} GROUP BY type
        UNION ALL
        SELECT 'escalations', ARRAY[COALESCE(data->>'step', 'unknown'), COALESCE(data->>'notify', 'unknown')], count(*)
          FROM ${source} WHERE type = 'escalated' GROUP BY 2
        UNION ALL
        SELECT 'lifecycle', ARRAY[e.type, c.category, COALESCE(e.data->>'teamId', c.team_id, 'unrouted')], count(*)
          FROM ${source} e JOIN concerns c ON c.id = e.concern_id
         WHERE e.type IN ('created', 'acknowledged', 'resolved', 'withdrawn', 'reassigned', 'asked', 'answered', 'reopened', 'feedback') GROUP BY 2`;

/**
 * A statement-level trigger function (one upsert per label set per statement, so a bulk write
 * costs one aggregate, not one call per row): `body` gets the changed rows as a query with a
 * `sign` column, +1 for new rows and −1 for old ones, and moves the counters by that.
 */
const movedBy = (name: string, body: (rows: string) => string) => `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${body('SELECT n.*, 1 AS sign FROM new_rows n')};
      ELSIF TG_OP = 'DELETE' THEN
        ${body('SELECT o.*, -1 AS sign FROM old_rows o')};
      ELSE
        ${body('SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o')};
      END IF;
      RETURN NULL;
    END
    $$`;

/** The statement triggers that run `fn` after each of `operations` on `table`. */
const triggersOn = (table: string, fn: string, operations: ('INSERT' | 'UPDATE' | 'DELETE')[]) =>
  operations.map((op) => {
    const tables = { INSERT: 'NEW TABLE AS new_rows', UPDATE: 'OLD TABLE AS old_rows NEW TABLE AS new_rows', DELETE: 'OLD TABLE AS old_rows' }[op];
    return `CREATE TRIGGER ${fn}_${op.toLowerCase()} AFTER ${op} ON ${table} REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`;
  });

/** Gauge rows by the given labels of the changed rows (r). */
const gauge = (metric: string, labels: string) => (rows: string) =>
  `WITH r AS (${rows}) INSERT INTO metric_counters (metric, labels, value)
        SELECT '${metric}', ${labels}, sum(sign) FROM r GROUP BY 2 HAVING sum(sign) <> 0 ${UPSERT}`;

export const FOOTPRINT_MIGRATION: Migration = {
  id: 14,
  name: 'footprint: metric counters kept by triggers, stored digests of finished weeks',
  statements: [
    `CREATE TABLE metric_counters (
      metric text NOT NULL,
      labels text[] NOT NULL,
      value double precision NOT NULL,
      PRIMARY KEY (metric, labels)
    )`,
    movedBy(
      'metric_count_events',
      (rows) => `WITH r AS (${rows}) INSERT INTO metric_counters (metric, labels, value)
        ${eventCounts('r')}
        ${UPSERT}`,
    ),
    ...triggersOn('concern_events', 'metric_count_events', ['INSERT']),
    movedBy('metric_count_concerns', gauge('concerns', `ARRAY[state, category, COALESCE(team_id, 'unrouted')]`)),
    ...triggersOn('concerns', 'metric_count_concerns', ['INSERT', 'UPDATE', 'DELETE']),
    movedBy('metric_count_deliveries', gauge('deliveries', `ARRAY[state, COALESCE(platform, 'unknown')]`)),
    ...triggersOn('deliveries', 'metric_count_deliveries', ['INSERT', 'UPDATE', 'DELETE']),
    movedBy(
      'metric_count_acknowledge',
      (rows) => `WITH r AS (${rows}), t AS (
          SELECT COALESCE(c.team_id, 'unrouted') AS team, r.acknowledged_minutes_business AS minutes, r.sign
            FROM r JOIN concerns c ON c.id = r.concern_id WHERE r.acknowledged_minutes_business IS NOT NULL
        )
        INSERT INTO metric_counters (metric, labels, value)
        SELECT 'ack', ARRAY[team, ${bucket('minutes')}], sum(sign) FROM t GROUP BY 2 HAVING sum(sign) <> 0
        UNION ALL
        SELECT 'ack_sum', ARRAY[team], sum(sign * minutes) FROM t GROUP BY 2 HAVING sum(sign * minutes) <> 0
        ${UPSERT}`,
    ),
    ...triggersOn('concern_metrics', 'metric_count_acknowledge', ['INSERT', 'UPDATE']),
    // What is already there, counted once.
    `INSERT INTO metric_counters (metric, labels, value)
      ${eventCounts('concern_events')}
      UNION ALL
      SELECT 'concerns', ARRAY[state, category, COALESCE(team_id, 'unrouted')], count(*) FROM concerns GROUP BY 2
      UNION ALL
      SELECT 'ack', ARRAY[COALESCE(c.team_id, 'unrouted'), ${bucket('m.acknowledged_minutes_business')}], count(*)
        FROM concern_metrics m JOIN concerns c ON c.id = m.concern_id WHERE m.acknowledged_minutes_business IS NOT NULL GROUP BY 2
      UNION ALL
      SELECT 'deliveries', ARRAY[state, COALESCE(platform, 'unknown')], count(*) FROM deliveries GROUP BY 2
      UNION ALL
      SELECT 'ack_sum', ARRAY[COALESCE(c.team_id, 'unrouted')], sum(m.acknowledged_minutes_business)
        FROM concern_metrics m JOIN concerns c ON c.id = m.concern_id WHERE m.acknowledged_minutes_business IS NOT NULL GROUP BY 2`,
    `CREATE TABLE digest_snapshots (
      key text PRIMARY KEY,
      week text NOT NULL,
      figures jsonb NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
};
