/**
 * A municipality's history for the digest scenario, generated in PostgreSQL in bulk
 * (generate_series, no row-by-row inserts): concerns spread over the last weeks across the
 * sample's associations, departments and categories, routed as the directory routes them, with
 * about ten events each and their concern_metrics row. random() is seeded, so every run writes
 * the same data.
 */
import type { Directory } from '../../src/core/directory.js';
import { CATEGORIES } from '../../src/core/model.js';
import { routeConcern } from '../../src/core/routing.js';
import type { Sql } from '../../src/store/sql.js';

export interface HistoryPlan {
  concerns: number;
  /** Concerns are created uniformly over this many weeks before now. */
  weeks: number;
  /** 10 gives about ten events per concern (fewer for open ones, which stop earlier). */
  eventsPerConcern: number;
}

/** Every (category, department) a reporter can choose, with the team the directory routes it to. */
function intakeCombinations(directory: Directory) {
  const rows: { category: string; association: string; department: string; district: string; team: string; reporter: string }[] = [];
  for (const org of directory.organizations) {
    if (org.kind !== 'association') continue;
    const member = org.members.slack[0] ? { platform: 'slack', userId: org.members.slack[0] } : { platform: 'teams', userId: org.members.teams[0] ?? 'unknown' };
    const reporter = JSON.stringify({ ...member, name: `Vicevært (${org.name})`, organizationId: org.id, locale: 'da' });
    for (const department of org.departments) {
      for (const category of CATEGORIES) {
        rows.push({ category, association: org.id, department: department.id, district: department.district, team: routeConcern(directory, category, department.district), reporter });
      }
    }
  }
  return rows;
}

