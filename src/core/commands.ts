/**
 * What people do to a concern after it exists: acknowledge, reply, note, ask, reassign, resolve
 * (responders) and add information, withdraw, answer, reopen, give feedback (reporters; the
 * last four are decided in loop.ts). Each is authorised by role, recorded as
 * an event with its notifications in one transaction, and harmless when delivered twice.
 */
import { slaFor } from './category-rules.js';
import type { ActionResult, ConcernAction } from './api.js';
import { findTeam, teamName, type CoreContext } from './context.js';
import { acknowledgeDeadline } from './deadline.js';
import { cancelEscalationEffect, notifyEffect, type NotifyKind } from './effects.js';
import { armEscalation, escalationJobIds, hasEscalatedToBackup } from './escalation.js';
import type { Identity } from './identity.js';
import { stateLabel, t } from './i18n.js';
import { decideLoop } from './loop.js';
import { outcomeLabel, tl } from './loop-i18n.js';
import type { MessageBlock } from './messages.js';
import { MAX_TEXT_LENGTH, OUTCOMES, type Actor, type Concern } from './model.js';
import type { ConcernPatch, Effect, NewEvent } from './ports.js';
import { redactCpr, type RedactionResult } from './redaction.js';
import { redactionNotice, type RedactionSummary } from './redaction-notice.js';
import { renderTeamCard, textMessage } from './render.js';
import { metricsEffect } from './response-times.js';

type Refusal = Extract<ActionResult, { ok: false }>;
const refuse = (code: Refusal['code'], text: string, fieldError?: string, extra: MessageBlock[] = []): Refusal => ({
  ok: false,
  code,
  reply: textMessage(text, extra),
  ...(fieldError ? { fieldError } : {}),
});

export function canRespond(ctx: CoreContext, identity: Identity, concern: Concern): boolean {
  if (!concern.teamId) return false;
  if (identity.responderTeams.includes(concern.teamId)) return true;
  const backup = findTeam(ctx.directory, concern.teamId)?.backup;
  return !!backup && hasEscalatedToBackup(ctx.directory, concern) && identity.responderTeams.includes(backup);
}

export const isReporterOf = (identity: Identity, concern: Concern) =>
  identity.isReporter && identity.organization.id === concern.associationId;

export const canSee = (ctx: CoreContext, identity: Identity, concern: Concern) =>
  isReporterOf(identity, concern) || canRespond(ctx, identity, concern);

const isClosed = (c: Concern) => c.state === 'resolved' || c.state === 'withdrawn';

/** Actions only the reporter's association may take; every other action is the team's. */
const REPORTER_ACTIONS: ReadonlySet<string> = new Set(['add_info', 'withdraw', 'answer', 'reopen', 'feedback', 'file_offered']);

export interface Change {
  patch: ConcernPatch;
  /** Events recorded before `event` in the same change (asking an open concern acknowledges it). */
  before?: Omit<NewEvent, 'actor' | 'at'>[];
  event: Omit<NewEvent, 'actor' | 'at'>;
  notify: { kind: NotifyKind; teamId?: string }[];
  extraEffects?: (updated: Concern) => Effect[];
  reply: string;
  /** Buttons under the actor's feedback (e.g. Reopen after "it did not help"). */
  replyBlocks?: MessageBlock[];
  /** CPR numbers removed from the actor's text: the reply tells them what went. */
  redaction?: RedactionSummary;
}

export type Decision = { done: ActionResult } | { change: Change };
export type TextCheck = RedactionResult | Refusal;

function cleanText(ctx: CoreContext, identity: Identity, raw: string, optional = false): TextCheck {
  const locale = identity.person.locale;
  const text = raw.trim();
  if (!text && !optional) return refuse('invalid', t(locale, 'error.required'), t(locale, 'error.required'));
  if (text.length > MAX_TEXT_LENGTH) {
    const message = t(locale, 'error.tooLong', { max: MAX_TEXT_LENGTH, length: text.length });
    return refuse('invalid', message, message);
  }
  void ctx;
  return redactCpr(text);
}

