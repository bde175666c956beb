/**
 * Neutral messages the core shows people: the team card, the reporter's confirmation and relays.
 * Text written by people is passed as 'text' blocks; adapters escape it for their markup.
 */
import { departmentName, districtName, findTeam, organizationName, teamName, type CoreContext } from './context.js';
import { slaFor } from './category-rules.js';
import { lastDayToPayText } from './eviction.js';
import { isHeld } from './quiet-hours.js';
import { elapsedMinutes } from './deadline.js';
import { hasEscalatedToBackup } from './escalation.js';
import type { Directory } from './directory.js';
import { categoryLabel, residentKnowsLabel, stateLabel, t, urgencyLabel } from './i18n.js';
import type { MessageAction, MessageBlock, NeutralMessage } from './messages.js';
import type { Concern, ConcernEvent, Locale, PersonRef } from './model.js';
import { formatDeadline, formatDuration, formatMoment, formatSince } from './time-format.js';
import { durationMinutes } from './duration.js';
import { lastAsked } from './loop.js';
import { outcomeLabel, tl } from './loop-i18n.js';
import { waitingSince } from './waiting.js';

export const textMessage = (text: string, extra: MessageBlock[] = []): NeutralMessage => ({
  summary: text,
  blocks: [{ kind: 'text', text }, ...extra],
});

export function personLabel(directory: Directory, person: PersonRef): string {
  return `${person.name} (${organizationName(directory, person.organizationId)})`;
}

function teamActions(locale: Locale, concern: Concern): MessageAction[] {
  const action = (id: MessageAction['id'], style?: MessageAction['style']): MessageAction => ({
    id,
    label: t(locale, `action.${id}`),
    concernId: concern.id,
    ...(style ? { style } : {}),
  });
  const list: MessageAction[] = [];
  if (concern.state === 'open') list.push(action('concern.ack', 'primary'));
  list.push(action('concern.reply'), action('concern.note'), action('concern.ask'), action('concern.reassign'), action('concern.resolve'));
  return list;
}

/**
 * The card a team sees in its channel. `forTeam` is the team whose channel shows it: after a
 * reassignment the old team's card says where the concern went and loses its buttons.
 */
export function renderTeamCard(
  ctx: CoreContext,
  concern: Concern,
  events: ConcernEvent[],
  forTeam: string | null = concern.teamId,
): NeutralMessage {
  const { directory, clock } = ctx;
  const locale = directory.municipality.language;
  const tz = directory.municipality.timezone;
  const now = clock.now();
  const title = t(locale, 'card.title', { ref: concern.ref, category: categoryLabel(locale, concern.category) });
  const fields = [
    { label: t(locale, 'card.urgency'), value: urgencyLabel(locale, concern.urgency) },
    { label: t(locale, 'card.state'), value: stateLabel(locale, concern.state) },
    { label: t(locale, 'card.team'), value: teamName(directory, concern.teamId) },
    { label: t(locale, 'card.district'), value: districtName(directory, concern.districtId) },
    {
      label: t(locale, 'card.association'),
      value: `${organizationName(directory, concern.associationId)} · ${departmentName(directory, concern.associationId, concern.departmentId)}`,
    },
    { label: t(locale, 'card.reporter'), value: personLabel(directory, concern.reporter) },
    { label: t(locale, 'card.residentKnows'), value: residentKnowsLabel(locale, concern.residentKnows) },
  ];
  if (concern.state === 'open' && concern.acknowledgeDeadline) {
    fields.push({ label: t(locale, 'card.deadline'), value: formatDeadline(locale, concern.acknowledgeDeadline, now, tz) });
  }
  const lastDay = lastDayToPayText(directory, concern, locale, now);
  if (lastDay) fields.push({ label: t(locale, 'eviction.lastDay'), value: lastDay });
  const blocks: MessageBlock[] = [{ kind: 'header', text: title }, { kind: 'fields', fields }];
  if (concern.address) blocks.push({ kind: 'fields', fields: [{ label: t(locale, 'card.address'), value: concern.address }] });
  blocks.push({ kind: 'text', text: concern.anonymisedAt ? t(locale, 'card.anonymised') : concern.description });

  for (const line of historyLines(ctx, concern, events)) blocks.push({ kind: 'context', text: line });

  const active = concern.state === 'open' || concern.state === 'acknowledged' || concern.state === 'waiting';
  const backupOnDuty = !!forTeam && hasEscalatedToBackup(directory, concern) && findTeam(directory, concern.teamId)?.backup === forTeam;
  if (forTeam && forTeam !== concern.teamId && !backupOnDuty) {
    blocks.push({ kind: 'context', text: t(locale, 'reassign.done', { ref: concern.ref, team: teamName(directory, concern.teamId) }) });
  } else if (active) {
    // Acknowledge with a note in one step: the note field travels with the Acknowledge click.
    if (concern.state === 'open') blocks.push({ kind: 'input', id: ACK_NOTE_INPUT, label: tl(locale, 'form.ack.note'), placeholder: tl(locale, 'form.ack.placeholder') });
    blocks.push({ kind: 'actions', actions: teamActions(locale, concern) });
  }
  return { summary: t(locale, 'team.new', { ref: concern.ref, urgency: urgencyLabel(locale, concern.urgency), association: organizationName(directory, concern.associationId) }), blocks };
}

