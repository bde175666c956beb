/**
 * The Slack messenger against the fake Web API over real HTTP: what the notify workflow relies on
 * (refs it can update later, and typed errors it can turn into retry behaviour).
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackMessenger } from '../../adapters/slack/messenger.js';
import type { NeutralMessage } from '../../src/core/messages.js';
import { DeliveryError, type Messenger } from '../../src/core/ports.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.js';

const card: NeutralMessage = {
  summary: 'Ny bekymring BB-2026-0001',
  blocks: [
    { kind: 'header', text: 'BB-2026-0001 · Hjemløshed' },
    { kind: 'actions', actions: [{ id: 'concern.ack', label: 'Kvittér', concernId: 'c-1', style: 'primary' }] },
  ],
};

describe('Slack messenger', () => {
  let slack: FakeSlack;
  let messenger: Messenger;
  const clientFor = (token: string) =>
    new webApi.WebClient(token, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });

  beforeAll(async () => {
    slack = await startFakeSlack({ token: 'xoxb-test' });
    messenger = createSlackMessenger(clientFor('xoxb-test'));
  });
  beforeEach(() => slack.reset());
  afterAll(async () => {
    await slack?.close();
  });

  it('posts a card to a channel and can update it through the returned ref', async () => {
    const sent = await messenger.send({ platform: 'slack', kind: 'channel', channel: 'C0TEAM0001' }, card, 'da');
    expect(sent.platform).toBe('slack');
    expect(sent.ref).toEqual({ channel: 'C0TEAM0001', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    const posted = slack.calls('chat.postMessage')[0]!;
    expect(posted.token).toBe('xoxb-test');
    expect(posted.args.text).toBe('Ny bekymring BB-2026-0001');
    expect(posted.args.unfurl_links).toBe('false');

    await messenger.update(sent, { ...card, summary: 'Kvitteret' }, 'da');
    const updated = slack.calls('chat.update')[0]!;
    expect(updated.args).toMatchObject({ channel: 'C0TEAM0001', ts: sent.ref.ts, text: 'Kvitteret' });
  });

  it('reaches a user in their DM with the bot', async () => {
    const sent = await messenger.send({ platform: 'slack', kind: 'user', userId: 'U0REPORTER1' }, card, 'da');
    expect(slack.calls('chat.postMessage')[0]!.args.channel).toBe('U0REPORTER1');
    expect(sent.ref).toMatchObject({ channel: 'D0REPORTER1' });
  });

  it('threads when asked to', async () => {
    await messenger.send({ platform: 'slack', kind: 'channel', channel: 'C1', threadTs: '1.000001' }, card, 'da');
    expect(slack.calls('chat.postMessage')[0]!.args.thread_ts).toBe('1.000001');
  });

  it('turns a 429 into rate_limited with Retry-After', async () => {
    slack.rateLimit('chat.postMessage', 1, 2);
    const error = await messenger.send({ platform: 'slack', kind: 'channel', channel: 'C1' }, card, 'da').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 2000 });
    // The next attempt goes through.
    await expect(messenger.send({ platform: 'slack', kind: 'channel', channel: 'C1' }, card, 'da')).resolves.toEqual({ platform: 'slack', ref: { channel: 'C1', ts: expect.any(String) } });
  });

  it('reports missing channels, bad tokens and foreign refs with their codes', async () => {
    slack.failNext('chat.postMessage', 'channel_not_found');
    await expect(messenger.send({ platform: 'slack', kind: 'channel', channel: 'C404' }, card, 'da')).rejects.toMatchObject({ code: 'not_found' });

    const wrongToken = createSlackMessenger(clientFor('xoxb-wrong'));
    await expect(wrongToken.send({ platform: 'slack', kind: 'channel', channel: 'C1' }, card, 'da')).rejects.toMatchObject({ code: 'auth' });

    await expect(messenger.update({ platform: 'teams', ref: { activityId: 'x' } }, card, 'da')).rejects.toMatchObject({ code: 'validation' });
    await expect(
      messenger.send({ platform: 'teams', kind: 'user', userId: 'x' }, card, 'da'),
    ).rejects.toMatchObject({ code: 'validation' });
  });
});
