/**
 * Reporter and team on different platforms, through one running service with both adapters on:
 * a Fjordbo caretaker on Slack whose concern goes to a Teams channel, and a NAB caretaker on Teams
 * whose concern goes to a Slack channel. The sample directory's Teams channels point at a fake Bot
 * Connector; Slack's Web API is a fake too. What each person would see is read from their calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotConnector, type ConnectorCall, type FakeBotConnector } from '../fakes/bot-connector.js';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../fakes/slack-web-api.js';
import { sampleDirectoryWithTeamsAt } from '../support/directories.js';
import { startTestService, type TestService } from '../support/service.js';
import { blockAction, postToSlackEndpoint, slashCommand, viewSubmission, type SignOptions, type SlackRequest } from '../support/slack-requests.js';
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

const SECRET = 'cross-platform-secret';
const TOKEN = 'xoxb-cross-platform';
const sign: SignOptions = { secret: SECRET };

// From config/directory.sample.yaml.
const FJORDBO_WORKSPACE = 'T0UQ7C1X54X';
const KOMMUNE_WORKSPACE = 'T034REYFKTT';
const JENS = 'U0PG4KAPUT7'; // Jens Pedersen, vicevært, Fjordbo (Slack)
const ANNE = 'U0WWGTG1WZY'; // Anne Mortensen, socialpsykiatrien (Slack)
const SOCIALPSYKIATRI_CHANNEL = 'C0RV4FF682F';
const NAB_TENANT = 'bce83cfb-4f56-4659-84e2-f1fe3cf41bf7';
const KOMMUNE_TENANT = '96e48123-c98e-4de6-90db-c6e03b4c8d59';
const LARS: TeamsPerson = { aadObjectId: '3033cc50-64d9-402a-9710-196e4de65a07', name: 'Lars Jakobsen' };
const JONAS: TeamsPerson = { aadObjectId: '4fe33ae6-dcd5-45fa-8d83-f25f798ce1d4', name: 'Jonas Holm' };
const BOLIG_CHANNEL = '19:53d4a316a5b3ccb90db2cbf31643a48e@thread.tacv2';

type Json = Record<string, unknown>;
type InvokeBody = { statusCode: number; type: string; value: unknown };

const allText = (value: unknown): string => JSON.stringify(value ?? '');
const viewOf = (call: SlackCall): Json => (call.args.view ?? {}) as Json;
const buttons = (blocks: unknown): Json[] =>
  (Array.isArray(blocks) ? (blocks as Json[]) : []).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]);
const inputElement = (view: Json, blockId: string): Json =>
  ((view.blocks as Json[]).find((b) => b.block_id === blockId) as { element: Json } | undefined)?.element ?? {};
const messageOf = (call: SlackCall) => ({ channel: String(call.response.channel), ts: String(call.response.ts) });

describe('a caretaker and a municipal team on different platforms', () => {
  let slack: FakeSlack;
  let connector: FakeBotConnector;
  let service: TestService;

  const slackPost = async (request: SlackRequest) => {
    const response = await postToSlackEndpoint(service.baseUrl, request);
    expect(response.status).toBe(200);
    return response;
  };

  async function teamsPost(activity: unknown): Promise<{ status: number; body?: InvokeBody }> {
    const response = await fetch(`${service.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    const body = response.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as InvokeBody) : undefined;
    return { status: response.status, ...(body ? { body } : {}) };
  }

  const teamsPerson = (user: TeamsPerson, tenantId: string): ActivityBase => ({ serviceUrl: connector.serviceUrl, tenantId, user });
  const lars = () => teamsPerson(LARS, NAB_TENANT);
  const jonas = () => teamsPerson(JONAS, KOMMUNE_TENANT);

  /** An Action.Execute press; the answer is what the presser sees in place of the card. */
  async function press(base: ActivityBase, data: Json, on: { replyToId: string; channelId?: string }): Promise<InvokeBody> {
    const response = await teamsPost(executeAction({ ...base, data, ...on }));
    expect(response.status).toBe(200);
    expect(response.body?.statusCode).toBe(200);
    return response.body!;
  }

  /** A Slack button that opens a concern modal, then the modal submitted with `text`. */
  async function viaSlackModal(userId: string, teamId: string, action: string, concernId: string, message: { channel: string; ts: string }, text: string) {
    await slackPost(blockAction({ userId, teamId, actionId: `concern.${action}`, value: concernId, message }, sign));
    const modal = await slack.waitForCall(
      'views.open',
      (c) => viewOf(c).callback_id === `concern.${action}` && String(viewOf(c).private_metadata).includes(concernId),
    );
    await slackPost(
      viewSubmission(
        { userId, teamId, callbackId: `concern.${action}`, privateMetadata: String(viewOf(modal).private_metadata), values: { text: { type: 'plain_text_input', value: text } } },
        sign,
      ),
    );
  }

  const sentTo = (conversationId: string, ...texts: string[]) => (c: ConnectorCall) =>
    c.kind === 'send' && c.conversationId === conversationId && texts.every((t) => cardTexts(connector.cardsOf(c)).includes(t));

  beforeAll(async () => {
    connector = await startFakeBotConnector({ region: 'emea' });
    slack = await startFakeSlack({
      token: TOKEN,
      teamId: FJORDBO_WORKSPACE,
      users: [
        { id: JENS, teamId: FJORDBO_WORKSPACE, realName: 'Jens Pedersen', locale: 'da-DK', email: 'jens.pedersen@fjordbo.dk' },
        { id: ANNE, teamId: KOMMUNE_WORKSPACE, realName: 'Anne Mortensen', locale: 'da-DK', email: 'anne.mortensen@nordfjord.dk' },
      ],
    });
    service = await startTestService({
      env: { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, TEAMS_ALLOW_UNAUTHENTICATED: 'true' },
      directory: sampleDirectoryWithTeamsAt(connector.serviceUrl),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await slack?.close();
    await connector?.close();
  });

  it('carries a concern from a Slack caretaker to the Teams team and the conversation both ways', async () => {
    // Jens raises a homelessness concern with /bekymring; the modal comes pre-filled.
    const description = 'En hjemløs mand sover i kælderen i opgang 12, han virker forkommen';
    await slackPost(slashCommand({ userId: JENS, teamId: FJORDBO_WORKSPACE, text: description }, sign));
    const intake = viewOf(await slack.waitForCall('views.open', (c) => viewOf(c).callback_id === 'intake' && allText(c.args.view).includes('opgang 12')));
    expect(inputElement(intake, 'category').initial_option).toMatchObject({ value: 'homelessness' });
    const submitted = await slackPost(
      viewSubmission(
        {
          userId: JENS,
          teamId: FJORDBO_WORKSPACE,
          callbackId: 'intake',
          values: {
            category: { type: 'static_select', selected: 'homelessness' },
            departmentId: { type: 'static_select', selected: 'havnegaarden' },
            address: { type: 'plain_text_input', value: 'Havnegade 12, kælderen' },
            urgency: { type: 'static_select', selected: 'normal' },
            description: { type: 'plain_text_input', value: String(inputElement(intake, 'description').initial_value) },
            residentKnows: { type: 'radio_buttons', selected: 'no' },
          },
        },
        sign,
      ),
    );
    const confirmation = (await submitted.json()) as { response_action: string; view: Json };
    expect(confirmation.response_action).toBe('update');
    expect(allText(confirmation.view)).toContain('Boligsocial indgang');

    const concern = await service.waitFor(async () => (await service.store.listConcerns({})).find((c) => c.description === description));
    expect(concern.reporter).toMatchObject({ platform: 'slack', userId: JENS, name: 'Jens Pedersen' });

    // The card arrives in bolig-indgang's Teams channel and names Jens and his association.
    const card = await connector.waitFor((c) => sentTo(BOLIG_CHANNEL, concern.ref)(c) && !!findAction(connector.cardsOf(c), 'concern.ack'));
    expect(card.path).toMatch(/^\/emea\/v3\/conversations\/[^/]+\/activities$/);
    expect(cardTexts(connector.cardsOf(card))).toContain('Jens Pedersen (Boligselskabet Fjordbo)');
    const onCard = { replyToId: card.responseId!, channelId: BOLIG_CHANNEL };

    // Jonas acknowledges in Teams; Jens gets a DM in Slack naming Jonas and the municipality.
    const acked = await press(jonas(), { action: 'concern.ack', concernId: concern.id }, onCard);
    expect(findAction(acked.value, 'concern.ack')).toBeUndefined();
    const ackDm = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS && allText(c.args.blocks).includes(`kvitteret for din bekymring ${concern.ref}`));
    expect(allText(ackDm.args.blocks)).toContain('Jonas Holm (Nordfjord Kommune)');

    // Jonas replies ("Svar til anmelder"); the text reaches Jens with his buttons.
    const form = await press(jonas(), { action: 'concern.reply', concernId: concern.id }, onCard);
    expect(cardTexts(form.value)).toContain('Svar til anmelder');
    expect(findInput(form.value, 'text')).toMatchObject({ isRequired: true });
    const replyText = 'Vi kigger forbi i morgen kl. 10. Kan du lukke os ind i kælderen?';
    const replied = await press(jonas(), { action: 'concern.reply', concernId: concern.id, step: 'submit', text: replyText }, onCard);
    expect(cardTexts(replied.value)).toContain('Dit svar er sendt til Jens Pedersen (Boligselskabet Fjordbo)');
    const replyDm = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS && allText(c.args.blocks).includes(replyText));
    expect(allText(replyDm.args.blocks)).toContain(`Svar på ${concern.ref} fra Jonas Holm (Nordfjord Kommune)`);
    expect(buttons(replyDm.args.blocks).map((b) => b.action_id)).toEqual(['concern.add_info', 'concern.withdraw']);

    // An internal note stays in the Teams channel.
    const note = 'INTERN: manden er kendt fra herbergets venteliste';
    await press(jonas(), { action: 'concern.note', concernId: concern.id, step: 'submit', text: note }, onCard);
    await connector.waitFor(sentTo(BOLIG_CHANNEL, note));

    // Jens adds information from the relayed reply; the Teams channel gets it with his name.
    const info = 'Ja, jeg er der fra kl. 9. Han sover bag cykelrummet.';
    await viaSlackModal(JENS, FJORDBO_WORKSPACE, 'add_info', concern.id, messageOf(replyDm), info);
    const infoCard = await connector.waitFor(sentTo(BOLIG_CHANNEL, info));
    expect(cardTexts(connector.cardsOf(infoCard))).toContain(`Jens Pedersen (Boligselskabet Fjordbo) har tilføjet oplysninger til ${concern.ref}`);

    expect(slack.calls().some((c) => allText(c.args).includes('INTERN'))).toBe(false);
    expect((await service.store.getConcern(concern.id))?.state).toBe('acknowledged');
  });

  it('carries a concern from a Teams caretaker to the Slack team and its answers back to his personal chat', async () => {
    // Lars writes to the bot in his personal chat; the answer is the intake form, filled in.
    const description = 'En beboer i opgang 4 virker meget forvirret og råber om natten. Jeg tror, han har det psykisk dårligt.';
    const message = personalMessage({ ...lars(), text: description });
    expect((await teamsPost(message)).status).toBe(200);
    const formReply = connector.calls.find((c) => c.kind === 'reply' && c.activityId === message.id);
    const intakeForm = connector.cardsOf(formReply!)[0];
    expect(findInput(intakeForm, 'category')).toMatchObject({ value: 'mental_health' });
    const submit = findAction(intakeForm, 'intake.submit')!;

    const confirmation = await press(
      lars(),
      {
        ...submit.data,
        category: 'mental_health',
        departmentId: 'solgaarden',
        address: 'Solgården 4, 2. th.',
        urgency: 'high',
        description,
        residentKnows: 'no',
      },
      { replyToId: formReply!.responseId! },
    );
    expect(cardTexts(confirmation.value)).toContain('Socialpsykiatrien – opsøgende team');
    const concernId = String(findAction(confirmation.value, 'concern.add_info')?.data?.concernId);
    const concern = (await service.store.getConcern(concernId))!;
    expect(concern.reporter).toMatchObject({ platform: 'teams', userId: LARS.aadObjectId, name: 'Lars Jakobsen' });

    // The Slack channel of socialpsykiatri gets the message with buttons, naming Lars and NAB.
    const card = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && buttons(c.args.blocks).some((b) => b.value === concernId));
    expect(buttons(card.args.blocks).map((b) => b.action_id)).toEqual(['concern.ack', 'concern.reply', 'concern.note', 'concern.ask', 'concern.reassign', 'concern.resolve']);
    expect(allText(card.args.blocks)).toContain('Lars Jakobsen (Nordfjord Almene Boliger)');

    // Anne acknowledges in Slack; Lars hears it in his personal chat, proactively.
    const chat = personalConversationId(LARS.aadObjectId);
    await slackPost(blockAction({ userId: ANNE, teamId: KOMMUNE_WORKSPACE, actionId: 'concern.ack', value: concernId, message: messageOf(card) }, sign));
    const ackNews = await connector.waitFor(sentTo(chat, `kvitteret for din bekymring ${concern.ref}`));
    expect(cardTexts(connector.cardsOf(ackNews))).toContain('Anne Mortensen (Nordfjord Kommune)');
    expect(ackNews.path).toMatch(/^\/emea\/v3\/conversations\/[^/]+\/activities$/);

    // Anne replies through the reply modal; Lars gets the text with the buttons to answer.
    const replyText = 'Tak, Lars. Vi kommer forbi i dag kl. 14 sammen med hjemmeplejen.';
    await viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'reply', concernId, messageOf(card), replyText);
    const reply = await connector.waitFor(sentTo(chat, replyText));
    expect(cardTexts(connector.cardsOf(reply))).toContain(`Svar på ${concern.ref} fra Anne Mortensen (Nordfjord Kommune)`);
    expect(findAction(connector.cardsOf(reply), 'concern.add_info')?.data).toEqual({ action: 'concern.add_info', concernId });

    expect((await service.store.getConcern(concernId))?.state).toBe('acknowledged');
  });
});