function historyLines(ctx: CoreContext, concern: Concern, events: ConcernEvent[]): string[] {
  const { directory, clock, calendar } = ctx;
  const locale = directory.municipality.language;
  const tz = directory.municipality.timezone;
  const now = clock.now();
  const lines: string[] = [];
  const team = findTeam(directory, concern.teamId);
  // A card held for the opening says when the concern was really raised.
  if (team && isHeld(calendar, concern, team)) {
    lines.push(t(locale, 'card.raisedWhileClosed', { when: formatMoment(locale, concern.createdAt, now, tz) }));
  }
  const lastEscalation = [...events].reverse().find((e) => e.type === 'escalated');
  if (concern.state === 'open' && lastEscalation) {
    lines.push(t(locale, 'card.escalated', { duration: formatDuration(locale, Number(lastEscalation.data.elapsedMinutes ?? 0)) }));
  }
  const reassigned = [...events].reverse().find((e) => e.type === 'reassigned');
  if (reassigned && typeof reassigned.data.fromTeam === 'string') {
    lines.push(t(locale, 'card.reassignedFrom', { team: teamName(directory, reassigned.data.fromTeam) }));
  }
  if (concern.acknowledgedAt && concern.acknowledgedBy && concern.state !== 'open') {
    lines.push(t(locale, 'card.acknowledgedBy', { name: personLabel(directory, concern.acknowledgedBy), when: formatMoment(locale, concern.acknowledgedAt, now, tz) }));
    const routed = [...events].reverse().find((e) => e.type === 'routed' || e.type === 'reassigned' || e.type === 'reopened');
    const slaEntry = slaFor(directory, concern.category, concern.urgency);
    if (routed) {
      const taken = elapsedMinutes(calendar, routed.at, concern.acknowledgedAt, slaEntry.clock);
      const target = durationMinutes(slaEntry.acknowledgeWithin);
      const key = concern.acknowledgeDeadline && concern.acknowledgedAt > concern.acknowledgeDeadline ? 'card.acknowledgedAfterLate' : 'card.acknowledgedAfter';
      lines.push(t(locale, key, { duration: formatDuration(locale, taken), target: formatDuration(locale, target) }));
    }
  }
  lines.push(...loopLines(ctx, concern, events));
  const filesOffered = events.filter((e) => e.type === 'file_offered').length;
  if (filesOffered > 0) lines.push(filesOffered === 1 ? t(locale, 'card.fileOffered') : t(locale, 'card.filesOffered', { count: filesOffered }));
  if (concern.state === 'resolved' && concern.resolvedAt) {
    const resolvedEvent = [...events].reverse().find((e) => e.type === 'resolved');
    const resolver = resolvedEvent?.actor;
    const name = resolver && resolver.kind === 'user' ? personLabel(directory, resolver) : '—';
    const message = resolvedEvent?.data.message ? ` – ${String(resolvedEvent.data.message)}` : '';
    lines.push(t(locale, 'card.resolvedBy', { name, when: formatMoment(locale, concern.resolvedAt, now, tz), outcome: outcomeLabel(locale, concern.outcome ?? '') + message }));
    const feedback = [...events].reverse().find((e) => e.type === 'feedback' || e.type === 'resolved');
    if (feedback?.type === 'feedback') {
      const comment = feedback.data.comment ? `: ${String(feedback.data.comment)}` : '';
      lines.push(tl(locale, feedback.data.helpful ? 'card.feedback.yes' : 'card.feedback.no') + comment);
    }
  }
  if (concern.state === 'withdrawn') {
    const at = [...events].reverse().find((e) => e.type === 'withdrawn')?.at ?? concern.updatedAt;
    lines.push(t(locale, 'card.withdrawn', { when: formatMoment(locale, at, now, tz) }));
  }
  return lines;
}

/** The Acknowledge button's companion field on Slack and Teams cards: a note for the reporter. */
export const ACK_NOTE_INPUT = 'ackNote';

/** The waiting line with the open question, and why a reopened concern came back. */
function loopLines(ctx: CoreContext, concern: Concern, events: ConcernEvent[]): string[] {
  const { directory, clock } = ctx;
  const locale = directory.municipality.language;
  const tz = directory.municipality.timezone;
  const lines: string[] = [];
  if (concern.state === 'waiting') {
    const since = waitingSince(events);
    const asked = lastAsked(events);
    if (since) lines.push(tl(locale, 'card.waiting', { when: formatSince(locale, since, clock.now(), tz) }));
    if (asked) lines.push(tl(locale, 'card.question', { name: asked.actor.kind === 'user' ? asked.actor.name : '—', text: String(asked.data.text ?? '') }));
  }
  const reopened = [...events].reverse().find((e) => e.type === 'reopened');
  if (reopened && concern.state !== 'resolved') {
    lines.push(tl(locale, 'card.reopened', { when: formatMoment(locale, reopened.at, clock.now(), tz), reason: String(reopened.data.reason ?? '') }));
  }
  return lines;
}

/** Buttons a reporter gets under messages about their own concern. */
export function reporterActions(locale: Locale, concern: Concern): MessageBlock[] {
  if (concern.state === 'resolved' || concern.state === 'withdrawn') return [];
  return [
    {
      kind: 'actions',
      actions: [
        { id: 'concern.add_info', label: t(locale, 'action.concern.add_info'), concernId: concern.id },
        { id: 'concern.withdraw', label: t(locale, 'action.concern.withdraw'), concernId: concern.id, style: 'danger' },
      ],
    },
  ];
}
