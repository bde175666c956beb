/** Appending to the event log, the deliveries and the outbox, always inside the caller's transaction. */
import type { Effect, NewEvent } from '../core/ports.js';
import type { SqlTx } from './sql.js';
import { json } from './sql.js';

export async function insertEvents(tx: SqlTx, concernId: string, events: readonly NewEvent[]): Promise<void> {
  // One insert per event keeps the ids in the order the caller gave.
  for (const event of events) {
    await tx.query(
      `INSERT INTO concern_events (concern_id, type, actor, at, data)
       VALUES ($1, $2, $3::jsonb, $4, $5::jsonb)`,
      [concernId, event.type, json(event.actor), event.at, json(event.data ?? {})],
    );
  }
}

/**
 * Writes a change's effects: messages owed (queue `notify`) become `deliveries` rows, the rest
 * go to the outbox. A repeated id is ignored. One statement per table for all of a change's
 * effects (a routed concern leaves a card and its next ladder step).
 */
export async function insertEffects(tx: SqlTx, effects: readonly Effect[]): Promise<void> {
  const unique = new Map<string, Effect>();
  for (const effect of effects) {
    if (effect.jobId.includes(':')) throw new Error(`Job id must not contain ':' (${effect.jobId})`);
    if (!unique.has(effect.jobId)) unique.set(effect.jobId, effect);
  }
  const all = [...unique.values()];
  const owed = all.filter((effect) => effect.queue === 'notify');
  const jobs = all.filter((effect) => effect.queue !== 'notify');
  if (owed.length > 0) await insertDeliveries(tx, owed);
  if (jobs.length === 0) return;
  const params: unknown[] = [];
  const rows = jobs.map((effect) => {
    const n = params.push(effect.queue, effect.jobId, json(effect.data), effect.runAt ?? null);
    return `($${n - 3}, $${n - 2}, $${n - 1}::jsonb, $${n})`;
  });
  await tx.query(
    `INSERT INTO outbox (queue, job_id, data, run_at) VALUES ${rows.join(', ')}
     ON CONFLICT (job_id) DO NOTHING`,
    params,
  );
}

async function insertDeliveries(tx: SqlTx, owed: readonly Effect[]): Promise<void> {
  const params: unknown[] = [];
  const rows = owed.map((effect) => {
    const concernId = typeof effect.data.concernId === 'string' ? effect.data.concernId : null;
    const kind = typeof effect.data.kind === 'string' ? effect.data.kind : 'message';
    const n = params.push(effect.jobId, concernId, kind, json(effect.data), effect.runAt ?? null);
    return `($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}::jsonb, $${n}, jsonb_build_array(jsonb_build_object('state', 'pending', 'at', now())))`;
  });
  await tx.query(
    `INSERT INTO deliveries (id, concern_id, kind, data, due_at, history) VALUES ${rows.join(', ')}
     ON CONFLICT (id) DO NOTHING`,
    params,
  );
}

/** The moment a change happened: its latest event, or the database's clock when it has none. */
export function latestEventTime(events: readonly NewEvent[]): Date | null {
  let latest: Date | null = null;
  for (const event of events) if (!latest || event.at > latest) latest = event.at;
  return latest;
}
