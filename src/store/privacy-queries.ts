/**
 * What the data-protection officer's `privacy` commands read and write: a search through every
 * concern's free text, the audit trail of privacy commands (migration 4), and anonymising one
 * concern now.
 */
import { mentionsAll } from '../core/search-fold.js';
import type { Actor, ConcernState } from '../core/model.js';
import type { Effect } from '../core/ports.js';
import { blankFreeText, scrubEventData } from './anonymise.js';
import type { Sql, SqlTx } from './sql.js';
import { json } from './sql.js';
import { insertEffects, insertEvents } from './writes.js';

export type PrivacyCommand = 'search' | 'show' | 'anonymise';

export interface AuditEntry {
  at: Date;
  /** `--actor`, or the operating-system user who ran the command. */
  actor: string;
  osUser: string;
  command: PrivacyCommand;
  /** What the command did, without personal data (no search words, no free text). */
  detail: Record<string, unknown>;
}

export interface SearchHit {
  id: string;
  ref: string;
  createdAt: Date;
  teamId: string | null;
  state: ConcernState;
}

/** Appends one audit record and links it to the concerns it touched; returns its id. */
export async function recordAudit(tx: SqlTx, entry: AuditEntry, concernIds: readonly string[]): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO privacy_audit (at, actor, os_user, command, detail) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id`,
    [entry.at, entry.actor, entry.osUser, entry.command, json(entry.detail)],
  );
  if (!row) throw new Error('privacy audit record was not stored');
  if (concernIds.length > 0) {
    await tx.query(
      `INSERT INTO privacy_audit_concerns (audit_id, concern_id)
       SELECT $1, id FROM jsonb_array_elements_text($2::jsonb) AS t(id) ON CONFLICT DO NOTHING`,
      [row.id, json([...new Set(concernIds)])],
    );
  }
  return row.id;
}

/** The audit records that touched one concern, oldest first. */
export async function auditOf(sql: SqlTx, concernId: string): Promise<AuditEntry[]> {
  const rows = await sql.query<{ at: Date; actor: string; os_user: string; command: PrivacyCommand; detail: Record<string, unknown> }>(
    `SELECT a.at, a.actor, a.os_user, a.command, a.detail
     FROM privacy_audit a JOIN privacy_audit_concerns c ON c.audit_id = a.id
     WHERE c.concern_id = $1 ORDER BY a.id`,
    [concernId],
  );
  return rows.map((r) => ({ at: r.at, actor: r.actor, osUser: r.os_user, command: r.command, detail: r.detail }));
}

/** Every free-text string of an event's data: what retention would blank (src/store/anonymise.ts). */
export function eventFreeText(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (original: unknown, scrubbed: unknown) => {
    if (typeof original === 'string') {
      if (original !== '' && scrubbed === '') out.push(original);
    } else if (Array.isArray(original)) {
      original.forEach((item, i) => walk(item, (scrubbed as unknown[])[i]));
    } else if (original !== null && typeof original === 'object') {
      const other = scrubbed as Record<string, unknown>;
      for (const [key, value] of Object.entries(original)) walk(value, other[key]);
    }
  };
  walk(data, scrubEventData(data));
  return out;
}

const PAGE = 500;

/**
 * Concerns created in [from, to) whose description, address, outcome or any event's free text
 * mention every word (already folded, src/core/search-fold.ts), oldest first. Read page by page.
 */
export async function searchConcerns(sql: Sql, words: readonly string[], period: { from?: Date; to?: Date } = {}): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [period.from ?? null, period.to ?? null, PAGE];
    let keyset = '';
    if (after) {
      params.push(after.createdAt, after.id);
      keyset = 'AND (created_at, id) > ($4::timestamptz, $5::text)';
    }
    const page: { id: string; ref: string; created_at: Date; team_id: string | null; state: ConcernState; description: string; address: string; outcome: string | null }[] =
      await sql.query(
        `SELECT id, ref, created_at, team_id, state, description, address, outcome FROM concerns
         WHERE ($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2) ${keyset}
         ORDER BY created_at, id LIMIT $3`,
        params,
      );
    if (page.length === 0) return hits;
    const events = await sql.query<{ concern_id: string; data: Record<string, unknown> | null }>(
      `SELECT concern_id, data FROM concern_events WHERE concern_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [json(page.map((c) => c.id))],
    );
    const texts = new Map<string, string[]>();
    for (const e of events) texts.set(e.concern_id, [...(texts.get(e.concern_id) ?? []), ...eventFreeText(e.data ?? {})]);
    for (const c of page) {
      if (mentionsAll(words, [c.description, c.address, c.outcome ?? '', ...(texts.get(c.id) ?? [])])) {
        hits.push({ id: c.id, ref: c.ref, createdAt: c.created_at, teamId: c.team_id, state: c.state });
      }
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return hits;
    after = { createdAt: last.created_at, id: last.id };
  }
}

export interface AnonymiseNow {
  actor: Extract<Actor, { kind: 'administrator' }>;
  /** Already redacted. */
  reason: string;
  at: Date;
  /** Anonymise even when the concern is still open. */
  force: boolean;
  /** The audit record, written in the same transaction. */
  audit: AuditEntry;
  /** Outbox work after the change (e.g. re-render the cards), given the concern's new version. */
  effects: (version: number) => Effect[];
}

export type AnonymiseOutcome =
  | { kind: 'anonymised'; state: ConcernState }
  | { kind: 'open'; state: ConcernState }
  | { kind: 'already'; anonymisedAt: Date }
  | { kind: 'missing' };

/**
 * Anonymises one concern's free text now, recorded as an `anonymised` event with the
 * administrator as actor and the reason. Refused while the concern is not resolved or withdrawn,
 * unless `force`. The audit record is written whatever the outcome.
 */
export async function anonymiseConcernNow(sql: Sql, concernId: string, options: AnonymiseNow): Promise<AnonymiseOutcome> {
  return sql.transaction(async (tx) => {
    const [row] = await tx.query<{ state: ConcernState; anonymised_at: Date | null; version: number }>(
      'SELECT state, anonymised_at, version FROM concerns WHERE id = $1 FOR UPDATE',
      [concernId],
    );
    if (!row) return { kind: 'missing' } as const;
    const closed = row.state === 'resolved' || row.state === 'withdrawn';
    let outcome: AnonymiseOutcome;
    if (row.anonymised_at) outcome = { kind: 'already', anonymisedAt: row.anonymised_at };
    else if (!closed && !options.force) outcome = { kind: 'open', state: row.state };
    else {
      await blankFreeText(tx, concernId, options.at);
      const version = row.version + 1;
      await insertEvents(tx, concernId, [
        { type: 'anonymised', actor: options.actor, at: options.at, data: { reason: options.reason, forced: !closed, seq: version } },
      ]);
      await insertEffects(tx, options.effects(version));
      outcome = { kind: 'anonymised', state: row.state };
    }
    await recordAudit(tx, { ...options.audit, detail: { ...options.audit.detail, outcome: outcome.kind } }, [concernId]);
    return outcome;
  });
}
