/**
 * Teams end to end: the whole service (its own Redis, PGlite, workers, HTTP) with
 * TEAMS_ALLOW_UNAUTHENTICATED=true and the sample directory, whose Teams channels are pointed at a
 * fake Bot Connector. Activities are POSTed to /api/messages like Teams does; what people would see
 * is read from the connector's recorded calls and from the invoke responses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../src/core/directory.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { startFakeBotConnector, type ConnectorCall, type FakeBotConnector } from '../fakes/bot-connector.js';
import { startTestService, type TestService } from '../support/service.js';
import { closedPort } from '../support/cli-process.js';
import {
  cardTexts,
  executeAction,
  findAction,
  findInput,
  personalConversationId,
  personalMessage,
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
const BOERN_CHANNEL = '19:9f1bd6f9d5a9b1b9e4710525282187d4@thread.tacv2';

type Json = Record<string, unknown>;
type InvokeBody = { statusCode: number; type: string; value: unknown };

async function post(baseUrl: string, activity: unknown) {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Microsoft-SkypeBotApi (Microsoft-BotFramework/3.0)' },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as InvokeBody) : undefined;
  return { status: response.status, body: json };
}

/** The sample directory, with its Teams channels reachable at the fake connector. */
function sampleDirectory(serviceUrl: string): Directory {
  const sample = loadDirectoryOrThrow();
  return {
    ...sample,
    teams: sample.teams.map((t) => ('teams' in t.notify ? { ...t, notify: { teams: { ...t.notify.teams, serviceUrl } } } : t)),
  };
}

