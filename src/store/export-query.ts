/**
 * Rows for the municipality's case system: one per concern created in a period, with its
 * response times. Never the description, the address or anyone's name; the outcome only while
 * the concern is not anonymised. Read page by page, so a year of concerns never sits in memory.
 */
import type { Sql } from './sql.js';

export interface ExportRow {
  ref: string;
  createdAt: Date;
  category: string;
  urgency: string;
  districtId: string;
  associationId: string;
  departmentId: string;
  teamId: string | null;
  state: string;
  acknowledgedAt: Date | null;
  acknowledgedMinutesWall: number | null;
  acknowledgedMinutesBusiness: number | null;
  firstReplyAt: Date | null;
  firstReplyMinutesWall: number | null;
  firstReplyMinutesBusiness: number | null;
  resolvedAt: Date | null;
  resolvedMinutesWall: number | null;
  resolvedMinutesBusiness: number | null;
  escalationLevel: number;
  slaMet: boolean | null;
  /** Null once the concern is anonymised. */
  outcome: string | null;
  /** Privacy commands that touched the concern (src/store/privacy-queries.ts), oldest first. */
  privacyAudit: { at: Date; command: string; actor: string }[];
  /** Time spent waiting for the reporter's answers (null when nobody was asked). */
  waitingMinutesWall: number | null;
  waitingMinutesBusiness: number | null;
  /** How often the reporter reopened it. */
  reopened: number;
  /** The reporter's latest "did it help?", null when not given. */
  helpful: boolean | null;
  /** How often the reporter offered a file (file_offered events). */
  filesOffered: number;
}

interface Row {
  id: string;
  ref: string;
  created_at: Date;
  category: string;
  urgency: string;
  district_id: string;
  association_id: string;
  department_id: string;
  team_id: string | null;
  state: string;
  acknowledged_at: Date | null;
  acknowledged_minutes_wall: number | null;
  acknowledged_minutes_business: number | null;
  first_reply_at: Date | null;
  first_reply_minutes_wall: number | null;
  first_reply_minutes_business: number | null;
  resolved_at: Date | null;
  resolved_minutes_wall: number | null;
  resolved_minutes_business: number | null;
  escalation_level: number;
  sla_met: boolean | null;
  outcome: string | null;
  privacy_audit: { at: string; command: string; actor: string }[] | null;
  waiting_minutes_wall: number | null;
  waiting_minutes_business: number | null;
  reopened: number | string;
  helpful: boolean | null;
  files_offered: number | string;
}

const PAGE = 1_000;

/** Concerns created in [from, to), oldest first. */
export async function* exportRows(sql: Sql, from: Date, to: Date, pageSize = PAGE): AsyncGenerator<ExportRow> {
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [from, to, pageSize];
    let keyset = '';
    if (after) {
      params.push(after.createdAt, after.id);
      keyset = 'AND (c.created_at, c.id) > ($4::timestamptz, $5::text)';
    }
    const rows: Row[] = await sql.query<Row>(
      `SELECT c.id, c.ref, c.created_at, c.category, c.urgency, c.district_id, c.association_id, c.department_id,
         c.team_id, c.state, c.acknowledged_at, m.acknowledged_minutes_wall, m.acknowledged_minutes_business,
         m.first_reply_at, m.first_reply_minutes_wall, m.first_reply_minutes_business,
         CASE WHEN c.state = 'resolved' THEN c.resolved_at END AS resolved_at,
         m.resolved_minutes_wall, m.resolved_minutes_business, c.escalation_level,
         CASE WHEN c.acknowledged_at IS NULL OR c.acknowledge_deadline IS NULL THEN NULL
              ELSE c.acknowledged_at <= c.acknowledge_deadline END AS sla_met,
         CASE WHEN c.anonymised_at IS NULL THEN c.outcome END AS outcome,
         (SELECT jsonb_agg(jsonb_build_object('at', a.at, 'command', a.command, 'actor', a.actor) ORDER BY a.id)
            FROM privacy_audit a JOIN privacy_audit_concerns pa ON pa.audit_id = a.id WHERE pa.concern_id = c.id) AS privacy_audit,
         m.waiting_minutes_wall, m.waiting_minutes_business,
         (SELECT count(*) FROM concern_events e WHERE e.concern_id = c.id AND e.type = 'reopened') AS reopened,
         (SELECT (e.data ->> 'helpful')::boolean FROM concern_events e WHERE e.concern_id = c.id AND e.type = 'feedback'
           ORDER BY e.id DESC LIMIT 1) AS helpful,
         (SELECT count(*) FROM concern_events e WHERE e.concern_id = c.id AND e.type = 'file_offered') AS files_offered
       FROM concerns c LEFT JOIN concern_metrics m ON m.concern_id = c.id
       WHERE c.created_at >= $1 AND c.created_at < $2 ${keyset}
       ORDER BY c.created_at, c.id LIMIT $3`,
      params,
    );
    for (const r of rows) {
      yield {
        ref: r.ref,
        createdAt: r.created_at,
        category: r.category,
        urgency: r.urgency,
        districtId: r.district_id,
        associationId: r.association_id,
        departmentId: r.department_id,
        teamId: r.team_id,
        state: r.state,
        acknowledgedAt: r.acknowledged_at,
        acknowledgedMinutesWall: r.acknowledged_minutes_wall,
        acknowledgedMinutesBusiness: r.acknowledged_minutes_business,
        firstReplyAt: r.first_reply_at,
        firstReplyMinutesWall: r.first_reply_minutes_wall,
        firstReplyMinutesBusiness: r.first_reply_minutes_business,
        resolvedAt: r.resolved_at,
        resolvedMinutesWall: r.resolved_minutes_wall,
        resolvedMinutesBusiness: r.resolved_minutes_business,
        escalationLevel: r.escalation_level,
        slaMet: r.sla_met,
        outcome: r.outcome,
        privacyAudit: (r.privacy_audit ?? []).map((a) => ({ at: new Date(a.at), command: a.command, actor: a.actor })),
        waitingMinutesWall: r.waiting_minutes_wall,
        waitingMinutesBusiness: r.waiting_minutes_business,
        reopened: Number(r.reopened),
        helpful: r.helpful,
        filesOffered: Number(r.files_offered),
      };
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = { createdAt: last.created_at, id: last.id };
  }
}
