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

/** A trigger function that moves one row of a gauge from the old row's labels to the new row's. */
const gaugeFunction = (name: string, metric: string, labelsOf: (row: 'OLD' | 'NEW') => string) => `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM metric_bump('${metric}', ${labelsOf('OLD')}, -1);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM metric_bump('${metric}', ${labelsOf('NEW')}, 1);
      END IF;
      RETURN NULL;
    END
    $$`;

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
    `CREATE FUNCTION metric_bump(m text, l text[], v double precision) RETURNS void LANGUAGE sql AS $$
      INSERT INTO metric_counters (metric, labels, value) VALUES (m, l, v)
      ON CONFLICT (metric, labels) DO UPDATE SET value = metric_counters.value + EXCLUDED.value
    $$`,
    `CREATE FUNCTION metric_count_event() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE c record;
    BEGIN
      PERFORM metric_bump('events', ARRAY[NEW.type], 1);
      IF NEW.type = 'escalated' THEN
        PERFORM metric_bump('escalations', ARRAY[COALESCE(NEW.data->>'step', 'unknown'), COALESCE(NEW.data->>'notify', 'unknown')], 1);
      END IF;
      IF NEW.type IN ('created', 'acknowledged', 'resolved', 'withdrawn', 'reassigned') THEN
        SELECT category, team_id INTO c FROM concerns WHERE id = NEW.concern_id;
        PERFORM metric_bump('lifecycle', ARRAY[NEW.type, c.category, COALESCE(NEW.data->>'teamId', c.team_id, 'unrouted')], 1);
      END IF;
      RETURN NULL;
    END
    $$`,
    `CREATE TRIGGER metric_count_event AFTER INSERT ON concern_events FOR EACH ROW EXECUTE FUNCTION metric_count_event()`,
    gaugeFunction('metric_count_concern', 'concerns', (row) => `ARRAY[${row}.state, ${row}.category, COALESCE(${row}.team_id, 'unrouted')]`),
    `CREATE TRIGGER metric_count_concern_insert AFTER INSERT OR DELETE ON concerns FOR EACH ROW EXECUTE FUNCTION metric_count_concern()`,
    `CREATE TRIGGER metric_count_concern_update AFTER UPDATE ON concerns FOR EACH ROW
      WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.category IS DISTINCT FROM NEW.category OR OLD.team_id IS DISTINCT FROM NEW.team_id)
      EXECUTE FUNCTION metric_count_concern()`,
    `CREATE FUNCTION metric_count_acknowledge() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE team text;
    BEGIN
      SELECT COALESCE(team_id, 'unrouted') INTO team FROM concerns WHERE id = NEW.concern_id;
      IF TG_OP = 'UPDATE' AND OLD.acknowledged_minutes_business IS NOT NULL THEN
        PERFORM metric_bump('ack', ARRAY[team, ${bucket('OLD.acknowledged_minutes_business')}], -1);
        PERFORM metric_bump('ack_sum', ARRAY[team], -OLD.acknowledged_minutes_business);
      END IF;
      IF NEW.acknowledged_minutes_business IS NOT NULL THEN
        PERFORM metric_bump('ack', ARRAY[team, ${bucket('NEW.acknowledged_minutes_business')}], 1);
        PERFORM metric_bump('ack_sum', ARRAY[team], NEW.acknowledged_minutes_business);
      END IF;
      RETURN NULL;
    END
    $$`,
    `CREATE TRIGGER metric_count_acknowledge_insert AFTER INSERT ON concern_metrics FOR EACH ROW EXECUTE FUNCTION metric_count_acknowledge()`,
    `CREATE TRIGGER metric_count_acknowledge_update AFTER UPDATE ON concern_metrics FOR EACH ROW
      WHEN (OLD.acknowledged_minutes_business IS DISTINCT FROM NEW.acknowledged_minutes_business)
      EXECUTE FUNCTION metric_count_acknowledge()`,
    gaugeFunction('metric_count_delivery', 'deliveries', (row) => `ARRAY[${row}.state, COALESCE(${row}.platform, 'unknown')]`),
    `CREATE TRIGGER metric_count_delivery_insert AFTER INSERT OR DELETE ON deliveries FOR EACH ROW EXECUTE FUNCTION metric_count_delivery()`,
    `CREATE TRIGGER metric_count_delivery_update AFTER UPDATE ON deliveries FOR EACH ROW
      WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.platform IS DISTINCT FROM NEW.platform)
      EXECUTE FUNCTION metric_count_delivery()`,
    // What is already there, counted once.
    `INSERT INTO metric_counters (metric, labels, value)
      SELECT 'events', ARRAY[type], count(*) FROM concern_events GROUP BY type
      UNION ALL
      SELECT 'escalations', ARRAY[COALESCE(data->>'step', 'unknown'), COALESCE(data->>'notify', 'unknown')], count(*)
        FROM concern_events WHERE type = 'escalated' GROUP BY 2
      UNION ALL
      SELECT 'lifecycle', ARRAY[e.type, c.category, COALESCE(e.data->>'teamId', c.team_id, 'unrouted')], count(*)
        FROM concern_events e JOIN concerns c ON c.id = e.concern_id
       WHERE e.type IN ('created', 'acknowledged', 'resolved', 'withdrawn', 'reassigned') GROUP BY 2
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
