/**
 * Closing the loop with the reporter (issue 16, DESIGN.md "Concern lifecycle"): a responder asks a
 * question (the concern is `waiting` until the reporter answers), the reporter answers, says
 * whether the resolution helped, and may reopen it within `municipality.reopenWithinDays`.
 * These decide a change; commands.ts authorises, records and notifies it like every other action.
 */
import type { ConcernAction } from './api.js';
import { acknowledgeDeadline } from './deadline.js';
import { teamName, type CoreContext } from './context.js';
import { notifyEffect } from './effects.js';
import { armEscalation } from './escalation.js';
import type { Identity } from './identity.js';
import { stateLabel, t } from './i18n.js';
import { tl } from './loop-i18n.js';
import type { MessageBlock } from './messages.js';
import type { Concern, ConcernEvent } from './model.js';
import type { Effect } from './ports.js';
import { formatMoment } from './time-format.js';
import type { Change, Decision, TextCheck } from './commands.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The reporter may reopen until this moment: resolvedAt + reopenWithinDays (wall-clock days). */
export function reopenUntil(ctx: CoreContext, concern: Concern): Date | null {
  if (concern.state !== 'resolved' || !concern.resolvedAt) return null;
  return new Date(concern.resolvedAt.getTime() + ctx.directory.municipality.reopenWithinDays * DAY_MS);
}

/** The reminder to an unanswered question is due one business day after it was asked. */
export function reminderDueAt(ctx: CoreContext, askedAt: Date): Date {
  return acknowledgeDeadline(ctx.calendar, askedAt, { acknowledgeWithin: '1d', clock: 'business' });
}

/** The delayed job that reminds the reporter once; it re-checks that this question still waits. */
export function reminderEffect(ctx: CoreContext, concernId: string, seq: number, askedAt: Date): Effect {
  return notifyEffect({ concernId, kind: 'reporter_reminder', seq }, seq, reminderDueAt(ctx, askedAt));
}

/** The latest question event, the one a waiting concern waits on. */
export const lastAsked = (events: readonly ConcernEvent[]): ConcernEvent | undefined => [...events].reverse().find((e) => e.type === 'asked');

/** Buttons after "it did not help": Reopen within the window, else a new concern pre-filled from this one. */
export function afterNotHelpful(ctx: CoreContext, identity: Identity, concern: Concern): MessageBlock[] {
  const locale = identity.person.locale;
  const until = reopenUntil(ctx, concern);
  if (until && ctx.clock.now() <= until) {
    return [{ kind: 'actions', actions: [{ id: 'concern.reopen', label: t(locale, 'action.concern.reopen'), concernId: concern.id, style: 'primary' }] }];
  }
  return [newConcernOffer(identity, concern)];
}

export function newConcernOffer(identity: Identity, concern: Concern): MessageBlock {
  const locale = identity.person.locale;
  return { kind: 'actions', actions: [{ id: 'intake.open', label: t(locale, 'action.intake.open'), style: 'primary', args: { text: concern.description } }] };
}

type LoopAction = Extract<ConcernAction, { type: 'ask' | 'answer' | 'reopen' | 'feedback' }>;

export interface LoopTools {
  cleanText(raw: string, optional?: boolean): TextCheck;
  refuse(code: 'invalid' | 'conflict', text: string, extra?: MessageBlock[]): Decision;
  repeated(text: string, extra?: MessageBlock[]): Promise<Decision>;
}

