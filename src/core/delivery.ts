/**
 * The notify step: turn what a delivery row owes into a neutral message for one destination and
 * hand it to that platform's messenger. Relayed text is read from the event log, never from the
 * job; cards are rendered from the concern's current state.
 */
import { findTeam, organizationName, teamName, type CoreContext } from './context.js';
import type { NotifyJob } from './effects.js';
import { t, urgencyLabel } from './i18n.js';
import type { MessageBlock, MessageTarget, NeutralMessage, SentMessageRef } from './messages.js';
import { SYSTEM, type Concern, type ConcernEvent, type Locale, type Platform } from './model.js';
import { DeliveryError, type Messengers } from './ports.js';
import { personLabel, renderTeamCard, reporterActions, textMessage } from './render.js';
import type { Team } from './directory.js';
import { formatDuration } from './time-format.js';
import { lastAsked } from './loop.js';
import { outcomeSentence, tl } from './loop-i18n.js';

export function teamTarget(team: Team): MessageTarget {
  if ('slack' in team.notify) return { platform: 'slack', kind: 'channel', channel: team.notify.slack.channel };
  const { conversationId, serviceUrl, tenantId } = team.notify.teams;
  return { platform: 'teams', kind: 'channel', conversationId, serviceUrl, tenantId };
}

const userTarget = (platform: Platform, userId: string): MessageTarget =>
  platform === 'slack' ? { platform, kind: 'user', userId } : { platform, kind: 'user', userId };

/** The change's event; when one change recorded two (acknowledged + asked), the last is the news. */
function eventFor(events: ConcernEvent[], seq: number | undefined): ConcernEvent | undefined {
  return [...events].reverse().find((e) => e.type !== 'notified' && e.data.seq === seq);
}

/** A headline and, when there is one, the person's own words as a block of their own. */
const withText = (headline: string, text: string | undefined, extra: MessageBlock[] = []): NeutralMessage =>
  textMessage(headline, [...(text ? [{ kind: 'text' as const, text }] : []), ...extra]);

const actorLabel = (ctx: CoreContext, e: ConcernEvent) => (e.actor.kind === 'user' ? personLabel(ctx.directory, e.actor) : '—');
const actorName = (e: ConcernEvent) => (e.actor.kind === 'user' ? e.actor.name : '—');
const actorOrg = (ctx: CoreContext, e: ConcernEvent) => (e.actor.kind === 'user' ? organizationName(ctx.directory, e.actor.organizationId) : '');

function reporterMessage(ctx: CoreContext, concern: Concern, event: ConcernEvent, locale: Locale): NeutralMessage | null {
  const base = { ref: concern.ref, name: actorName(event), org: actorOrg(ctx, event) };
  switch (event.type) {
    case 'acknowledged': {
      const note = event.data.note ? [{ kind: 'text' as const, text: `${tl(locale, 'reporter.ackNote', base)} ${String(event.data.note)}` }] : [];
      return withText(t(locale, 'reporter.acknowledged', base), undefined, note);
    }
    case 'replied':
      return withText(t(locale, 'reporter.reply', base), String(event.data.text ?? ''), reporterActions(locale, concern));
    case 'resolved':
      return resolvedMessage(ctx, concern, event, locale);
    case 'asked':
      return askedMessage(ctx, concern, event, locale, 'reporter.asked');
    case 'reassigned':
      return withText(t(locale, 'reporter.reassigned', { ref: concern.ref, team: teamName(ctx.directory, String(event.data.toTeam)) }), undefined);
    default:
      return null;
  }
}

function teamMessage(ctx: CoreContext, concern: Concern, event: ConcernEvent, locale: Locale): NeutralMessage | null {
  const base = { ref: concern.ref, name: actorName(event), org: actorOrg(ctx, event) };
  switch (event.type) {
    case 'info_added':
      return withText(t(locale, 'team.info', base), String(event.data.text ?? ''));
    case 'noted':
      return withText(t(locale, 'team.note', { ...base, name: actorLabel(ctx, event) }), String(event.data.text ?? ''));
    case 'withdrawn':
      return withText(t(locale, 'team.withdrawn', base), event.data.reason ? String(event.data.reason) : undefined);
    case 'answered':
      return withText(tl(locale, 'team.answered', base), String(event.data.text ?? ''));
    case 'reopened':
      return withText(tl(locale, 'team.reopened', base), String(event.data.reason ?? ''));
    case 'feedback':
      return withText(tl(locale, event.data.helpful ? 'team.feedback.yes' : 'team.feedback.no', base), event.data.comment ? String(event.data.comment) : undefined);
    case 'escalated':
      return withText(t(locale, 'team.reminder', { ref: concern.ref, duration: formatDuration(locale, Number(event.data.elapsedMinutes ?? 0)) }), undefined);
    default:
      return null;
  }
}

