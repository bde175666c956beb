/**
 * What the reconciler reads, a page at a time and set-based: first only the columns that name an
 * open concern's expected job (no timestamps or JSON to parse for 10,000 rows), then the whole
 * rows, with the moment their SLA clock started, of the few whose job Redis lacks.
 */
import type { Concern } from '../core/model.js';
import { CONCERN_COLUMNS, toConcern, type ConcernRow } from './rows.js';
import type { Sql } from './sql.js';

/** The fields of an open concern that decide which job it should have (core expectedJob). */
export type OpenConcernKey = Pick<Concern, 'id' | 'state' | 'teamId' | 'slaEpoch' | 'escalationLevel'>;

export interface OpenConcern {
  concern: Concern;
  /** The latest reassignment or reopening (each starts a new epoch), else the concern's creation (routing starts the clock there). */
  clockStartedAt: Date;
}

export interface OpenConcernSource {
  /** Open concerns with id > afterId, in id order; page through with the last id until empty. */
  page(afterId: string, limit: number): Promise<OpenConcernKey[]>;
  /** The concerns of these ids that are still open, whole, with their clock start (one query). */
  load(ids: readonly string[]): Promise<OpenConcern[]>;
}

export function openConcernSource(sql: Sql): OpenConcernSource {
  return {
    async page(afterId, limit) {
      const rows = await sql.query<{ id: string; team_id: string | null; sla_epoch: number; escalation_level: number }>(
        `SELECT id, team_id, sla_epoch, escalation_level FROM concerns
          WHERE state = 'open' AND id > $1 ORDER BY id LIMIT $2`,
        [afterId, Math.max(0, Math.floor(limit))],
      );
      return rows.map((row) => ({ id: row.id, state: 'open', teamId: row.team_id, slaEpoch: row.sla_epoch, escalationLevel: row.escalation_level }));
    },
    async load(ids) {
      if (ids.length === 0) return [];
      const rows = await sql.query<ConcernRow & { clock_started_at: Date | null }>(
        `SELECT ${CONCERN_COLUMNS},
                (SELECT max(e.at) FROM concern_events e
                  WHERE e.concern_id = concerns.id AND e.type IN ('reassigned', 'reopened')) AS clock_started_at
           FROM concerns WHERE state = 'open' AND id = ANY($1::text[]) ORDER BY id`,
        [ids],
      );
      return rows.map((row) => {
        const concern = toConcern(row);
        return { concern, clockStartedAt: row.clock_started_at ?? concern.createdAt };
      });
    },
  };
}
