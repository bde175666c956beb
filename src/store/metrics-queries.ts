/**
 * Counters and histograms computed from the database at scrape time, written in the Prometheus
 * text format directly: prom-client's Counter and Histogram only count what this process observed,
 * while these must tell the same truth from every web process.
 */
import type { Sql } from './sql.js';

/** Business minutes to acknowledge: 15 min … 2 business days. */
export const ACK_BUCKETS = [5, 15, 30, 60, 120, 240, 480, 960] as const;

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${label(v)}"`)
    .join(',')}}`;

export async function lifecycleCounters(sql: Sql): Promise<string> {
  const rows = await sql.query<{ type: string; category: string; team: string | null; n: string | number }>(
    `SELECT e.type, c.category, COALESCE(e.data->>'teamId', c.team_id) AS team, count(*) AS n
       FROM concern_events e JOIN concerns c ON c.id = e.concern_id
      WHERE e.type IN ('created', 'acknowledged', 'resolved', 'withdrawn', 'reassigned', 'asked', 'answered', 'reopened', 'feedback')
      GROUP BY 1, 2, 3`,
  );
  const lines = [
    '# HELP brobygger_concern_lifecycle_total Concerns created, acknowledged, resolved, withdrawn, reassigned, asked, answered, reopened and given feedback, by category and team',
    '# TYPE brobygger_concern_lifecycle_total counter',
  ];
  for (const r of rows) {
    lines.push(`brobygger_concern_lifecycle_total${labels({ event: r.type, category: r.category, team: r.team ?? 'unrouted' })} ${Number(r.n)}`);
  }
  return lines.join('\n');
}

export async function acknowledgeHistogram(sql: Sql): Promise<string> {
  const bucketColumns = ACK_BUCKETS.map((b, i) => `count(*) FILTER (WHERE m.acknowledged_minutes_business <= ${b}) AS b${i}`).join(', ');
  const rows = await sql.query<Record<string, string | number | null>>(
    `SELECT c.team_id AS team, ${bucketColumns}, count(*) AS n, COALESCE(sum(m.acknowledged_minutes_business), 0) AS total
       FROM concern_metrics m JOIN concerns c ON c.id = m.concern_id
      WHERE m.acknowledged_minutes_business IS NOT NULL
      GROUP BY c.team_id`,
  );
  const name = 'brobygger_time_to_acknowledge_business_minutes';
  const lines = [`# HELP ${name} Time from routing to acknowledgement in business minutes, by team`, `# TYPE ${name} histogram`];
  for (const r of rows) {
    const team = String(r.team ?? 'unrouted');
    ACK_BUCKETS.forEach((b, i) => lines.push(`${name}_bucket${labels({ team, le: String(b) })} ${Number(r[`b${i}`])}`));
    lines.push(`${name}_bucket${labels({ team, le: '+Inf' })} ${Number(r.n)}`);
    lines.push(`${name}_sum${labels({ team })} ${Number(r.total)}`);
    lines.push(`${name}_count${labels({ team })} ${Number(r.n)}`);
  }
  return lines.join('\n');
}
