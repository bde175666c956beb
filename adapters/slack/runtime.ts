/**
 * What every Slack handler needs, and the few ways the adapter talks back to one person:
 * resolve who they are, answer them privately, update the message they clicked.
 */
import type { webApi } from './sdk.js';
import type { Logger } from 'pino';
import type { BrobyggerCore } from '../../src/core/api.js';
import { localeFrom, type Identity, type PlatformUser } from '../../src/core/identity.js';
import type { NeutralMessage } from '../../src/core/messages.js';
import type { Locale } from '../../src/core/model.js';
import type { DeliveryDedupe, IntakeDrafts } from '../../src/core/ports.js';
import { slackErrorCode, toDeliveryError } from './errors.js';
import { postImages } from './files.js';
import type { ClickedMessage, SlackUserRef } from './parse.js';
import { renderMessage, type RenderedMessage } from './render.js';
import { slackText } from './strings.js';
import { decodeSlackText } from './text.js';
import type { SlackUsers } from './users.js';

export interface SlackRuntime {
  core: BrobyggerCore;
  client: webApi.WebClient;
  users: SlackUsers;
  dedupe: DeliveryDedupe;
  drafts: IntakeDrafts;
  logger: Logger;
  defaultLocale: Locale;
}

export interface Person {
  user: PlatformUser;
  identity: Identity | null;
  locale: Locale;
}

export async function whoIs(rt: SlackRuntime, ref: SlackUserRef): Promise<Person> {
  const user = await rt.users.platformUser(ref);
  const identity = rt.core.identify(user);
  // Ids only: who was turned away is an operator's question, what they wrote is not.
  if (!identity) rt.logger.info({ reason: 'unknown user', userId: user.userId, workspaceId: user.workspaceId }, 'request refused: unknown user');
  return { user, identity, locale: identity?.person.locale ?? localeFrom(user.locale, rt.defaultLocale) };
}

/** Slack redelivers events it thinks we missed; true when this delivery is the first. */
export async function firstDelivery(rt: SlackRuntime, key: string, ttlSeconds = 3600): Promise<boolean> {
  try {
    return await rt.dedupe.firstTime(key, ttlSeconds);
  } catch (error) {
    // Better to answer twice than never: the core's own idempotency still guards concerns.
    rt.logger.warn({ err: error }, 'delivery dedupe unavailable; processing anyway');
    return true;
  }
}

const MAX_RATE_LIMIT_WAIT_MS = 30_000;

/** Follow-ups to a click happen outside any queue, so a 429 is waited out once, here. */
export async function withRateLimitRetry<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const mapped = toDeliveryError(error);
    if (mapped.code !== 'rate_limited' || (mapped.retryAfterMs ?? 0) > MAX_RATE_LIMIT_WAIT_MS) throw error;
    await new Promise((resolve) => setTimeout(resolve, mapped.retryAfterMs));
    return call();
  }
}

async function postDirect(rt: SlackRuntime, userId: string, rendered: RenderedMessage): Promise<void> {
  await withRateLimitRetry(() =>
    rt.client.chat.postMessage({ channel: userId, ...rendered, unfurl_links: false, unfurl_media: false }),
  );
}

/**
 * Answers one person privately: an ephemeral message where they are (channel or DM), or a DM
 * when there is no channel or the bot cannot post there (e.g. a slash command in someone else's DM).
 */
export async function tell(
  rt: SlackRuntime,
  to: { userId: string; channelId?: string },
  message: NeutralMessage | RenderedMessage,
): Promise<void> {
  const rendered = 'summary' in message ? renderMessage(message) : message;
  try {
    if (to.channelId) {
      try {
        await withRateLimitRetry(() =>
          rt.client.chat.postEphemeral({ channel: to.channelId!, user: to.userId, ...rendered }),
        );
        return;
      } catch (error) {
        const code = slackErrorCode(error);
        if (!code) throw error;
        rt.logger.info({ platform: 'slack', slackError: code }, 'ephemeral not possible here; answering by DM');
      }
    }
    await postDirect(rt, to.userId, rendered);
  } catch (error) {
    rt.logger.error({ err: toDeliveryError(error), platform: 'slack' }, 'could not answer the user');
  }
}

/** Posts into a conversation the person is having with the bot (their DM). */
export async function say(rt: SlackRuntime, channel: string, message: NeutralMessage | RenderedMessage): Promise<void> {
  const rendered = 'summary' in message ? renderMessage(message) : message;
  try {
    await withRateLimitRetry(() =>
      rt.client.chat.postMessage({ channel, ...rendered, unfurl_links: false, unfurl_media: false }),
    );
    // A digest asked for in the DM brings its chart along (files:write).
    if ('summary' in message) await postImages(rt.client, channel, message);
  } catch (error) {
    rt.logger.error({ err: toDeliveryError(error), platform: 'slack' }, 'could not answer in the conversation');
  }
}

export async function updateClicked(rt: SlackRuntime, clicked: ClickedMessage, message: NeutralMessage): Promise<void> {
  try {
    await withRateLimitRetry(() =>
      rt.client.chat.update({ channel: clicked.channel, ts: clicked.ts, ...renderMessage(message) }),
    );
  } catch (error) {
    // The notify workflow updates every stored card as well; this is only the quick path.
    rt.logger.warn({ err: toDeliveryError(error), platform: 'slack' }, 'could not update the clicked message');
  }
}

export function genericFailure(locale: Locale): NeutralMessage {
  const text = slackText(locale, 'failure.generic');
  return { summary: text, blocks: [{ kind: 'text', text }] };
}

export function textMessage(text: string): NeutralMessage {
  return { summary: text, blocks: [{ kind: 'text', text }] };
}

/** At most this many users.info look-ups per message; further mentions keep their label or id. */
const MAX_NAMED_MENTIONS = 10;

/**
 * Message or command text as the person typed it, with mentioned users by name (users.info,
 * cached); see text.ts. Done before redaction, classification, storage and relay.
 */
export function textForPeople(rt: SlackRuntime, text: string): Promise<string> {
  return decodeSlackText(text, async (ids) => {
    const names = new Map<string, string>();
    for (const userId of ids.slice(0, MAX_NAMED_MENTIONS)) {
      const user = await rt.users.platformUser({ userId });
      if (user.name) names.set(userId, user.name);
    }
    return names;
  });
}