/** Decides ask / answer / reopen / feedback once commands.ts has checked who may do it. */
export async function decideLoop(ctx: CoreContext, identity: Identity, concern: Concern, action: LoopAction, tools: LoopTools): Promise<Decision> {
  const locale = identity.person.locale;
  const now = ctx.clock.now();
  const team = teamName(ctx.directory, concern.teamId);
  const change = (c: Change): Decision => ({ change: c });
  switch (action.type) {
    case 'ask': {
      if (concern.state !== 'open' && concern.state !== 'acknowledged' && concern.state !== 'waiting') {
        return tools.refuse('conflict', tl(locale, 'error.waitingNotOpen', { ref: concern.ref, state: stateLabel(locale, concern.state) }));
      }
      const text = tools.cleanText(action.text);
      if ('ok' in text) return { done: text };
      const ackFirst = concern.state === 'open';
      return change({
        patch: { state: 'waiting', ...(ackFirst ? { acknowledgedAt: now, acknowledgedBy: identity.person } : {}) },
        before: ackFirst ? [{ type: 'acknowledged', data: { teamId: concern.teamId, viaQuestion: true } }] : [],
        event: { type: 'asked', data: { text: text.text, redacted: text.redacted, teamId: concern.teamId } },
        notify: [{ kind: 'card_update' }, { kind: 'reporter_event' }],
        extraEffects: (updated) => [reminderEffect(ctx, concern.id, updated.version, now)],
        reply: tl(locale, 'ask.done', { ref: concern.ref, name: concern.reporter.name, org: orgName(ctx, concern) }),
        redaction: text,
      });
    }
    case 'answer': {
      const text = tools.cleanText(action.text);
      if ('ok' in text) return { done: text };
      if (concern.state !== 'waiting') {
        const events = await ctx.store.listEvents(concern.id);
        const last = [...events].reverse().find((e) => e.type === 'answered' || e.type === 'asked');
        if (last?.type === 'answered' && last.data.text === text.text) return tools.repeated(tl(locale, 'answer.already', { ref: concern.ref }));
        return tools.refuse('conflict', tl(locale, 'answer.none', { ref: concern.ref }));
      }
      return change({
        patch: { state: 'acknowledged' },
        event: { type: 'answered', data: { text: text.text, redacted: text.redacted, teamId: concern.teamId } },
        notify: [{ kind: 'card_update' }, { kind: 'team_event', teamId: concern.teamId ?? undefined }],
        reply: tl(locale, 'answer.done', { team }),
        redaction: text,
      });
    }
    case 'reopen': {
      const until = reopenUntil(ctx, concern);
      if (!until) return tools.refuse('conflict', tl(locale, 'reopen.notResolved', { ref: concern.ref }));
      if (now > until) {
        const when = formatMoment(locale, until, now, ctx.directory.municipality.timezone);
        return tools.refuse('conflict', tl(locale, 'reopen.late', { ref: concern.ref, when }), [newConcernOffer(identity, concern)]);
      }
      const reason = tools.cleanText(action.reason);
      if ('ok' in reason) return { done: reason };
      const deadline = acknowledgeDeadline(ctx.calendar, now, ctx.directory.sla[concern.urgency]);
      return change({
        patch: {
          state: 'open',
          acknowledgedAt: null,
          acknowledgedBy: null,
          resolvedAt: null,
          outcome: null,
          slaEpoch: concern.slaEpoch + 1,
          escalationLevel: 0,
          acknowledgeDeadline: deadline,
        },
        event: { type: 'reopened', data: { reason: reason.text, redacted: reason.redacted, teamId: concern.teamId, outcome: concern.outcome } },
        notify: [{ kind: 'card_update' }, { kind: 'team_event', teamId: concern.teamId ?? undefined }],
        extraEffects: (updated) => armEscalation(ctx, updated, now),
        reply: tl(locale, 'reopen.done', { ref: concern.ref, team }),
        redaction: reason,
      });
    }
    case 'feedback': {
      if (concern.state !== 'resolved') return tools.refuse('conflict', tl(locale, 'feedback.notResolved', { ref: concern.ref }));
      const comment = tools.cleanText(action.comment ?? '', true);
      if ('ok' in comment) return { done: comment };
      const followUp = action.helpful ? [] : afterNotHelpful(ctx, identity, concern);
      const events = await ctx.store.listEvents(concern.id);
      const previous = [...events].reverse().find((e) => e.type === 'feedback' || e.type === 'resolved');
      if (previous?.type === 'feedback' && previous.data.helpful === action.helpful && !comment.text) {
        return tools.repeated(tl(locale, 'feedback.already', { ref: concern.ref }), followUp);
      }
      const until = reopenUntil(ctx, concern);
      const untilText = until ? formatMoment(locale, until, now, ctx.directory.municipality.timezone) : '';
      const canReopen = !!until && now <= until;
      return change({
        patch: {},
        event: { type: 'feedback', data: { helpful: action.helpful, comment: comment.text, redacted: comment.redacted, teamId: concern.teamId, outcome: concern.outcome } },
        notify: [{ kind: 'card_update' }, { kind: 'team_event', teamId: concern.teamId ?? undefined }],
        reply: action.helpful
          ? tl(locale, 'feedback.thanks', { ref: concern.ref })
          : canReopen
            ? tl(locale, 'feedback.thanksNo', { ref: concern.ref, until: untilText })
            : `${tl(locale, 'feedback.thanks', { ref: concern.ref })} ${tl(locale, 'reopen.late', { ref: concern.ref, when: untilText })}`,
        replyBlocks: followUp,
        redaction: comment,
      });
    }
  }
}

const orgName = (ctx: CoreContext, concern: Concern) =>
  ctx.directory.organizations.find((o) => o.id === concern.reporter.organizationId)?.name ?? '';
