/**
 * Reporter and team on different platforms, through one running service with both adapters on:
 * a Fjordbo caretaker on Slack whose concern goes to a Teams channel, and a NAB caretaker on Teams
 * whose concern goes to a Slack channel. The sample directory's Teams channels point at a fake Bot
 * Connector; Slack's Web API is a fake too. What each person would see is read from their calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANNE,
  BOLIG_CHANNEL,
  FJORDBO_WORKSPACE,
  JENS,
  JONAS,
  KOMMUNE_TENANT,
  KOMMUNE_WORKSPACE,
  LARS,
  NAB_TENANT,
  SOCIALPSYKIATRI_CHANNEL,
  allText,
  messageOf,
  startBothPlatforms,
  jensIntake,
  viewOf,
  type BothPlatforms,
  type Json,
} from '../support/both-platforms.js';
import { blockAction, directMessage, postToSlackEndpoint, slashCommand, viewSubmission } from '../support/slack-requests.js';
import { cardTexts, findAction, findInput, personalConversationId, personalMessage } from '../support/teams-activities.js';
import { formatMoment } from '../../src/core/time-format.js';

const buttons = (blocks: unknown): Json[] =>
  (Array.isArray(blocks) ? (blocks as Json[]) : []).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]);
const inputElement = (view: Json, blockId: string): Json =>
  ((view.blocks as Json[]).find((b) => b.block_id === blockId) as { element: Json } | undefined)?.element ?? {};

describe('a caretaker and a municipal team on different platforms', () => {
  let both: BothPlatforms;
  beforeAll(async () => {
    both = await startBothPlatforms();
  });
  afterAll(async () => {
    await both?.stop();
  });

  it('carries a concern from a Slack caretaker to the Teams team and the conversation both ways', async () => {
    const { slack, connector, service, sign, slackPost, press, viaSlackModal, sentTo } = both;
    const jonas = () => both.teamsPerson(JONAS, KOMMUNE_TENANT);
    // Jens raises a homelessness concern with /bekymring; the modal comes pre-filled.
    const description = 'En hjemløs mand sover i kælderen i opgang 12, han virker forkommen';
    await slackPost(slashCommand({ userId: JENS, teamId: FJORDBO_WORKSPACE, text: description }, sign));
    const intake = viewOf(await slack.waitForCall('views.open', (c) => viewOf(c).callback_id === 'intake' && allText(c.args.view).includes('opgang 12')));
    expect(inputElement(intake, 'category').initial_option).toMatchObject({ value: 'homelessness' });
    const submitted = await slackPost(jensIntake(sign, 'Havnegade 12, kælderen', String(inputElement(intake, 'description').initial_value)));
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
    const { slack, connector, service, sign, slackPost, teamsPost, press, viaSlackModal, sentTo } = both;
    const lars = () => both.teamsPerson(LARS, NAB_TENANT);
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

  const findConcern = async (fragment: string) => (await both.service.store.listConcerns({})).find((c) => c.description.includes(fragment))!;
  const jensWrites = (text: string) => directMessage({ userId: JENS, teamId: FJORDBO_WORKSPACE, text, channel: 'D0JENS0001' }, both.sign);

  it('lets the Teams team ask the Slack caretaker, who answers in the bot chat; then resolve, "did not help" and reopen', async () => {
    const { slack, connector, service, sign, slackPost, press, sentTo } = both;
    const jonas = () => both.teamsPerson(JONAS, KOMMUNE_TENANT);
    const concern = await findConcern('opgang 12, han virker forkommen');
    const card = connector.calls.find((c) => sentTo(BOLIG_CHANNEL, concern.ref)(c) && !!findAction(connector.cardsOf(c), 'concern.ack'))!;
    const onCard = { replyToId: card.responseId!, channelId: BOLIG_CHANNEL };

    const form = await press(jonas(), { action: 'concern.ask', concernId: concern.id }, onCard);
    expect(findInput(form.value, 'text')).toMatchObject({ isRequired: true });
    const question = 'Hvilken dør til kælderen bruger han? Ring gerne på 20 30 40 50. Hans cpr er 010190-1234.';
    const asked = await press(jonas(), { action: 'concern.ask', concernId: concern.id, step: 'submit', text: question }, onCard);
    expect(cardTexts(asked.value)).toContain('venter nu på svar');
    expect(cardTexts(asked.value)).toContain('CPR-nummer');
    expect((await service.store.getConcern(concern.id))?.state).toBe('waiting');

    // Jens gets the question (CPR removed) with an Answer button; the card says it waits for him.
    const dm = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS && allText(c.args.blocks).includes('Hvilken dør'));
    expect(allText(dm.args.blocks)).toContain('Jonas Holm (Nordfjord Kommune) fra Boligsocial indgang (hjemløshed og udsættelse) har et spørgsmål');
    expect(allText(dm.args.blocks)).not.toContain('010190');
    expect(buttons(dm.args.blocks).map((b) => b.action_id)).toEqual(['concern.answer']);
    const waitingCard = await connector.waitFor((c) => c.kind === 'update' && cardTexts(connector.cardsOf(c)).includes('Venter på svar fra viceværten siden'));
    expect(cardTexts(connector.cardsOf(waitingCard))).toContain('Venter på anmelder');

    // He answers by writing in the bot chat: one concern waits for him, so that is the answer.
    const answer = 'Døren ved cykelrummet, den er altid åben.';
    await slackPost(jensWrites(answer));
    const relayed = await connector.waitFor(sentTo(BOLIG_CHANNEL, answer));
    expect(cardTexts(connector.cardsOf(relayed))).toContain(`Svar på spørgsmålet om ${concern.ref} fra Jens Pedersen (Boligselskabet Fjordbo)`);
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'D0JENS0001' && allText(c.args.blocks).includes('Dit svar er sendt til Boligsocial indgang (hjemløshed og udsættelse)'));
    expect((await service.store.getConcern(concern.id))?.state).toBe('acknowledged');

    // Jonas resolves with an outcome and a message; Jens is told in plain words and asked if it helped.
    const resolveForm = await press(jonas(), { action: 'concern.resolve', concernId: concern.id }, onCard);
    expect((findInput(resolveForm.value, 'outcome')?.choices as Json[]).map((c) => c.value)).toContain('referred');
    const noOutcome = await press(jonas(), { action: 'concern.resolve', concernId: concern.id, step: 'submit', outcome: 'fixed it' }, onCard);
    expect(cardTexts(noOutcome.value)).toContain('Vælg et udfald');
    await press(jonas(), { action: 'concern.resolve', concernId: concern.id, step: 'submit', outcome: 'referred', message: 'Han har fået plads på herberget.' }, onCard);
    const resolved = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS && allText(c.args.blocks).includes('Hjalp det?'));
    const text = allText(resolved.args.blocks);
    expect(text).toContain(`Din bekymring ${concern.ref} er afsluttet af Jonas Holm fra Boligsocial indgang (hjemløshed og udsættelse)`);
    expect(text).toContain('Sagen er sendt videre til den instans, der kan hjælpe.');
    expect(text).toContain('Han har fået plads på herberget.');
    const feedbackButtons = buttons(resolved.args.blocks).filter((b) => b.action_id === 'concern.feedback');
    expect(feedbackButtons.map((b) => JSON.parse(String(b.value)))).toEqual([{ concernId: concern.id, helpful: true }, { concernId: concern.id, helpful: false }]);

    // "No", with a comment: the team hears it, Jens is offered Reopen.
    await slackPost(blockAction({ userId: JENS, teamId: FJORDBO_WORKSPACE, actionId: 'concern.feedback', value: String(feedbackButtons[1]!.value), message: messageOf(resolved), state: { comment: { type: 'plain_text_input', value: 'Han sover her stadig' } } }, sign));
    await connector.waitFor(sentTo(BOLIG_CHANNEL, 'siger, at afslutningen af', 'ikke hjalp', 'Han sover her stadig'));
    const offer = await slack.waitForCall('chat.postEphemeral', (c) => c.args.user === JENS && buttons(c.args.blocks).some((b) => b.action_id === 'concern.reopen'));
    expect(allText(offer.args.blocks)).toContain('kan du genåbne bekymringen indtil');

    // Reopen needs a reason; with one, the concern is open again for the same team with a new clock.
    await slackPost(blockAction({ userId: JENS, teamId: FJORDBO_WORKSPACE, actionId: 'concern.reopen', value: concern.id }, sign));
    const modal = await slack.waitForCall('views.open', (c) => viewOf(c).callback_id === 'concern.reopen' && String(viewOf(c).private_metadata).includes(concern.id));
    const empty = await postToSlackEndpoint(service.baseUrl, viewSubmission({ userId: JENS, teamId: FJORDBO_WORKSPACE, callbackId: 'concern.reopen', privateMetadata: String(viewOf(modal).private_metadata), values: { reason: { type: 'plain_text_input', value: ' ' } } }, sign));
    expect(await empty.json()).toEqual({ response_action: 'errors', errors: { reason: 'Skal udfyldes' } });
    await slackPost(viewSubmission({ userId: JENS, teamId: FJORDBO_WORKSPACE, callbackId: 'concern.reopen', privateMetadata: String(viewOf(modal).private_metadata), values: { reason: { type: 'plain_text_input', value: 'Han er tilbage i kælderen hver nat' } } }, sign));
    await connector.waitFor(sentTo(BOLIG_CHANNEL, `${concern.ref} er genåbnet af Jens Pedersen`, 'Han er tilbage i kælderen hver nat'));
    await connector.waitFor((c) => c.kind === 'update' && cardTexts(connector.cardsOf(c)).includes('Genåbnet af anmelderen') && !!findAction(connector.cardsOf(c), 'concern.ack'));
    const reopened = (await service.store.getConcern(concern.id))!;
    expect(reopened).toMatchObject({ state: 'open', teamId: 'bolig-indgang', acknowledgedAt: null, outcome: null, slaEpoch: concern.slaEpoch + 1 });
    expect(reopened.acknowledgeDeadline!.getTime()).toBeGreaterThanOrEqual(concern.acknowledgeDeadline!.getTime());
    const types = (await service.store.listEvents(concern.id)).map((e) => e.type).filter((t) => t !== 'notified');
    expect(types).toEqual(expect.arrayContaining(['asked', 'answered', 'resolved', 'feedback', 'reopened']));
  });

  it('lets the Slack team ask the Teams caretaker, who answers with the card button; feedback and reopen after the window', async () => {
    const { slack, connector, service, sign, slackPost, press, viaSlackModal, sentTo } = both;
    const lars = () => both.teamsPerson(LARS, NAB_TENANT);
    const concern = await findConcern('råber om natten');
    const card = slack.calls('chat.postMessage').find((c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && buttons(c.args.blocks).some((b) => b.value === concern.id))!;
    const chat = personalConversationId(LARS.aadObjectId);

    // Lars may not ask (only the team does); Anne asks through the modal.
    const refused = await press(lars(), { action: 'concern.ask', concernId: concern.id, step: 'submit', text: 'Må jeg spørge?' }, { replyToId: 'x' });
    expect(refused.value).toBe('Kun medlemmer af Socialpsykiatrien – opsøgende team kan gøre dette.');
    await viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'ask', concern.id, messageOf(card), 'Hvornår på natten råber han?');
    const question = await connector.waitFor(sentTo(chat, 'Hvornår på natten råber han?'));
    const answerButton = findAction(connector.cardsOf(question), 'concern.answer')!;
    expect(answerButton.data).toEqual({ action: 'concern.answer', concernId: concern.id });
    await slack.waitForCall('chat.update', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && allText(c.args.blocks).includes('Venter på svar fra viceværten siden'));

    // Anne may not answer her own question; Lars answers from the button's form.
    const notHers = await slackPost(viewSubmission({ userId: ANNE, teamId: KOMMUNE_WORKSPACE, callbackId: 'concern.answer', privateMetadata: JSON.stringify({ concernId: concern.id }), values: { text: { type: 'plain_text_input', value: 'Om natten' } } }, sign));
    expect(notHers.status).toBe(200);
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === ANNE && c.args.text === 'Kun anmelderens boligorganisation kan gøre dette.');
    const form = await press(lars(), { action: 'concern.answer', concernId: concern.id }, { replyToId: question.responseId! });
    expect(findInput(form.value, 'text')).toMatchObject({ isRequired: true });
    const answer = 'Mellem kl. 2 og 4, især i weekenden.';
    const done = await press(lars(), { action: 'concern.answer', concernId: concern.id, step: 'submit', text: answer }, { replyToId: question.responseId! });
    expect(cardTexts(done.value)).toContain('Dit svar er sendt til Socialpsykiatrien');
    // A second press of the same submit (a redelivery) changes nothing.
    const again = await press(lars(), { action: 'concern.answer', concernId: concern.id, step: 'submit', text: answer }, { replyToId: question.responseId! });
    expect(cardTexts(again.value)).toContain(`Dit svar på ${concern.ref} er allerede sendt.`);
    const relayed = await slack.waitForCall('chat.postMessage', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && allText(c.args.blocks).includes(answer));
    expect(allText(relayed.args.blocks)).toContain('Lars Jakobsen (Nordfjord Almene Boliger)');
    expect((await service.store.listEvents(concern.id)).filter((e) => e.type === 'answered')).toHaveLength(1);

    // Anne resolves; Lars says it helped.
    await slackPost(blockAction({ userId: ANNE, teamId: KOMMUNE_WORKSPACE, actionId: 'concern.resolve', value: concern.id, message: messageOf(card) }, sign));
    const resolveModal = await slack.waitForCall('views.open', (c) => viewOf(c).callback_id === 'concern.resolve' && String(viewOf(c).private_metadata).includes(concern.id));
    await slackPost(viewSubmission({ userId: ANNE, teamId: KOMMUNE_WORKSPACE, callbackId: 'concern.resolve', privateMetadata: String(viewOf(resolveModal).private_metadata), values: { outcome: { type: 'radio_buttons', selected: 'action_taken' }, message: { type: 'plain_text_input', value: '' } } }, sign));
    const resolved = await connector.waitFor(sentTo(chat, 'Hjalp det?'));
    expect(cardTexts(connector.cardsOf(resolved))).toContain('Kommunen har handlet på din henvendelse.');
    expect(findInput(connector.cardsOf(resolved), 'comment')).toMatchObject({ type: 'Input.Text', label: 'Kommentar (valgfri)' });
    const yes = findAction(connector.cardsOf(resolved), 'concern.feedback')!;
    expect(yes.data).toEqual({ action: 'concern.feedback', concernId: concern.id, helpful: true });
    const thanks = await press(lars(), { ...yes.data, comment: 'Tak for hurtig hjælp' }, { replyToId: resolved.responseId! });
    expect(cardTexts(thanks.value)).toContain('Tak for din tilbagemelding');
    await slack.waitForCall('chat.postMessage', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && allText(c.args.blocks).includes('Tak for hurtig hjælp'));

    // Fifteen days later the window (14) has closed: no reopening, but a new concern filled in from this one.
    const current = (await service.store.getConcern(concern.id))!;
    const resolvedAt = new Date(Date.now() - 15 * 24 * 3600 * 1000);
    await service.store.updateConcern(concern.id, current.version, { resolvedAt }, [], []);
    const late = await press(lars(), { action: 'concern.reopen', concernId: concern.id, step: 'submit', reason: 'Det er startet igen' }, { replyToId: resolved.responseId! });
    const until = formatMoment('da', new Date(resolvedAt.getTime() + 14 * 24 * 3600 * 1000), new Date(), 'Europe/Copenhagen');
    expect(cardTexts(late.value)).toContain(`Fristen for at genåbne ${concern.ref} udløb ${until}. Opret i stedet en ny bekymring; den er udfyldt med den gamle.`);
    const newConcern = findAction(late.value, 'intake.open')!;
    expect(newConcern.data).toMatchObject({ action: 'intake.open', text: concern.description });
    const intake = await press(lars(), newConcern.data!, { replyToId: resolved.responseId! });
    expect(findInput(intake.value, 'description')).toMatchObject({ value: concern.description });
    expect((await service.store.getConcern(concern.id))?.state).toBe('resolved');
  });
});
