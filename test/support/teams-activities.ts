/**
 * Inbound Teams activities for tests, shaped like the recorded traffic in
 * shared/platform-payloads/teams (09 personal message, 10 channel mention, 13 Action.Submit,
 * 14 Action.Execute invoke, 11b/12 installs), with serviceUrl pointing at a fake Bot Connector.
 */
import { createHash, randomUUID } from 'node:crypto';

export interface TeamsPerson {
  /** Microsoft Entra object id: what the directory lists. */
  aadObjectId: string;
  name: string;
}

export interface ActivityBase {
  serviceUrl: string;
  tenantId: string;
  user: TeamsPerson;
  /** The bot's "28:<appId>" id (recipient). */
  botId?: string;
  locale?: string;
  /** Activity id; a new one when left out. Reuse it to simulate a redelivery. */
  id?: string;
}

export const DEFAULT_BOT_ID = '28:6a0a8e43-4f0c-4d52-a3a6-1b3f0c1e2d9a';

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

/** Teams' "29:…" id for a user, stable per object id. */
export const teamsUserId = (aadObjectId: string) => `29:1${digest(`user:${aadObjectId}`)}${digest(aadObjectId).slice(0, 20)}`;

/** The id of the bot's 1:1 conversation with a user, stable per user. */
export const personalConversationId = (aadObjectId: string) => `a:1${digest(`chat:${aadObjectId}`)}${digest(`x${aadObjectId}`)}`;

let sequence = 0;
const messageId = () => `${Date.now()}${String((sequence += 1) % 1000).padStart(3, '0')}`;
const invokeId = () => `f:${randomUUID()}`;

function common(base: ActivityBase) {
  const locale = base.locale ?? 'da-DK';
  return {
    channelId: 'msteams',
    serviceUrl: base.serviceUrl,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    from: { id: teamsUserId(base.user.aadObjectId), name: base.user.name, aadObjectId: base.user.aadObjectId },
    recipient: { id: base.botId ?? DEFAULT_BOT_ID, name: 'Brobygger' },
    entities: [{ locale, country: 'DK', platform: 'Web', type: 'clientInfo' }],
    locale,
  };
}

const personalConversation = (base: ActivityBase) => ({
  conversationType: 'personal',
  tenantId: base.tenantId,
  id: personalConversationId(base.user.aadObjectId),
});

const channelConversation = (base: ActivityBase, channelId: string, rootMessageId: string) => ({
  isGroup: true,
  conversationType: 'channel',
  tenantId: base.tenantId,
  id: `${channelId};messageid=${rootMessageId}`,
});

const channelData = (base: ActivityBase, channelId?: string) => ({
  ...(channelId ? { teamsChannelId: channelId, teamsTeamId: channelId, channel: { id: channelId }, team: { id: channelId } } : {}),
  tenant: { id: base.tenantId },
});

/** Like 09: a message in the personal chat with the bot. */
export function personalMessage(base: ActivityBase & { text: string }) {
  return {
    text: base.text,
    textFormat: 'plain',
    type: 'message',
    id: base.id ?? messageId(),
    ...common(base),
    conversation: personalConversation(base),
    channelData: channelData(base),
  };
}

/** Like 10: a channel message that @mentions the bot. */
export function channelMention(base: ActivityBase & { text: string; channelId: string }) {
  const id = base.id ?? messageId();
  const mention = '<at>Brobygger</at>';
  const activity = common(base);
  return {
    text: `${mention} ${base.text}\n`,
    textFormat: 'plain',
    type: 'message',
    id,
    ...activity,
    conversation: channelConversation(base, base.channelId, id),
    entities: [{ mentioned: { id: activity.recipient.id, name: 'Brobygger' }, text: mention, type: 'mention' }, ...activity.entities],
    channelData: channelData(base, base.channelId),
  };
}

export interface CardClick {
  /** The card's data (action, concernId, step…) merged with the input values, as Teams sends it. */
  data: Record<string, unknown>;
  /** The id of the message holding the card. */
  replyToId: string;
  /** Set for a card in a team channel; left out for the personal chat. */
  channelId?: string;
  title?: string;
}

