/** The ConcernStore port on SQL (PostgreSQL or PGlite): concerns, their event log and the outbox. */
import type { SentMessageRef } from '../core/messages.js';
import type { Platform } from '../core/model.js';
import type { ConcernFilter, ConcernPatch, ConcernStore, NewConcern } from '../core/ports.js';
import { DEFAULT_TIMEZONE, nextReferenceSql, referenceYear } from './references.js';
import type { ConcernRow, EventRow, OutboxRow } from './rows.js';
import { CONCERN_COLUMNS, toConcern, toEvent, toStoredEffect } from './rows.js';
import type { Sql, SqlTx } from './sql.js';
import { json } from './sql.js';
import { insertEffects, insertEvents, latestEventTime } from './writes.js';

export interface ConcernStoreOptions {
  /** Decides the year of a reference (default Europe/Copenhagen). */
  timezone?: string;
}

/** Thrown inside the create transaction when the dedupe key was taken, so it rolls back and gives its reference number back. */
class DuplicateSubmission extends Error {}

type PatchKey = keyof Required<ConcernPatch>;
const PATCH_COLUMNS: Record<PatchKey, { column: string; json?: true }> = {
  state: { column: 'state' },
  teamId: { column: 'team_id' },
  urgency: { column: 'urgency' },
  escalationLevel: { column: 'escalation_level' },
  slaEpoch: { column: 'sla_epoch' },
  acknowledgeDeadline: { column: 'acknowledge_deadline' },
  acknowledgedAt: { column: 'acknowledged_at' },
  acknowledgedBy: { column: 'acknowledged_by', json: true },
  resolvedAt: { column: 'resolved_at' },
  outcome: { column: 'outcome' },
  description: { column: 'description' },
  address: { column: 'address' },
  anonymisedAt: { column: 'anonymised_at' },
};

