/**
 * The digest's loop figures in SQL (src/core/digest/loop-figures.ts): resolutions by category,
 * team and outcome, reopenings, the latest feedback per concern, and the median time waiting for
 * the reporter (concern_metrics, on the urgency's SLA clock). A team answers for events that
 * happened while a concern was with it (the event's teamId), as for escalations.
 */
import type { LoopFigures } from '../core/digest/loop-figures.js';
import type { DigestQuery } from '../core/digest/report.js';
import type { Sql } from './sql.js';

const WAITING_MINUTES = `CASE WHEN m.sla_clock = 'wall' THEN m.waiting_minutes_wall ELSE m.waiting_minutes_business END`;

function eventScope(query: DigestQuery): { where: string; param: unknown } {
  return query.filter.kind === 'teams'
    ? { where: `COALESCE(e.data ->> 'teamId', c.team_id) = ANY($1::text[])`, param: query.filter.teamIds }
    : { where: 'c.association_id = $1', param: query.filter.associationId };
}

const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

export async function loadLoopFigures(sql: Sql, query: DigestQuery, start: Date, end: Date): Promise<LoopFigures> {
  const scope = eventScope(query);
  const params = [scope.param, start, end];
  const [outcomes, counts, feedback, waiting] = await Promise.all([
    sql.query<{ category: string; team: string | null; outcome: string | null; n: number }>(
      `SELECT c.category, COALESCE(e.data ->> 'teamId', c.team_id) AS team, e.data ->> 'outcome' AS outcome, count(*) AS n
       FROM concern_events e JOIN concerns c ON c.id = e.concern_id
       WHERE e.type = 'resolved' AND e.at >= $2 AND e.at < $3 AND ${scope.where}
       GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3`,
      params,
    ),
    sql.query<{ resolved: number; reopened: number }>(
      `SELECT count(*) FILTER (WHERE e.type = 'resolved') AS resolved, count(*) FILTER (WHERE e.type = 'reopened') AS reopened
       FROM concern_events e JOIN concerns c ON c.id = e.concern_id
       WHERE e.type IN ('resolved', 'reopened') AND e.at >= $2 AND e.at < $3 AND ${scope.where}`,
      params,
    ),
    sql.query<{ yes: number; n: number }>(
      `SELECT count(*) FILTER (WHERE helpful) AS yes, count(*) AS n FROM (
         SELECT DISTINCT ON (e.concern_id) (e.data ->> 'helpful')::boolean AS helpful
         FROM concern_events e JOIN concerns c ON c.id = e.concern_id
         WHERE e.type = 'feedback' AND e.at >= $2 AND e.at < $3 AND ${scope.where}
         ORDER BY e.concern_id, e.id DESC) latest`,
      params,
    ),
    sql.query<{ n: number; median: number | null; p90: number | null }>(
      `SELECT count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${WAITING_MINUTES}) AS median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY ${WAITING_MINUTES}) AS p90
       FROM concerns c JOIN concern_metrics m ON m.concern_id = c.id
       WHERE c.state = 'resolved' AND c.resolved_at >= $2 AND c.resolved_at < $3 AND ${WAITING_MINUTES} IS NOT NULL
         AND ${query.filter.kind === 'teams' ? 'c.team_id = ANY($1::text[])' : 'c.association_id = $1'}`,
      params,
    ),
  ]);
  const resolved = Number(counts[0]?.resolved ?? 0);
  const reopened = Number(counts[0]?.reopened ?? 0);
  const yes = Number(feedback[0]?.yes ?? 0);
  const of = Number(feedback[0]?.n ?? 0);
  return {
    outcomes: outcomes.map((r) => ({ category: r.category, teamId: r.team, outcome: r.outcome ?? 'other', count: Number(r.n) })),
    resolved,
    reopened,
    reopenRate: resolved > 0 ? reopened / resolved : null,
    helpful: { yes, of, share: of > 0 ? yes / of : null },
    waiting: { count: Number(waiting[0]?.n ?? 0), medianMinutes: round(waiting[0]?.median), p90Minutes: round(waiting[0]?.p90) },
  };
}
