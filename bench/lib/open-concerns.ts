/**
 * Open, routed concerns written straight into the store's tables in bulk (one transaction,
 * generate_series), each with its `created` and `routed` events exactly as the route step leaves
 * them, spread over the sample's teams. Their ladder steps go into the outbox separately, so the
 * running worker's outbox dispatcher hands them to BullMQ like any other work.
 */
import type { Directory } from '../../src/core/directory.js';
import type { Sql } from '../../src/store/sql.js';
import { json } from '../../src/store/sql.js';

export type DueTimes =
  /** Step 0 (the 100 % reminder) falls evenly over [firstDueMs, firstDueMs + windowMs). */
  | { kind: 'window'; firstDueMs: number; windowMs: number }
  /** Raised in the last ten minutes: due one SLA from then, long after the bench. */
  | { kind: 'later' };

export interface OpenConcernsBatch {
  /** Concern ids are `<idPrefix><n>`; the ladder of a batch is queued by the same prefix. */
  idPrefix: string;
  count: number;
  due: DueTimes;
  /** The acute SLA (wall clock) of the directory, in ms. */
  slaMs: number;
}

/** Each team with a category that the directory routes to it (or "other"). */
function teamsWithCategories(directory: Directory): { teams: string[]; categories: string[] } {
  const teams = directory.teams.map((t) => t.id);
  const categories = teams.map((team) => {
    const route = directory.routes.find((r) => 'team' in r && r.team === team);
    return route && 'category' in route ? route.category : 'other';
  });
  return { teams, categories };
}

export async function insertOpenConcerns(sql: Sql, directory: Directory, batch: OpenConcernsBatch): Promise<void> {
  const { teams, categories } = teamsWithCategories(directory);
  const reporter = { platform: 'slack', userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', organizationId: 'fjordbo', locale: 'da' };
  const window = batch.due.kind === 'window' ? batch.due : { firstDueMs: 0, windowMs: 0 };
  await sql.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO concerns (id, ref, state, category, urgency, association_id, department_id, district_id,
         address, description, resident_knows, reporter, team_id, escalation_level, version, sla_epoch,
         acknowledge_deadline, created_at, updated_at)
       SELECT $9 || lpad(i::text, 7, '0'), upper($9) || lpad(i::text, 7, '0'), 'open',
         ($5::text[])[1 + i % cardinality($5::text[])], 'acute', 'fjordbo', 'havnegaarden', 'havnen',
         'Benchvej ' || (i % 97), 'En beboer har brug for hjælp (bench).', 'no', $6::jsonb,
         ($4::text[])[1 + i % cardinality($4::text[])], 0, 2, 1,
         due, due - make_interval(secs => $7::float8 / 1000), due - make_interval(secs => $7::float8 / 1000)
       FROM (SELECT i, CASE WHEN $8::boolean THEN to_timestamp(($2::float8 + i * $3::float8 / $1::int) / 1000)
                            ELSE now() - make_interval(secs => i % 600) + make_interval(secs => $7::float8 / 1000) END AS due
             FROM generate_series(0, $1::int - 1) AS i) AS s`,
      [batch.count, window.firstDueMs, window.windowMs, teams, categories, json(reporter), batch.slaMs, batch.due.kind === 'window', batch.idPrefix],
    );
    await tx.query(
      `INSERT INTO concern_events (concern_id, type, actor, at, data)
       SELECT c.id, e.type, CASE WHEN e.type = 'created' THEN $1::jsonb ELSE '{"kind":"system"}'::jsonb END,
         c.created_at,
         CASE WHEN e.type = 'created' THEN '{}'::jsonb
              ELSE jsonb_build_object('seq', 2, 'teamId', c.team_id, 'deadline', c.acknowledge_deadline) END
       FROM concerns c CROSS JOIN (VALUES (1, 'created'), (2, 'routed')) AS e(n, type)
       WHERE starts_with(c.id, $2)
       ORDER BY c.id, e.n`,
      [json({ kind: 'user', ...reporter }), batch.idPrefix],
    );
  });
}

/**
 * The escalation ladder of a batch into the outbox, as routing arms it: job ids and data exactly
 * as escalateEffect makes them, run_at = clock start + SLA × step %, in order of due time.
 */
export async function insertLadderSteps(sql: Sql, directory: Directory, idPrefix: string, slaMs: number): Promise<number> {
  const percents = directory.escalation.map((step) => step.at);
  const rows = await sql.query<{ n: number }>(
    `WITH inserted AS (
       INSERT INTO outbox (queue, job_id, data, run_at)
       SELECT 'escalate', 'escalate-' || c.id || '-1-' || (s.step - 1),
         jsonb_build_object('concernId', c.id, 'step', s.step - 1, 'epoch', 1),
         c.created_at + make_interval(secs => $2::float8 * s.pct / 100 / 1000)
       FROM concerns c CROSS JOIN unnest($1::float8[]) WITH ORDINALITY AS s(pct, step)
       WHERE starts_with(c.id, $3)
       ORDER BY s.step, c.created_at
       RETURNING 1)
     SELECT count(*)::int AS n FROM inserted`,
    [percents, slaMs, idPrefix],
  );
  return rows[0]?.n ?? 0;
}
