/**
 * Slack end to end: the whole service (real Redis, PGlite, workers, HTTP) with SLACK_* set and
 * the Web API pointed at a fake Slack. Requests are signed like Slack's; what people would see
 * is read from the fake's recorded calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directorySchema, type DirectoryInput } from '../../src/core/directory.js';
import type { Concern } from '../../src/core/model.js';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../fakes/slack-web-api.js';
import { startTestService, type TestService } from '../support/service.js';
import {
  appHomeOpened,
  blockAction,
  directMessage,
  postToSlackEndpoint,
  signed,
  slashCommand,
  viewSubmission,
  type SignOptions,
  type StateInput, intakeValues } from '../support/slack-requests.js';

const SECRET = 'test-secret';
const TEAM = 'T0WORKSPC1';
const REPORTER = 'U0REPORTER1';
const RESPONDER = 'U0RESPOND1';
const CHILD_WORKER = 'U0CHILD001';
const STRANGER = 'U0STRANGER';
const MANAGER = 'U0MANAGER1';
const TEAM_CHANNEL = 'C0BOLIG001';
/** Where Slack would fetch the bot's chart images from; the test reads them from the service itself. */
const PUBLIC_URL = 'https://brobygger.testrup.example';

const directoryInput: DirectoryInput = {
  municipality: {
    name: 'Testrup Kommune',
    timezone: 'Europe/Copenhagen',
    language: 'da',
    businessHours: { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' },
    outOfHours: { da: 'Ring til socialvagten.', en: 'Call the duty service.' },
    childNotificationUrl: 'https://testrup.example/underretning',
  },
  organizations: [
    {
      id: 'fjordbo',
      name: 'Boligselskabet Fjordbo',
      kind: 'association',
      members: { slack: [REPORTER] },
      departments: [{ id: 'havnegaarden', name: 'Afd. 3 Havnegården', district: 'havnen' }],
    },
    { id: 'testrup', name: 'Testrup Kommune', kind: 'municipality' },
  ],
  districts: [{ id: 'havnen', name: 'Havnen' }],
  teams: [
    { id: 'bolig', name: 'Boligsocialt team', organization: 'testrup', notify: { slack: { channel: TEAM_CHANNEL } }, members: { slack: [RESPONDER] }, managers: { slack: [MANAGER] } },
    { id: 'boern', name: 'Børneteamet', organization: 'testrup', notify: { slack: { channel: 'C0BOERN001' } }, members: { slack: [CHILD_WORKER] } },
  ],
  routes: [{ category: 'child_at_risk', team: 'boern' }, { default: 'bolig' }],
  sla: {
    acute: { acknowledgeWithin: '15m', clock: 'wall' },
    high: { acknowledgeWithin: '1h' },
    normal: { acknowledgeWithin: '4h' },
    low: { acknowledgeWithin: '2d' },
  },
};

const sign: SignOptions = { secret: SECRET };

const validIntake = (description: string): Record<string, StateInput> => intakeValues({ departmentId: 'havnegaarden', address: 'Havnegade 12, kælderen', description });

type Json = Record<string, unknown>;
const blocksOf = (call: SlackCall): Json[] => (Array.isArray(call.args.blocks) ? (call.args.blocks as Json[]) : []);
const viewOf = (call: SlackCall): Json => (call.args.view ?? {}) as Json;
const allText = (value: unknown): string => JSON.stringify(value ?? '');
const buttons = (blocks: unknown): Json[] =>
  (Array.isArray(blocks) ? (blocks as Json[]) : []).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]);
const inputBlock = (view: Json, blockId: string) => (view.blocks as Json[]).find((b) => b.block_id === blockId) as Json & { element: Json };