/** Like 14: an Action.Execute press (invoke adaptiveCard/action). */
export function executeAction(base: ActivityBase & CardClick) {
  const scope = base.channelId
    ? { conversation: channelConversation(base, base.channelId, base.replyToId), channelData: { ...channelData(base, base.channelId), source: { name: 'message' }, legacy: { replyToId: base.replyToId } } }
    : { conversation: personalConversation(base), channelData: { ...channelData(base), source: { name: 'message' }, legacy: { replyToId: base.replyToId } } };
  return {
    type: 'invoke',
    id: base.id ?? invokeId(),
    ...common(base),
    ...scope,
    value: {
      action: { type: 'Action.Execute', title: base.title ?? String(base.data.action ?? ''), verb: base.data.action, data: base.data },
      trigger: 'manual',
    },
    name: 'adaptiveCard/action',
    replyToId: base.replyToId,
  };
}

/** Like 13: an Action.Submit press, which Teams delivers as a message with `value`. */
export function submitAction(base: ActivityBase & CardClick) {
  const scope = base.channelId
    ? { conversation: channelConversation(base, base.channelId, base.replyToId), channelData: { ...channelData(base, base.channelId), source: { name: 'message' } } }
    : { conversation: personalConversation(base), channelData: { ...channelData(base), source: { name: 'message' } } };
  return {
    type: 'message',
    id: base.id ?? `f:${Date.now()}${(sequence += 1)}`,
    ...common(base),
    ...scope,
    replyToId: base.replyToId,
    value: base.data,
  };
}

/** Like 11b (with real-looking ids): the bot was added to a personal chat. */
export function personalInstall(base: ActivityBase) {
  const activity = common(base);
  return {
    membersAdded: [{ id: activity.recipient.id }, { id: activity.from.id, aadObjectId: base.user.aadObjectId }],
    type: 'conversationUpdate',
    id: base.id ?? `f:${randomUUID().slice(0, 8)}`,
    ...activity,
    conversation: { conversationType: 'personal', tenantId: base.tenantId, id: personalConversationId(base.user.aadObjectId) },
    channelData: channelData(base),
  };
}

/** Like 12: the app was installed in a team. */
export function teamInstall(base: ActivityBase & { channelId: string }) {
  return {
    type: 'installationUpdate',
    id: base.id ?? `f:${randomUUID()}`,
    ...common(base),
    conversation: { isGroup: true, id: base.channelId, name: 'General', conversationType: 'channel', tenantId: base.tenantId },
    channelData: { settings: { selectedChannel: { id: base.channelId } }, ...channelData(base, base.channelId), source: { name: 'message' } },
    action: 'add',
  };
}

// ---------------------------------------------------------------------------------------------
// Reading what the bot sent: Adaptive Card contents, as a person would see them.

type Json = Record<string, unknown>;

function walk(node: unknown, visit: (o: Json) => boolean | void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  if (visit(node as Json) === true) return;
  for (const value of Object.values(node as Json)) walk(value, visit);
}

/** Every visible text of a card (TextBlocks, facts, labels, button titles), markdown escapes removed. */
export function cardTexts(card: unknown): string {
  const out: string[] = [];
  walk(card, (o) => {
    for (const key of ['text', 'title', 'value', 'label', 'errorMessage']) if (typeof o[key] === 'string') out.push(o[key]);
  });
  return out.join('\n').replace(/\\([\\`*_[\]()<>~|#&!.+-])/g, '$1');
}

/** The Input.* element with this id. */
export function findInput(card: unknown, id: string): Json | undefined {
  let found: Json | undefined;
  walk(card, (o) => {
    if (found) return true;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && o.id === id) {
      found = o;
      return true;
    }
  });
  return found;
}

/** The Action.Execute button whose data.action is this. */
export function findAction(card: unknown, action: string): (Json & { data?: Json }) | undefined {
  let found: Json | undefined;
  walk(card, (o) => {
    if (found) return true;
    if (o.type === 'Action.Execute' && (o.data as Json | undefined)?.action === action) {
      found = o;
      return true;
    }
  });
  return found;
}
