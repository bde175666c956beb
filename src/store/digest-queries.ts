/**
 * The digest's figures in SQL over concerns, the event log and concern_metrics: counts,
 * medians and 90th percentiles (percentile_cont) are computed in the database, never by loading
 * every concern. Durations are on the urgency's SLA clock: business minutes, wall minutes for
 * acute. Every query is bounded by indexed time ranges (created_at, acknowledged_at, resolved_at,
 * events by type and time).
 */
import type {
  BreakdownRow,
  DigestFigures,
  DigestQuery,
  DigestSource,
  DurationStats,
  EscalationCount,
  OldestOpenConcern,
  WeekFigures,
} from '../core/digest/report.js';
import type { ScopeFilter } from '../core/digest/scope.js';
import type { Category } from '../core/model.js';
import { outcomeCounts } from './digest-outcomes.js';
import { loadLoopFigures } from './loop-queries.js';
import type { Sql } from './sql.js';

/** The scope as a condition on concerns `c`, always parameter $1. */
function scopeCondition(filter: ScopeFilter): { where: string; param: unknown } {
  return filter.kind === 'teams'
    ? { where: 'c.team_id = ANY($1::text[])', param: filter.teamIds }
    : { where: 'c.association_id = $1', param: filter.associationId };
}

const ACK_MINUTES = `CASE WHEN m.sla_clock = 'wall' THEN m.acknowledged_minutes_wall ELSE m.acknowledged_minutes_business END`;
const RESOLVE_MINUTES = `CASE WHEN m.sla_clock = 'wall' THEN m.resolved_minutes_wall ELSE m.resolved_minutes_business END`;

const oneDecimal = (value: number | null | undefined): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;

const stats = (count: unknown, median: unknown, p90: unknown): DurationStats => ({
  count: Number(count ?? 0),
  medianMinutes: oneDecimal(median as number | null),
  p90Minutes: oneDecimal(p90 as number | null),
});

interface WeekRow {
  n: number;
  raised: number | null;
  acknowledged: number | null;
  sla_of: number | null;
  sla_within: number | null;
  ack_n: number | null;
  ack_median: number | null;
  ack_p90: number | null;
  resolved: number | null;
  resolve_n: number | null;
  resolve_median: number | null;
  resolve_p90: number | null;
  closed: number | null;
  open_last: number | null;
}

