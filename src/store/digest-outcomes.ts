/**
 * The digest week's outcomes in SQL: concerns of the scope resolved in [start, end), counted per
 * category and outcome id (the `outcome` the resolve command stores on the concern, as its
 * `resolved` event carries it). Outcomes that are not one of DESIGN.md's ids, i.e. free text from
 * before the resolve form offered a choice, count as `other`.
 */
import type { OutcomeCount } from '../core/digest/report.js';
import type { ScopeFilter } from '../core/digest/scope.js';
import type { Category } from '../core/model.js';
import { OUTCOME_IDS, type OutcomeId } from '../core/outcomes.js';
import type { Sql } from './sql.js';

export async function outcomeCounts(sql: Sql, filter: ScopeFilter, start: Date, end: Date): Promise<OutcomeCount[]> {
  const scope = filter.kind === 'teams' ? 'c.team_id = ANY($1::text[])' : 'c.association_id = $1';
  const param = filter.kind === 'teams' ? filter.teamIds : filter.associationId;
  const rows = await sql.query<{ category: Category; outcome: OutcomeId; count: number }>(
    `SELECT c.category, CASE WHEN c.outcome = ANY($4::text[]) THEN c.outcome ELSE 'other' END AS outcome, count(*) AS count
     FROM concerns c
     WHERE ${scope} AND c.state = 'resolved' AND c.resolved_at >= $2 AND c.resolved_at < $3
     GROUP BY 1, 2`,
    [param, start, end, [...OUTCOME_IDS]],
  );
  return rows
    .map((r) => ({ category: r.category, outcome: r.outcome, count: Number(r.count) }))
    .sort((a, b) => a.category.localeCompare(b.category) || OUTCOME_IDS.indexOf(a.outcome) - OUTCOME_IDS.indexOf(b.outcome));
}
