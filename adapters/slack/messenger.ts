/**
 * The outbound port on Slack: chat.postMessage / chat.update. A 'user' target is the bot's DM with
 * that user (Slack opens it when the channel is a user id). Failures leave as DeliveryErrors.
 */
import type { webApi } from './sdk.js';
import { z } from 'zod';
import type { MessageTarget, NeutralMessage, SentMessageRef } from '../../src/core/messages.js';
import type { Locale } from '../../src/core/model.js';
import { DeliveryError, type Messenger } from '../../src/core/ports.js';
import { toDeliveryError } from './errors.js';
import { renderMessage } from './render.js';
import { checkSlackChannel } from './target-check.js';

const slackRefSchema = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
export type SlackMessageRef = z.infer<typeof slackRefSchema>;

const postResultSchema = z.looseObject({ channel: z.string().min(1), ts: z.string().min(1) });

export function createSlackMessenger(client: webApi.WebClient): Messenger {
  return {
    async send(target: MessageTarget, message: NeutralMessage, _locale: Locale): Promise<SentMessageRef> {
      if (target.platform !== 'slack') throw new DeliveryError('validation', 'not a Slack target');
      const channel = target.kind === 'channel' ? target.channel : target.userId;
      const threadTs = target.kind === 'channel' ? target.threadTs : undefined;
      let result: unknown;
      try {
        result = await client.chat.postMessage({
          channel,
          ...renderMessage(message),
          ...(threadTs ? { thread_ts: threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (error) {
        throw toDeliveryError(error);
      }
      const posted = postResultSchema.safeParse(result);
      if (!posted.success) throw new DeliveryError('unavailable', 'chat.postMessage answered without channel/ts');
      const ref: SlackMessageRef = { channel: posted.data.channel, ts: posted.data.ts };
      return { platform: 'slack', ref };
    },

    async update(ref: SentMessageRef, message: NeutralMessage, _locale: Locale): Promise<void> {
      const parsed = slackRefSchema.safeParse(ref.ref);
      if (ref.platform !== 'slack' || !parsed.success) throw new DeliveryError('validation', 'not a Slack message ref');
      try {
        await client.chat.update({ channel: parsed.data.channel, ts: parsed.data.ts, ...renderMessage(message) });
      } catch (error) {
        throw toDeliveryError(error);
      }
    },

    async checkTarget(target: MessageTarget) {
      if (target.platform !== 'slack' || target.kind !== 'channel') return null;
      return checkSlackChannel(client, target.channel);
    },
  };
}
