/**
 * Keeps concern_metrics: each concern's response times (src/core/response-times.ts) computed
 * with the municipality's calendar and stored, so the digest can take medians in SQL.
 * Writes are guarded by the concern version: an older computation never replaces a newer one.
 */
import { slaFor } from '../core/category-rules.js';
import type { BusinessCalendar } from '../core/calendar.js';
import type { Directory } from '../core/directory.js';
import type { ConcernEvent } from '../core/model.js';
import { responseTimes, type ResponseTimes } from '../core/response-times.js';
import type { ConcernRow, EventRow } from './rows.js';
import { CONCERN_COLUMNS, toConcern, toEvent } from './rows.js';
import type { Sql, SqlTx } from './sql.js';
import { json } from './sql.js';

/** The directory's SLA rules: `sla` and the category overrides in `categories` (see slaFor). */
export type SlaTable = Pick<Directory, 'sla' | 'categories'>;

const DEFAULT_BATCH = 500;

/** Computes and stores the response times of one concern; false when it does not exist. */
export async function recordResponseTimes(sql: Sql, calendar: BusinessCalendar, concernId: string, sla: SlaTable): Promise<boolean> {
  return (await recordMany(sql, calendar, [concernId], sla)) === 1;
}

/**
 * Recomputes concerns whose stored figures are missing or older than the concern (a backfill
 * after the migration, or a metrics job that never ran), up to `limit` per call; returns how many.
 */
export async function refreshStaleResponseTimes(
  sql: Sql,
  calendar: BusinessCalendar,
  sla: SlaTable,
  options: { limit?: number; batch?: number } = {},
): Promise<number> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const batch = options.batch ?? DEFAULT_BATCH;
  let total = 0;
  while (total < limit) {
    const stale = await sql.query<{ id: string }>(
      `SELECT c.id FROM concerns c LEFT JOIN concern_metrics m ON m.concern_id = c.id
       WHERE m.concern_id IS NULL OR m.concern_version < c.version
       ORDER BY c.created_at, c.id LIMIT $1`,
      [Math.min(batch, limit - total)],
    );
    if (stale.length === 0) break;
    const done = await recordMany(sql, calendar, stale.map((r) => r.id), sla);
    total += stale.length;
    // Nothing written means a concern keeps changing under us; the next call picks it up.
    if (done === 0) break;
  }
  return total;
}

async function recordMany(sql: Sql, calendar: BusinessCalendar, ids: string[], sla: SlaTable): Promise<number> {
  const concerns = (
    await sql.query<ConcernRow>(`SELECT ${CONCERN_COLUMNS} FROM concerns WHERE id = ANY($1::text[])`, [ids])
  ).map(toConcern);
  if (concerns.length === 0) return 0;
  const events = (
    await sql.query<EventRow>(
      `SELECT id, concern_id, type, actor, at, data FROM concern_events
       WHERE concern_id = ANY($1::text[]) AND type IN ('routed', 'reassigned', 'acknowledged', 'replied', 'resolved', 'withdrawn', 'asked', 'answered', 'reopened')
       ORDER BY concern_id, id`,
      [concerns.map((c) => c.id)],
    )
  ).map(toEvent);
  const byConcern = new Map<string, ConcernEvent[]>();
  for (const event of events) {
    const list = byConcern.get(event.concernId);
    if (list) list.push(event);
    else byConcern.set(event.concernId, [event]);
  }
  const times = concerns.map((c) => responseTimes(calendar, c, byConcern.get(c.id) ?? [], slaFor(sla, c.category, c.urgency)));
  await saveResponseTimes(sql, times);
  return times.length;
}

const round = (minutes: number | undefined): number | null => (minutes === undefined ? null : Math.round(minutes * 1000) / 1000);

export async function saveResponseTimes(tx: SqlTx, times: readonly ResponseTimes[]): Promise<void> {
  if (times.length === 0) return;
  const rows = times.map((t) => ({
    concern_id: t.concernId,
    concern_version: t.version,
    sla_clock: t.clock,
    routed_at: t.routedAt?.toISOString() ?? null,
    acknowledged_minutes_wall: round(t.acknowledged?.wall),
    acknowledged_minutes_business: round(t.acknowledged?.business),
    first_reply_at: t.firstReplyAt?.toISOString() ?? null,
    first_reply_minutes_wall: round(t.firstReply?.wall),
    first_reply_minutes_business: round(t.firstReply?.business),
    resolved_minutes_wall: round(t.resolved?.wall),
    resolved_minutes_business: round(t.resolved?.business),
    ack_within_sla: t.ackWithinSla,
    waiting_minutes_wall: round(t.waiting?.wall),
    waiting_minutes_business: round(t.waiting?.business),
  }));
  await tx.query(
    `INSERT INTO concern_metrics (concern_id, concern_version, sla_clock, routed_at,
       acknowledged_minutes_wall, acknowledged_minutes_business, first_reply_at,
       first_reply_minutes_wall, first_reply_minutes_business, resolved_minutes_wall,
       resolved_minutes_business, ack_within_sla, waiting_minutes_wall, waiting_minutes_business, updated_at)
     SELECT r.*, now() FROM jsonb_to_recordset($1::jsonb) AS r(concern_id text, concern_version integer,
       sla_clock text, routed_at timestamptz, acknowledged_minutes_wall double precision,
       acknowledged_minutes_business double precision, first_reply_at timestamptz,
       first_reply_minutes_wall double precision, first_reply_minutes_business double precision,
       resolved_minutes_wall double precision, resolved_minutes_business double precision,
       ack_within_sla boolean, waiting_minutes_wall double precision, waiting_minutes_business double precision)
     ON CONFLICT (concern_id) DO UPDATE SET
       concern_version = EXCLUDED.concern_version, sla_clock = EXCLUDED.sla_clock,
       routed_at = EXCLUDED.routed_at,
       acknowledged_minutes_wall = EXCLUDED.acknowledged_minutes_wall,
       acknowledged_minutes_business = EXCLUDED.acknowledged_minutes_business,
       first_reply_at = EXCLUDED.first_reply_at,
       first_reply_minutes_wall = EXCLUDED.first_reply_minutes_wall,
       first_reply_minutes_business = EXCLUDED.first_reply_minutes_business,
       resolved_minutes_wall = EXCLUDED.resolved_minutes_wall,
       resolved_minutes_business = EXCLUDED.resolved_minutes_business,
       ack_within_sla = EXCLUDED.ack_within_sla, waiting_minutes_wall = EXCLUDED.waiting_minutes_wall,
       waiting_minutes_business = EXCLUDED.waiting_minutes_business, updated_at = now()
     WHERE concern_metrics.concern_version <= EXCLUDED.concern_version`,
    [json(rows)],
  );
}

export interface ResponseTimesRecorder {
  /** After an acknowledgement, reply, resolution, withdrawal or reassignment of one concern. */
  record(concernId: string): Promise<boolean>;
  /** The safety net: every concern whose stored figures are missing or out of date. */
  refreshStale(limit?: number): Promise<number>;
}

/** What the metrics workflow needs, bound to one database and the directory's calendar and SLA. */
export function createResponseTimesRecorder(sql: Sql, calendar: BusinessCalendar, sla: SlaTable): ResponseTimesRecorder {
  return {
    record: (concernId) => recordResponseTimes(sql, calendar, concernId, sla),
    refreshStale: (limit) => refreshStaleResponseTimes(sql, calendar, sla, limit === undefined ? {} : { limit }),
  };
}
