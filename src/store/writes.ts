/** Appending to the event log and the outbox, always inside the caller's transaction. */
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
 * An effect whose jobId is already in the outbox (pending or dispatched) is ignored. One statement
 * for all of a change's effects: a routed concern leaves a card and a whole escalation ladder.
 */
export async function insertEffects(tx: SqlTx, effects: readonly Effect[]): Promise<void> {
  const unique = new Map<string, Effect>();
  for (const effect of effects) {
    if (effect.jobId.includes(':')) throw new Error(`Job id must not contain ':' (${effect.jobId})`);
    if (!unique.has(effect.jobId)) unique.set(effect.jobId, effect);
  }
  if (unique.size === 0) return;
  const params: unknown[] = [];
  const rows = [...unique.values()].map((effect) => {
    const n = params.push(effect.queue, effect.jobId, json(effect.data), effect.runAt ?? null);
    return `($${n - 3}, $${n - 2}, $${n - 1}::jsonb, $${n})`;
  });
  await tx.query(
    `INSERT INTO outbox (queue, job_id, data, run_at) VALUES ${rows.join(', ')}
     ON CONFLICT (job_id) DO NOTHING`,
    params,
  );
}

/** The moment a change happened: its latest event, or the database's clock when it has none. */
export function latestEventTime(events: readonly NewEvent[]): Date | null {
  let latest: Date | null = null;
  for (const event of events) if (!latest || event.at > latest) latest = event.at;
  return latest;
}
