/**
 * One inbound activity, decided without the SDK: parse → ignore own/unsupported → dedupe
 * redeliveries → who is it (unknown people get an explanation and nothing is stored) → keep the
 * conversation reference → text intents, card buttons, installation greetings.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BrobyggerCore } from '../../src/core/api.js';
import { localeFrom, type Identity } from '../../src/core/identity.js';
import { t } from '../../src/core/i18n.js';
import type { DeliveryDedupe } from '../../src/core/ports.js';
import { handleConcernAction } from './concern-actions.js';
import { noticeAnswer, outcomeFor, type Answer } from './answer.js';
import { linkImages, type ImageLinks } from './images.js';
import { errorReply, messageReply, searchReply } from './cards.js';
import { DEPARTMENTS_DATASET } from './forms.js';
import { searchChoices } from '../../src/core/choice-search.js';
import type { Choice } from '../../src/core/api.js';
import type { TurnLogic, TurnOutcome } from './connector.js';
import type { OutgoingActivity } from './cards.js';
import { openIntake, startIntake, submitIntake, type IntakeDeps } from './intake.js';
import { parseActivity, type InboundContext, type TeamsInbound } from './parse.js';
import type { ReferenceKeeper } from './references.js';
import { plainText } from '../../src/core/plain-text.js';
import { renderActivity } from './render.js';
import { teamsText } from './strings.js';

/** Longer than Teams' redelivery window. */
const DEDUPE_TTL_SECONDS = 24 * 60 * 60;

export interface TurnDeps {
  core: BrobyggerCore;
  dedupe: DeliveryDedupe;
  references: ReferenceKeeper;
  logger: Logger;
  newFormId?: () => string;
  /** Where the digest's chart is published for the card (PUBLIC_URL). */
  images?: ImageLinks;
}

const NOTHING: TurnOutcome = { replies: [] };

type Inbound<K extends TeamsInbound['kind']> = Extract<TeamsInbound, { kind: K }>;

