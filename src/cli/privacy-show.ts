/**
 * `privacy show`: one concern whole, as plain text for a data subject's access request (GDPR
 * art. 15) — its fields, every event with actor and data, and the privacy audit trail. With
 * `withoutReporter`, the reporter's name and platform identity are left out everywhere.
 */
import { DateTime } from 'luxon';
import { departmentName, districtName, organizationName, teamName } from '../core/context.js';
import type { Directory } from '../core/directory.js';
import type { Actor, Concern, ConcernEvent, PersonRef } from '../core/model.js';
import type { AuditEntry } from '../store/privacy-queries.js';

export interface ConcernRecord {
  concern: Concern;
  events: ConcernEvent[];
  audit: AuditEntry[];
}

const LEFT_OUT = '(reporter, left out)';

function person(directory: Directory, p: PersonRef): string {
  return `${p.name} (${organizationName(directory, p.organizationId)}; ${p.platform} ${p.userId})`;
}

function actorText(directory: Directory, actor: Actor, reporter: PersonRef, withoutReporter: boolean): string {
  switch (actor.kind) {
    case 'system':
      return 'Brobygger';
    case 'administrator':
      return `administrator ${actor.name}`;
    case 'user':
      if (withoutReporter && actor.platform === reporter.platform && actor.userId === reporter.userId) return LEFT_OUT;
      return person(directory, actor);
  }
}

function value(v: unknown): string {
  if (typeof v === 'string') return v === '' ? '(blank)' : v;
  return JSON.stringify(v);
}

/** The whole concern as lines of text (no trailing newline on the last). */
export function renderConcernRecord(directory: Directory, record: ConcernRecord, withoutReporter: boolean): string {
  const { concern: c, events, audit } = record;
  const tz = directory.municipality.timezone;
  const time = (d: Date | null) => (d ? (DateTime.fromJSDate(d, { zone: tz }).toISO({ suppressMilliseconds: true }) ?? '') : '—');
  const lines = [
    `Concern ${c.ref} (${c.id})`,
    `State: ${c.state}${c.anonymisedAt ? `, anonymised ${time(c.anonymisedAt)}` : ''}`,
    `Created: ${time(c.createdAt)}`,
    `Category: ${c.category}`,
    `Urgency: ${c.urgency}`,
    `Association: ${organizationName(directory, c.associationId)}`,
    `Department: ${departmentName(directory, c.associationId, c.departmentId)}`,
    `District: ${districtName(directory, c.districtId)}`,
    `Address: ${value(c.address)}`,
    `Description: ${value(c.description)}`,
    `Resident knows: ${c.residentKnows}`,
    `Reporter: ${withoutReporter ? LEFT_OUT : person(directory, c.reporter)}`,
    `Team: ${c.teamId ? teamName(directory, c.teamId) : '—'}`,
    `Escalation level: ${c.escalationLevel}`,
    `Acknowledged: ${time(c.acknowledgedAt)}${c.acknowledgedBy ? ` by ${actorText(directory, { kind: 'user', ...c.acknowledgedBy }, c.reporter, withoutReporter)}` : ''}`,
    `Resolved: ${time(c.resolvedAt)}`,
    `Outcome: ${c.outcome === null ? '—' : value(c.outcome)}`,
    '',
    `Events (${events.length}):`,
  ];
  for (const e of events) {
    lines.push(`  ${time(e.at)}  ${e.type}  by ${actorText(directory, e.actor, c.reporter, withoutReporter)}`);
    for (const [key, v] of Object.entries(e.data)) if (key !== 'seq') lines.push(`      ${key}: ${value(v)}`);
  }
  lines.push('', `Privacy audit (${audit.length}):`);
  for (const a of audit) {
    const detail = Object.entries(a.detail).map(([k, v]) => `${k}=${value(v)}`).join(', ');
    lines.push(`  ${time(a.at)}  ${a.command}  by ${a.actor} (OS user ${a.osUser})${detail ? `  ${detail}` : ''}`);
  }
  return lines.join('\n');
}
