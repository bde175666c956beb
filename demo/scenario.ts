/**
 * The play: Jens Pedersen, caretaker at Boligselskabet Fjordbo, raises a concern in Slack; Jonas
 * Holm of the municipality's housing team answers in Teams; Jens adds information. After every
 * move, what each person now sees is printed. People and channels are from the sample directory.
 */
import type { ConnectorCall } from '../test/fakes/bot-connector.js';
import type { SlackCall } from '../test/fakes/slack-web-api.js';
import { slackActor, teamsActor, type SlackPerson, type TeamsActorPerson } from './actors.js';
import { adaptiveCardLines, seenBy, slackMessageLines, slackViewLines, wrap } from './render-text.js';
import type { Stage } from './stage.js';

type Json = Record<string, unknown>;

export const JENS: SlackPerson = { userId: 'U0PG4KAPUT7', workspace: 'T0UQ7C1X54X', name: 'Jens Pedersen' };
const JONAS: TeamsActorPerson = { aadObjectId: '4fe33ae6-dcd5-45fa-8d83-f25f798ce1d4', name: 'Jonas Holm', tenantId: '96e48123-c98e-4de6-90db-c6e03b4c8d59' };
const HOUSING_CHANNEL = '19:53d4a316a5b3ccb90db2cbf31643a48e@thread.tacv2';

const JENS_SEES = 'Jens Pedersen (vicevært, Slack)';
const JONAS_SEES = 'Jonas Holm (boligsocial medarbejder, Teams)';
const CHANNEL_SEES = 'Boligsocial indgang (team channel in Teams)';

const FIRST_WORDS = 'Der sover en hjemløs mand i kælderen i opgang 12. Han virker forkommen og fryser.';
const REPLY = 'Tak, Jens. Vi kigger forbi i morgen kl. 10. Kan du lukke os ind i kælderen?';
const NOTE = 'Manden står muligvis på herbergets venteliste – tjekker det inden besøget.';
const MORE_INFO = 'Ja, jeg er der fra kl. 9. Han sover bag cykelrummet og hedder vist Poul.';

const text = (value: unknown) => JSON.stringify(value ?? '');
const viewOf = (call: SlackCall) => (call.args.view ?? {}) as Json;
const messageOf = (call: SlackCall) => ({ channel: String(call.response.channel), ts: String(call.response.ts) });
const submitLabel = (view: Json) => String((view.submit as Json | undefined)?.text ?? 'Send');
const inputOf = (view: Json, blockId: string) =>
  ((view.blocks as Json[] | undefined)?.find((b) => b.block_id === blockId)?.element ?? {}) as Json;