describe('Slack through the running service', () => {
  let slack: FakeSlack;
  let service: TestService;
  const post = (request: Parameters<typeof postToSlackEndpoint>[1]) => postToSlackEndpoint(service.baseUrl, request);

  beforeAll(async () => {
    slack = await startFakeSlack({
      token: 'xoxb-test',
      teamId: TEAM,
      users: [
        { id: REPORTER, teamId: TEAM, realName: 'Jens Pedersen', locale: 'da-DK', email: 'jens@fjordbo.example' },
        { id: RESPONDER, teamId: TEAM, realName: 'Rikke Holm', locale: 'da-DK' },
        { id: CHILD_WORKER, teamId: TEAM, realName: 'Søren Berg', locale: 'da-DK' },
        { id: STRANGER, teamId: TEAM, realName: 'Ukendt Person', locale: 'en-US' },
        { id: MANAGER, teamId: TEAM, realName: 'Mona Leder', locale: 'da-DK' },
      ],
    });
    service = await startTestService({
      env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, PUBLIC_URL },
      directory: directorySchema.parse(directoryInput),
    });
  });
  afterAll(async () => {
    await service?.stop();
    await slack?.close();
  });

  /** Submits the intake modal and waits for the concern and its team card. */
  async function raiseConcern(description: string): Promise<{ concern: Concern; card: SlackCall }> {
    const res = await post(viewSubmission({ userId: REPORTER, teamId: TEAM, callbackId: 'intake', values: validIntake(description) }, sign));
    expect(res.status).toBe(200);
    const concern = await service.waitFor(async () =>
      (await service.store.listConcerns({})).find((c) => c.description === description),
    );
    const card = await slack.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === TEAM_CHANNEL && buttons(c.args.blocks).some((b) => b.value === concern.id),
    );
    return { concern, card };
  }

  it('refuses requests with a bad or stale signature', async () => {
    // Only calls that would answer a person count: start-up checks (auth.test, conversations.info) may still be running.
    const answered = () => slack.calls().filter((c) => /^(chat|views)\./.test(c.method)).length;
    const before = answered();
    const bad = await post(slashCommand({ userId: REPORTER, teamId: TEAM, text: 'status' }, { secret: 'wrong-secret' }));
    expect(bad.status).toBe(401);
    const stale = await post(slashCommand({ userId: REPORTER, teamId: TEAM, text: 'status' }, { secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }));
    expect(stale.status).toBe(401);
    expect(answered()).toBe(before);
  });

  it('answers Slack’s URL verification when the request URL is saved', async () => {
    const res = await post(signed(JSON.stringify({ token: 'x', challenge: 'c-3eZbrw1aB', type: 'url_verification' }), 'application/json', sign));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-3eZbrw1aB' });
  });

  it('opens the pre-filled intake modal from /bekymring text', async () => {
    const text = 'En hjemløs mand sover i kælderen i nr. 12';
    const res = await post(slashCommand({ userId: REPORTER, teamId: TEAM, text }, sign));
    expect(res.status).toBe(200);
    const open = await slack.waitForCall('views.open', (c) => allText(c.args.view).includes('sover i kælderen'));
    const view = viewOf(open);
    expect(view.callback_id).toBe('intake');
    expect(inputBlock(view, 'description').element.initial_value).toBe(text);
    expect(inputBlock(view, 'category').element.initial_option).toMatchObject({ value: 'homelessness' });
    expect(inputBlock(view, 'departmentId').element.options).toEqual([
      { text: { type: 'plain_text', text: 'Afd. 3 Havnegården', emoji: true }, value: 'havnegaarden' },
    ]);
    expect(inputBlock(view, 'residentKnows').element.type).toBe('radio_buttons');
  });

  it('shows a team manager last week\'s digest on the App Home tab, with its chart by an expiring link', async () => {
    await post(appHomeOpened({ userId: MANAGER, teamId: TEAM }, sign));
    const publish = await slack.waitForCall('views.publish', (c) => c.args.user_id === MANAGER, 60_000);
    const blocks = viewOf(publish).blocks as Json[];
    expect(allText(blocks)).toContain('Ugerapport · Boligsocialt team');
    expect(buttons(blocks).map((b) => b.action_id)).not.toContain('intake.open');

    const image = blocks.find((b) => b.type === 'image')!;
    expect(image.alt_text).toEqual(expect.stringContaining('Diagram for Boligsocialt team'));
    const url = String(image.image_url);
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/charts/[A-Za-z0-9_-]{43}\\.png$`));
    const served = await fetch(`${service.baseUrl}${new URL(url).pathname}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    const guessed = await fetch(`${service.baseUrl}/charts/${'A'.repeat(43)}.png`);
    expect(guessed.status).toBe(404);

    // Opened again: the same finished week, the same link (not drawn and stored once per visit).
    const before = slack.calls('views.publish').length;
    await post(appHomeOpened({ userId: MANAGER, teamId: TEAM }, sign));
    await service.waitFor(() => slack.calls('views.publish').length > before);
    const again = (viewOf(slack.calls('views.publish').at(-1)!).blocks as Json[]).find((b) => b.type === 'image');
    expect(again?.image_url).toBe(url);
  }, 60_000);

  it('brings the digest chart along when a manager asks for the digest in the DM', async () => {
    await post(directMessage({ userId: MANAGER, teamId: TEAM, text: 'ugerapport' }, sign));
    const shared = await slack.waitForCall('files.completeUploadExternal', (c) => c.args.channel_id === `D${MANAGER.slice(1)}`, 60_000);
    const file = slack.files().find((f) => f.id === (shared.args.files as { id: string }[])[0]?.id);
    expect(file).toMatchObject({ filename: expect.stringMatching(/^digest-team-bolig-\d{4}-W\d{2}\.png$/), completed: true });
    expect(file?.altTxt).toContain('Diagram for Boligsocialt team');
    expect(file?.bytes?.subarray(1, 4).toString()).toBe('PNG');
    expect(slack.calls('chat.postMessage').some((c) => c.args.channel === `D${MANAGER.slice(1)}` && allText(c.args.blocks).includes('Ugerapport · Boligsocialt team'))).toBe(true);
  });

  it('offers App Home a "Ny bekymring" button that opens the modal', async () => {
    await post(appHomeOpened({ userId: REPORTER, teamId: TEAM }, sign));
    const publish = await slack.waitForCall('views.publish', (c) => c.args.user_id === REPORTER);
    const homeButtons = buttons(viewOf(publish).blocks);
    expect(homeButtons.map((b) => b.action_id)).toContain('intake.open');

    const opensBefore = slack.calls('views.open').length;
    await post(blockAction({ userId: REPORTER, teamId: TEAM, actionId: 'intake.open' }, sign));
    await service.waitFor(() => slack.calls('views.open').length > opensBefore);
    const open = slack.calls('views.open').at(-1)!;
    expect(viewOf(open).callback_id).toBe('intake');
    expect(inputBlock(viewOf(open), 'description').element.initial_value).toBeUndefined();
  });

  it('answers a DM with a button that opens the modal filled in with the text', async () => {
    const text = 'Der bor en hjemløs i cykelkælderen i opgang 4';
    await post(directMessage({ userId: REPORTER, teamId: TEAM, text }, sign));
    const offer = await slack.waitForCall('chat.postMessage', (c) => buttons(c.args.blocks).some((b) => b.action_id === 'intake.open' && b.value === text));
    const button = buttons(offer.args.blocks).find((b) => b.action_id === 'intake.open')!;

    await post(blockAction({ userId: REPORTER, teamId: TEAM, actionId: 'intake.open', value: String(button.value), message: { channel: String(offer.response.channel), ts: String(offer.response.ts) } }, sign));
    const open = await slack.waitForCall('views.open', (c) => allText(c.args.view).includes('cykelkælderen'));
    expect(inputBlock(viewOf(open), 'description').element.initial_value).toBe(text);
  });

  it('answers a redelivered event (X-Slack-Retry-Num) only once', async () => {
    const text = 'En hjemløs sover på loftet i opgang 9';
    const first = directMessage({ userId: REPORTER, teamId: TEAM, text, eventId: 'Ev0RETRY0001' }, sign);
    await post(first);
    await post(directMessage({ userId: REPORTER, teamId: TEAM, text, eventId: 'Ev0RETRY0001' }, { ...sign, retryNum: 1 }));
    // A later, different message is answered; by then the retry would have been too.
    const marker = 'En hjemløs sover i barnevognsrummet';
    await post(directMessage({ userId: REPORTER, teamId: TEAM, text: marker }, sign));
    await slack.waitForCall('chat.postMessage', (c) => buttons(c.args.blocks).some((b) => b.value === marker));
    const offers = slack.calls('chat.postMessage').filter((c) => buttons(c.args.blocks).some((b) => b.value === text));
    expect(offers).toHaveLength(1);
  });

  it('maps /bekymring status, hjælp and digest to their answers', async () => {
    for (const text of ['hjælp', 'status', 'digest']) {
      const before = slack.calls('chat.postEphemeral').length;
      await post(slashCommand({ userId: REPORTER, teamId: TEAM, text }, sign));
      await service.waitFor(() => slack.calls('chat.postEphemeral').length > before);
      const answer = slack.calls('chat.postEphemeral').at(-1)!;
      expect(answer.args.user).toBe(REPORTER);
      if (text === 'hjælp') expect(allText(answer.args.blocks)).toContain('Brobygger');
      else if (text === 'digest') expect(allText(answer.args.blocks)).toContain('Ugerapporten er for ledere');
      else expect(allText(answer.args.blocks)).toContain('Boligselskabet Fjordbo');
    }
    expect(slack.calls('views.open').every((c) => !allText(c.args.view).includes('"digest"'))).toBe(true);
  });

  it('answers by DM where the bot cannot answer privately (not in the channel)', async () => {
    slack.failNext('chat.postEphemeral', 'not_in_channel');
    const before = slack.calls('chat.postMessage').length;
    await post(slashCommand({ userId: REPORTER, teamId: TEAM, text: 'hjælp', channelId: 'C0ELSEWHERE' }, sign));
    await service.waitFor(() => slack.calls('chat.postMessage').slice(before).find((c) => c.args.channel === REPORTER && allText(c.args.blocks).includes('Brobygger')));
  });

  it('explains itself to someone the directory does not know', async () => {
    await post(slashCommand({ userId: STRANGER, teamId: TEAM, text: 'En hjemløs i kælderen' }, sign));
    const answer = await slack.waitForCall('chat.postEphemeral', (c) => c.args.user === STRANGER);
    expect(allText(answer.args.blocks)).toContain('Brobygger');
    expect(slack.calls('views.open').some((c) => allText(c.args.view).includes('En hjemløs i kælderen'))).toBe(false);
  });

  it('shows field errors on the fields and stores nothing', async () => {
    const before = (await service.store.listConcerns({})).length;
    const values = validIntake('');
    values.category = { type: 'static_select', selected: null };
    const res = await post(viewSubmission({ userId: REPORTER, teamId: TEAM, callbackId: 'intake', values }, sign));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['category', 'description']);
    expect(body.errors.description).toBe('Skal udfyldes');
    expect((await service.store.listConcerns({})).length).toBe(before);
  });

  it('creates one concern routed to the right team, whose channel gets the card with buttons', async () => {
    const description = 'En hjemløs mand sover i kælderen i blok 12';
    const res = await post(viewSubmission({ userId: REPORTER, teamId: TEAM, callbackId: 'intake', viewId: 'V0ONCE0001', values: validIntake(description) }, sign));
    const ack = (await res.json()) as { response_action: string; view: Json };
    expect(ack.response_action).toBe('update');
    expect(allText(ack.view)).toMatch(/BB-\d{4}-\d{4}/);

    // Slack's retry of the same view: still one concern.
    const again = await post(
      viewSubmission({ userId: REPORTER, teamId: TEAM, callbackId: 'intake', viewId: 'V0ONCE0001', values: validIntake(description) }, { ...sign, retryNum: 1, retryReason: 'http_timeout' }),
    );
    expect(again.status).toBe(200);

    const concern = await service.waitFor(async () => (await service.store.listConcerns({})).find((c) => c.description === description));
    const card = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === TEAM_CHANNEL && buttons(c.args.blocks).some((b) => b.value === concern.id));
    expect(buttons(card.args.blocks).map((b) => b.action_id)).toEqual(['concern.ack', 'concern.reply', 'concern.note', 'concern.ask', 'concern.reassign', 'concern.resolve']);
    expect(await service.waitFor(async () => (await service.store.getConcern(concern.id))?.teamId)).toBe('bolig');
    expect(allText(ack.view)).toContain(concern.ref);
    expect((await service.store.listConcerns({})).filter((c) => c.description === description)).toHaveLength(1);
  });

  it('lets a team member acknowledge from the card, and refuses others privately', async () => {
    const { concern, card } = await raiseConcern('Hjemløs kvinde i vaskekælderen');
    const message = { channel: String(card.response.channel), ts: String(card.response.ts) };

    await post(blockAction({ userId: CHILD_WORKER, teamId: TEAM, actionId: 'concern.ack', value: concern.id, message }, sign));
    const refusal = await slack.waitForCall('chat.postEphemeral', (c) => c.args.user === CHILD_WORKER && c.args.channel === TEAM_CHANNEL);
    expect(allText(refusal.args.blocks)).not.toContain('Du har kvitteret');
    expect(slack.calls('chat.update').some((c) => c.args.ts === message.ts)).toBe(false);
    expect((await service.store.getConcern(concern.id))?.state).toBe('open');

    await post(blockAction({ userId: RESPONDER, teamId: TEAM, actionId: 'concern.ack', value: concern.id, message }, sign));
    const update = await slack.waitForCall('chat.update', (c) => c.args.ts === message.ts && c.args.channel === message.channel);
    expect(buttons(update.args.blocks).map((b) => b.action_id)).not.toContain('concern.ack');
    await slack.waitForCall('chat.postEphemeral', (c) => c.args.user === RESPONDER && allText(c.args.blocks).includes(concern.ref));
    expect((await service.store.getConcern(concern.id))?.state).toBe('acknowledged');
  });

  it('relays a reply to the reporter’s DM but never an internal note', async () => {
    const { concern, card } = await raiseConcern('Hjemløs mand i pulterrummet');
    const message = { channel: String(card.response.channel), ts: String(card.response.ts) };

    await post(blockAction({ userId: RESPONDER, teamId: TEAM, actionId: 'concern.reply', value: concern.id, message }, sign));
    const replyModal = await slack.waitForCall('views.open', (c) => viewOf(c).callback_id === 'concern.reply' && String(viewOf(c).private_metadata).includes(concern.id));
    const replyText = 'Vi kigger forbi i morgen formiddag';
    const replied = await post(viewSubmission({ userId: RESPONDER, teamId: TEAM, callbackId: 'concern.reply', privateMetadata: String(viewOf(replyModal).private_metadata), values: { text: { type: 'plain_text_input', value: replyText } } }, sign));
    expect(replied.status).toBe(200);
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === REPORTER && allText(c.args.blocks).includes(replyText));

    await post(blockAction({ userId: RESPONDER, teamId: TEAM, actionId: 'concern.note', value: concern.id, message }, sign));
    const noteModal = await slack.waitForCall('views.open', (c) => viewOf(c).callback_id === 'concern.note' && String(viewOf(c).private_metadata).includes(concern.id));
    const noteText = 'Intern: familien er kendt i forvaltningen';
    await post(viewSubmission({ userId: RESPONDER, teamId: TEAM, callbackId: 'concern.note', privateMetadata: String(viewOf(noteModal).private_metadata), values: { text: { type: 'plain_text_input', value: noteText } } }, sign));
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === TEAM_CHANNEL && allText(c.args.blocks).includes(noteText));
    const events = await service.waitFor(async () => {
      const list = await service.store.listEvents(concern.id);
      return list.some((e) => e.type === 'noted') ? list : null;
    });
    expect(events.filter((e) => e.type === 'noted')).toHaveLength(1);
    const toReporter = slack.calls('chat.postMessage').filter((c) => c.args.channel === REPORTER);
    expect(toReporter.some((c) => allText(c.args).includes(noteText))).toBe(false);
  });

  /** Clicks a concern button, waits for its modal and submits it with the given values. */
  async function viaModal(userId: string, action: string, concernId: string, message: { channel: string; ts: string } | undefined, values: Record<string, StateInput>) {
    await post(blockAction({ userId, teamId: TEAM, actionId: `concern.${action}`, value: concernId, ...(message ? { message } : {}) }, sign));
    const modal = await slack.waitForCall('views.open', (c) => viewOf(c).callback_id === `concern.${action}` && String(viewOf(c).private_metadata).includes(concernId));
    const res = await post(viewSubmission({ userId, teamId: TEAM, callbackId: `concern.${action}`, privateMetadata: String(viewOf(modal).private_metadata), values }, sign));
    expect(res.status).toBe(200);
    return modal;
  }

  it('lets the reporter add information and withdraw from the relayed reply', async () => {
    const { concern, card } = await raiseConcern('Hjemløs mand i cykelskuret');
    const teamMessage = { channel: String(card.response.channel), ts: String(card.response.ts) };
    await viaModal(RESPONDER, 'reply', concern.id, teamMessage, { text: { type: 'plain_text_input', value: 'Hvornår ser du ham typisk?' } });
    const relayed = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === REPORTER && allText(c.args.blocks).includes('Hvornår ser du ham'));
    expect(buttons(relayed.args.blocks).map((b) => b.action_id)).toEqual(['concern.add_info', 'concern.withdraw']);
    const dm = { channel: String(relayed.response.channel), ts: String(relayed.response.ts) };

    await viaModal(REPORTER, 'add_info', concern.id, dm, { text: { type: 'plain_text_input', value: 'Mest om aftenen efter kl. 22' } });
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === TEAM_CHANNEL && allText(c.args.blocks).includes('Mest om aftenen'));
    await slack.waitForCall('chat.postEphemeral', (c) => c.args.user === REPORTER && c.args.channel === dm.channel && allText(c.args.blocks).includes('Boligsocialt team'));
    // The reporter's DM message is not replaced by the team card.
    expect(slack.calls('chat.update').some((c) => c.args.ts === dm.ts)).toBe(false);

    await viaModal(REPORTER, 'withdraw', concern.id, dm, { reason: { type: 'plain_text_input', value: null } });
    expect(await service.waitFor(async () => (await service.store.getConcern(concern.id))?.state === 'withdrawn')).toBe(true);
  });

  it('reassigns to the team chosen in the modal, and resolves with an outcome', async () => {
    const { concern, card } = await raiseConcern('Hjemløs familie med et barn i kælderen');
    const message = { channel: String(card.response.channel), ts: String(card.response.ts) };
    const modal = await viaModal(RESPONDER, 'reassign', concern.id, message, {
      teamId: { type: 'static_select', selected: 'boern' },
      reason: { type: 'plain_text_input', value: 'Der er et barn' },
    });
    const teamSelect = ((viewOf(modal).blocks as Json[]).find((b) => b.block_id === 'teamId') as Json & { element: Json }).element;
    expect((teamSelect.options as Json[]).map((o) => o.value)).toEqual(['boern']);
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0BOERN001' && buttons(c.args.blocks).some((b) => b.value === concern.id));
    expect(await service.waitFor(async () => (await service.store.getConcern(concern.id))?.teamId === 'boern')).toBe(true);

    const boernCard = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0BOERN001' && buttons(c.args.blocks).some((b) => b.value === concern.id));
    const boernMessage = { channel: String(boernCard.response.channel), ts: String(boernCard.response.ts) };
    await viaModal(CHILD_WORKER, 'resolve', concern.id, boernMessage, { outcome: { type: 'radio_buttons', selected: 'action_taken' }, message: { type: 'plain_text_input', value: 'Familien har fået en bolig' } });
    const updated = await slack.waitForCall('chat.update', (c) => c.args.ts === boernMessage.ts && allText(c.args.blocks).includes('Familien har fået en bolig'));
    expect(buttons(updated.args.blocks)).toEqual([]);
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === REPORTER && allText(c.args.blocks).includes('Familien har fået en bolig'));
  });

  it('shows an empty reply as an error on the field', async () => {
    const { concern } = await raiseConcern('Hjemløs i trappeopgangen');
    const res = await post(viewSubmission({ userId: RESPONDER, teamId: TEAM, callbackId: 'concern.reply', privateMetadata: JSON.stringify({ concernId: concern.id }), values: { text: { type: 'plain_text_input', value: '   ' } } }, sign));
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { text: 'Skal udfyldes' } });
  });

  it('neutralises mrkdwn in what the reporter wrote', async () => {
    const hostile = 'Hjemløs i kælderen <!channel> <@U0RESPOND1> <https://evil.example|Netbank>';
    const { card } = await raiseConcern(hostile);
    const mrkdwn = [String(card.args.text), ...JSON.stringify(blocksOf(card)).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? []];
    const active = mrkdwn.flatMap((t) => t.match(/<[!@]|<https?:\/\/evil/g) ?? []);
    expect(active).toEqual([]);
    expect(allText(blocksOf(card))).toContain('<!channel>'); // shown literally, in plain_text
  });

  it('retries a rate-limited chat.postMessage and still delivers', async () => {
    slack.rateLimit('chat.postMessage', 1, 1, TEAM_CHANNEL);
    const limitedBefore = slack.calls('chat.postMessage').filter((c) => c.status === 429).length;
    // raiseConcern waits for the team card: the first attempt got 429, the retry delivered it.
    const { card } = await raiseConcern('Hjemløs i fyrrummet');
    const limited = slack.calls('chat.postMessage').filter((c) => c.status === 429);
    expect(limited.length).toBe(limitedBefore + 1);
    expect(limited.at(-1)!.args.channel).toBe(TEAM_CHANNEL);
    expect(card.at).toBeGreaterThan(limited.at(-1)!.at);
  });

  it('acknowledges with the note typed beside the button, and refuses the note from someone else', async () => {
    const { concern, card } = await raiseConcern('Hjemløs mand på loftet i opgang 2');
    const message = { channel: String(card.response.channel), ts: String(card.response.ts) };
    const noteField = blocksOf(card).find((b) => b.block_id === 'ackNote') as Json & { element: Json };
    expect(noteField).toMatchObject({ type: 'input', optional: true, element: { type: 'plain_text_input', action_id: 'value' } });
    const state = { ackNote: { type: 'plain_text_input' as const, value: 'Vi kigger på det i dag' } };

    const sentAt = Date.now();
    await post(blockAction({ userId: CHILD_WORKER, teamId: TEAM, actionId: 'concern.ack', value: concern.id, message, state }, sign));
    await slack.waitForCall('chat.postEphemeral', (c) => c.args.user === CHILD_WORKER && allText(c.args.blocks).includes('har ikke adgang') && c.at > sentAt);
    await post(blockAction({ userId: RESPONDER, teamId: TEAM, actionId: 'concern.ack', value: concern.id, message, state }, sign));
    const dm = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === REPORTER && allText(c.args.blocks).includes('Vi kigger på det i dag'));
    expect(allText(dm.args.blocks)).toContain('Besked fra Rikke Holm');
    const update = await slack.waitForCall('chat.update', (c) => c.args.ts === message.ts);
    expect(blocksOf(update).some((b) => b.block_id === 'ackNote')).toBe(false);
    expect((await service.store.listEvents(concern.id)).filter((e) => e.type === 'acknowledged')).toHaveLength(1);
  });

  it('asks through the modal; the reporter answers from the Answer button in the DM; feedback "yes"', async () => {
    const { concern, card } = await raiseConcern('Hjemløs kvinde i barnevognsrummet');
    const message = { channel: String(card.response.channel), ts: String(card.response.ts) };
    await viaModal(RESPONDER, 'ask', concern.id, message, { text: { type: 'plain_text_input', value: 'Er hun der også i dag?' } });
    const question = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === REPORTER && allText(c.args.blocks).includes('Er hun der også i dag?'));
    const waitingCard = await slack.waitForCall('chat.update', (c) => c.args.ts === message.ts && allText(c.args.blocks).includes('Venter på svar fra viceværten siden'));
    expect(buttons(waitingCard.args.blocks).map((b) => b.action_id)).not.toContain('concern.ack');

    // The stranger and the responder cannot answer; the reporter can, from the DM button.
    const modal = await viaModal(REPORTER, 'answer', concern.id, { channel: String(question.response.channel), ts: String(question.response.ts) }, { text: { type: 'plain_text_input', value: 'Ja, hun sover der nu' } });
    expect(viewOf(modal).callback_id).toBe('concern.answer');
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === TEAM_CHANNEL && allText(c.args.blocks).includes('Ja, hun sover der nu'));
    await slack.waitForCall('chat.update', (c) => c.args.ts === message.ts && allText(c.args.blocks).includes('Kvitteret af Rikke Holm') && !allText(c.args.blocks).includes('Venter på svar'));
    const stranger = await post(viewSubmission({ userId: STRANGER, teamId: TEAM, callbackId: 'concern.answer', privateMetadata: JSON.stringify({ concernId: concern.id }), values: { text: { type: 'plain_text_input', value: 'Hej' } } }, sign));
    expect(stranger.status).toBe(200);
    expect((await service.store.listEvents(concern.id)).filter((e) => e.type === 'answered')).toHaveLength(1);

    await viaModal(RESPONDER, 'resolve', concern.id, message, { outcome: { type: 'radio_buttons', selected: 'already_known' } });
    const resolved = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === REPORTER && allText(c.args.blocks).includes('Hjalp det?') && allText(c.args.blocks).includes(concern.ref));
    expect(allText(resolved.args.blocks)).toContain('Kommunen kendte allerede til situationen og følger den.');
    const yes = buttons(resolved.args.blocks).find((b) => b.action_id === 'concern.feedback' && String(b.value).includes('true'))!;
    await post(blockAction({ userId: RESPONDER, teamId: TEAM, actionId: 'concern.feedback', value: String(yes.value), message: { channel: String(resolved.response.channel), ts: String(resolved.response.ts) } }, sign));
    await post(blockAction({ userId: REPORTER, teamId: TEAM, actionId: 'concern.feedback', value: String(yes.value), message: { channel: String(resolved.response.channel), ts: String(resolved.response.ts) } }, sign));
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === TEAM_CHANNEL && allText(c.args.blocks).includes(`afslutningen af ${concern.ref} hjalp`));
    const feedback = (await service.store.listEvents(concern.id)).filter((e) => e.type === 'feedback');
    expect(feedback.map((e) => [e.data.helpful, e.actor.kind === 'user' ? e.actor.userId : ''])).toEqual([[true, REPORTER]]);
  });
});
