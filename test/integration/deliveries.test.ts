/**
 * "Nothing owed is ever lost": a team card owed while its target fails reaches the team exactly
 * once after the fault is fixed — Slack not_in_channel then the bot is invited, Teams 403
 * BotNotInConversationRoster then the app is added back, the platform off then on across a
 * restart, Slack answering service_unavailable while Redis restarts empty, and a 429 with
 * Retry-After. Real Redis (the test's own redis-server), real database, fake platforms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { startLocalRedis } from '../../src/app/redis-server.js';
import type { Directory } from '../../src/core/directory.js';
import type { Concern } from '../../src/core/model.js';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.js';
import { createRecordingMessenger } from '../support/recording-messenger.js';
import { startTestRedis, startTestService, type TestService } from '../support/service.js';
import { eventCallback, postToSlackEndpoint } from '../support/slack-requests.js';
import { teamInstall } from '../support/teams-activities.js';

const SECRET = 'test-secret';
const WORKSPACE = 'T0UQ7C1X54X';
const JENS = { platform: 'slack' as const, userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', workspaceId: WORKSPACE };
const BOLIG_CHANNEL = '19:53d4a316a5b3ccb90db2cbf31643a48e@thread.tacv2';
const KOMMUNE_TENANT = '96e48123-c98e-4de6-90db-c6e03b4c8d59';
const SLACK_CHANNEL = 'C0BOLIG001';
/** Waiting deliveries are retried only when a signal or a restart says so, within the test. */
const NEVER = 60 * 60_000;

const form = (description: string) => ({
  category: 'homelessness',
  departmentId: 'havnegaarden',
  address: 'Havnegade 12',
  urgency: 'normal',
  description,
  residentKnows: 'no',
});

/** The sample directory with the homelessness team on Slack (or on Teams at the fake connector). */
function directoryWith(notify: 'slack' | { serviceUrl: string }): Directory {
  const sample = loadDirectoryOrThrow();
  return {
    ...sample,
    teams: sample.teams.map((t) => {
      if (t.id !== 'bolig-indgang' || !('teams' in t.notify)) return t;
      return notify === 'slack'
        ? { ...t, notify: { slack: { channel: SLACK_CHANNEL } } }
        : { ...t, notify: { teams: { ...t.notify.teams, serviceUrl: notify.serviceUrl } } };
    }),
  };
}

async function raise(service: TestService, description: string): Promise<Concern> {
  const result = await service.core.submitIntake(service.core.identify(JENS)!, form(description));
  if (result.kind !== 'created') throw new Error(`not created: ${result.kind}`);
  return result.concern;
}

async function teamCardDelivery(service: TestService, concernId: string) {
  const rows = await service.database.sql.query<{ id: string }>(`SELECT id FROM deliveries WHERE concern_id = $1 AND kind = 'team_card'`, [concernId]);
  return rows[0] ? service.database.deliveries.getDelivery(rows[0].id) : null;
}

const cardsTo = (slack: FakeSlack, concern: Concern) =>
  slack.calls('chat.postMessage').filter((c) => c.response.ok === true && c.args.channel === SLACK_CHANNEL && JSON.stringify(c.args.blocks).includes(concern.ref));

/** After everything settled: one more dispatcher and reconciler pass must not send anything again. */
async function settle(service: TestService) {
  await service.workflows.outbox.dispatchOnce();
  await service.workflows.reconciler?.runOnce();
  await service.waitFor(async () => (await service.workflows.queues.notify.getJobCounts('waiting', 'active', 'delayed')).waiting === 0);
}

