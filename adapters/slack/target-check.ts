/**
 * Can the bot post in a team channel right now? `conversations.info` says whether the channel
 * exists, is archived and has the bot as a member (scopes channels:read, groups:read).
 * https://api.slack.com/methods/conversations.info
 */
import { z } from 'zod';
import type { TargetProblem } from '../../src/core/ports.js';
import { toDeliveryError } from './errors.js';
import { webApi } from './sdk.js';

const infoSchema = z.looseObject({
  channel: z.looseObject({ id: z.string(), is_archived: z.boolean().optional(), is_member: z.boolean().optional() }),
});

export async function checkSlackChannel(client: webApi.WebClient, channel: string): Promise<TargetProblem | null> {
  let result: unknown;
  try {
    result = await client.conversations.info({ channel });
  } catch (error) {
    const mapped = toDeliveryError(error);
    return { reason: mapped.reason, detail: mapped.message };
  }
  const info = infoSchema.safeParse(result);
  if (!info.success) return { reason: 'unavailable', detail: 'conversations.info answered without a channel' };
  if (info.data.channel.is_archived) return { reason: 'channel_archived', detail: `Slack channel ${channel} is archived` };
  if (info.data.channel.is_member === false) return { reason: 'not_in_channel', detail: `the bot is not a member of Slack channel ${channel}` };
  return null;
}

/** A target check without the rest of the adapter, for `brobygger doctor`. */
export function createSlackTargetCheck(config: { botToken: string; apiUrl?: string }) {
  const client = new webApi.WebClient(config.botToken, {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
  });
  return (channel: string) => checkSlackChannel(client, channel);
}