async function decide(ctx: CoreContext, identity: Identity, concern: Concern, action: ConcernAction): Promise<Decision> {
  const locale = identity.person.locale;
  const { directory } = ctx;
  const responderOnly = !REPORTER_ACTIONS.has(action.type);
  if (responderOnly && !canRespond(ctx, identity, concern)) {
    return { done: refuse('forbidden', t(locale, 'error.forbidden.team', { team: teamName(directory, concern.teamId) })) };
  }
  if (!responderOnly && !isReporterOf(identity, concern)) {
    return { done: refuse('forbidden', t(locale, 'error.forbidden.reporter')) };
  }
  const repeated = async (text: string, extra: MessageBlock[] = []): Promise<Decision> => ({
    done: { ok: true, repeated: true, concern, reply: textMessage(text, extra), card: await card(ctx, concern) },
  });
  if (action.type === 'ask' || action.type === 'answer' || action.type === 'reopen' || action.type === 'feedback') {
    return decideLoop(ctx, identity, concern, action, {
      cleanText: (raw, optional) => cleanText(ctx, identity, raw, optional),
      refuse: (code, text, extra) => ({ done: refuse(code, text, undefined, extra) }),
      repeated,
    });
  }
  if (isClosed(concern)) {
    if (action.type === 'resolve' && concern.state === 'resolved') return repeated(t(locale, 'resolve.already', { ref: concern.ref }));
    if (action.type === 'withdraw' && concern.state === 'withdrawn') return repeated(t(locale, 'withdraw.done', { ref: concern.ref }));
    return { done: refuse('conflict', t(locale, 'error.closed', { ref: concern.ref, state: stateLabel(locale, concern.state) })) };
  }
  switch (action.type) {
    case 'ack': {
      if (concern.state !== 'open') {
        return repeated(t(locale, 'ack.already', { ref: concern.ref, name: concern.acknowledgedBy?.name ?? '—' }));
      }
      const note = cleanText(ctx, identity, action.note ?? '', true);
      if ('ok' in note) return { done: note };
      const noteSent = note.text ? ` ${tl(locale, 'ack.noteSent', { name: concern.reporter.name })}` : '';
      return {
        change: {
          patch: { state: 'acknowledged', acknowledgedAt: ctx.clock.now(), acknowledgedBy: identity.person },
          event: { type: 'acknowledged', data: { teamId: concern.teamId, ...(note.text ? { note: note.text, redacted: note.redacted } : {}) } },
          notify: [{ kind: 'card_update' }, { kind: 'reporter_event' }],
          reply: t(locale, 'ack.done', { ref: concern.ref }) + noteSent,
          redaction: note,
        },
      };
    }
    case 'reply':
    case 'note':
    case 'add_info': {
      const text = cleanText(ctx, identity, action.text);
      if ('ok' in text) return { done: text };
      const orgName = directory.organizations.find((o) => o.id === concern.reporter.organizationId)?.name ?? '';
      const spec = {
        reply: { type: 'replied', notify: [{ kind: 'reporter_event' }, { kind: 'card_update' }], done: t(locale, 'reply.done', { name: concern.reporter.name, org: orgName }) },
        note: { type: 'noted', notify: [{ kind: 'team_event', teamId: concern.teamId ?? undefined }], done: t(locale, 'note.done') },
        add_info: { type: 'info_added', notify: [{ kind: 'team_event', teamId: concern.teamId ?? undefined }], done: t(locale, 'addInfo.done', { team: teamName(directory, concern.teamId) }) },
      } as const;
      const s = spec[action.type];
      return {
        change: {
          patch: {},
          event: { type: s.type, data: { text: text.text, redacted: text.redacted, teamId: concern.teamId } },
          notify: s.notify.map((n) => ({ ...n })),
          reply: s.done,
          redaction: text,
        },
      };
    }
    case 'reassign': {
      const target = findTeam(directory, action.teamId);
      if (!target) return { done: refuse('invalid', t(locale, 'error.unknownTeam'), t(locale, 'error.unknownTeam')) };
      if (target.id === concern.teamId) return { done: refuse('invalid', t(locale, 'error.sameTeam', { team: target.name }), t(locale, 'error.sameTeam', { team: target.name })) };
      const reason = cleanText(ctx, identity, action.reason ?? '', true);
      if ('ok' in reason) return { done: reason };
      const now = ctx.clock.now();
      const epoch = concern.slaEpoch + 1;
      const deadline = acknowledgeDeadline(ctx.calendar, now, slaFor(directory, concern.category, concern.urgency));
      return {
        change: {
          patch: { teamId: target.id, state: 'open', acknowledgedAt: null, acknowledgedBy: null, slaEpoch: epoch, escalationLevel: 0, acknowledgeDeadline: deadline },
          event: { type: 'reassigned', data: { fromTeam: concern.teamId, toTeam: target.id, reason: reason.text } },
          notify: [{ kind: 'card_update' }, { kind: 'team_card', teamId: target.id }, { kind: 'reporter_event' }],
          extraEffects: (updated) => armEscalation(ctx, updated, now),
          reply: t(locale, 'reassign.done', { ref: concern.ref, team: target.name }),
          redaction: reason,
        },
      };
    }
    case 'resolve': {
      const outcome = OUTCOMES.find((o) => o === action.outcome);
      if (!outcome) return { done: refuse('invalid', tl(locale, 'error.outcome'), tl(locale, 'error.outcome')) };
      const message = cleanText(ctx, identity, action.message ?? '', true);
      if ('ok' in message) return { done: message };
      return {
        change: {
          patch: { state: 'resolved', resolvedAt: ctx.clock.now(), outcome },
          event: { type: 'resolved', data: { outcome, message: message.text, redacted: message.redacted, teamId: concern.teamId } },
          notify: [{ kind: 'card_update' }, { kind: 'reporter_event' }],
          reply: `${t(locale, 'resolve.done', { ref: concern.ref })} ${outcomeLabel(locale, outcome)}.`,
          redaction: message,
        },
      };
    }
    case 'file_offered':
      return {
        change: {
          patch: {},
          event: { type: 'file_offered', data: { teamId: concern.teamId } },
          notify: [{ kind: 'card_update' }],
          reply: t(locale, 'files.recorded', { ref: concern.ref }),
        },
      };
    case 'withdraw': {
      const reason = cleanText(ctx, identity, action.reason ?? '', true);
      if ('ok' in reason) return { done: reason };
      return {
        change: {
          patch: { state: 'withdrawn', resolvedAt: ctx.clock.now() },
          event: { type: 'withdrawn', data: { reason: reason.text, teamId: concern.teamId } },
          notify: [{ kind: 'card_update' }, { kind: 'team_event', teamId: concern.teamId ?? undefined }],
          reply: t(locale, 'withdraw.done', { ref: concern.ref }),
          redaction: reason,
        },
      };
    }
  }
}

