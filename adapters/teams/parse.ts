/**
 * Bot Framework activities (as Teams sends them) → our own inbound events. Validated with zod;
 * anything we do not act on becomes an explicit 'unsupported' event instead of an exception.
 */
import { z } from 'zod';
import type { PlatformUser } from '../../src/core/identity.js';
import { ACTION_IDS, type ActionId } from '../../src/core/messages.js';
import { teamsTextForPeople } from './text.js';

const accountSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
  role: z.string().optional(),
});

const activitySchema = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  channelId: z.string().optional(),
  serviceUrl: z.string().min(1),
  from: accountSchema,
  recipient: accountSchema.optional(),
  conversation: z.looseObject({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string() }).optional() }).optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  name: z.string().optional(),
  replyToId: z.string().optional(),
  locale: z.string().optional(),
  entities: z.array(z.looseObject({ type: z.string().optional() })).optional(),
  membersAdded: z.array(accountSchema).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string().optional() })).optional(),
  action: z.string().optional(),
});
type RawActivity = z.infer<typeof activitySchema>;

const cardDataSchema = z.looseObject({
  action: z.enum(ACTION_IDS),
  concernId: z.string().min(1).optional(),
  formId: z.string().min(1).max(100).optional(),
  step: z.enum(['submit', 'cancel']).optional(),
  helpful: z.boolean().optional(),
  /** The intake form was begun from a message with a file (never forwarded; the concern records it). */
  filesOffered: z.boolean().optional(),
});

