/** The DeliveryStore port on SQL: the `deliveries` table (migration 3). */
import { digestDeliveryId, type Delivery, type DeliveryCount, type DeliveryState, type DeliveryStore, type OwedJob, type QueuedDelivery, type WaitingDelivery } from '../core/deliveries.js';
import type { SentMessageRef } from '../core/messages.js';
import type { Platform } from '../core/model.js';
import type { Sql } from './sql.js';
import { json } from './sql.js';

interface DeliveryRow {
  id: string;
  concern_id: string | null;
  data: OwedJob;
  state: DeliveryState;
  platform: Platform | null;
  reason: string | null;
  attempts: number;
  due_at: Date | null;
  message_ref: SentMessageRef | null;
  created_at: Date;
  updated_at: Date;
}

const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  concernId: row.concern_id,
  job: row.data,
  state: row.state,
  platform: row.platform,
  reason: row.reason,
  attempts: row.attempts,
  dueAt: row.due_at,
  messageRef: row.message_ref,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Columns of a row as the queue needs it: id, due time and, for a held team card, its release. */
const QUEUED_COLUMNS = `id, due_at, data->>'teamId' AS team_id, data->>'releaseAt' AS release_at`;
type QueuedRow = { id: string; due_at: Date | null; team_id: string | null; release_at: string | null };

const due = (rows: QueuedRow[]): QueuedDelivery[] =>
  rows.map((r) => ({
    id: r.id,
    dueAt: r.due_at,
    release: r.team_id && r.release_at ? { teamId: r.team_id, releaseAt: Number(r.release_at) } : null,
  }));

export function createDeliveryStore(sql: Sql): DeliveryStore {
  return {
    async getDelivery(id) {
      const [row] = await sql.query<DeliveryRow>(
        `SELECT id, concern_id, data, state, platform, reason, attempts, due_at, message_ref, created_at, updated_at
           FROM deliveries WHERE id = $1`,
        [id],
      );
      return row ? toDelivery(row) : null;
    },

    async oweDigests(jobs) {
      if (jobs.length === 0) return 0;
      const rows = await sql.query<{ id: string }>(
        `INSERT INTO deliveries (id, concern_id, kind, data, platform, history)
         SELECT j.id, NULL, 'digest', j.data, j.data->>'platform', jsonb_build_array(jsonb_build_object('state', 'pending', 'at', now()))
           FROM jsonb_to_recordset($1::jsonb) AS j(id text, data jsonb)
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [json(jobs.map((job) => ({ id: digestDeliveryId(job), data: job })))],
      );
      return rows.length;
    },

    async recordDeliveryOutcome(id, outcome, at) {
      const reason = 'reason' in outcome ? outcome.reason : null;
      const dueAt = 'dueAt' in outcome ? outcome.dueAt : null;
      const ref = 'messageRef' in outcome ? outcome.messageRef : null;
      // A delivery that will be tried again by a job already in Redis (pending) stays queued;
      // a waiting one goes back to the dispatcher, which hands it over when it is due.
      await sql.query(
        `UPDATE deliveries SET state = $2, platform = COALESCE($3, platform), reason = $4, due_at = $5,
           message_ref = COALESCE($6::jsonb, message_ref), attempts = attempts + 1,
           queued = ($2 = 'pending'), updated_at = $7,
           history = history || jsonb_build_array(jsonb_build_object('state', $2::text, 'reason', $4::text, 'at', $7::timestamptz))
         WHERE id = $1`,
        [id, outcome.state, outcome.platform, reason, dueAt, ref ? json(ref) : null, at],
      );
    },

    async takeUnqueuedDeliveries(now, limit) {
      const rows = await sql.query<QueuedRow>(
        `UPDATE deliveries SET queued = true WHERE id IN (
           SELECT id FROM deliveries
            WHERE NOT queued AND (state = 'pending' OR (state = 'waiting' AND due_at <= $1))
            ORDER BY created_at LIMIT $2)
         RETURNING ${QUEUED_COLUMNS}`,
        [now, Math.max(0, Math.floor(limit))],
      );
      return due(rows);
    },

    async unmarkQueued(ids) {
      if (ids.length === 0) return;
      await sql.query(`UPDATE deliveries SET queued = false WHERE id = ANY($1::text[]) AND state IN ('pending', 'waiting')`, [ids]);
    },

    async queuedDeliveries(afterId, limit) {
      const rows = await sql.query<QueuedRow>(
        `SELECT ${QUEUED_COLUMNS} FROM deliveries WHERE state IN ('pending', 'waiting') AND queued AND id > $1 ORDER BY id LIMIT $2`,
        [afterId, Math.max(0, Math.floor(limit))],
      );
      return due(rows);
    },

    async releaseDeliveries(release) {
      const rows = await sql.query<{ id: string; state: DeliveryState; attempts: number; due_at: Date | null }>(
        `SELECT d.id, d.state, d.attempts, d.due_at FROM deliveries d LEFT JOIN concerns c ON c.id = d.concern_id
          WHERE d.state IN ('pending', 'waiting') AND d.data->>'teamId' = $1 AND d.data->>'releaseAt' = $2
          ORDER BY c.created_at NULLS LAST, d.created_at, d.id`,
        [release.teamId, String(release.releaseAt)],
      );
      return rows.map((r) => ({ id: r.id, state: r.state, attempts: Number(r.attempts), dueAt: r.due_at }));
    },

    async releaseWaiting(platform) {
      const rows = await sql.query<{ id: string }>(
        `UPDATE deliveries SET due_at = now() WHERE state = 'waiting' AND ($1::text IS NULL OR platform = $1 OR platform IS NULL)
         RETURNING id`,
        [platform ?? null],
      );
      return rows.length;
    },

    async listWaiting(limit) {
      const rows = await sql.query<{
        id: string; concern_id: string | null; ref: string | null; kind: string; platform: Platform | null;
        reason: string | null; attempts: number; updated_at: Date;
      }>(
        `SELECT d.id, d.concern_id, c.ref, d.kind, d.platform, d.reason, d.attempts, d.updated_at
           FROM deliveries d LEFT JOIN concerns c ON c.id = d.concern_id
          WHERE d.state = 'waiting' ORDER BY d.created_at LIMIT $1`,
        [Math.max(0, Math.floor(limit))],
      );
      return rows.map(
        (r): WaitingDelivery => ({
          id: r.id,
          concernId: r.concern_id,
          concernRef: r.ref,
          kind: r.kind,
          platform: r.platform,
          reason: r.reason,
          attempts: r.attempts,
          since: r.updated_at,
        }),
      );
    },

    async countDeliveries() {
      // Kept by a trigger as deliveries change (migrations-footprint.ts), so a scrape does not scan them all.
      const rows = await sql.query<{ labels: [DeliveryState, Platform | 'unknown']; value: number }>(
        `SELECT labels, value FROM metric_counters WHERE metric = 'deliveries' AND value <> 0 ORDER BY labels`,
      );
      return rows.map((r): DeliveryCount => ({ state: r.labels[0], platform: r.labels[1], count: Number(r.value) }));
    },
  };
}
