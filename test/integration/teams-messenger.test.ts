/**
 * The Teams messenger through the real botbuilder connector client, against the fake Bot
 * Connector over plain HTTP with no credentials (unauthenticated mode).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBotFramework } from '../../adapters/teams/sdk.js';
import { createTeamsMessenger } from '../../adapters/teams/messenger.js';
import { createReferenceKeeper } from '../../adapters/teams/references.js';
import type { NeutralMessage } from '../../src/core/messages.js';
import { DeliveryError, type ConversationRefs, type Messenger } from '../../src/core/ports.js';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.js';

const TENANT = '96e48123-c98e-4de6-90db-c6e03b4c8d59';
const CHANNEL = '19:9f1bd6f9d5a9b1b9e4710525282187d4@thread.tacv2';
const MANAGER = '549aab56-e138-4300-9bf9-3af70864365c';

function memoryRefs(): ConversationRefs & { saved: Map<string, Record<string, unknown>> } {
  const saved = new Map<string, Record<string, unknown>>();
  return {
    saved,
    async saveConversationRef(platform, userId, ref) {
      saved.set(`${platform}/${userId}`, ref);
    },
    async getConversationRef(platform, userId) {
      return saved.get(`${platform}/${userId}`) ?? null;
    },
  };
}

const message: NeutralMessage = {
  summary: 'Ny bekymring BB-2026-0042',
  blocks: [
    { kind: 'header', text: 'BB-2026-0042 · Barn i mistrivsel' },
    { kind: 'text', text: 'Beskrivelse med *stjerner*' },
  ],
};

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DeliveryError) return err;
    throw err;
  }
  throw new Error('expected a DeliveryError');
}

describe('Teams messenger', () => {
  let connector: FakeBotConnector;
  let refs: ReturnType<typeof memoryRefs>;
  let messenger: Messenger;

  beforeAll(async () => {
    connector = await startFakeBotConnector({ region: 'emea' });
  });
  afterAll(async () => {
    await connector.close();
  });
  beforeEach(() => {
    connector.reset();
    refs = memoryRefs();
    const framework = createBotFramework(
      { appType: 'MultiTenant', allowUnauthenticated: true },
      { onActivity: async () => ({ replies: [] }) },
      pino({ level: 'silent' }),
    );
    messenger = createTeamsMessenger({
      connector: framework.connector,
      references: createReferenceKeeper(refs),
      // The directory: the manager belongs to the municipality's tenant; nobody else is known.
      recipientTenant: (userId) => (userId === MANAGER ? TENANT : undefined),
    });
  });

  const channelTarget = () => ({ platform: 'teams' as const, kind: 'channel' as const, conversationId: CHANNEL, serviceUrl: connector.serviceUrl, tenantId: TENANT });

  it('posts a card to a team channel with SendToConversation, without a token, and can update it', async () => {
    const sent = await messenger.send(channelTarget(), message, 'da');
    const [call] = connector.calls;
    expect(call).toMatchObject({ kind: 'send', method: 'POST', conversationId: CHANNEL, status: 201 });
    expect(call!.path.startsWith('/emea/v3/conversations/')).toBe(true);
    expect(call!.headers.authorization).toBeUndefined();
    expect(call!.body).toMatchObject({ type: 'message', summary: message.summary });
    expect(connector.cardsOf(call!)[0]).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(sent).toEqual({
      platform: 'teams',
      ref: { conversationId: CHANNEL, activityId: call!.responseId, serviceUrl: connector.serviceUrl, tenantId: TENANT },
    });

    await messenger.update(sent, { summary: 'Opdateret', blocks: [{ kind: 'text', text: 'Kvitteret' }] }, 'da');
    const update = connector.calls[1];
    expect(update).toMatchObject({ kind: 'update', method: 'PUT', conversationId: CHANNEL, activityId: call!.responseId });
    expect(update!.body).toMatchObject({ type: 'message', id: call!.responseId });
  });

  it('writes to a person through their stored 1:1 conversation', async () => {
    await refs.saveConversationRef('teams', MANAGER, {
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id: 'a:1manager-chat', tenantId: TENANT, conversationType: 'personal' },
      user: { id: '29:1manager', aadObjectId: MANAGER },
    });
    await messenger.send({ platform: 'teams', kind: 'user', userId: MANAGER }, message, 'da');
    expect(connector.calls).toHaveLength(1);
    expect(connector.calls[0]).toMatchObject({ kind: 'send', conversationId: 'a:1manager-chat' });
  });

  it("opens a 1:1 chat in the recipient's own tenant for someone who never wrote, and remembers it", async () => {
    // A caretaker in another tenant wrote last: that must not decide where the manager's chat opens.
    await refs.saveConversationRef('teams', '~service:tenant-vestbo', { serviceUrl: 'http://127.0.0.1:1/vestbo/', tenantId: 'tenant-vestbo', botId: '28:bot' });
    await refs.saveConversationRef('teams', '~service:last', { serviceUrl: 'http://127.0.0.1:1/vestbo/', tenantId: 'tenant-vestbo', botId: '28:bot' });
    await refs.saveConversationRef('teams', `~service:${TENANT}`, { serviceUrl: connector.serviceUrl, tenantId: TENANT, botId: '28:bot' });
    await messenger.send({ platform: 'teams', kind: 'user', userId: MANAGER }, message, 'da');
    const [create, send] = connector.calls;
    expect(create).toMatchObject({ kind: 'create_conversation', method: 'POST' });
    expect(create!.body).toMatchObject({ isGroup: false, tenantId: TENANT, members: [{ id: MANAGER }], channelData: { tenant: { id: TENANT } } });
    expect(send).toMatchObject({ kind: 'send', conversationId: create!.responseId });
    expect(refs.saved.get(`teams/${MANAGER}`)).toMatchObject({ conversation: { id: create!.responseId, tenantId: TENANT } });

    connector.reset();
    await messenger.send({ platform: 'teams', kind: 'user', userId: MANAGER }, message, 'da');
    expect(connector.calls.map((c) => c.kind)).toEqual(['send']);
  });

  it('opens no chat in a tenant seen last for someone the directory gives no tenant', async () => {
    await refs.saveConversationRef('teams', '~service:last', { serviceUrl: connector.serviceUrl, tenantId: 'tenant-vestbo', botId: '28:bot' });
    const error = await rejection(messenger.send({ platform: 'teams', kind: 'user', userId: 'unlisted-person' }, message, 'da'));
    expect(error.code).toBe('not_found');
    expect(connector.calls).toHaveLength(0);
  });

  it('says not_found when a person cannot be reached at all', async () => {
    const error = await rejection(messenger.send({ platform: 'teams', kind: 'user', userId: 'someone-nobody-knows' }, message, 'da'));
    expect(error.code).toBe('not_found');
    expect(connector.calls).toHaveLength(0);
  });

  it('turns a 429 into rate_limited with Retry-After, at once (the workflow owns retries)', async () => {
    connector.failNext(429, { retryAfterSeconds: 3 });
    const error = await rejection(messenger.send(channelTarget(), message, 'da'));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(3_000);
    expect(connector.calls).toHaveLength(1);
  });

  it('turns a 503 into unavailable, and an unknown message into not_found', async () => {
    connector.failNext(503);
    expect((await rejection(messenger.send(channelTarget(), message, 'da'))).code).toBe('unavailable');
    connector.failNext(404, { kinds: ['update'] });
    const ref = { platform: 'teams' as const, ref: { conversationId: CHANNEL, activityId: '1:gone', serviceUrl: connector.serviceUrl } };
    expect((await rejection(messenger.update(ref, message, 'da'))).code).toBe('not_found');
  });

  it('treats an unreachable connector as unavailable', async () => {
    const target = { ...channelTarget(), serviceUrl: 'http://127.0.0.1:1/emea/' };
    expect((await rejection(messenger.send(target, message, 'da'))).code).toBe('unavailable');
  });

  it('refuses a reference that is not a Teams one', async () => {
    const error = await rejection(messenger.update({ platform: 'slack', ref: { channel: 'C1', ts: '1.2' } }, message, 'da'));
    expect(error.code).toBe('validation');
  });
});
