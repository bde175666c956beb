/** The ConcernStore port on SQL (PostgreSQL or PGlite): concerns, their event log and the outbox. */
import type { SentMessageRef } from '../core/messages.js';
import type { Platform } from '../core/model.js';
import type { ConcernFilter, ConcernPatch, ConcernStore, NewConcern } from '../core/ports.js';
import { DEFAULT_TIMEZONE, allocateReference, referenceYear } from './references.js';
import type { ConcernRow, EventRow, OutboxRow } from './rows.js';
import { CONCERN_COLUMNS, toConcern, toEvent, toStoredEffect } from './rows.js';
import type { Sql, SqlTx } from './sql.js';
import { json } from './sql.js';
import { LOCK_NAMESPACE } from './migrations.js';
import { insertEffects, insertEvents, latestEventTime } from './writes.js';

export interface ConcernStoreOptions {
  /** Decides the year of a reference (default Europe/Copenhagen). */
  timezone?: string;
}

/** Second key of the advisory lock that serialises creates sharing a dedupe key. */
const DEDUPE_LOCK = LOCK_NAMESPACE + 1;

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

  async function insertConcern(tx: SqlTx, input: NewConcern, dedupeKey: string | undefined) {
    const ref = await allocateReference(tx, referenceYear(input.createdAt, timezone));
    const [row] = await tx.query<ConcernRow>(
      `INSERT INTO concerns (id, ref, state, category, urgency, association_id, department_id,
         district_id, address, description, resident_knows, reporter, created_at, updated_at, dedupe_key, rent_demand_date)
       VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $12, $13, $14)
       RETURNING ${CONCERN_COLUMNS}`,
      [
        input.id,
        ref,
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
      ],
    );
    if (!row) throw new Error(`Concern ${input.id} was not stored`);
    return toConcern(row);
  }

  return {
    createConcern(input, events, effects, dedupeKey) {
      return sql.transaction(async (tx) => {
        if (dedupeKey !== undefined) {
          // Two deliveries of the same submission wait for each other here, so the second sees the first.
          await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DEDUPE_LOCK, dedupeKey]);
          const existing = await concernWhere('dedupe_key = $1', [dedupeKey], tx);
          if (existing) return { concern: existing, created: false };
        }
        const concern = await insertConcern(tx, input, dedupeKey);
        await insertEvents(tx, concern.id, events);
        await insertEffects(tx, effects);
        return { concern, created: true };
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
      const rows = await sql.query<{ target_key: string; ref: SentMessageRef }>(
        `SELECT target_key, ref FROM message_refs WHERE concern_id = $1 AND purpose = $2
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
