/**
 * What the reconciler reads, a page at a time and set-based: open concerns with the moment their
 * SLA clock started (one query per page, no per-concern round trips).
 */
import type { Concern } from '../core/model.js';
import { CONCERN_COLUMNS, toConcern, type ConcernRow } from './rows.js';
import type { Sql } from './sql.js';

export interface OpenConcern {
  concern: Concern;
  /** The latest reassignment, else the concern's creation (routing starts the clock there). */
  clockStartedAt: Date;
}

/** Open concerns with id > afterId, in id order; page through with the last id until empty. */
export async function openConcernsPage(sql: Sql, afterId: string, limit: number): Promise<OpenConcern[]> {
  const rows = await sql.query<ConcernRow & { reassigned_at: Date | null }>(
    `SELECT ${CONCERN_COLUMNS},
            (SELECT max(e.at) FROM concern_events e WHERE e.concern_id = concerns.id AND e.type = 'reassigned') AS reassigned_at
       FROM concerns WHERE state = 'open' AND id > $1 ORDER BY id LIMIT $2`,
    [afterId, Math.max(0, Math.floor(limit))],
  );
  return rows.map((row) => {
    const concern = toConcern(row);
    return { concern, clockStartedAt: row.reassigned_at ?? concern.createdAt };
  });
}
