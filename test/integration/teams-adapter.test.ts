/**
 * The Teams adapter over real HTTP, with the real core on an in-memory PGlite store and a fake
 * Bot Connector. The outbox is drained by hand (route + notify steps) instead of by BullMQ workers,
 * so this runs without Redis; test/integration/teams-service.test.ts covers the whole service.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter, type TeamsAdapter } from '../../adapters/teams/index.js';
import { processNotify } from '../../workflows/notify.js';
import type { Directory } from '../../src/core/directory.js';
import type { DeliveryDedupe } from '../../src/core/ports.js';
import { createCore, type Core } from '../../src/core/service.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { createHttpApp } from '../../src/app/http-server.js';
import { startFakeBotConnector, type ConnectorCall, type FakeBotConnector } from '../fakes/bot-connector.js';
import { testDatabases, type TestDatabase } from '../support/database.js';
import {
  cardTexts,
  channelMention,
  executeAction,
  findAction,
  findInput,
  personalConversationId,
  personalInstall,
  personalMessage,
  submitAction,
  type ActivityBase,
  type TeamsPerson,
} from '../support/teams-activities.js';

const NAB_TENANT = 'bce83cfb-4f56-4659-84e2-f1fe3cf41bf7';
const KOMMUNE_TENANT = '96e48123-c98e-4de6-90db-c6e03b4c8d59';
const LARS: TeamsPerson = { aadObjectId: '3033cc50-64d9-402a-9710-196e4de65a07', name: 'Lars Jakobsen' };
const METTE: TeamsPerson = { aadObjectId: '1480c9ac-e930-4eaf-97f9-ca7d41d2161a', name: 'Mette Kristensen' };
const CAMILLA: TeamsPerson = { aadObjectId: 'a7c82690-8157-483f-b2ea-e6382d1b4024', name: 'Camilla Friis' };
const STRANGER: TeamsPerson = { aadObjectId: '0f0f0f0f-1111-2222-3333-444455556666', name: 'Ukendt Person' };
const BOLIG_CHANNEL = '19:53d4a316a5b3ccb90db2cbf31643a48e@thread.tacv2';

type Json = Record<string, unknown>;

function memoryDedupe(): DeliveryDedupe {
  const seen = new Set<string>();
  return {
    async firstTime(key) {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
  };
}


const noMetrics = { contentType: 'text/plain', text: async () => '', observeRequest: () => {} };

describe('Teams adapter with the real core', () => {
  let db: TestDatabase;
  let core: Core;
  let connector: FakeBotConnector;
  let adapter: TeamsAdapter;
  let server: Server;
  let baseUrl: string;

  const person = (user: TeamsPerson, tenantId: string): ActivityBase => ({ serviceUrl: connector.serviceUrl, tenantId, user });
  const lars = () => person(LARS, NAB_TENANT);
  const mette = () => person(METTE, KOMMUNE_TENANT);

  async function post(activity: unknown, headers: Record<string, string> = {}, url = baseUrl) {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : undefined };
  }

  /** Sends a message activity and returns the cards the bot replied with. */
  async function say(base: ActivityBase, text: string) {
    const activity = personalMessage({ ...base, text });
    const before = connector.calls.length;
    const response = await post(activity);
    expect(response.status).toBe(200);
    const replies = connector.calls.slice(before).filter((c) => c.kind === 'reply' && c.activityId === activity.id);
    return { activity, replies, cards: replies.flatMap((c) => connector.cardsOf(c)) };
  }

  async function press(base: ActivityBase, data: Json, opts: { replyToId?: string; channelId?: string; id?: string } = {}) {
    const activity = executeAction({ ...base, data, replyToId: opts.replyToId ?? '1:card', ...(opts.channelId ? { channelId: opts.channelId } : {}), ...(opts.id ? { id: opts.id } : {}) });
    const response = await post(activity);
    return { activity, status: response.status, body: response.body as { statusCode: number; type: string; value: unknown } };
  }

  /** Runs what the workflows would: route effects from the outbox and the deliveries owed, timers skipped. */
  async function drainOutbox() {
    for (let round = 0; round < 10; round++) {
      const effects = await db.store.pendingEffects(100);
      const owed = await db.deliveries.takeUnqueuedDeliveries(new Date(), 100);
      if (effects.length === 0 && owed.length === 0) return;
      for (const effect of effects) {
        if (effect.queue === 'route') await core.steps.route(String(effect.data.concernId));
      }
      await db.store.markEffectsDispatched(effects.map((e) => e.id));
      for (const { id } of owed) {
        await processNotify({ deliveryId: id }, { steps: core.steps, messengers: { teams: adapter.messenger }, deliveries: db.deliveries });
      }
    }
  }

  const validForm = (formId: string) => ({
    action: 'intake.submit',
    formId,
    category: 'homelessness',
    departmentId: 'solgaarden',
    address: 'Solgården 12, kælderen',
    urgency: 'normal',
    description: 'En mand sover i kælderen i opgang 12.',
    residentKnows: 'no',
  });

  async function createConcern(): Promise<{ concernId: string; ref: string; teamCard: ConnectorCall }> {
    const submitted = await press(lars(), validForm(`form-${Math.random()}`));
    expect(submitted.body.type).toBe('application/vnd.microsoft.card.adaptive');
    // The confirmation carries the reporter's buttons, and with them the concern id.
    const concernId = String(findAction(submitted.body.value, 'concern.add_info')?.data?.concernId);
    const concern = await db.store.getConcern(concernId);
    await drainOutbox();
    const teamCard = connector.calls.find(
      (c) => c.kind === 'send' && c.conversationId === BOLIG_CHANNEL && findAction(connector.cardsOf(c), 'concern.ack')?.data !== undefined && cardTexts(connector.cardsOf(c)).includes(concern!.ref),
    );
    expect(teamCard).toBeDefined();
    return { concernId, ref: concern!.ref, teamCard: teamCard! };
  }

  beforeAll(async () => {
    connector = await startFakeBotConnector();
    db = await testDatabases()[0]!.open();
    const sample = loadDirectoryOrThrow();
    const directory: Directory = {
      ...sample,
      teams: sample.teams.map((t) => ('teams' in t.notify ? { ...t, notify: { teams: { ...t.notify.teams, serviceUrl: connector.serviceUrl } } } : t)),
    };
    core = createCore({ directory, store: db.store });
    const logger = pino({ level: 'silent' });
    adapter = createTeamsAdapter(
      { appType: 'MultiTenant', allowUnauthenticated: true },
      { core, dedupe: memoryDedupe(), conversations: db.store, logger },
    );
    const app = createHttpApp({ logger, metrics: noMetrics, ready: async () => {}, teamsHandler: (req, res) => adapter.handle(req, res) });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await adapter?.stop();
    await new Promise((resolve) => server?.close(resolve));
    await connector?.close();
    await db?.dispose();
  });

  beforeEach(() => connector.reset());

  it('explains itself on "hjælp", replying in the personal chat through the connector', async () => {
    const { replies, cards } = await say(lars(), 'hjælp');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.conversationId).toBe(personalConversationId(LARS.aadObjectId));
    expect(cardTexts(cards)).toContain('Brobygger');
    expect(findAction(cards, 'intake.open')).toMatchObject({ title: 'Ny bekymring' });
  });

  it('answers free text with an intake form pre-filled from it', async () => {
    const text = 'Der sover en hjemløs mand i kælderen i opgang 12';
    const { cards } = await say(lars(), text);
    const form = cards.at(-1);
    expect(findInput(form, 'description')).toMatchObject({ value: text });
    expect(findInput(form, 'category')).toMatchObject({ value: 'homelessness' });
    expect(findInput(form, 'urgency')).toMatchObject({ value: 'normal' });
    const departments = (findInput(form, 'departmentId')?.choices as { value: string }[]).map((c) => c.value);
    expect(departments).toEqual(['solgaarden', 'engparken', 'kildebakken', 'havnefronten']);
    expect(findAction(form, 'intake.submit')).toMatchObject({ type: 'Action.Execute' });
  });

  it('keeps the conversation reference of a known person, and greets on install', async () => {
    const install = await post(personalInstall(lars()));
    expect(install.status).toBe(200);
    const stored = await db.store.getConversationRef('teams', LARS.aadObjectId);
    expect(stored).toMatchObject({ serviceUrl: connector.serviceUrl, conversation: { id: personalConversationId(LARS.aadObjectId) } });
    expect(stored).not.toHaveProperty('activityId');
    expect(connector.calls.filter((c) => c.kind === 'reply')).toHaveLength(1);
  });

  it('refuses an unknown person and stores nothing about them', async () => {
    const { cards } = await say(person(STRANGER, '11111111-2222-3333-4444-555555555555'), 'Der er uro i opgangen');
    expect(cardTexts(cards)).toMatch(/Jeg kan ikke se, hvem du er/);
    expect(await db.store.getConversationRef('teams', STRANGER.aadObjectId)).toBeNull();
    const pressed = await press(person(STRANGER, '11111111-2222-3333-4444-555555555555'), validForm('stranger-form'));
    expect(pressed.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(await db.store.listConcerns({ reporterUserId: STRANGER.aadObjectId })).toHaveLength(0);
  });

  it('re-shows the form with the missing field marked, and creates nothing', async () => {
    const before = (await db.store.listConcerns({})).length;
    const form = { ...validForm('missing-form'), address: '' };
    const { status, body } = await press(lars(), form);
    expect(status).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(findInput(body.value, 'address')).toMatchObject({ isRequired: true, errorMessage: 'Skal udfyldes' });
    expect(cardTexts(body.value)).toContain('Ret de markerede felter');
    // What was written is kept.
    expect(findInput(body.value, 'description')).toMatchObject({ value: form.description });
    expect(findAction(body.value, 'intake.submit')?.data).toMatchObject({ formId: 'missing-form' });
    expect(await db.store.listConcerns({})).toHaveLength(before);
  });

  it('refuses an over-long description with a clear message, saving nothing', async () => {
    const before = (await db.store.listConcerns({})).length;
    const { body } = await press(lars(), { ...validForm('long-form'), description: 'x'.repeat(10_001) });
    expect(cardTexts(body.value)).toContain('Teksten er for lang (højst 10000 tegn, du skrev 10001).');
    expect(await db.store.listConcerns({})).toHaveLength(before);
  });

  it('confirms a valid concern in place of the form, once however often it arrives', async () => {
    const before = (await db.store.listConcerns({})).length;
    const first = await press(lars(), validForm('once-form'), { id: 'f:redelivered-submit' });
    expect(first.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTexts(first.body.value)).toMatch(/BB-\d{4}-\d{4}/);
    expect(cardTexts(first.body.value)).toMatch(/Boligsocial indgang/);
    // Teams redelivers the same invoke, and the caretaker double-clicks (a new invoke, same form).
    const redelivered = await press(lars(), validForm('once-form'), { id: 'f:redelivered-submit' });
    const doubleClick = await press(lars(), validForm('once-form'));
    for (const again of [redelivered, doubleClick]) {
      expect(again.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardTexts(again.body.value)).toMatch(/var allerede modtaget/);
    }
    expect(await db.store.listConcerns({})).toHaveLength(before + 1);
  });

  it('posts the team card to the team channel at its service URL, with Action.Execute buttons', async () => {
    const { concernId, ref, teamCard } = await createConcern();
    expect(teamCard.path).toMatch(/^\/amer\/v3\/conversations\/[^/]+\/activities$/);
    const [card] = connector.cardsOf(teamCard);
    expect(cardTexts(card)).toContain(ref);
    for (const action of ['concern.ack', 'concern.reply', 'concern.note', 'concern.reassign', 'concern.resolve']) {
      expect(findAction(card, action)?.data).toEqual({ action, concernId });
    }
    expect(findAction(card, 'concern.reply')?.title).toBe('Svar til anmelder');
    expect(findAction(card, 'concern.note')?.title).toBe('Intern note');
  });

  it('lets a team member acknowledge, refuses someone from another team, and updates the card', async () => {
    const { concernId, teamCard } = await createConcern();
    const cardId = teamCard.responseId!;

    const refused = await press(person(CAMILLA, KOMMUNE_TENANT), { action: 'concern.ack', concernId }, { replyToId: cardId, channelId: BOLIG_CHANNEL });
    expect(refused.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    // Someone from another team is not told the concern exists.
    expect(refused.body.value).toBe('Bekymringen findes ikke, eller du har ikke adgang til den.');
    expect((await db.store.getConcern(concernId))?.state).toBe('open');
    // The reporter's association may see the concern, but only the team may acknowledge it.
    const notTheTeam = await press(lars(), { action: 'concern.ack', concernId }, { replyToId: cardId, channelId: BOLIG_CHANNEL });
    expect(notTheTeam.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(notTheTeam.body.value).toMatch(/Kun medlemmer af Boligsocial indgang/);
    expect((await db.store.getConcern(concernId))?.state).toBe('open');
    expect(connector.calls.filter((c) => c.kind === 'update')).toHaveLength(0);

    const acked = await press(mette(), { action: 'concern.ack', concernId }, { replyToId: cardId, channelId: BOLIG_CHANNEL });
    expect(acked.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTexts(acked.body.value)).toMatch(/Du har kvitteret/);
    expect(findAction(acked.body.value, 'concern.ack')).toBeUndefined();
    expect((await db.store.getConcern(concernId))?.state).toBe('acknowledged');

    // The workflow updates the card for everyone, and tells the reporter.
    await drainOutbox();
    const update = connector.calls.find((c) => c.kind === 'update' && c.activityId === cardId);
    expect(update?.conversationId).toBe(BOLIG_CHANNEL);
    expect(cardTexts(connector.cardsOf(update!))).toMatch(/Kvitteret af Mette Kristensen/);
    const toReporter = connector.calls.find((c) => c.kind === 'send' && c.conversationId === personalConversationId(LARS.aadObjectId));
    expect(cardTexts(connector.cardsOf(toReporter!))).toMatch(/har kvitteret for din bekymring/);

    // A repeated click (a new invoke) is harmless; a redelivered invoke gets an answer too.
    const again = await press(mette(), { action: 'concern.ack', concernId }, { replyToId: cardId, channelId: BOLIG_CHANNEL });
    expect(cardTexts(again.body.value)).toMatch(/allerede kvitteret/);
    const redelivered = await post(acked.activity);
    expect(redelivered.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
  });

  it('relays a reply to the reporter and the reporter’s added information to the team; notes stay internal', async () => {
    const { concernId, teamCard } = await createConcern();
    const cardId = teamCard.responseId!;
    const onCard = { replyToId: cardId, channelId: BOLIG_CHANNEL };

    const opened = await press(mette(), { action: 'concern.reply', concernId }, onCard);
    expect(findInput(opened.body.value, 'text')).toMatchObject({ isRequired: true });
    expect(findAction(opened.body.value, 'concern.reply')?.data).toEqual({ action: 'concern.reply', concernId, step: 'submit' });
    expect(findAction(opened.body.value, 'concern.ack')).toBeUndefined();

    const empty = await press(mette(), { action: 'concern.reply', concernId, step: 'submit', text: '  ' }, onCard);
    expect(findInput(empty.body.value, 'text')).toMatchObject({ errorMessage: 'Skal udfyldes' });

    const reply = 'Vi kommer forbi i morgen kl. 10. [Se mere](https://evil.example)';
    const sent = await press(mette(), { action: 'concern.reply', concernId, step: 'submit', text: reply }, onCard);
    expect(cardTexts(sent.body.value)).toMatch(/Dit svar er sendt til Lars Jakobsen/);
    const note = await press(mette(), { action: 'concern.note', concernId, step: 'submit', text: 'Kendt fra tidligere sag' }, onCard);
    expect(cardTexts(note.body.value)).toMatch(/sendes ikke til anmelderen/);

    connector.reset();
    await drainOutbox();
    const toReporter = connector.calls.filter((c) => c.kind === 'send' && c.conversationId === personalConversationId(LARS.aadObjectId));
    const relayed = cardTexts(toReporter.flatMap((c) => connector.cardsOf(c)));
    expect(relayed).toContain('Vi kommer forbi i morgen kl. 10. [Se mere](https://evil.example)');
    expect(relayed).not.toContain('Kendt fra tidligere sag');
    // The link stays text: its brackets arrive escaped in the card.
    expect(JSON.stringify(toReporter.map((c) => c.body))).toContain('\\\\[Se mere\\\\]');

    // The reporter answers with more information from the button under the relayed reply.
    const relayCard = connector.cardsOf(toReporter.at(-1)!)[0];
    expect(findAction(relayCard, 'concern.add_info')?.data).toEqual({ action: 'concern.add_info', concernId });
    const addForm = await press(lars(), { action: 'concern.add_info', concernId }, { replyToId: toReporter.at(-1)!.responseId! });
    expect(findInput(addForm.body.value, 'text')).toMatchObject({ isRequired: true });
    const added = await press(lars(), { action: 'concern.add_info', concernId, step: 'submit', text: 'Han hedder Jens' }, { replyToId: toReporter.at(-1)!.responseId! });
    expect(cardTexts(added.body.value)).toMatch(/Dine oplysninger er sendt til Boligsocial indgang/);
    connector.reset();
    await drainOutbox();
    const toTeam = connector.calls.filter((c) => c.kind === 'send' && c.conversationId === BOLIG_CHANNEL);
    expect(cardTexts(toTeam.flatMap((c) => connector.cardsOf(c)))).toContain('Han hedder Jens');
  });

  it('offers the other teams when reassigning', async () => {
    const { concernId, teamCard } = await createConcern();
    const opened = await press(mette(), { action: 'concern.reassign', concernId }, { replyToId: teamCard.responseId!, channelId: BOLIG_CHANNEL });
    const choices = (findInput(opened.body.value, 'teamId')?.choices as { value: string }[]).map((c) => c.value);
    expect(choices).toContain('socialpsykiatri');
    expect(choices).not.toContain('bolig-indgang');
    const cancelled = await press(mette(), { action: 'concern.reassign', concernId, step: 'cancel' }, { replyToId: teamCard.responseId!, channelId: BOLIG_CHANNEL });
    expect(findInput(cancelled.body.value, 'teamId')).toBeUndefined();
    expect(findAction(cancelled.body.value, 'concern.ack')).toMatchObject({ title: 'Kvittér', data: { action: 'concern.ack', concernId } });
  });

  it('lists the caretaker’s open concerns on "status"', async () => {
    const { ref } = await createConcern();
    const { cards } = await say(lars(), 'status');
    expect(cardTexts(cards)).toContain(ref);
  });

  it('handles an Action.Submit form (older clients): the form is replaced in the chat', async () => {
    const before = (await db.store.listConcerns({})).length;
    const invalid = submitAction({ ...lars(), replyToId: '1:old-form', data: { ...validForm('submit-form'), urgency: '' } });
    expect((await post(invalid)).status).toBe(200);
    const shownAgain = connector.calls.find((c) => c.kind === 'update' && c.activityId === '1:old-form');
    expect(findInput(connector.cardsOf(shownAgain!), 'urgency')).toMatchObject({ errorMessage: 'Skal udfyldes' });

    connector.reset();
    const valid = submitAction({ ...lars(), replyToId: '1:old-form', data: validForm('submit-form') });
    expect((await post(valid)).status).toBe(200);
    const confirmed = connector.calls.find((c) => c.kind === 'update' && c.activityId === '1:old-form');
    expect(confirmed?.conversationId).toBe(personalConversationId(LARS.aadObjectId));
    expect(cardTexts(connector.cardsOf(confirmed!))).toMatch(/Din bekymring BB-\d{4}-\d{4} er sendt/);
    expect(await db.store.listConcerns({})).toHaveLength(before + 1);
  });

  it('in a team channel shows no list of concerns and sends concerns to the personal chat', async () => {
    const { ref } = await createConcern();
    for (const text of ['status', 'rapport']) {
      const asked = channelMention({ ...mette(), channelId: BOLIG_CHANNEL, text });
      await post(asked);
      const answer = connector.calls.find((c) => c.kind === 'reply' && c.activityId === asked.id);
      expect(answer?.conversationId).toBe(asked.conversation.id);
      expect(cardTexts(connector.cardsOf(answer!))).not.toContain(ref);
      expect(cardTexts(connector.cardsOf(answer!))).toMatch(/personlige chat/);
    }

    const concernText = channelMention({ ...lars(), channelId: BOLIG_CHANNEL, text: 'Der er en mand der sover i kælderen' });
    await post(concernText);
    const hint = connector.calls.find((c) => c.kind === 'reply' && c.activityId === concernText.id);
    expect(cardTexts(connector.cardsOf(hint!))).toMatch(/personlig chat/);
    expect(findInput(connector.cardsOf(hint!), 'description')).toBeUndefined();
  });

  it('drops a redelivered message', async () => {
    const activity = personalMessage({ ...lars(), text: 'hjælp' });
    await post(activity);
    await post(activity);
    expect(connector.calls.filter((c) => c.kind === 'reply')).toHaveLength(1);
  });
});

describe('Teams adapter with a Microsoft app id', () => {
  it('rejects a request without a Bot Framework token (401)', async () => {
    const db = await testDatabases()[0]!.open();
    const logger = pino({ level: 'silent' });
    const core = createCore({ directory: loadDirectoryOrThrow(), store: db.store });
    const adapter = createTeamsAdapter(
      { appId: '6a0a8e43-4f0c-4d52-a3a6-1b3f0c1e2d9a', appPassword: 'not-a-real-secret', appType: 'MultiTenant', allowUnauthenticated: false },
      { core, dedupe: memoryDedupe(), conversations: db.store, logger },
    );
    const app = createHttpApp({ logger, metrics: noMetrics, ready: async () => {}, teamsHandler: (req, res) => adapter.handle(req, res) });
    const server = app.listen(0, '127.0.0.1');
    try {
      const url = await (async () => {
        await new Promise((resolve) => server.once('listening', resolve));
        return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      })();
      const activity = personalMessage({ serviceUrl: 'http://127.0.0.1:9/amer/', tenantId: NAB_TENANT, user: LARS, text: 'hjælp' });
      const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
      expect(response.status).toBe(401);
      expect(await db.store.getConversationRef('teams', LARS.aadObjectId)).toBeNull();
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await db.dispose();
    }
  });
});