export function createConcernStore(sql: Sql, options: ConcernStoreOptions = {}): ConcernStore {
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;

  async function concernWhere(where: string, params: unknown[], tx: SqlTx = sql) {
    const [row] = await tx.query<ConcernRow>(`SELECT ${CONCERN_COLUMNS} FROM concerns WHERE ${where}`, params);
    return row ? toConcern(row) : null;
  }

  /**
   * One statement: takes the year's next reference number and inserts the concern, ON CONFLICT on
   * the dedupe key doing nothing (null when the key is taken). A key already stored skips the
   * counter; a create racing the one that stored it waits on the counter row, then finds the key.
   */
  async function insertConcern(tx: SqlTx, input: NewConcern, dedupeKey: string | undefined) {
    const [row] = await tx.query<ConcernRow>(
      `WITH counter AS (
         INSERT INTO reference_counters (year, last_number)
         SELECT $2::int, 1 WHERE NOT EXISTS (SELECT 1 FROM concerns WHERE dedupe_key = $13)
         ON CONFLICT (year) DO UPDATE SET last_number = reference_counters.last_number + 1
         RETURNING last_number)
       INSERT INTO concerns (id, ref, state, category, urgency, association_id, department_id,
         district_id, address, description, resident_knows, reporter, created_at, updated_at, dedupe_key, rent_demand_date,
         team_id, acknowledge_deadline, sla_epoch)
       SELECT $1, ${nextReferenceSql('$2::int', 'counter.last_number')}, 'open', $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $12, $13, $14, $15, $16, $17
         FROM counter
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING ${CONCERN_COLUMNS}`,
      [
        input.id,
        referenceYear(input.createdAt, timezone),
        input.category,
        input.urgency,
        input.associationId,
        input.departmentId,
        input.districtId,
        input.address,
        input.description,
        input.residentKnows,
        json(input.reporter),
        input.createdAt,
        dedupeKey ?? null,
        input.rentDemandDate ?? null,
        input.teamId ?? null,
        input.acknowledgeDeadline ?? null,
        input.slaEpoch ?? 0,
      ],
    );
    if (row) return toConcern(row);
    if (dedupeKey !== undefined) throw new DuplicateSubmission();
    throw new Error(`Concern ${input.id} was not stored`);
  }

  return {
    createConcern(input, events, effects, dedupeKey) {
      const create = sql.transaction(async (tx) => {
        const concern = await insertConcern(tx, input, dedupeKey);
        await insertEvents(tx, concern.id, events);
        await insertEffects(tx, effects);
        return { concern, created: true };
      });
      return create.catch(async (error: unknown) => {
        if (!(error instanceof DuplicateSubmission)) throw error;
        const existing = await concernWhere('dedupe_key = $1', [dedupeKey]);
        if (!existing) throw new Error(`The concern with dedupe key ${dedupeKey} was not found after a conflict`);
        return { concern: existing, created: false };
      });
    },

    getConcern: (id) => concernWhere('id = $1', [id]),
    findConcernByRef: (ref) => concernWhere('ref = $1', [ref.trim().toUpperCase()]),

    updateConcern(id, expectedVersion, patch, events, effects) {
      return sql.transaction(async (tx) => {
        const params: unknown[] = [id, expectedVersion, latestEventTime(events)];
        const sets = ['version = version + 1', 'updated_at = COALESCE($3::timestamptz, now())'];
        for (const [key, spec] of Object.entries(PATCH_COLUMNS) as [PatchKey, (typeof PATCH_COLUMNS)[PatchKey]][]) {
          if (!(key in patch) || patch[key] === undefined) continue;
          const value = patch[key];
          params.push(spec.json && value !== null ? json(value) : value);
          sets.push(`${spec.column} = $${params.length}${spec.json ? '::jsonb' : ''}`);
        }
        const [row] = await tx.query<ConcernRow>(
          `UPDATE concerns SET ${sets.join(', ')} WHERE id = $1 AND version = $2 RETURNING ${CONCERN_COLUMNS}`,
          params,
        );
        if (!row) return null;
        await insertEvents(tx, id, events);
        await insertEffects(tx, effects);
        return toConcern(row);
      });
    },

    escalateConcern(id, guard, at, change) {
      return sql.transaction(async (tx) => {
        const [row] = await tx.query<ConcernRow>(
          `UPDATE concerns SET escalation_level = $3::int + 1, version = version + 1, updated_at = $4
            WHERE id = $1 AND state = 'open' AND sla_epoch = $2 AND escalation_level <= $3
            RETURNING ${CONCERN_COLUMNS}`,
          [id, guard.epoch, guard.step, at],
        );
        if (!row) return null;
        const updated = toConcern(row);
        const { events, effects } = change(updated);
        await insertEvents(tx, id, events);
        await insertEffects(tx, effects);
        return updated;
      });
    },

    appendEvents(concernId, events, effects = []) {
      if (events.length === 0 && effects.length === 0) return Promise.resolve();
      return sql.transaction(async (tx) => {
        await insertEvents(tx, concernId, events);
        await insertEffects(tx, effects);
      });
    },

    async listEvents(concernId) {
      const rows = await sql.query<EventRow>(
        'SELECT id, concern_id, type, actor, at, data FROM concern_events WHERE concern_id = $1 ORDER BY id',
        [concernId],
      );
      return rows.map(toEvent);
    },

    async getEvent(eventId) {
      const [row] = await sql.query<EventRow>(
        'SELECT id, concern_id, type, actor, at, data FROM concern_events WHERE id = $1',
        [eventId],
      );
      return row ? toEvent(row) : null;
    },

    async listConcerns(filter) {
      const { where, params } = concernFilter(filter);
      const direction = filter.order === 'newest' ? 'DESC' : 'ASC';
      let text = `SELECT ${CONCERN_COLUMNS} FROM concerns ${where} ORDER BY created_at ${direction}, ref ${direction}`;
      if (filter.limit !== undefined) {
        params.push(Math.max(0, Math.floor(filter.limit)));
        text += ` LIMIT $${params.length}`;
      }
      return (await sql.query<ConcernRow>(text, params)).map(toConcern);
    },

    async pendingEffects(limit) {
      const rows = await sql.query<OutboxRow>(
        `SELECT id, queue, job_id, data, run_at, created_at FROM outbox
         WHERE dispatched_at IS NULL ORDER BY id LIMIT $1`,
        [Math.max(0, Math.floor(limit))],
      );
      return rows.map(toStoredEffect);
    },

    async takeEffects(limit) {
      const rows = await sql.query<OutboxRow>(
        `UPDATE outbox SET dispatched_at = now() WHERE id IN (
           SELECT id FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1)
         RETURNING id, queue, job_id, data, run_at, created_at`,
        [Math.max(0, Math.floor(limit))],
      );
      return rows.map(toStoredEffect).sort((a, b) => a.id - b.id);
    },

    async returnEffects(ids) {
      if (ids.length === 0) return;
      await sql.query('UPDATE outbox SET dispatched_at = NULL WHERE id = ANY($1::bigint[])', [ids]);
    },

    async markEffectsDispatched(ids) {
      if (ids.length === 0) return;
      await sql.query(
        'UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[]) AND dispatched_at IS NULL',
        [ids],
      );
    },

    async saveMessageRef(concernId, purpose, targetKey, ref) {
      await sql.query(
        `INSERT INTO message_refs (concern_id, purpose, target_key, ref) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (concern_id, purpose, target_key) DO UPDATE SET ref = EXCLUDED.ref, updated_at = now()`,
        [concernId, purpose, targetKey, json(ref)],
      );
    },

    async listMessageRefs(concernId, purpose) {
      // Delivered deliveries keep their platform message reference: a team card is a delivery of kind team_card.
      const rows = await sql.query<{ target_key: string; ref: SentMessageRef }>(
        `SELECT target_key, ref FROM (
           SELECT target_key, ref, created_at FROM message_refs WHERE concern_id = $1 AND purpose = $2
           UNION ALL
           SELECT data->>'teamId', message_ref, created_at FROM deliveries
            WHERE concern_id = $1 AND kind = $2 AND state = 'delivered' AND message_ref IS NOT NULL) AS refs
         ORDER BY created_at, target_key`,
        [concernId, purpose],
      );
      return rows.map((row) => ({ targetKey: row.target_key, ref: row.ref }));
    },

    async saveConversationRef(platform: Platform, userId, ref) {
      await sql.query(
        `INSERT INTO conversation_refs (platform, user_id, ref) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (platform, user_id) DO UPDATE SET ref = EXCLUDED.ref, updated_at = now()`,
        [platform, userId, json(ref)],
      );
    },

    async getConversationRef(platform, userId) {
      const [row] = await sql.query<{ ref: Record<string, unknown> }>(
        'SELECT ref FROM conversation_refs WHERE platform = $1 AND user_id = $2',
        [platform, userId],
      );
      return row?.ref ?? null;
    },

    async ping() {
      await sql.query('SELECT 1');
    },

    close: () => sql.close(),
  };
}

function concernFilter(filter: ConcernFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (filter.associationId !== undefined) add((p) => `association_id = ${p}`, filter.associationId);
  if (filter.teamId !== undefined) add((p) => `team_id = ${p}`, filter.teamId);
  if (filter.reporterUserId !== undefined) add((p) => `reporter_user_id = ${p}`, filter.reporterUserId);
  if (filter.states !== undefined) add((p) => `state = ANY(${p}::text[])`, filter.states);
  if (filter.createdFrom !== undefined) add((p) => `created_at >= ${p}`, filter.createdFrom);
  if (filter.createdBefore !== undefined) add((p) => `created_at < ${p}`, filter.createdBefore);
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
