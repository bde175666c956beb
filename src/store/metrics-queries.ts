/**
 * Counters and histograms read from the database at scrape time, written in the Prometheus
 * text format directly: prom-client's Counter and Histogram only count what this process observed,
 * while these must tell the same truth from every web process. The figures are kept in
 * metric_counters by triggers as rows are written (migrations-footprint.ts), so a scrape reads a
 * few dozen rows however long the history is.
 */
import type { Sql } from './sql.js';

/** Business minutes to acknowledge: 15 min … 2 business days. */
export const ACK_BUCKETS = [5, 15, 30, 60, 120, 240, 480, 960] as const;

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${label(v)}"`)
    .join(',')}}`;

export interface CounterRow {
  labels: string[];
  value: number;
}

/**
 * The non-zero rows of one metric in metric_counters: 'events' [type], 'escalations' [step, notify],
 * 'lifecycle' [event, category, team], 'concerns' [state, category, team], 'ack' [team, le],
 * 'ack_sum' [team]. One index range scan.
 */
export async function metricCounters(sql: Sql, metric: string): Promise<CounterRow[]> {
  const rows = await sql.query<{ labels: string[]; value: number }>(
    `SELECT labels, value FROM metric_counters WHERE metric = $1 AND value <> 0 ORDER BY labels`,
    [metric],
  );
  return rows.map((r) => ({ labels: r.labels, value: Number(r.value) }));
}

export async function lifecycleCounters(sql: Sql): Promise<string> {
  const rows = await metricCounters(sql, 'lifecycle');
  const lines = [
    '# HELP brobygger_concern_lifecycle_total Concerns created, acknowledged, resolved, withdrawn, reassigned, asked, answered, reopened and given feedback, by category and team',
    '# TYPE brobygger_concern_lifecycle_total counter',
  ];
  for (const { labels: [event = '', category = '', team = ''], value } of rows) {
    lines.push(`brobygger_concern_lifecycle_total${labels({ event, category, team })} ${value}`);
  }
  return lines.join('\n');
}

export async function acknowledgeHistogram(sql: Sql): Promise<string> {
  const [counts, sums] = await Promise.all([metricCounters(sql, 'ack'), metricCounters(sql, 'ack_sum')]);
  const perTeam = new Map<string, { buckets: Map<string, number>; sum: number }>();
  const teamOf = (team: string) => perTeam.get(team) ?? perTeam.set(team, { buckets: new Map(), sum: 0 }).get(team)!;
  for (const { labels: [team = '', le = ''], value } of counts) teamOf(team).buckets.set(le, value);
  for (const { labels: [team = ''], value } of sums) teamOf(team).sum = value;
  const name = 'brobygger_time_to_acknowledge_business_minutes';
  const lines = [`# HELP ${name} Time from routing to acknowledgement in business minutes, by team`, `# TYPE ${name} histogram`];
  for (const [team, { buckets, sum }] of perTeam) {
    const n = [...buckets.values()].reduce((a, b) => a + b, 0);
    if (n === 0) continue;
    let cumulative = 0;
    for (const b of ACK_BUCKETS) {
      cumulative += buckets.get(String(b)) ?? 0;
      lines.push(`${name}_bucket${labels({ team, le: String(b) })} ${cumulative}`);
    }
    lines.push(`${name}_bucket${labels({ team, le: '+Inf' })} ${n}`);
    lines.push(`${name}_sum${labels({ team })} ${sum}`);
    lines.push(`${name}_count${labels({ team })} ${n}`);
  }
  return lines.join('\n');
}