/** The question with an Answer button (and, for the reminder, the same words as a reminder). */
function askedMessage(ctx: CoreContext, concern: Concern, event: ConcernEvent, locale: Locale, key: 'reporter.asked' | 'reporter.askReminder'): NeutralMessage {
  const headline = tl(locale, key, { ref: concern.ref, name: actorName(event), org: actorOrg(ctx, event), team: teamName(ctx.directory, concern.teamId) });
  return withText(headline, String(event.data.text ?? ''), [
    { kind: 'actions', actions: [{ id: 'concern.answer', label: t(locale, 'action.concern.answer'), concernId: concern.id, style: 'primary' }] },
  ]);
}

/** The outcome in plain words, the team's message, and "did it help?" with a comment field. */
function resolvedMessage(ctx: CoreContext, concern: Concern, event: ConcernEvent, locale: Locale): NeutralMessage {
  const team = teamName(ctx.directory, String(event.data.teamId ?? concern.teamId));
  const headline = tl(locale, 'reporter.resolvedOutcome', { ref: concern.ref, name: actorName(event), team, sentence: outcomeSentence(locale, String(event.data.outcome ?? 'other')) });
  const blocks: MessageBlock[] = [];
  if (event.data.message) blocks.push({ kind: 'text', text: `${tl(locale, 'reporter.resolvedMessage', { team })} ${String(event.data.message)}` });
  if (concern.state === 'resolved') {
    const feedback = (helpful: boolean) => ({ id: 'concern.feedback' as const, label: tl(locale, helpful ? 'feedback.yes' : 'feedback.no'), concernId: concern.id, args: { helpful } });
    blocks.push(
      { kind: 'text', text: tl(locale, 'reporter.feedbackAsk') },
      { kind: 'input', id: 'comment', label: tl(locale, 'form.feedback.comment') },
      { kind: 'actions', actions: [{ ...feedback(true), style: 'primary' }, feedback(false)] },
    );
  }
  return withText(headline, undefined, blocks);
}

/** The reminder re-checks when it fires: still waiting, and on this very question. */
function reminderMessage(ctx: CoreContext, concern: Concern, events: ConcernEvent[], job: NotifyJob): NeutralMessage | null {
  const asked = lastAsked(events);
  if (concern.state !== 'waiting' || !asked || asked.data.seq !== job.seq) return null;
  return askedMessage(ctx, concern, asked, concern.reporter.locale, 'reporter.askReminder');
}

/** A platform that is off is an administrator's to fix: the delivery waits (DESIGN.md "Deliveries"). */
export function messengerFor(messengers: Messengers, platform: Platform, attempt?: DeliveryAttempt) {
  if (attempt) attempt.platform = platform;
  const messenger = messengers[platform];
  if (!messenger) throw new DeliveryError('platform_off', `${platform} is not configured, so nobody there can be reached`, undefined, { reason: 'platform_off' });
  return messenger;
}

/** Filled in while delivering: the recipient's platform and the message reference once sent. */
export interface DeliveryAttempt {
  platform: Platform | null;
  ref: SentMessageRef | null;
  /** For cards: the concern version they were rendered from (see refreshCards). */
  renderedVersion?: number;
}

/**
 * Cards never stale: a card rendered from a version that changed while it was on its way (the
 * change's own card update may have run before this card existed) is rendered again from the
 * current state, on every copy. Called after the delivery's outcome (and reference) is recorded.
 */
export async function refreshCards(ctx: CoreContext, messengers: Messengers, concernId: string, renderedVersion: number): Promise<void> {
  let seen = renderedVersion;
  for (let round = 0; round < 3; round++) {
    const latest = await ctx.store.getConcern(concernId);
    if (!latest || latest.version === seen) return;
    const [events, copies] = await Promise.all([ctx.store.listEvents(concernId), ctx.store.listMessageRefs(concernId, 'team_card')]);
    for (const { targetKey, ref } of copies) {
      await messengerFor(messengers, ref.platform).update(ref, renderTeamCard(ctx, latest, events, targetKey), ctx.directory.municipality.language);
    }
    seen = latest.version;
  }
}