async function card(ctx: CoreContext, concern: Concern) {
  return renderTeamCard(ctx, concern, await ctx.store.listEvents(concern.id));
}

const MAX_ATTEMPTS = 5;
const MEASURED_EVENTS: ReadonlySet<string> = new Set(['acknowledged', 'replied', 'resolved', 'withdrawn', 'reassigned', 'asked', 'answered', 'reopened']);

export async function act(ctx: CoreContext, identity: Identity, concernId: string, action: ConcernAction): Promise<ActionResult> {
  const locale = identity.person.locale;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const concern = await ctx.store.getConcern(concernId);
    if (!concern || !canSee(ctx, identity, concern)) return refuse('not_found', t(locale, 'error.notFound'));
    const decision = await decide(ctx, identity, concern, action);
    if ('done' in decision) return decision.done;
    const { change } = decision;
    const now = ctx.clock.now();
    const actor: Actor = { kind: 'user', ...identity.person };
    const seq = concern.version + 1;
    const effects = change.notify.map((n) =>
      notifyEffect({ concernId, kind: n.kind, seq, ...(n.teamId ? { teamId: n.teamId } : {}) }, seq),
    );
    const projected = { ...concern, ...change.patch, version: concern.version + 1 } as Concern;
    if (change.extraEffects) effects.push(...change.extraEffects(projected));
    // Response times change with these events; the metrics queue recomputes them after the commit.
    if (MEASURED_EVENTS.has(change.event.type)) effects.push(metricsEffect(concernId, seq));
    // Once nobody is waiting for an acknowledgement, the epoch's pending ladder steps are moot.
    const stillWaiting = projected.state === 'open' && projected.slaEpoch === concern.slaEpoch;
    if (concern.state === 'open' && concern.slaEpoch > 0 && !stillWaiting) {
      effects.push(cancelEscalationEffect(concernId, concern.slaEpoch, seq, escalationJobIds(ctx, concern)));
    }
    const events = [...(change.before ?? []), change.event].map((e) => ({ ...e, data: { ...e.data, seq }, actor, at: now }));
    const updated = await ctx.store.updateConcern(concernId, concern.version, change.patch, events, effects);
    if (!updated) continue; // someone else changed it meanwhile: decide again on the fresh state
    ctx.kick();
    const reply = textMessage(change.reply, change.replyBlocks);
    const notice = change.redaction ? redactionNotice(locale, change.redaction) : null;
    if (notice) reply.blocks.push({ kind: 'context', text: notice });
    return { ok: true, repeated: false, concern: updated, reply, card: await card(ctx, updated) };
  }
  return refuse('conflict', t(locale, 'error.busy'));
}