export async function play(stage: Stage, print: (text: string) => void): Promise<void> {
  const { slack, connector } = stage;
  const store = stage.service.database.store;
  const jens = slackActor(stage, JENS);
  const jonas = teamsActor(stage, JONAS);
  const cards = (call: ConnectorCall) => connector.cardsOf(call);
  const cardText = (call: ConnectorCall) => text(cards(call));
  let step = 0;
  const narrate = (what: string) => print(`\n${wrap(`${++step}. ${what}`, 100).join('\n   ')}\n`);
  const show = (person: string, lines: string[], where?: string) => print(`${seenBy(person, lines, where)}\n`);

  // 1. Free text first.
  narrate(`Jens Pedersen, caretaker at Boligselskabet Fjordbo, types in Slack:\n/bekymring ${FIRST_WORDS}`);
  await jens.slash(FIRST_WORDS);
  const intake = viewOf(await slack.waitForCall('views.open', (c) => viewOf(c).callback_id === 'intake' && text(c.args.view).includes('opgang 12')));
  show(JENS_SEES, slackViewLines(intake), 'a form, filled in from his words');

  // 2. The rest of the form, and send.
  narrate(`Jens picks his department, writes the address, says the resident does not know, and presses «${submitLabel(intake)}».`);
  const answer = await jens.submit('intake', {
    category: { type: 'static_select', selected: String((inputOf(intake, 'category').initial_option as Json | undefined)?.value ?? 'homelessness') },
    departmentId: { type: 'static_select', selected: 'havnegaarden' },
    address: { type: 'plain_text_input', value: 'Havnegade 12, kælderen' },
    urgency: { type: 'static_select', selected: String((inputOf(intake, 'urgency').initial_option as Json | undefined)?.value ?? 'normal') },
    description: { type: 'plain_text_input', value: String(inputOf(intake, 'description').initial_value ?? FIRST_WORDS) },
    residentKnows: { type: 'radio_buttons', selected: 'no' },
  });
  const concern = await waitUntil(async () => (await store.listConcerns({})).find((c) => c.description === FIRST_WORDS));
  show(JENS_SEES, slackViewLines((answer?.view ?? {}) as Json), 'in place of the form');
  const receipt = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS.userId && text(c.args.blocks).includes(concern.ref));
  show(JENS_SEES, slackMessageLines(receipt.args), 'in his direct messages with Brobygger');

  // 3. The card reaches the team that takes homelessness: in Teams.
  narrate(`Brobygger routes ${concern.ref} (homelessness, Havnekvarteret) to the municipality's housing team, which works in Teams.`);
  const card = await connector.waitFor((c) => c.kind === 'send' && c.conversationId === HOUSING_CHANNEL && cardText(c).includes(concern.ref) && cardText(c).includes('concern.ack'));
  show(CHANNEL_SEES, adaptiveCardLines(cards(card)[0]));
  const onCard = { replyToId: card.responseId ?? '', channelId: HOUSING_CHANNEL };

  // 4. Acknowledge.
  narrate('Jonas Holm presses «Kvittér».');
  show(JONAS_SEES, adaptiveCardLines(await jonas.press({ action: 'concern.ack', concernId: concern.id }, onCard)), 'in place of the card');
  const acked = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS.userId && text(c.args.blocks).includes(`kvitteret for din bekymring ${concern.ref}`));
  show(JENS_SEES, slackMessageLines(acked.args), 'in Slack');

  // 5. Reply to the reporter.
  narrate('Jonas presses «Svar til anmelder»; a small form opens under the card.');
  show(JONAS_SEES, adaptiveCardLines(await jonas.press({ action: 'concern.reply', concernId: concern.id }, onCard)));
  narrate(`Jonas writes «${REPLY}» and sends it.`);
  show(JONAS_SEES, adaptiveCardLines(await jonas.press({ action: 'concern.reply', concernId: concern.id, step: 'submit', text: REPLY }, onCard)));
  const reply = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS.userId && text(c.args.blocks).includes(REPLY));
  show(JENS_SEES, slackMessageLines(reply.args), 'in Slack');

  // 6. An internal note stays with the team.
  narrate(`Jonas adds an internal note for his colleagues: «${NOTE}»`);
  await jonas.press({ action: 'concern.note', concernId: concern.id, step: 'submit', text: NOTE }, onCard);
  const note = await connector.waitFor((c) => c.kind === 'send' && c.conversationId === HOUSING_CHANNEL && cardText(c).includes('herbergets venteliste'));
  show(CHANNEL_SEES, adaptiveCardLines(cards(note)[0]));
  const leaked = slack.calls().some((c) => text(c.args).includes('herbergets venteliste'));
  show(JENS_SEES, [leaked ? '!! the note reached Slack — that is a bug' : '(nothing — internal notes are never sent to the reporter)']);

  // 7. The caretaker answers with more information.
  narrate('Jens presses «Tilføj oplysninger» under Jonas’s reply.');
  await jens.click('concern.add_info', concern.id, messageOf(reply));
  const infoModal = viewOf(await slack.waitForCall('views.open', (c) => viewOf(c).callback_id === 'concern.add_info' && String(viewOf(c).private_metadata).includes(concern.id)));
  show(JENS_SEES, slackViewLines(infoModal));
  narrate(`Jens writes «${MORE_INFO}» and presses «${submitLabel(infoModal)}».`);
  const submittedAt = Date.now();
  await jens.submit('concern.add_info', { text: { type: 'plain_text_input', value: MORE_INFO } }, String(infoModal.private_metadata ?? ''));
  const thanks = await slack.waitForCall('chat.postEphemeral', (c) => c.args.user === JENS.userId && c.at >= submittedAt);
  show(JENS_SEES, slackMessageLines(thanks.args), '(only visible to him)');
  const info = await connector.waitFor((c) => c.kind === 'send' && c.conversationId === HOUSING_CHANNEL && cardText(c).includes('cykelrummet'));
  show(CHANNEL_SEES, adaptiveCardLines(cards(info)[0]));

  // What is kept: the append-only event log, from which response times are derived.
  narrate(`What Brobygger recorded for ${concern.ref} (append-only; response times are derived from it):`);
  const events = (await store.listEvents(concern.id)).filter((e) => e.type !== 'notified');
  const time = (at: Date) => at.toLocaleTimeString('en-GB', { timeZone: 'Europe/Copenhagen', hour12: false });
  print(events.map((e) => `    ${time(e.at)}  ${e.type.padEnd(13)} ${e.actor.kind === 'user' ? `${e.actor.name} (${e.actor.platform})` : 'Brobygger'}`).join('\n'));
}

async function waitUntil<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