async function weekFigures(sql: Sql, query: DigestQuery, cut: Date): Promise<WeekFigures[]> {
  const scope = scopeCondition(query.filter);
  const rows = await sql.query<WeekRow>(
    `WITH weeks AS (
       SELECT w.n::int AS n, w.start, w.until, LEAST(w.until, $4::timestamptz) AS cut
       FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS w(start, until, n)
     ),
     raised AS (
       SELECT w.n, count(*) AS raised
       FROM weeks w JOIN concerns c ON c.created_at >= w.start AND c.created_at < w.cut
       WHERE ${scope.where} AND c.created_at >= $5 AND c.created_at < $4 GROUP BY w.n
     ),
     acked AS (
       SELECT w.n, count(*) AS acknowledged,
         count(*) FILTER (WHERE c.acknowledge_deadline IS NOT NULL) AS sla_of,
         count(*) FILTER (WHERE c.acknowledged_at <= c.acknowledge_deadline) AS sla_within,
         count(${ACK_MINUTES}) AS ack_n,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ACK_MINUTES}) AS ack_median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY ${ACK_MINUTES}) AS ack_p90
       FROM weeks w JOIN concerns c ON c.acknowledged_at >= w.start AND c.acknowledged_at < w.cut
       LEFT JOIN concern_metrics m ON m.concern_id = c.id
       WHERE ${scope.where} AND c.acknowledged_at >= $5 AND c.acknowledged_at < $4 GROUP BY w.n
     ),
     resolved AS (
       SELECT w.n, count(*) AS resolved,
         count(${RESOLVE_MINUTES}) AS resolve_n,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY ${RESOLVE_MINUTES}) AS resolve_median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY ${RESOLVE_MINUTES}) AS resolve_p90
       FROM weeks w JOIN concerns c ON c.resolved_at >= w.start AND c.resolved_at < w.cut AND c.state = 'resolved'
       LEFT JOIN concern_metrics m ON m.concern_id = c.id
       WHERE ${scope.where} AND c.resolved_at >= $5 AND c.resolved_at < $4 GROUP BY w.n
     ),
     -- Closed (resolved or withdrawn) in the week: with the open count at the last cut, this gives
     -- every earlier week's open count without scanning all history once per week.
     closed AS (
       SELECT w.n, count(*) AS closed
       FROM weeks w JOIN concerns c ON c.resolved_at >= w.start AND c.resolved_at < w.cut
       WHERE ${scope.where} AND c.resolved_at >= $5 AND c.resolved_at < $4 GROUP BY w.n
     ),
     -- Open at the last cut: never closed, or closed only after it (two index-friendly halves).
     open_last AS (
       SELECT (SELECT count(*) FROM concerns c WHERE ${scope.where} AND c.resolved_at IS NULL AND c.created_at < $4)
            + (SELECT count(*) FROM concerns c WHERE ${scope.where} AND c.resolved_at >= $4 AND c.created_at < $4) AS open_last
     )
     SELECT w.n, r.raised, a.acknowledged, a.sla_of, a.sla_within, a.ack_n, a.ack_median, a.ack_p90,
       s.resolved, s.resolve_n, s.resolve_median, s.resolve_p90, x.closed, o.open_last
     FROM weeks w
     LEFT JOIN raised r ON r.n = w.n LEFT JOIN acked a ON a.n = w.n LEFT JOIN resolved s ON s.n = w.n
     LEFT JOIN closed x ON x.n = w.n CROSS JOIN open_last o
     ORDER BY w.n`,
    [scope.param, query.weeks.map((w) => w.start.toISOString()), query.weeks.map((w) => w.end.toISOString()), cut, query.weeks[0]?.start ?? cut],
  );
  const byWeek = query.weeks.map((_week, index) => rows.find((r) => Number(r.n) === index + 1));
  // Walk back from the last cut: a week ends with what the next one started with.
  const open: number[] = [];
  let openAtEnd = Number(rows[0]?.open_last ?? 0);
  for (let index = byWeek.length - 1; index >= 0; index--) {
    open[index] = openAtEnd;
    openAtEnd += Number(byWeek[index]?.closed ?? 0) - Number(byWeek[index]?.raised ?? 0);
  }
  return query.weeks.map((week, index) => {
    const row = byWeek[index];
    const within = Number(row?.sla_within ?? 0);
    const of = Number(row?.sla_of ?? 0);
    return {
      week: week.label,
      raised: Number(row?.raised ?? 0),
      acknowledged: Number(row?.acknowledged ?? 0),
      resolved: Number(row?.resolved ?? 0),
      open: open[index] ?? 0,
      withinSla: { within, of, share: of > 0 ? within / of : null },
      timeToAcknowledge: stats(row?.ack_n, row?.ack_median, row?.ack_p90),
      timeToResolve: stats(row?.resolve_n, row?.resolve_median, row?.resolve_p90),
    };
  });
}

interface BreakdownSqlRow {
  dimension: 'category' | 'district' | 'association' | 'team';
  key: string;
  raised: number;
  acknowledged: number;
  ack_n: number;
  ack_median: number | null;
  ack_p90: number | null;
}

async function breakdowns(sql: Sql, query: DigestQuery, start: Date, end: Date) {
  const scope = scopeCondition(query.filter);
  const rows = await sql.query<BreakdownSqlRow>(
    `WITH week_concerns AS (
       SELECT c.category, c.district_id, c.association_id, COALESCE(c.team_id, '') AS team_id,
         (c.created_at >= $2 AND c.created_at < $3) AS is_raised,
         (c.acknowledged_at >= $2 AND c.acknowledged_at < $3) AS is_acked,
         ${ACK_MINUTES} AS ack
       FROM concerns c LEFT JOIN concern_metrics m ON m.concern_id = c.id
       WHERE ${scope.where}
         AND ((c.created_at >= $2 AND c.created_at < $3) OR (c.acknowledged_at >= $2 AND c.acknowledged_at < $3))
     )
     SELECT CASE WHEN GROUPING(category) = 0 THEN 'category' WHEN GROUPING(district_id) = 0 THEN 'district'
                 WHEN GROUPING(association_id) = 0 THEN 'association' ELSE 'team' END AS dimension,
       COALESCE(category, district_id, association_id, team_id) AS key,
       count(*) FILTER (WHERE is_raised) AS raised,
       count(*) FILTER (WHERE is_acked) AS acknowledged,
       count(ack) FILTER (WHERE is_acked) AS ack_n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ack) FILTER (WHERE is_acked) AS ack_median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ack) FILTER (WHERE is_acked) AS ack_p90
     FROM week_concerns
     GROUP BY GROUPING SETS ((category), (district_id), (association_id), (team_id))`,
    [scope.param, start, end],
  );
  const of = (dimension: BreakdownSqlRow['dimension']): BreakdownRow[] =>
    rows
      .filter((r) => r.dimension === dimension)
      .map((r) => ({
        key: r.key,
        raised: Number(r.raised),
        acknowledged: Number(r.acknowledged),
        timeToAcknowledge: stats(r.ack_n, r.ack_median, r.ack_p90),
      }))
      .sort((a, b) => b.raised - a.raised || b.acknowledged - a.acknowledged || a.key.localeCompare(b.key));
  return { byCategory: of('category'), byDistrict: of('district'), byAssociation: of('association'), byTeam: of('team') };
}