export function createTurnLogic(deps: TurnDeps): TurnLogic {
  const { core, logger } = deps;
  const intake: IntakeDeps = { core, newFormId: deps.newFormId ?? randomUUID };

  const deliveryKey = (context: InboundContext) =>
    context.activityId ? `teams:${context.conversationId}:${context.activityId}` : undefined;

  /** Only for people the directory knows: of anyone else nothing is kept. */
  async function remember(context: InboundContext, identity: Identity, reference: Record<string, unknown>) {
    try {
      if (context.tenantId) {
        await deps.references.rememberService({
          serviceUrl: context.serviceUrl,
          tenantId: context.tenantId,
          ...(context.botId ? { botId: context.botId } : {}),
        });
      }
      // Only a personal chat is the way back to a person; a channel belongs to the team.
      if (context.scope === 'personal') await deps.references.rememberUser(identity.person.userId, reference);
    } catch (err) {
      logger.warn({ component: 'teams', err }, 'could not store the Teams conversation reference');
    }
  }

  /**
   * A file that does not begin a new concern is recorded on the reporter's latest active concern
   * (core.fileOffered); one that comes with a new concern's words travels in its form instead.
   */
  async function fileRecorded(identity: Identity): Promise<OutgoingActivity[]> {
    const recorded = await core.fileOffered(identity);
    if (!recorded) return [];
    const text = t(identity.person.locale, 'files.recorded', { ref: recorded.ref });
    return [renderActivity({ summary: text, blocks: [{ kind: 'text', text }] })];
  }

  async function onText(event: Inbound<'text'>, identity: Identity): Promise<TurnOutcome> {
    const filesNotice = event.filesOffered ? [renderActivity(coreNotice(identity, 'files.notForwarded'))] : [];
    if (event.filesOffered && event.text === '') return { replies: [...filesNotice, ...(await fileRecorded(identity))] };
    const intent = core.interpretText(event.text);
    const newConcern = intent.kind === 'concern' && event.context.scope === 'personal' && identity.isReporter;
    // Lists of concerns are never shown where more than one person reads along.
    const shared = event.context.scope !== 'personal';
    const reply = async () => {
      switch (intent.kind) {
        case 'help':
          return [renderActivity(core.help(identity))];
        case 'status':
          return [renderActivity(shared ? coreNotice(identity, 'lists.personalOnly') : await core.status(identity))];
        case 'digest':
          return [renderActivity(shared ? coreNotice(identity, 'lists.personalOnly') : await linkImages(await core.digest(identity, intent.week), deps.images))];
        case 'concern':
          if (event.context.scope !== 'personal') return [renderActivity(noticeMessage(identity, 'personalOnly'))];
          // Someone who cannot raise concerns (municipal staff) is better served by the help text.
          if (!identity.isReporter) return [renderActivity(core.help(identity))];
          {
            // Free text while a question waits for this reporter is their answer (src/core/answer-from-chat.ts).
            const answered = await core.answerFromChat(identity, intent.text);
            if (answered) return [renderActivity(answered.reply), ...(event.filesOffered ? await fileRecorded(identity) : [])];
          }
          return startIntake(intake, identity, intent.text, event.filesOffered);
      }
    };
    const recorded = event.filesOffered && !newConcern ? await fileRecorded(identity) : [];
    return { replies: [...filesNotice, ...recorded, ...(await reply())] };
  }

  async function onCardAction(event: Inbound<'card_action'>, identity: Identity, firstTime: boolean): Promise<TurnOutcome> {
    const { data, via } = event;
    const locale = identity.person.locale;
    let answer: Answer;
    if (data.action === 'intake.submit') {
      // A redelivered submit is answered again: the form id makes it the same concern.
      answer = await submitIntake(intake, identity, data, deliveryKey(event.context));
    } else if (!firstTime) {
      return via === 'execute' ? { replies: [], invoke: messageReply(teamsText(locale, 'alreadyHandled')) } : NOTHING;
    } else if (data.action === 'intake.open') {
      answer = identity.isReporter ? openIntake(intake, identity, data.inputs.text ?? '') : noticeAnswer(plainText(core.help(identity)));
    } else {
      answer = await handleConcernAction(core, identity, data);
    }
    return outcomeFor(answer, via);
  }

  /** Typeahead in a long list: the departments of the person's association, or the teams to reassign to. */
  async function onSearch(event: Inbound<'search'>, identity: Identity | null): Promise<TurnOutcome> {
    let choices: Choice[] = [];
    if (identity && event.dataset === DEPARTMENTS_DATASET) choices = identity.isReporter ? core.intakeChoices(identity).departments : [];
    else if (identity && event.dataset.startsWith('reassign:')) choices = await core.reassignChoices(identity, event.dataset.slice('reassign:'.length));
    const page = searchChoices(choices, event.query, { skip: event.skip, top: event.top });
    return { replies: [], invoke: searchReply(page.results.map((c) => ({ title: c.label, value: c.value }))) };
  }

  async function onInstalled(event: Inbound<'installed'>, identity: Identity | null): Promise<TurnOutcome> {
    // The app was (re-)added: deliveries that waited for it (403 BotNotInConversationRoster) go now.
    await core.deliveryTargetChanged('teams').catch((err: unknown) => logger.warn({ component: 'teams', err }, 'could not release waiting deliveries'));
    // Greet only in a personal chat; a team install is silent, but the administrator needs these
    // values for the team's `notify.teams` in the directory (ids, not content).
    if (event.context.scope !== 'personal') {
      const { conversationId, serviceUrl, tenantId } = event.context;
      logger.info({ component: 'teams', conversationId, serviceUrl, tenantId }, 'Brobygger was added to a Teams team; use these values for notify.teams in the directory');
      return NOTHING;
    }
    if (!identity) return { replies: [renderActivity(core.unknownUser(localeFrom(event.context.locale, 'da')))] };
    return { replies: [renderActivity(core.help(identity))] };
  }

  function coreNotice(identity: Identity, key: 'files.notForwarded' | 'lists.personalOnly') {
    const text = t(identity.person.locale, key);
    return { summary: text, blocks: [{ kind: 'text' as const, text }] };
  }

  function noticeMessage(identity: Identity, key: Parameters<typeof teamsText>[1]) {
    const text = teamsText(identity.person.locale, key);
    return { summary: text, blocks: [{ kind: 'text' as const, text }] };
  }

  function unknownOutcome(event: TeamsInbound & { context: InboundContext }): TurnOutcome {
    const message = core.unknownUser(localeFrom(event.context.locale, 'da'));
    if (event.kind === 'card_action' && event.via === 'execute') return { replies: [], invoke: messageReply(plainText(message)) };
    return { replies: [renderActivity(message)] };
  }

  return {
    async onActivity(activity, reference) {
      const event = parseActivity(activity);
      if (event.kind === 'unsupported') {
        logger.debug({ component: 'teams', reason: event.reason }, 'Teams activity ignored');
        return event.isInvoke ? { replies: [], invoke: errorReply(400, 'NotSupported', event.reason) } : NOTHING;
      }
      const { context } = event;
      const key = deliveryKey(context);
      const firstTime = key ? await deps.dedupe.firstTime(key, DEDUPE_TTL_SECONDS) : true;
      const isInvoke = (event.kind === 'card_action' && event.via === 'execute') || event.kind === 'search';
      // A redelivered message is dropped; a redelivered invoke still needs an answer.
      if (!firstTime && !isInvoke && !(event.kind === 'card_action' && event.data.action === 'intake.submit')) return NOTHING;

      const identity = context.user ? core.identify(context.user) : null;
      // A silent team install is no refusal; ids only, never text.
      if (!identity && (event.kind !== 'installed' || context.scope === 'personal')) {
        logger.info({ component: 'teams', reason: 'unknown user', userId: context.user?.userId, tenantId: context.tenantId }, 'request refused: unknown user');
      }
      if (identity && firstTime) await remember(context, identity, reference);
      switch (event.kind) {
        case 'installed':
          return onInstalled(event, identity);
        case 'text':
          return identity ? onText(event, identity) : unknownOutcome(event);
        case 'card_action':
          return identity ? onCardAction(event, identity, firstTime) : unknownOutcome(event);
        case 'search':
          return onSearch(event, identity);
      }
    },
  };
}
