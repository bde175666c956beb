/**
 * Every loop action and every refusal through the real endpoints on both platforms, with Slack and
 * Teams both on (fake Slack Web API, fake Bot Connector). Jens (Fjordbo, Slack) raises concerns
 * that go to bolig-indgang on Teams (Jonas); Lars (NAB, Teams) raises concerns that go to
 * socialpsykiatri on Slack (Anne). Each team is the other's backup. What each person sees is read
 * from the fakes' calls, and each refusal is asserted word for word:
 *   - only the team (or its backup after an escalation) asks: "Kun medlemmer af {team} kan gøre dette."
 *     to someone who sees the concern (its reporter); to other municipal staff the concern does
 *     not exist: "Bekymringen findes ikke, eller du har ikke adgang til den." (no leak of its existence)
 *   - only the reporter's association answers, gives feedback and reopens:
 *     "Kun anmelderens boligorganisation kan gøre dette."
 *   - after reopenWithinDays, a reopening is refused with a new concern pre-filled from the old.
 * The cross-platform file has the first ask/answer round trips; this one fills in the rest. The
 * service runs on a controllable clock (Monday 30 November 2026, 10:00, in opening hours); the
 * reopen window closes by moving it on, not by waiting or by rewriting the concern.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoment, formatSince } from '../../src/core/time-format.js';
import type { Concern } from '../../src/core/model.js';
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
  jensIntake,
  messageOf,
  startBothPlatforms,
  viewOf,
  type BothPlatforms,
  type Json,
} from '../support/both-platforms.js';
import { at } from '../support/calendar.js';
import { appHomeOpened, blockAction } from '../support/slack-requests.js';
import { cardTexts, findAction, findInput, personalConversationId, personalMessage } from '../support/teams-activities.js';
import type { SlackCall } from '../fakes/slack-web-api.js';

const BOLIG = 'Boligsocial indgang (hjemløshed og udsættelse)';
const SOCIALPSYKIATRI = 'Socialpsykiatrien – opsøgende team';
const ONLY_REPORTER = 'Kun anmelderens boligorganisation kan gøre dette.';
const onlyTeam = (team: string) => `Kun medlemmer af ${team} kan gøre dette.`;
const NOT_FOUND = 'Bekymringen findes ikke, eller du har ikke adgang til den.';
const TZ = 'Europe/Copenhagen';
/** A message the Slack user was told privately (ephemeral where the click was, else a DM). */
const toldTo = (user: string, text: string) => (c: SlackCall) => c.args.text === text && (c.args.user === user || c.args.channel === user);
const buttons = (blocks: unknown): Json[] =>
  (Array.isArray(blocks) ? (blocks as Json[]) : []).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]);