export async function deliver(
  ctx: CoreContext,
  messengers: Messengers,
  job: NotifyJob,
  attempt: DeliveryAttempt = { platform: null, ref: null },
): Promise<'sent' | 'skipped'> {
  const concern = await ctx.store.getConcern(job.concernId);
  if (!concern) return 'skipped';
  const messengerOf = (platform: Platform) => messengerFor(messengers, platform, attempt);
  const events = await ctx.store.listEvents(concern.id);
  const teamLocale = ctx.directory.municipality.language;
  const record = (data: Record<string, unknown>) =>
    ctx.store.appendEvents(concern.id, [{ type: 'notified', actor: SYSTEM, at: ctx.clock.now(), data: { kind: job.kind, seq: job.seq ?? null, ...data } }]);

  if (job.kind === 'team_card' || job.kind === 'card_update') attempt.renderedVersion = concern.version;
  switch (job.kind) {
    case 'team_card': {
      const team = findTeam(ctx.directory, job.teamId);
      if (!team) throw new DeliveryError('validation', `unknown team ${job.teamId}`);
      const target = teamTarget(team);
      const card = renderTeamCard(ctx, concern, events, team.id);
      // The backup team's card says why it came (not a card sent late to a team that lost the concern).
      const escalated = eventFor(events, job.seq);
      if (team.id !== concern.teamId && escalated?.type === 'escalated') {
        const text = t(teamLocale, 'team.backup', {
          ref: concern.ref,
          team: teamName(ctx.directory, concern.teamId),
          duration: formatDuration(teamLocale, Number(escalated?.data.elapsedMinutes ?? 0)),
        });
        card.blocks.unshift({ kind: 'text', text });
        card.summary = text;
      }
      const ref = await messengerOf(target.platform).send(target, card, teamLocale);
      attempt.ref = ref;
      // The delivery row keeps the reference (card updates find it there); no second write here.
      await record({ teamId: team.id, platform: target.platform });
      return 'sent';
    }
    case 'card_update': {
      const refs = await ctx.store.listMessageRefs(concern.id, 'team_card');
      for (const { targetKey, ref } of refs) {
        await messengerOf(ref.platform).update(ref, renderTeamCard(ctx, concern, events, targetKey), teamLocale);
      }
      return refs.length > 0 ? 'sent' : 'skipped';
    }
    case 'reporter_event': {
      const event = eventFor(events, job.seq);
      const message = event && reporterMessage(ctx, concern, event, concern.reporter.locale);
      if (!message) return 'skipped';
      const target = userTarget(concern.reporter.platform, concern.reporter.userId);
      attempt.ref = await messengerOf(target.platform).send(target, message, concern.reporter.locale);
      await record({ to: 'reporter', platform: target.platform, about: event.type });
      return 'sent';
    }
    case 'reporter_reminder': {
      const message = reminderMessage(ctx, concern, events, job);
      if (!message) return 'skipped';
      const target = userTarget(concern.reporter.platform, concern.reporter.userId);
      attempt.ref = await messengerOf(target.platform).send(target, message, concern.reporter.locale);
      await record({ to: 'reporter', platform: target.platform, about: 'reminder' });
      return 'sent';
    }
    case 'team_event': {
      const team = findTeam(ctx.directory, job.teamId ?? concern.teamId);
      const event = eventFor(events, job.seq);
      const message = event && team && teamMessage(ctx, concern, event, teamLocale);
      if (!message || !team) return 'skipped';
      const target = teamTarget(team);
      attempt.ref = await messengerOf(target.platform).send(target, message, teamLocale);
      await record({ teamId: team.id, platform: target.platform, about: event.type });
      return 'sent';
    }
    case 'manager_event': {
      const event = eventFor(events, job.seq);
      const [platform, userId] = (job.recipient ?? '').split('/') as [Platform, string];
      if (!event || !userId) return 'skipped';
      const text = t(teamLocale, 'team.managers', {
        ref: concern.ref,
        team: teamName(ctx.directory, concern.teamId),
        duration: formatDuration(teamLocale, Number(event.data.elapsedMinutes ?? 0)),
      });
      const message: NeutralMessage = {
        summary: text,
        blocks: [
          { kind: 'text', text },
          { kind: 'fields', fields: [{ label: t(teamLocale, 'card.urgency'), value: urgencyLabel(teamLocale, concern.urgency) }] },
        ],
      };
      attempt.ref = await messengerOf(platform).send(userTarget(platform, userId), message, teamLocale);
      await record({ to: 'manager', platform });
      return 'sent';
    }
  }
}