async function escalations(sql: Sql, query: DigestQuery, start: Date, end: Date): Promise<EscalationCount[]> {
  // A team answers for escalations that happened while a concern was with it, even if it moved on.
  const where =
    query.filter.kind === 'teams' ? `COALESCE(e.data ->> 'teamId', c.team_id) = ANY($1::text[])` : 'c.association_id = $1';
  const param = query.filter.kind === 'teams' ? query.filter.teamIds : query.filter.associationId;
  const rows = await sql.query<{ step: number; count: number }>(
    `SELECT (e.data ->> 'step')::int AS step, count(*) AS count
     FROM concern_events e JOIN concerns c ON c.id = e.concern_id
     WHERE e.type = 'escalated' AND e.at >= $2 AND e.at < $3 AND ${where}
     GROUP BY 1 ORDER BY 1`,
    [param, start, end],
  );
  return rows.filter((r) => r.step !== null).map((r) => ({ step: Number(r.step), count: Number(r.count) }));
}

async function oldestOpen(sql: Sql, query: DigestQuery, cut: Date): Promise<OldestOpenConcern[]> {
  const scope = scopeCondition(query.filter);
  const limit = query.oldestLimit ?? 5;
  const rows = await sql.query<{ ref: string; team_id: string | null; created_at: Date; category: string; rent_demand_date: string | null }>(
    `SELECT ref, team_id, created_at, category, rent_demand_date FROM (
       (SELECT c.ref, c.team_id, c.created_at, c.category, c.rent_demand_date FROM concerns c
        WHERE ${scope.where} AND c.resolved_at IS NULL AND c.created_at < $2 ORDER BY c.created_at, c.ref LIMIT $3)
       UNION ALL
       (SELECT c.ref, c.team_id, c.created_at, c.category, c.rent_demand_date FROM concerns c
        WHERE ${scope.where} AND c.resolved_at >= $2 AND c.created_at < $2 ORDER BY c.created_at, c.ref LIMIT $3)
     ) open_concerns ORDER BY created_at, ref LIMIT $3`,
    [scope.param, cut, limit],
  );
  return rows.map((r) => ({
    ref: r.ref,
    teamId: r.team_id,
    createdAt: r.created_at,
    ageMinutes: Math.max(0, Math.round((cut.getTime() - r.created_at.getTime()) / 60_000)),
    category: r.category as Category,
    rentDemandDate: r.rent_demand_date,
  }));
}

export async function loadDigestFigures(sql: Sql, query: DigestQuery): Promise<DigestFigures> {
  const last = query.weeks[query.weeks.length - 1];
  if (!last) throw new Error('a digest query needs at least one week');
  const cut = last.end < query.asOf ? last.end : query.asOf;
  const [weeks, breakdown, steps, oldest, outcomes, loop] = await Promise.all([
    weekFigures(sql, query, cut),
    breakdowns(sql, query, last.start, cut),
    escalations(sql, query, last.start, cut),
    oldestOpen(sql, query, cut),
    outcomeCounts(sql, query.filter, last.start, cut),
    loadLoopFigures(sql, query, last.start, cut),
  ]);
  return { weeks, ...breakdown, escalations: steps, oldestOpen: oldest, outcomes, loop };
}

/** The DigestSource port on SQL. */
export function createDigestSource(sql: Sql): DigestSource {
  return { figures: (query) => loadDigestFigures(sql, query) };
}
