/**
 * The digest chart reaching managers: on Slack through the file upload flow into their DM
 * (against the fake Web API, driven by the real WebClient), on Teams as a card Image whose
 * address under PUBLIC_URL is unguessable, served by the bot from Redis, and gone when it expires.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackMessenger } from '../../adapters/slack/messenger.js';
import { webApi } from '../../adapters/slack/sdk.js';
import { createTeamsMessenger } from '../../adapters/teams/messenger.js';
import { createReferenceKeeper } from '../../adapters/teams/references.js';
import { createBotFramework } from '../../adapters/teams/sdk.js';
import { CHART_LINK_TTL_MS, createChartLinks, type ChartLinks } from '../../src/chart/chart-links.js';
import { chartRouter } from '../../src/chart/chart-router.js';
import type { NeutralMessage } from '../../src/core/messages.js';
import { DeliveryError } from '../../src/core/ports.js';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.js';
import { startTestRedis } from '../support/service.js';

const png = PNG.sync.write(Object.assign(new PNG({ width: 8, height: 4 }), { data: Buffer.alloc(8 * 4 * 4, 0xe6) }));
const ALT = 'Uge 10: 8 oprettet, 3 afsluttet, 67 % kvitteret inden for fristen (4 af 6).';

const digest = (): NeutralMessage => ({
  summary: 'Ugerapport for Boligsocial indgang, uge 10',
  blocks: [
    { kind: 'header', text: 'Ugerapport · Boligsocial indgang' },
    { kind: 'image', alt: ALT, title: 'Boligsocial indgang · uge 10, 2026', filename: 'digest-team-bolig-indgang-2026-W10.png', png: new Uint8Array(png) },
    { kind: 'fields', fields: [{ label: 'Oprettet', value: '8' }] },
  ],
});

describe('digest chart on Slack', () => {
  let slack: FakeSlack;
  const imageErrors: unknown[] = [];
  const messenger = () =>
    createSlackMessenger(new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } }), {
      onImageError: (e) => imageErrors.push(e),
    });
  const manager = { platform: 'slack' as const, kind: 'user' as const, userId: 'U0MANAGER1' };

  beforeAll(async () => {
    slack = await startFakeSlack({ token: 'xoxb-test' });
  });
  beforeEach(() => {
    slack.reset();
    imageErrors.length = 0;
  });
  afterAll(async () => {
    await slack?.close();
  });

  it('uploads the image into the manager\'s DM with its alt text, next to the digest', async () => {
    const sent = await messenger().send(manager, digest(), 'da');
    const [file] = slack.files();
    expect(file).toMatchObject({ filename: 'digest-team-bolig-indgang-2026-W10.png', length: png.length, altTxt: ALT, completed: true, channel: 'D0MANAGER1' });
    expect(file?.title).toBe('Boligsocial indgang · uge 10, 2026');
    expect(Buffer.compare(file!.bytes!, png)).toBe(0);
    expect(sent.ref).toMatchObject({ channel: 'D0MANAGER1' });
    // Uploaded first (nothing visible if that fails), shared after the digest message.
    expect(slack.calls().map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'chat.postMessage', 'files.completeUploadExternal']);
    // Block Kit cannot carry bytes: the message itself has the text blocks only.
    const blocks = slack.calls('chat.postMessage')[0]!.args.blocks as { type: string }[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section']);
  });

  it('sends nothing when the upload is refused, so a retry does not post the digest twice', async () => {
    slack.failNext('files.getUploadURLExternal', 'file_uploads_disabled');
    const error = await messenger().send(manager, digest(), 'da').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'permission' });
    expect(slack.calls('chat.postMessage')).toHaveLength(0);
  });

  it('keeps the digest when sharing the image fails after it was posted, and reports it', async () => {
    slack.failNext('files.completeUploadExternal', 'channel_not_found');
    await expect(messenger().send(manager, digest(), 'da')).resolves.toMatchObject({ platform: 'slack' });
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
    expect(imageErrors).toHaveLength(1);
  });
});

describe('digest chart on Teams', () => {
  let connector: FakeBotConnector;
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let client: Redis;
  let server: Server;
  let publicUrl: string;
  let now = new Date('2026-03-09T06:30:00Z');
  let links: ChartLinks;
  const channel = () => ({ platform: 'teams' as const, kind: 'channel' as const, conversationId: '19:managers@thread.tacv2', serviceUrl: connector.serviceUrl, tenantId: 'tenant-1' });
  const teamsMessenger = (images?: ChartLinks) => {
    const framework = createBotFramework({ appType: 'MultiTenant', allowUnauthenticated: true }, { onActivity: async () => ({ replies: [] }) }, pino({ level: 'silent' }));
    const refs = { saveConversationRef: async () => {}, getConversationRef: async () => null };
    return createTeamsMessenger({ connector: framework.connector, references: createReferenceKeeper(refs), ...(images ? { images } : {}) });
  };
  const sentCard = () => {
    const call = connector.calls.at(-1)!;
    return { card: connector.cardsOf(call)[0] as { body: Record<string, unknown>[] }, bytes: Buffer.byteLength(JSON.stringify(call.body)) };
  };

  beforeAll(async () => {
    connector = await startFakeBotConnector({ region: 'emea' });
    redis = await startTestRedis();
    client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const app = express().use(chartRouter({ read: (token) => links.read(token) }));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    links = createChartLinks({ redis: client, prefix: 'bbtest-chart', publicUrl, clock: { now: () => now } });
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    client?.disconnect();
    await redis?.stop();
    await connector?.close();
  });
  beforeEach(() => connector.reset());

  it('shows the chart in the card from an unguessable address under PUBLIC_URL, well under the card size limit', async () => {
    await teamsMessenger(links).send(channel(), digest(), 'da');
    const { card, bytes } = sentCard();
    const image = card.body.find((e) => e.type === 'Image') as { url: string; altText: string };
    expect(image.altText).toBe(ALT);
    expect(image.url).toMatch(new RegExp(`^${publicUrl}charts/[A-Za-z0-9_-]{43}\\.png$`));
    // Teams refuses messages over 28 KB; the bytes are never inlined into the card.
    expect(bytes).toBeLessThan(28 * 1024);

    const served = await fetch(image.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), png)).toBe(0);

    // A second digest gets an address of its own.
    await teamsMessenger(links).send(channel(), digest(), 'da');
    const second = sentCard().card.body.find((e) => e.type === 'Image') as { url: string };
    expect(second.url).not.toBe(image.url);
  });

  it('stops serving the image when its time is up, and never serves guessed or malformed addresses', async () => {
    const url = await links.publish(png);
    expect((await fetch(url)).status).toBe(200);
    now = new Date(now.getTime() + CHART_LINK_TTL_MS - 1000);
    expect((await fetch(url)).status).toBe(200);
    now = new Date(now.getTime() + 1000);
    expect((await fetch(url)).status).toBe(404);

    for (const path of ['charts/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.png', 'charts/short.png', 'charts/..%2F..%2Fetc%2Fpasswd.png', 'charts/x']) {
      expect((await fetch(`${publicUrl}${path}`)).status).toBe(404);
    }
  });

  it('hands out one link per chart while it has half its life left, drawing the chart once', async () => {
    let drawn = 0;
    const draw = async () => (drawn += 1, new Uint8Array(png));
    const first = await links.linkFor('{"spec":"week 10"}', draw);
    expect(await links.linkFor('{"spec":"week 10"}', draw)).toBe(first);
    expect(drawn).toBe(1);
    const other = await links.linkFor('{"spec":"week 11"}', draw);
    expect(other).not.toBe(first);
    expect(drawn).toBe(2);

    now = new Date(now.getTime() + CHART_LINK_TTL_MS / 2);
    const renewed = await links.linkFor('{"spec":"week 10"}', draw);
    expect(renewed).not.toBe(first);
    expect(drawn).toBe(3);
    // The link handed out before still works until its own expiry.
    expect((await fetch(first)).status).toBe(200);
  });

  it('leaves the image out when there is no PUBLIC_URL to serve it from', async () => {
    await teamsMessenger().send(channel(), digest(), 'da');
    const { card } = sentCard();
    expect(card.body.some((e) => e.type === 'Image')).toBe(false);
    expect(card.body.some((e) => e.type === 'FactSet')).toBe(true);
  });
});