describe('Teams end to end (unauthenticated local mode)', () => {
  let connector: FakeBotConnector;
  let service: TestService;

  const person = (user: TeamsPerson, tenantId: string): ActivityBase => ({ serviceUrl: connector.serviceUrl, tenantId, user });
  const lars = () => person(LARS, NAB_TENANT);
  const mette = () => person(METTE, KOMMUNE_TENANT);

  async function say(base: ActivityBase, text: string) {
    const activity = personalMessage({ ...base, text });
    const response = await post(service.baseUrl, activity);
    expect(response.status).toBe(200);
    const replies = connector.calls.filter((c) => c.kind === 'reply' && c.activityId === activity.id);
    return { activity, cards: replies.flatMap((c) => connector.cardsOf(c)) };
  }

  async function press(base: ActivityBase, data: Json, opts: { replyToId?: string; channelId?: string; id?: string } = {}) {
    const activity = executeAction({
      ...base,
      data,
      replyToId: opts.replyToId ?? '1:card',
      ...(opts.channelId ? { channelId: opts.channelId } : {}),
      ...(opts.id ? { id: opts.id } : {}),
    });
    const response = await post(service.baseUrl, activity);
    expect(response.status).toBe(response.body?.statusCode);
    return { activity, body: response.body! };
  }

  const intakeForm = (formId: string, description: string, category = 'homelessness') => ({
    action: 'intake.submit',
    formId,
    category,
    departmentId: 'solgaarden',
    address: 'Solgården 12, kælderen',
    urgency: 'normal',
    description,
    residentKnows: 'no',
  });

  const teamCardFor = (ref: string, channel: string) => (c: ConnectorCall) =>
    c.kind === 'send' && c.conversationId === channel && cardTexts(connector.cardsOf(c)).includes(ref) && !!findAction(connector.cardsOf(c), 'concern.reply');

  async function raiseConcern(description: string, category = 'homelessness') {
    const submitted = await press(lars(), intakeForm(`form-${Math.random()}`, description, category));
    expect(submitted.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const concernId = String(findAction(submitted.body.value, 'concern.add_info')?.data?.concernId);
    const concern = await service.store.getConcern(concernId);
    return { concernId, ref: concern!.ref, confirmation: submitted.body.value };
  }

  beforeAll(async () => {
    connector = await startFakeBotConnector({ region: 'emea' });
    service = await startTestService({
      env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true' },
      directory: sampleDirectory(connector.serviceUrl),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await connector?.close();
  });

  it('answers free text in the personal chat with an intake form pre-filled from it', async () => {
    const text = 'Der sover en hjemløs mand i kælderen i opgang 12';
    const { cards } = await say(lars(), text);
    const form = cards.at(-1);
    expect(findInput(form, 'description')).toMatchObject({ value: text });
    expect(findInput(form, 'category')).toMatchObject({ value: 'homelessness' });
    expect(findAction(form, 'intake.submit')).toMatchObject({ type: 'Action.Execute' });
    expect(await service.store.getConversationRef('teams', LARS.aadObjectId)).toMatchObject({
      conversation: { id: personalConversationId(LARS.aadObjectId) },
    });
  });

  it('re-shows the form with the problems marked when a field is missing or too long', async () => {
    const { body } = await press(lars(), { ...intakeForm('bad-form', 'x'.repeat(10_001)), address: '' });
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(findInput(body.value, 'address')).toMatchObject({ errorMessage: 'Skal udfyldes' });
    expect(cardTexts(body.value)).toContain('Teksten er for lang (højst 10000 tegn, du skrev 10001).');
    expect(await service.store.listConcerns({})).toHaveLength(0);
  });

  it('refuses an unknown person and stores nothing', async () => {
    const stranger = person(STRANGER, '11111111-2222-3333-4444-555555555555');
    const { cards } = await say(stranger, 'Der er uro i opgangen');
    expect(cardTexts(cards)).toMatch(/Jeg kan ikke se, hvem du er/);
    const pressed = await press(stranger, intakeForm('stranger-form', 'Uro'));
    expect(pressed.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(await service.store.getConversationRef('teams', STRANGER.aadObjectId)).toBeNull();
    expect(await service.store.listConcerns({})).toHaveLength(0);
  });

  it('creates one concern from a redelivered submit and routes its card to the right team channel', async () => {
    const form = intakeForm('redelivered-form', 'En mand sover i kælderen, han virker forkommen.');
    const first = await press(lars(), form, { id: 'f:same-delivery' });
    const again = await press(lars(), form, { id: 'f:same-delivery' });
    expect(cardTexts(first.body.value)).toMatch(/Din bekymring BB-\d{4}-\d{4} er sendt til Boligsocial indgang/);
    expect(cardTexts(again.body.value)).toMatch(/var allerede modtaget/);
    const concerns = await service.store.listConcerns({});
    expect(concerns).toHaveLength(1);
    const card = await connector.waitFor(teamCardFor(concerns[0]!.ref, BOLIG_CHANNEL));
    expect(card.path).toMatch(/^\/emea\/v3\/conversations\/[^/]+\/activities$/);
    expect(findAction(connector.cardsOf(card), 'concern.ack')?.data).toEqual({ action: 'concern.ack', concernId: concerns[0]!.id });
  });

  it('sends a child concern to the children’s team, and reminds the caretaker of the duty to notify', async () => {
    const { ref, confirmation } = await raiseConcern('Et barn på 6 år er alene hjemme hver aften og virker bange', 'child_at_risk');
    expect(cardTexts(confirmation)).toMatch(/underretningspligt/);
    expect(JSON.stringify(confirmation)).toContain('https://www.nordfjord.dk/borger/boern-og-familie/underretning');
    await connector.waitFor(teamCardFor(ref, BOERN_CHANNEL));
  });

  it('lets the team acknowledge, refuses others with the card unchanged, and updates the card for everyone', async () => {
    const { concernId, ref } = await raiseConcern('Beboer har ikke betalt husleje i tre måneder og frygter udsættelse', 'eviction_risk');
    const card = await connector.waitFor(teamCardFor(ref, BOLIG_CHANNEL));
    const onCard = { replyToId: card.responseId!, channelId: BOLIG_CHANNEL };

    // Another team is not told the concern exists; the reporter's association sees it but may not acknowledge.
    for (const [outsider, told] of [
      [person(CAMILLA, KOMMUNE_TENANT), 'Bekymringen findes ikke, eller du har ikke adgang til den.'],
      [lars(), 'Kun medlemmer af Boligsocial indgang (hjemløshed og udsættelse) kan gøre dette.'],
    ] as const) {
      const refused = await press(outsider, { action: 'concern.ack', concernId }, onCard);
      expect(refused.body.type).toBe('application/vnd.microsoft.activity.message');
      expect(refused.body.value).toBe(told);
    }
    expect((await service.store.getConcern(concernId))?.state).toBe('open');

    const acked = await press(mette(), { action: 'concern.ack', concernId }, onCard);
    expect(acked.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(findAction(acked.body.value, 'concern.ack')).toBeUndefined();
    expect((await service.store.getConcern(concernId))?.state).toBe('acknowledged');

    const update = await connector.waitFor((c) => c.kind === 'update' && c.activityId === card.responseId);
    expect(update.conversationId).toBe(BOLIG_CHANNEL);
    expect(cardTexts(connector.cardsOf(update))).toMatch(/Kvitteret af Mette Kristensen/);
    const toReporter = await connector.waitFor(
      (c) => c.kind === 'send' && c.conversationId === personalConversationId(LARS.aadObjectId) && cardTexts(connector.cardsOf(c)).includes(`for din bekymring ${ref}`),
    );
    expect(cardTexts(connector.cardsOf(toReporter))).toMatch(/Mette Kristensen .* har kvitteret/);

    // A second click is harmless; so is Teams delivering the same invoke again.
    const again = await press(mette(), { action: 'concern.ack', concernId }, onCard);
    expect(cardTexts(again.body.value)).toMatch(/allerede kvitteret/);
    const redelivered = await post(service.baseUrl, acked.activity);
    expect(redelivered.body).toMatchObject({ statusCode: 200 });
  });

  it('relays a reply to the reporter and the reporter’s answer to the team, never the internal note', async () => {
    const { concernId, ref } = await raiseConcern('Naboerne klager over råb og larm fra lejligheden om natten', 'homelessness');
    const card = await connector.waitFor(teamCardFor(ref, BOLIG_CHANNEL));
    const onCard = { replyToId: card.responseId!, channelId: BOLIG_CHANNEL };
    const chat = personalConversationId(LARS.aadObjectId);

    const form = await press(mette(), { action: 'concern.reply', concernId }, onCard);
    expect(findInput(form.body.value, 'text')).toMatchObject({ isRequired: true });
    await press(mette(), { action: 'concern.note', concernId, step: 'submit', text: 'INTERN: kendt fra tidligere sag' }, onCard);
    const replied = await press(mette(), { action: 'concern.reply', concernId, step: 'submit', text: 'Vi kigger forbi i morgen kl. 10' }, onCard);
    expect(cardTexts(replied.body.value)).toMatch(/Dit svar er sendt til Lars Jakobsen/);

    const relay = await connector.waitFor((c) => c.kind === 'send' && c.conversationId === chat && cardTexts(connector.cardsOf(c)).includes('Vi kigger forbi i morgen kl. 10'));
    expect(cardTexts(connector.cardsOf(relay))).toMatch(new RegExp(`Svar på ${ref} fra Mette Kristensen`));
    const noteToTeam = await connector.waitFor((c) => c.kind === 'send' && c.conversationId === BOLIG_CHANNEL && cardTexts(connector.cardsOf(c)).includes('INTERN: kendt'));
    expect(cardTexts(connector.cardsOf(noteToTeam))).toContain(`Intern note til ${ref} fra Mette Kristensen`);
    expect(connector.calls.some((c) => c.conversationId === chat && cardTexts(connector.cardsOf(c)).includes('INTERN'))).toBe(false);

    const answer = await press(lars(), { action: 'concern.add_info', concernId, step: 'submit', text: 'Han hedder Jens og er 54 år' }, { replyToId: relay.responseId! });
    expect(cardTexts(answer.body.value)).toMatch(/Dine oplysninger er sendt/);
    await connector.waitFor((c) => c.kind === 'send' && c.conversationId === BOLIG_CHANNEL && cardTexts(connector.cardsOf(c)).includes('Han hedder Jens og er 54 år'));
  });

  it('shows the caretaker their open concerns on "status" and the team its queue on "mine"', async () => {
    const { ref } = await raiseConcern('Ældre dame virker forvirret og har ikke været ude i ugevis', 'homelessness');
    expect(cardTexts((await say(lars(), 'status')).cards)).toContain(ref);
    expect(cardTexts((await say(mette(), 'mine')).cards)).toContain(ref);
  });

  it('acknowledges with the note from the card field, and relays it to the caretaker in Teams', async () => {
    const { concernId, ref } = await raiseConcern('Beboer virker forvirret og banker på døre om natten', 'homelessness');
    const card = await connector.waitFor(teamCardFor(ref, BOLIG_CHANNEL));
    expect(findInput(connector.cardsOf(card), 'ackNote')).toMatchObject({ type: 'Input.Text' });
    const onCard = { replyToId: card.responseId!, channelId: BOLIG_CHANNEL };
    const acked = await press(mette(), { action: 'concern.ack', concernId, ackNote: 'Vi kigger på det i dag. Hans cpr er 010190-1234' }, onCard);
    expect(cardTexts(acked.body.value)).toContain('Din besked er sendt til Lars Jakobsen');
    expect(cardTexts(acked.body.value)).toContain('CPR-nummer');
    expect(findInput(acked.body.value, 'ackNote')).toBeUndefined();
    const toReporter = await connector.waitFor(
      (c) => c.kind === 'send' && c.conversationId === personalConversationId(LARS.aadObjectId) && cardTexts(connector.cardsOf(c)).includes('Vi kigger på det i dag'),
    );
    expect(cardTexts(connector.cardsOf(toReporter))).toContain('Besked fra Mette Kristensen');
    expect(cardTexts(connector.cardsOf(toReporter))).not.toContain('010190');
  });
});

describe('Teams with MICROSOFT_APP_ID set', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      env: {
        MICROSOFT_APP_ID: '6a0a8e43-4f0c-4d52-a3a6-1b3f0c1e2d9a',
        MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
        MICROSOFT_APP_TENANT_ID: NAB_TENANT,
        // No login service here (the start-up credential check only warns): never Microsoft's from a test.
        MICROSOFT_LOGIN_URL: `http://127.0.0.1:${await closedPort()}`,
      },
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('rejects a request without a Bot Framework token (401) and does nothing', async () => {
    const activity = personalMessage({ serviceUrl: 'http://127.0.0.1:9/amer/', tenantId: NAB_TENANT, user: LARS, text: 'hjælp' });
    const response = await post(service.baseUrl, activity);
    expect(response.status).toBe(401);
    expect(await service.store.getConversationRef('teams', LARS.aadObjectId)).toBeNull();
  });

});
