/**
 * Retention: free text of closed concerns is blanked after the retention period, in the concern and
 * in its events' data. What statistics need stays: event types and times, teams, category,
 * urgency, district, numbers.
 */
import { SYSTEM } from '../core/model.js';
import type { Sql, SqlTx } from './sql.js';
import { json } from './sql.js';
import { insertEvents } from './writes.js';

/**
 * String values under these keys (and under keys ending in Id/Ids/Team/Teams) are identifiers or
 * enumerations, not free text. Every other string in event data is blanked: free text must never
 * hide under one of these keys.
 */
export const KEPT_STRING_KEYS: ReadonlySet<string> = new Set([
  'id',
  'ids',
  'category',
  'urgency',
  'state',
  'platform',
  'purpose',
  'kind',
  'step',
  'level',
  'queue',
  'locale',
  'clock',
  'notify',
  'target',
  'team',
  'teamName',
  'about',
  'type',
  'role',
  'from',
  'to',
  'district',
  'department',
  'association',
  'scope',
]);
const IDENTIFIER_KEY = /(Id|Ids|Team|Teams)$/;
// A timestamp carries nothing about a person; keep it for the statistics.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Blanks every string that is not an identifier or a timestamp; keeps numbers, booleans and shape. */
export function scrubEventData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, scrubValue(key, value)]));
}

function scrubValue(key: string, value: unknown): unknown {
  if (typeof value === 'string') {
    return KEPT_STRING_KEYS.has(key) || IDENTIFIER_KEY.test(key) || ISO_TIMESTAMP.test(value) ? value : '';
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(key, item));
  if (value !== null && typeof value === 'object') return scrubEventData(value as Record<string, unknown>);
  return value;
}

const CLOSED_BEFORE = `state IN ('resolved', 'withdrawn') AND anonymised_at IS NULL
  AND COALESCE(resolved_at, updated_at) < $1`;

/**
 * Anonymises resolved/withdrawn concerns closed before `before` and not yet anonymised, one
 * transaction each (a long run never holds many locks); returns how many it anonymised.
 */
export async function anonymiseClosedBefore(sql: Sql, before: Date, at: Date = new Date()): Promise<number> {
  const candidates = await sql.query<{ id: string }>(
    `SELECT id FROM concerns WHERE ${CLOSED_BEFORE} ORDER BY created_at`,
    [before],
  );
  let count = 0;
  for (const { id } of candidates) {
    if (await sql.transaction((tx) => anonymiseConcern(tx, id, before, at))) count += 1;
  }
  return count;
}

async function anonymiseConcern(tx: SqlTx, id: string, before: Date, at: Date): Promise<boolean> {
  // Re-checked under a row lock: the concern may have been reopened since the candidates were read.
  const [locked] = await tx.query<{ id: string }>(
    `SELECT id FROM concerns WHERE ${CLOSED_BEFORE} AND id = $2 FOR UPDATE`,
    [before, id],
  );
  if (!locked) return false;
  await blankFreeText(tx, id, at);
  await insertEvents(tx, id, [{ type: 'anonymised', actor: SYSTEM, at }]);
  return true;
}

/**
 * Blanks one concern's free text (description, address, outcome, and every free-text string of
 * its events) and marks it anonymised at `at`, inside the caller's transaction, which must hold
 * the concern's row lock. The caller records the `anonymised` event.
 */
export async function blankFreeText(tx: SqlTx, id: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE concerns SET description = '', address = '',
       outcome = CASE WHEN outcome IS NULL THEN NULL ELSE '' END,
       anonymised_at = $2, updated_at = $2, version = version + 1
     WHERE id = $1`,
    [id, at],
  );
  const events = await tx.query<{ id: number; data: Record<string, unknown> | null }>(
    'SELECT id, data FROM concern_events WHERE concern_id = $1 ORDER BY id',
    [id],
  );
  for (const event of events) {
    const data = event.data ?? {};
    const scrubbed = scrubEventData(data);
    if (JSON.stringify(scrubbed) === JSON.stringify(data)) continue;
    await tx.query('UPDATE concern_events SET data = $2::jsonb WHERE id = $1', [event.id, json(scrubbed)]);
  }
}