const executeValueSchema = z.looseObject({
  action: z.looseObject({
    type: z.literal('Action.Execute'),
    verb: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** The value of an `application/search` invoke (dynamic typeahead of an Input.ChoiceSet). */
const searchValueSchema = z.looseObject({
  dataset: z.string().min(1).max(200),
  queryText: z.string().max(500).optional(),
  queryOptions: z.looseObject({ skip: z.number().int().min(0).max(100_000).optional(), top: z.number().int().min(1).max(1000).optional() }).optional(),
});

export type ConversationScope = 'personal' | 'channel' | 'groupChat';

export interface InboundContext {
  /** Platform activity id: the key for redelivery dedupe (with the conversation id). */
  activityId: string | undefined;
  conversationId: string;
  scope: ConversationScope;
  serviceUrl: string;
  tenantId: string | undefined;
  /** The person who acted; null when Teams sent no Entra object id (e.g. the Emulator). */
  user: PlatformUser | null;
  locale: string | undefined;
  /** The message a card action was pressed on. */
  replyToId: string | undefined;
  botId: string | undefined;
}

export interface CardData {
  action: ActionId;
  concernId?: string;
  formId?: string;
  step?: 'submit' | 'cancel';
  /** concern.feedback: did the resolution help? */
  helpful?: boolean;
  /** Input values Teams merged into the action data (Input.* ids → strings). */
  inputs: Record<string, string>;
  filesOffered?: boolean;
}

export type TeamsInbound =
  | { kind: 'text'; context: InboundContext; text: string; filesOffered: boolean }
  | { kind: 'card_action'; context: InboundContext; via: 'execute' | 'submit'; data: CardData }
  | { kind: 'installed'; context: InboundContext; members: PlatformUser[] }
  /** A person typing into a long list's search field; `dataset` names the list (forms.ts). */
  | { kind: 'search'; context: InboundContext; dataset: string; query: string; skip: number; top: number }
  | { kind: 'unsupported'; reason: string; isInvoke: boolean; context?: InboundContext };

function scopeOf(raw: RawActivity): ConversationScope {
  const type = raw.conversation.conversationType;
  if (type === 'channel' || type === 'groupChat' || type === 'personal') return type;
  return raw.conversation.isGroup ? 'groupChat' : 'personal';
}

function userOf(account: z.infer<typeof accountSchema>, tenantId: string | undefined, locale: string | undefined): PlatformUser | null {
  if (!account.aadObjectId) return null;
  return {
    platform: 'teams',
    userId: account.aadObjectId,
    ...(account.name ? { name: account.name } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(locale ? { locale } : {}),
  };
}

function contextOf(raw: RawActivity): InboundContext {
  const tenantId = raw.channelData?.tenant?.id ?? raw.conversation.tenantId;
  return {
    activityId: raw.id,
    conversationId: raw.conversation.id,
    scope: scopeOf(raw),
    serviceUrl: raw.serviceUrl,
    tenantId,
    user: userOf(raw.from, tenantId, raw.locale),
    locale: raw.locale,
    replyToId: raw.replyToId,
    botId: raw.recipient?.id,
  };
}

/** The message text as the person typed it, without the `<at>Bot</at>` mention Teams puts in channel messages. */
export function textWithoutBotMention(raw: Pick<RawActivity, 'text' | 'entities' | 'recipient'>): string {
  const botMentions: string[] = [];
  for (const entity of raw.entities ?? []) {
    if (entity.type !== 'mention') continue;
    const mentioned = accountSchema.safeParse(entity.mentioned);
    const mentionText = typeof entity.text === 'string' ? entity.text : undefined;
    if (mentioned.success && mentionText && (!raw.recipient || mentioned.data.id === raw.recipient.id)) botMentions.push(mentionText);
  }
  return teamsTextForPeople(raw.text ?? '', botMentions);
}

/**
 * Pictures and files people attach (image/*, application/vnd.microsoft.teams.file.download.info, …),
 * as opposed to the text/html copy of the message and cards Teams adds itself.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4
 */
function isFile(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return contentType !== 'text/html' && contentType !== 'text/plain' && !contentType.startsWith('application/vnd.microsoft.card.');
}

function cardData(data: unknown, fallbackAction?: string): CardData | null {
  if (!data || typeof data !== 'object') return null;
  const record = data as Record<string, unknown>;
  const parsed = cardDataSchema.safeParse({ action: fallbackAction, ...record });
  if (!parsed.success) return null;
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (['action', 'concernId', 'formId', 'step', 'helpful', 'filesOffered', 'msteams'].includes(key)) continue;
    if (typeof value === 'string') inputs[key] = value;
  }
  const { action, concernId, formId, step, helpful, filesOffered } = parsed.data;
  return {
    action,
    inputs,
    ...(filesOffered ? { filesOffered } : {}),
    ...(concernId ? { concernId } : {}),
    ...(formId ? { formId } : {}),
    ...(step ? { step } : {}),
    ...(helpful !== undefined ? { helpful } : {}),
  };
}

export function parseActivity(body: unknown): TeamsInbound {
  const isInvoke = !!body && typeof body === 'object' && (body as { type?: unknown }).type === 'invoke';
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) return { kind: 'unsupported', reason: 'not a Bot Framework activity', isInvoke };
  const raw = parsed.data;
  const context = contextOf(raw);
  const unsupported = (reason: string): TeamsInbound => ({ kind: 'unsupported', reason, isInvoke, context });

  if (raw.from.role === 'bot' || (raw.recipient && raw.from.id === raw.recipient.id)) return unsupported('own message');

  switch (raw.type) {
    case 'message': {
      if (raw.value !== undefined && raw.value !== null) {
        const data = cardData(raw.value);
        return data ? { kind: 'card_action', context, via: 'submit', data } : unsupported('card submit without a known action');
      }
      const text = textWithoutBotMention(raw);
      const filesOffered = (raw.attachments ?? []).some((a) => isFile(a.contentType));
      return text || filesOffered ? { kind: 'text', context, text, filesOffered } : unsupported('empty message');
    }
    case 'invoke': {
      if (raw.name === 'application/search') {
        const search = searchValueSchema.safeParse(raw.value);
        if (!search.success) return unsupported('application/search without a dataset');
        const { dataset, queryText, queryOptions } = search.data;
        return { kind: 'search', context, dataset, query: queryText ?? '', skip: queryOptions?.skip ?? 0, top: queryOptions?.top ?? 15 };
      }
      if (raw.name !== 'adaptiveCard/action') return unsupported(`invoke ${raw.name ?? '(no name)'}`);
      const value = executeValueSchema.safeParse(raw.value);
      if (!value.success) return unsupported('adaptiveCard/action without an Action.Execute');
      const data = cardData(value.data.action.data ?? {}, value.data.action.verb);
      return data ? { kind: 'card_action', context, via: 'execute', data } : unsupported('card action without a known action');
    }
    case 'conversationUpdate': {
      const members = (raw.membersAdded ?? [])
        .filter((m) => m.id !== raw.recipient?.id)
        .map((m) => userOf(m, context.tenantId, raw.locale))
        .filter((u): u is PlatformUser => u !== null);
      // The bot itself among membersAdded: it was added to a team (again).
      const botAdded = (raw.membersAdded ?? []).some((m) => m.id === raw.recipient?.id);
      return members.length > 0 || botAdded ? { kind: 'installed', context, members } : unsupported('conversation update without new people');
    }
    case 'installationUpdate': {
      if (raw.action !== undefined && !raw.action.startsWith('add')) return unsupported(`installation ${raw.action}`);
      return { kind: 'installed', context, members: context.user ? [context.user] : [] };
    }
    default:
      return unsupported(`activity type ${raw.type}`);
  }
}