describe('deliveries that wait for an administrator', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  async function slackService(slack: FakeSlack, extra: Parameters<typeof startTestService>[0] = {}) {
    const service = await startTestService({
      env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl },
      directory: directoryWith('slack'),
      waitingRetryMs: NEVER,
      messengers: { teams: createRecordingMessenger('teams') },
      ...extra,
    });
    cleanups.push(() => service.stop());
    return service;
  }

  it('sends the card with its buttons once the bot is invited to the channel (Slack not_in_channel)', async () => {
    const slack = await startFakeSlack({ token: 'xoxb-test', teamId: WORKSPACE });
    cleanups.push(() => slack.close());
    slack.failNext('chat.postMessage', 'not_in_channel', 1_000);
    const service = await slackService(slack);

    const concern = await raise(service, 'En mand sover i kælderen');
    const waiting = await service.waitFor(async () => {
      const row = await teamCardDelivery(service, concern.id);
      return row?.state === 'waiting' ? row : null;
    });
    expect(waiting).toMatchObject({ platform: 'slack', reason: 'not_in_channel' });
    const ready = (await (await fetch(`${service.baseUrl}/readyz`)).json()) as { status: string; waitingDeliveries: { concern: string; reason: string }[] };
    expect(ready.status).toBe('ready');
    expect(ready.waitingDeliveries).toEqual([expect.objectContaining({ concern: concern.ref, kind: 'team_card', platform: 'slack', reason: 'not_in_channel' })]);
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toContain('brobygger_deliveries{state="waiting",platform="slack"} 1');

    // The administrator invites the bot: Slack sends member_joined_channel.
    slack.failNext('chat.postMessage', 'not_in_channel', 0);
    const joined = eventCallback({ teamId: WORKSPACE, event: { type: 'member_joined_channel', user: 'U0BOT00001', channel: SLACK_CHANNEL, channel_type: 'C', team: WORKSPACE } }, { secret: SECRET });
    expect((await postToSlackEndpoint(service.baseUrl, joined)).status).toBe(200);

    await service.waitFor(async () => (await teamCardDelivery(service, concern.id))?.state === 'delivered');
    await settle(service);
    const cards = cardsTo(slack, concern);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(cards[0]!.args.blocks)).toContain('concern.ack');
    const delivered = await teamCardDelivery(service, concern.id);
    expect(delivered?.messageRef).toEqual({ platform: 'slack', ref: { channel: SLACK_CHANNEL, ts: cards[0]!.response.ts } });
  }, 60_000);

  it('sends the card once the app is added back to the team (Teams 403 BotNotInConversationRoster)', async () => {
    const connector: FakeBotConnector = await startFakeBotConnector();
    cleanups.push(() => connector.close());
    connector.failNext(403, { times: 1_000, code: 'BotNotInConversationRoster', kinds: ['send'] });
    const service = await startTestService({
      env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true' },
      directory: directoryWith({ serviceUrl: connector.serviceUrl }),
      waitingRetryMs: NEVER,
      messengers: { slack: createRecordingMessenger('slack') },
    });
    cleanups.push(() => service.stop());

    const concern = await raise(service, 'Familien er sat ud af lejligheden');
    const waiting = await service.waitFor(async () => {
      const row = await teamCardDelivery(service, concern.id);
      return row?.state === 'waiting' ? row : null;
    });
    expect(waiting).toMatchObject({ platform: 'teams', reason: 'bot_removed' });

    connector.reset();
    const install = teamInstall({ serviceUrl: connector.serviceUrl, tenantId: KOMMUNE_TENANT, user: { aadObjectId: '1480c9ac-e930-4eaf-97f9-ca7d41d2161a', name: 'Mette Kristensen' }, channelId: BOLIG_CHANNEL });
    const res = await fetch(`${service.baseUrl}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(install) });
    expect(res.status).toBeLessThan(300);

    await service.waitFor(async () => (await teamCardDelivery(service, concern.id))?.state === 'delivered');
    await settle(service);
    const cards = connector.calls.filter((c) => c.kind === 'send' && c.conversationId === BOLIG_CHANNEL && c.status === 201);
    expect(cards).toHaveLength(1);
    expect(JSON.stringify(connector.cardsOf(cards[0]!))).toContain(concern.ref);
  }, 60_000);

  it('keeps a card owed on a platform that is off, and sends it after a restart with the platform on', async () => {
    const redis = await startTestRedis();
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-deliveries-'));
    cleanups.push(async () => {
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const env = { DATABASE_URL: `pglite:${join(dataDir, 'pg')}` };
    const slack = createRecordingMessenger('slack');
    const first = await startTestService({ redis, env, messengers: { slack }, waitingRetryMs: NEVER });
    const concern = await raise(first, 'En ældre mand åbner ikke døren');
    const waiting = await first.waitFor(async () => {
      const row = await teamCardDelivery(first, concern.id);
      return row?.state === 'waiting' ? row : null;
    });
    expect(waiting).toMatchObject({ platform: 'teams', reason: 'platform_off' });
    await first.stop();

    const teams = createRecordingMessenger('teams');
    const second = await startTestService({ redis, env, messengers: { slack, teams }, waitingRetryMs: NEVER });
    cleanups.push(() => second.stop());
    await second.waitFor(async () => (await teamCardDelivery(second, concern.id))?.state === 'delivered');
    await settle(second);
    const cards = teams.sent().filter((r) => r.target?.kind === 'channel' && JSON.stringify(r.message).includes(concern.ref));
    expect(cards).toHaveLength(1);
  }, 60_000);

  it('delivers every card once after Slack answered 503 for a while and Redis restarted empty', async () => {
    const redis = await startTestRedis();
    cleanups.push(() => redis.stop());
    const slack = await startFakeSlack({ token: 'xoxb-test', teamId: WORKSPACE });
    cleanups.push(() => slack.close());
    slack.failNext('chat.postMessage', 'service_unavailable', 1_000);
    const service = await slackService(slack, { redis });

    const concerns: Concern[] = [];
    for (let i = 0; i < 6; i++) concerns.push(await raise(service, `Uro i opgang ${i}`));
    // Every card has been tried and is waiting in Redis for its retry.
    await service.waitFor(async () => {
      const rows = await Promise.all(concerns.map((c) => teamCardDelivery(service, c.id)));
      return rows.every((row) => row?.state === 'pending' && row.attempts >= 1);
    }, { timeoutMs: 20_000 });

    // Redis restarts with nothing: no retry jobs, no escalation steps.
    await redis.stop();
    rmSync(redis.dataDir, { recursive: true, force: true });
    const again = await startLocalRedis({ dataDir: mkdtempSync(join(tmpdir(), 'bb-redis-empty-')), port: redis.port });
    redis.stop = again.stop;
    slack.failNext('chat.postMessage', 'service_unavailable', 0);

    await service.waitFor(async () => (await service.workflows.reconciler!.runOnce()) >= 0 && (await service.workflows.queues.escalate.getDelayed()).length === concerns.length, { timeoutMs: 20_000 });
    await service.waitFor(async () => {
      const rows = await Promise.all(concerns.map((c) => teamCardDelivery(service, c.id)));
      return rows.every((row) => row?.state === 'delivered');
    }, { timeoutMs: 30_000 });
    await settle(service);
    for (const concern of concerns) expect(cardsTo(slack, concern)).toHaveLength(1);
  }, 90_000);

  it('waits out a 429 for its Retry-After and then sends the card once', async () => {
    const slack = await startFakeSlack({ token: 'xoxb-test', teamId: WORKSPACE });
    cleanups.push(() => slack.close());
    slack.rateLimit('chat.postMessage', 1, 2, SLACK_CHANNEL);
    const service = await slackService(slack);

    const concern = await raise(service, 'Naboerne klager over støj hver nat');
    await service.waitFor(async () => (await teamCardDelivery(service, concern.id))?.state === 'delivered', { timeoutMs: 20_000 });
    await settle(service);
    const limited = slack.calls('chat.postMessage').find((c) => c.status === 429);
    const cards = cardsTo(slack, concern);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.at - limited!.at).toBeGreaterThanOrEqual(2_000);
    const row = await teamCardDelivery(service, concern.id);
    expect(row).toMatchObject({ state: 'delivered', attempts: 2 });
  }, 60_000);
});