export async function writeHistory(sql: Sql, directory: Directory, plan: HistoryPlan): Promise<void> {
  const combos = intakeCombinations(directory);
  const column = <K extends keyof (typeof combos)[number]>(key: K) => combos.map((c) => c[key]);
  await sql.transaction(async (tx) => {
    await tx.query('SELECT setseed(0.42)');
    // State and times first, in a temporary table, so concerns and events agree.
    await tx.query(
      `CREATE TEMP TABLE bench_history ON COMMIT DROP AS
       SELECT i, k, created_at, urgency, state,
         CASE WHEN state IN ('acknowledged', 'resolved') THEN created_at + ack_after END AS acknowledged_at,
         CASE WHEN state IN ('resolved', 'withdrawn') THEN created_at + ack_after + resolve_after END AS resolved_at,
         created_at + sla AS deadline, CASE WHEN urgency = 'acute' THEN 'wall' ELSE 'business' END AS clock
       FROM (
         SELECT i, 1 + (i * 7919) % $2::int AS k,
           now() - make_interval(secs => random() * $3::float8 * 7 * 86400) - interval '1 hour' AS created_at,
           (ARRAY['acute', 'high', 'high', 'normal', 'normal', 'normal', 'normal', 'normal', 'low', 'low'])[1 + i % 10] AS urgency,
           CASE WHEN r < 0.80 THEN 'resolved' WHEN r < 0.90 THEN 'acknowledged' WHEN r < 0.98 THEN 'open' ELSE 'withdrawn' END AS state,
           make_interval(secs => 300 + random() * random() * 6 * 3600) AS ack_after,
           make_interval(secs => 3600 + random() * 9 * 86400) AS resolve_after,
           make_interval(secs => (ARRAY[900, 3600, 14400, 172800])[1 + (i % 10 > 0)::int + (i % 10 > 2)::int + (i % 10 > 7)::int]) AS sla
         FROM (SELECT i, random() AS r FROM generate_series(1, $1::int) AS i) AS g
       ) AS h`,
      [plan.concerns, combos.length, plan.weeks],
    );
    // Closing moments in the future would be fiction: those concerns are still acknowledged (or open).
    await tx.query(
      `UPDATE bench_history SET state = CASE WHEN acknowledged_at IS NOT NULL AND acknowledged_at < now() THEN 'acknowledged' ELSE 'open' END,
         resolved_at = NULL WHERE resolved_at > now()`,
    );
    await tx.query(`UPDATE bench_history SET state = 'open', acknowledged_at = NULL WHERE acknowledged_at > now()`);
    await tx.query(
      `INSERT INTO concerns (id, ref, state, category, urgency, association_id, department_id, district_id, address,
         description, resident_knows, reporter, team_id, escalation_level, version, sla_epoch, acknowledge_deadline,
         created_at, updated_at, acknowledged_at, resolved_at, outcome)
       SELECT 'hist-' || lpad(h.i::text, 7, '0'), 'BB-HIST-' || lpad(h.i::text, 7, '0'), h.state,
         ($1::text[])[h.k], h.urgency, ($2::text[])[h.k], ($3::text[])[h.k], ($4::text[])[h.k],
         'Benchvej ' || (h.i % 97), 'En beboer har brug for hjælp (bench).', 'no', ($6::text[])[h.k]::jsonb,
         ($5::text[])[h.k], CASE WHEN h.state = 'open' THEN 1 ELSE 0 END, $7::int, 1, h.deadline, h.created_at,
         COALESCE(h.resolved_at, h.acknowledged_at, h.created_at), h.acknowledged_at, h.resolved_at,
         CASE WHEN h.state = 'resolved' THEN 'Løst (bench)' END
       FROM bench_history h`,
      [column('category'), column('association'), column('department'), column('district'), column('team'), column('reporter'), plan.eventsPerConcern],
    );
    // Event n of a concern happens n/N of the way through its life; acknowledged and resolved at their moments.
    await tx.query(
      `INSERT INTO concern_events (concern_id, type, actor, at, data)
       SELECT 'hist-' || lpad(h.i::text, 7, '0'), e.type,
         CASE WHEN e.type IN ('created', 'info_added', 'withdrawn') THEN '{"kind":"user","platform":"slack","userId":"U0PG4KAPUT7","name":"Vicevært","organizationId":"fjordbo","locale":"da"}'::jsonb
              WHEN e.type IN ('routed', 'notified', 'escalated') THEN '{"kind":"system"}'::jsonb
              ELSE '{"kind":"user","platform":"slack","userId":"U01ETDLSAZA","name":"Rådgiver","organizationId":"nordfjord-kommune","locale":"da"}'::jsonb END,
         CASE e.type WHEN 'acknowledged' THEN h.acknowledged_at
                     WHEN 'resolved' THEN h.resolved_at
                     WHEN 'withdrawn' THEN h.resolved_at
                     ELSE h.created_at + (COALESCE(h.resolved_at, h.acknowledged_at, h.created_at + interval '2 hours') - h.created_at) * (e.n - 1) / $1::int END,
         CASE e.type WHEN 'escalated' THEN jsonb_build_object('seq', e.n, 'step', 0, 'notify', 'team', 'teamId', ($2::text[])[h.k])
                     WHEN 'routed' THEN jsonb_build_object('seq', 2, 'teamId', ($2::text[])[h.k])
                     WHEN 'replied' THEN jsonb_build_object('seq', e.n, 'text', 'Vi kigger på det i dag.')
                     WHEN 'info_added' THEN jsonb_build_object('seq', e.n, 'text', 'Beboeren er ikke set i to dage.')
                     ELSE jsonb_build_object('seq', e.n) END
       FROM bench_history h
       CROSS JOIN LATERAL (
         SELECT n, CASE
           WHEN n = 1 THEN 'created' WHEN n = 2 THEN 'routed' WHEN n = 3 THEN 'notified'
           WHEN n = $1::int AND h.state = 'resolved' THEN 'resolved'
           WHEN n = $1::int AND h.state = 'withdrawn' THEN 'withdrawn'
           WHEN n = 4 AND h.acknowledged_at IS NULL THEN 'escalated'
           WHEN n = 4 THEN 'acknowledged'
           WHEN h.acknowledged_at IS NULL THEN (ARRAY['info_added', 'noted'])[1 + n % 2]
           ELSE (ARRAY['replied', 'noted', 'info_added'])[1 + n % 3] END AS type
         FROM generate_series(1, $1::int) AS n
         -- Open concerns have not got far yet.
         WHERE h.state <> 'open' OR n <= 6
       ) AS e`,
      [plan.eventsPerConcern, column('team')],
    );
    await tx.query(
      `INSERT INTO concern_metrics (concern_id, concern_version, sla_clock, routed_at, acknowledged_minutes_wall,
         acknowledged_minutes_business, first_reply_at, first_reply_minutes_wall, first_reply_minutes_business,
         resolved_minutes_wall, resolved_minutes_business, ack_within_sla)
       SELECT 'hist-' || lpad(h.i::text, 7, '0'), $1::int, h.clock, h.created_at,
         extract(epoch FROM h.acknowledged_at - h.created_at) / 60, extract(epoch FROM h.acknowledged_at - h.created_at) / 60 * 0.45,
         h.acknowledged_at + interval '10 minutes', extract(epoch FROM h.acknowledged_at - h.created_at) / 60 + 10,
         (extract(epoch FROM h.acknowledged_at - h.created_at) / 60 + 10) * 0.45,
         CASE WHEN h.state = 'resolved' THEN extract(epoch FROM h.resolved_at - h.created_at) / 60 END,
         CASE WHEN h.state = 'resolved' THEN extract(epoch FROM h.resolved_at - h.created_at) / 60 * 0.3 END,
         CASE WHEN h.acknowledged_at IS NOT NULL THEN h.acknowledged_at <= h.deadline END
       FROM bench_history h`,
      [plan.eventsPerConcern],
    );
  });
  // Fresh statistics, as autovacuum would have them on a database that grew over weeks.
  await sql.query('ANALYZE concerns');
  await sql.query('ANALYZE concern_events');
  await sql.query('ANALYZE concern_metrics');
}