describe('the loop through the Slack and Teams endpoints: every action and every refusal', () => {
  let both: BothPlatforms;
  let now = at('2026-11-30 10:00');
  beforeAll(async () => {
    both = await startBothPlatforms({ clock: { now: () => now } });
  });
  afterAll(async () => {
    await both?.stop();
  });

  const jonas = () => both.teamsPerson(JONAS, KOMMUNE_TENANT);
  const lars = (locale?: string) => ({ ...both.teamsPerson(LARS, NAB_TENANT), ...(locale ? { locale } : {}) });
  const larsChat = personalConversationId(LARS.aadObjectId);
  const concernWith = (description: string) =>
    both.service.waitFor(async () => (await both.service.store.listConcerns({})).find((c) => c.description === description));

  /** Jens raises a homelessness concern in the Slack modal; its card lands in bolig-indgang's Teams channel. */
  async function jensRaises(description: string): Promise<{ concern: Concern; onCard: { replyToId: string; channelId: string } }> {
    await both.slackPost(jensIntake(both.sign, 'Havnegade 12', description));
    const concern = await concernWith(description);
    const card = await both.connector.waitFor((c) => both.sentTo(BOLIG_CHANNEL, concern.ref)(c) && !!findAction(both.connector.cardsOf(c), 'concern.ack'));
    return { concern, onCard: { replyToId: card.responseId!, channelId: BOLIG_CHANNEL } };
  }

  /** Lars raises a mental-health concern with the Teams intake card; its card lands in socialpsykiatri's Slack channel. */
  async function larsRaises(description: string): Promise<{ concern: Concern; card: { channel: string; ts: string } }> {
    const message = personalMessage({ ...lars(), text: description });
    expect((await both.teamsPost(message)).status).toBe(200);
    const formReply = await both.connector.waitFor((c) => c.kind === 'reply' && c.activityId === message.id);
    const submit = findAction(both.connector.cardsOf(formReply)[0], 'intake.submit')!;
    const values = { category: 'mental_health', departmentId: 'solgaarden', address: 'Solgården 4', urgency: 'normal', description, residentKnows: 'no' };
    await both.press(lars(), { ...submit.data, ...values }, { replyToId: formReply.responseId! });
    const concern = await concernWith(description);
    const card = await both.slack.waitForCall('chat.postMessage', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && buttons(c.args.blocks).some((b) => b.value === concern.id));
    return { concern, card: messageOf(card) };
  }

  let jensConcern: { concern: Concern; onCard: { replyToId: string; channelId: string } };
  let larsConcern: { concern: Concern; card: { channel: string; ts: string } };

  it('acknowledges with a note to the reporter from a Teams card and from a Slack card', async () => {
    jensConcern = await jensRaises('En hjemløs mand sover i barnevognsrummet om natten');
    larsConcern = await larsRaises('Beboeren i opgang 2 har ikke været ude i ugevis og virker meget bange');
    const { concern, onCard } = jensConcern;

    // Teams: the note field beside Acknowledge goes with the press.
    const acked = await both.press(jonas(), { action: 'concern.ack', concernId: concern.id, ackNote: 'Vi kigger forbi i dag kl. 14' }, onCard);
    expect(cardTexts(acked.value)).toContain('Din besked er sendt til Jens Pedersen.');
    const dm = await both.slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS && allText(c.args.blocks).includes('Vi kigger forbi i dag kl. 14'));
    expect(allText(dm.args.blocks)).toContain(`kvitteret for din bekymring ${concern.ref}`);

    // Slack: the note is an input block on the card, sent in the click's state.
    const ref = larsConcern.concern.ref;
    await both.slackPost(blockAction({ userId: ANNE, teamId: KOMMUNE_WORKSPACE, actionId: 'concern.ack', value: larsConcern.concern.id, message: larsConcern.card, state: { ackNote: { type: 'plain_text_input', value: 'Vi ringer til dig i eftermiddag' } } }, both.sign));
    const news = await both.connector.waitFor(both.sentTo(larsChat, 'Vi ringer til dig i eftermiddag'));
    expect(cardTexts(both.connector.cardsOf(news))).toContain(`kvitteret for din bekymring ${ref}`);
    await both.slack.waitForCall('chat.postEphemeral', (c) => c.args.user === ANNE && String(c.args.text).includes('Din besked er sendt til Lars Jakobsen.'));
  });

  it('refuses a question from anyone but the team, on both platforms; the backup team may ask once escalated', async () => {
    const { concern, onCard } = jensConcern;
    // Teams: Lars (a reporter) and Jonas (bolig-indgang, socialpsykiatri's backup, no escalation) may not ask about Lars's concern.
    const larsAsks = await both.press(lars(), { action: 'concern.ask', concernId: larsConcern.concern.id, step: 'submit', text: 'Må jeg spørge?' }, { replyToId: 'x' });
    expect(larsAsks.value).toBe(onlyTeam(SOCIALPSYKIATRI));
    const jonasAsks = await both.press(jonas(), { action: 'concern.ask', concernId: larsConcern.concern.id, step: 'submit', text: 'Hvem er kontakten?' }, onCard);
    expect(jonasAsks.value).toBe(NOT_FOUND);
    // Slack: Anne (socialpsykiatri, bolig-indgang's backup) may not ask about Jens's concern before an escalation.
    const annesDm = { channel: 'D0ANNE0001', ts: '1700000000.000100' };
    await both.viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'ask', concern.id, annesDm, 'Hvor gammel er han?');
    await both.slack.waitForCall('chat.postEphemeral', toldTo(ANNE, NOT_FOUND));
    // Jens (a reporter) may not ask either.
    await both.viaSlackModal(JENS, FJORDBO_WORKSPACE, 'ask', concern.id, { channel: 'D0JENS0001', ts: '1700000000.000200' }, 'Må jeg?');
    await both.slack.waitForCall('chat.postEphemeral', toldTo(JENS, onlyTeam(BOLIG)));
    expect((await both.service.store.getConcern(concern.id))?.state).toBe('acknowledged');
    expect((await both.service.store.getConcern(larsConcern.concern.id))?.state).toBe('acknowledged');

    // Once a concern nobody acknowledged has escalated to the backup, Anne may ask about it.
    const unanswered = await jensRaises('Der sover nogen i trappeopgangen til nr. 14');
    expect(await both.service.core.steps.escalate({ concernId: unanswered.concern.id, step: 1, epoch: unanswered.concern.slaEpoch })).toBe('fired');
    await both.viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'ask', unanswered.concern.id, annesDm, 'Er det den samme person hver nat?');
    await both.slack.waitForCall('chat.postEphemeral', toldTo(ANNE, `Dit spørgsmål er sendt til Jens Pedersen (Boligselskabet Fjordbo). ${unanswered.concern.ref} venter nu på svar.`));
    await both.slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS && allText(c.args.blocks).includes('Er det den samme person hver nat?'));
    expect((await both.service.store.getConcern(unanswered.concern.id))?.state).toBe('waiting');
  });

  it('shows waiting concerns as waiting in the Slack App Home and the Teams status, and takes the answer only from the reporter', async () => {
    const { concern, onCard } = jensConcern;
    // Jonas asks on Teams; Anne asks on Slack.
    await both.press(jonas(), { action: 'concern.ask', concernId: concern.id, step: 'submit', text: 'Hvilken opgang sover han i?' }, onCard);
    const question = await both.slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS && allText(c.args.blocks).includes('Hvilken opgang sover han i?'));
    await both.viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'ask', larsConcern.concern.id, larsConcern.card, 'Har han en pårørende, vi kan ringe til?');
    const larsQuestion = await both.connector.waitFor(both.sentTo(larsChat, 'Har han en pårørende, vi kan ringe til?'));

    const askedAt = async (id: string) => (await both.service.store.listEvents(id)).filter((e) => e.type === 'asked').at(-1)!.at;
    const since = async (locale: 'da' | 'en', id: string) => formatSince(locale, await askedAt(id), now, TZ);
    // Jens's App Home (Danish) lists his concern as waiting since the question.
    await both.slackPost(appHomeOpened({ teamId: FJORDBO_WORKSPACE, userId: JENS }, both.sign));
    const home = await both.slack.waitForCall('views.publish', (c) => c.args.user_id === JENS);
    expect(allText(home.args.view)).toContain(`${concern.ref} · Hjemløshed · Venter på svar fra viceværten siden ${await since('da', concern.id)}`);
    // Anne's App Home shows her team's queue the same way.
    await both.slackPost(appHomeOpened({ teamId: KOMMUNE_WORKSPACE, userId: ANNE }, both.sign));
    const anneHome = await both.slack.waitForCall('views.publish', (c) => c.args.user_id === ANNE);
    expect(allText(anneHome.args.view)).toContain(`${larsConcern.concern.ref} · Psykisk mistrivsel · Venter på svar fra viceværten siden ${await since('da', larsConcern.concern.id)}`);
    // Lars asks for his status in English in Teams.
    const status = personalMessage({ ...lars('en-GB'), text: 'status' });
    expect((await both.teamsPost(status)).status).toBe(200);
    const statusReply = await both.connector.waitFor((c) => c.kind === 'reply' && c.activityId === status.id);
    expect(cardTexts(both.connector.cardsOf(statusReply))).toContain(`${larsConcern.concern.ref} · Mental distress · Waiting for the caretaker's answer since ${await since('en', larsConcern.concern.id)}`);
    const statusDa = personalMessage({ ...lars('da-DK'), text: 'status' });
    expect((await both.teamsPost(statusDa)).status).toBe(200);
    const statusDaReply = await both.connector.waitFor((c) => c.kind === 'reply' && c.activityId === statusDa.id);
    expect(cardTexts(both.connector.cardsOf(statusDaReply))).toContain(`${larsConcern.concern.ref} · Psykisk mistrivsel · Venter på svar fra viceværten siden ${await since('da', larsConcern.concern.id)}`);

    // Refusals: the team may not answer its own question, on either platform.
    const jonasAnswers = await both.press(jonas(), { action: 'concern.answer', concernId: concern.id, step: 'submit', text: 'Opgang A' }, onCard);
    expect(jonasAnswers.value).toBe(ONLY_REPORTER);
    await both.viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'answer', larsConcern.concern.id, larsConcern.card, 'Ja, hans søster');
    await both.slack.waitForCall('chat.postEphemeral', toldTo(ANNE, ONLY_REPORTER));
    expect((await both.service.store.getConcern(concern.id))?.state).toBe('waiting');
    expect((await both.service.store.getConcern(larsConcern.concern.id))?.state).toBe('waiting');

    // Jens answers with the Answer button under the question (a Slack modal); Lars with the Teams form.
    expect(buttons(question.args.blocks).map((b) => b.action_id)).toEqual(['concern.answer']);
    await both.viaSlackModal(JENS, FJORDBO_WORKSPACE, 'answer', concern.id, messageOf(question), 'Opgang B, bag cykelrummet');
    const relayed = await both.connector.waitFor(both.sentTo(BOLIG_CHANNEL, 'Opgang B, bag cykelrummet'));
    expect(cardTexts(both.connector.cardsOf(relayed))).toContain(`Svar på spørgsmålet om ${concern.ref} fra Jens Pedersen (Boligselskabet Fjordbo)`);
    const answered = await both.press(lars(), { action: 'concern.answer', concernId: larsConcern.concern.id, step: 'submit', text: 'Ja, hans søster Birthe' }, { replyToId: larsQuestion.responseId! });
    expect(cardTexts(answered.value)).toContain(`Dit svar er sendt til ${SOCIALPSYKIATRI}.`);
    await both.slack.waitForCall('chat.postMessage', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && allText(c.args.blocks).includes('Ja, hans søster Birthe'));
    expect((await both.service.store.getConcern(concern.id))?.state).toBe('acknowledged');
    expect((await both.service.store.getConcern(larsConcern.concern.id))?.state).toBe('acknowledged');
  });

  it('resolves with an outcome on both platforms; only the reporter gives feedback and reopens; Teams reopens in the window', async () => {
    const { concern, onCard } = jensConcern;
    // Teams team resolves Jens's concern; Slack team resolves Lars's.
    await both.press(jonas(), { action: 'concern.resolve', concernId: concern.id, step: 'submit', outcome: 'referred', message: 'Han er henvist til herberget.' }, onCard);
    const jensResolved = await both.slack.waitForCall('chat.postMessage', (c) => c.args.channel === JENS && allText(c.args.blocks).includes('Hjalp det?') && allText(c.args.blocks).includes(concern.ref));
    expect(allText(jensResolved.args.blocks)).toContain('Han er henvist til herberget.');
    await both.viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'resolve', larsConcern.concern.id, larsConcern.card, {
      outcome: { type: 'radio_buttons', selected: 'action_taken' },
      message: { type: 'plain_text_input', value: 'Vi har besøgt ham sammen med hjemmeplejen.' },
    });
    const larsResolved = await both.connector.waitFor(both.sentTo(larsChat, 'Hjalp det?', 'Vi har besøgt ham sammen med hjemmeplejen.'));
    expect(cardTexts(both.connector.cardsOf(larsResolved))).toContain('Kommunen har handlet på din henvendelse.');

    // Refusals: the team may neither give feedback nor reopen, on either platform.
    const jonasFeedback = await both.press(jonas(), { action: 'concern.feedback', concernId: concern.id, helpful: true }, onCard);
    expect(jonasFeedback.value).toBe(ONLY_REPORTER);
    const jonasReopens = await both.press(jonas(), { action: 'concern.reopen', concernId: concern.id, step: 'submit', reason: 'Vi vil se på den igen' }, onCard);
    expect(jonasReopens.value).toBe(ONLY_REPORTER);
    const larsId = larsConcern.concern.id;
    await both.slackPost(blockAction({ userId: ANNE, teamId: KOMMUNE_WORKSPACE, actionId: 'concern.feedback', value: JSON.stringify({ concernId: larsId, helpful: false }), message: larsConcern.card }, both.sign));
    await both.slack.waitForCall('chat.postEphemeral', toldTo(ANNE, ONLY_REPORTER));
    await both.viaSlackModal(ANNE, KOMMUNE_WORKSPACE, 'reopen', larsId, { channel: 'D0ANNE0001', ts: '1700000000.000300' }, { reason: { type: 'plain_text_input', value: 'Vi genåbner' } });
    await both.slack.waitForCall('chat.postEphemeral', (c) => toldTo(ANNE, ONLY_REPORTER)(c) && c.args.channel === 'D0ANNE0001');
    const types = async (id: string) => (await both.service.store.listEvents(id)).map((e) => e.type);
    expect(await types(concern.id)).not.toContain('feedback');
    expect(await types(larsId)).not.toContain('feedback');
    expect((await both.service.store.getConcern(concern.id))?.state).toBe('resolved');

    // Lars (Teams) says it did not help and reopens within the window: open again for socialpsykiatri.
    const yes = findAction(both.connector.cardsOf(larsResolved), 'concern.feedback')!;
    expect(yes.data).toEqual({ action: 'concern.feedback', concernId: larsId, helpful: true });
    const notHelpful = await both.press(lars(), { action: 'concern.feedback', concernId: larsId, helpful: false }, { replyToId: larsResolved.responseId! });
    const offer = findAction(notHelpful.value, 'concern.reopen')!;
    expect(offer.data).toMatchObject({ action: 'concern.reopen', concernId: larsId });
    const form = await both.press(lars(), offer.data!, { replyToId: larsResolved.responseId! });
    expect(findInput(form.value, 'reason')).toMatchObject({ isRequired: true });
    const reopened = await both.press(lars(), { action: 'concern.reopen', concernId: larsId, step: 'submit', reason: 'Han åbner stadig ikke døren' }, { replyToId: larsResolved.responseId! });
    expect(cardTexts(reopened.value)).toContain(`${larsConcern.concern.ref} er genåbnet og sendt til ${SOCIALPSYKIATRI} igen.`);
    await both.slack.waitForCall('chat.postMessage', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && allText(c.args.blocks).includes('Han åbner stadig ikke døren'));
    expect(await both.service.store.getConcern(larsId)).toMatchObject({ state: 'open', teamId: 'socialpsykiatri', outcome: null });
  });

  it('offers Jens on Slack a new pre-filled concern instead of reopening after the window', async () => {
    const { concern } = jensConcern;
    // Resolved on Monday 30 November at 10:00; 15 days later the 14-day window has closed.
    const resolvedAt = (await both.service.store.getConcern(concern.id))!.resolvedAt!;
    expect(resolvedAt).toEqual(at('2026-11-30 10:00'));
    now = at('2026-12-15 10:00');
    const until = at('2026-12-14 10:00');

    await both.viaSlackModal(JENS, FJORDBO_WORKSPACE, 'reopen', concern.id, { channel: 'D0JENS0001', ts: '1700000000.000400' }, { reason: { type: 'plain_text_input', value: 'Han er tilbage' } });
    const expected = `Fristen for at genåbne ${concern.ref} udløb ${formatMoment('da', until, now, TZ)}. Opret i stedet en ny bekymring; den er udfyldt med den gamle.`;
    const late = await both.slack.waitForCall('chat.postEphemeral', toldTo(JENS, expected));
    const newConcern = buttons(late.args.blocks).find((b) => b.action_id === 'intake.open')!;
    expect(newConcern).toBeDefined();
    // The button opens the intake modal with the old description.
    await both.slackPost(blockAction({ userId: JENS, teamId: FJORDBO_WORKSPACE, actionId: 'intake.open', value: String(newConcern.value), message: { channel: 'D0JENS0001', ts: '1700000000.000400' } }, both.sign));
    const intake = await both.slack.waitForCall('views.open', (c) => viewOf(c).callback_id === 'intake' && allText(c.args.view).includes(concern.description));
    expect(intake).toBeDefined();
    expect((await both.service.store.getConcern(concern.id))?.state).toBe('resolved');
  });

  it('counts questions, answers, reopenings and feedback in /metrics, and waiting concerns by state', async () => {
    const metrics = await both.service.waitFor(async () => {
      const body = await (await fetch(`${both.service.baseUrl}/metrics`)).text();
      return body.includes('event="reopened"') ? body : null;
    });
    const line = (event: string, category: string, team: string, n: number) =>
      `brobygger_concern_lifecycle_total{event="${event}",category="${category}",team="${team}"} ${n}`;
    // bolig-indgang: Jonas's question and Anne's (as backup) on two homelessness concerns, one answer.
    expect(metrics).toContain(line('asked', 'homelessness', 'bolig-indgang', 2));
    expect(metrics).toContain(line('answered', 'homelessness', 'bolig-indgang', 1));
    expect(metrics).toContain(line('asked', 'mental_health', 'socialpsykiatri', 1));
    expect(metrics).toContain(line('feedback', 'mental_health', 'socialpsykiatri', 1));
    expect(metrics).toContain(line('reopened', 'mental_health', 'socialpsykiatri', 1));
    expect(metrics).toContain('brobygger_concerns{state="waiting",category="homelessness",team="bolig-indgang"} 1');
  });
});
