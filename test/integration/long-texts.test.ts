/**
 * Long texts are stored whole and shown split or marked, never cut silently, on both platforms
 * through the running service. A 10,000-character message in Slack: the form holds it in
 * 3000-character parts, the concern stores all of it, Slack's team card shows it in sections of at
 * most 3000. On Teams: the team card carries all of it while it fits Teams' ~28 KB, and a text too
 * big for one message is shortened with a marker saying how much is shown; the store has it whole.
 * (Cards are sent at once: `acute` is never held for opening hours.)
 */
import { describe, expect, it } from 'vitest';
import { useBothPlatforms, type Json, BOLIG_CHANNEL, FJORDBO_WORKSPACE, JENS, LARS, NAB_TENANT, SOCIALPSYKIATRI_CHANNEL, allText, viewOf } from '../support/both-platforms.js';
import { blockAction, eventCallback, viewSubmission, type StateInput } from '../support/slack-requests.js';
import { cardTexts, findAction, findInput, personalMessage } from '../support/teams-activities.js';

const WORDS = ['Beboeren', 'i', 'opgangen', 'har', 'ikke', 'været', 'set', 'i', 'flere', 'dage', 'og', 'naboerne', 'er', 'bekymrede', 'for', 'ham'];
/** Exactly `length` characters of Danish words separated by single spaces, no line starts that Markdown would read. */
function longText(length: number, words = WORDS): string {
  let text = 'Kort sagt:';
  for (let i = 0; text.length < length; i++) text += ` ${words[i % words.length]}`;
  return text.slice(0, length).trimEnd().padEnd(length, 'x');
}

describe('long texts on both platforms (10,000 characters)', () => {
  const both = useBothPlatforms();
  const concernWith = (address: string) => both().concernAt(address);

  it('Slack: the whole DM reaches the form in parts, is stored whole, and the card shows it in sections', async () => {
    const text = longText(10_000);
    await both().slackPost(eventCallback({ teamId: FJORDBO_WORKSPACE, event: { type: 'message', channel: 'D0JENSLONG', user: JENS, text, ts: `${Date.now() / 1000}`, channel_type: 'im', team: FJORDBO_WORKSPACE } }, both().sign));
    const offer = await both().slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'D0JENSLONG' && allText(c.args.blocks).includes('intake.open'));
    const value = ((offer.args.blocks as Json[]).find((b) => b.type === 'actions') as { elements: Array<{ value: string }> }).elements[0]!.value;
    const trigger = `${Date.now()}.2.long`;
    await both().slackPost(blockAction({ userId: JENS, teamId: FJORDBO_WORKSPACE, actionId: 'intake.open', value, message: { channel: 'D0JENSLONG', ts: String(offer.response.ts) }, triggerId: trigger }, both().sign));
    const modal = viewOf(await both().slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger));
    const parts = (modal.blocks as Array<{ block_id?: string; element?: { initial_value?: string; max_length?: number }; label?: { text: string } }>).filter((b) => b.block_id?.startsWith('description'));
    expect(parts.map((b) => b.block_id)).toEqual(['description', 'description_2', 'description_3', 'description_4']);
    for (const part of parts) expect(part.element!.initial_value!.length).toBeLessThanOrEqual(part.element!.max_length!);
    expect(parts[1]!.label!.text).toBe('Beskrivelse (fortsat, del 2 af 4)');
    expect(parts.map((b) => b.element!.initial_value).join('')).toBe(text);

    const values: Record<string, StateInput> = {
      category: { type: 'static_select', selected: 'mental_health' },
      departmentId: { type: 'static_select', selected: 'havnegaarden' },
      address: { type: 'plain_text_input', value: 'Havnegade 20' },
      urgency: { type: 'static_select', selected: 'acute' },
      residentKnows: { type: 'radio_buttons', selected: 'no' },
    };
    for (const part of parts) values[part.block_id!] = { type: 'plain_text_input', value: part.element!.initial_value! };
    await both().slackPost(viewSubmission({ userId: JENS, teamId: FJORDBO_WORKSPACE, callbackId: 'intake', values }, both().sign));
    const concern = await concernWith('Havnegade 20');
    expect(concern.description).toBe(text);

    const card = await both().slack.waitForCall('chat.postMessage', (c) => c.args.channel === SOCIALPSYKIATRI_CHANNEL && allText(c.args.blocks).includes(concern.ref));
    const sections = (card.args.blocks as Array<{ type: string; text?: { type: string; text: string } }>).filter((b) => b.type === 'section' && b.text?.type === 'plain_text').map((b) => b.text!.text);
    for (const section of sections) expect(section.length).toBeLessThanOrEqual(3000);
    expect(sections.join('')).toContain(text);
  });

  it('Teams: the whole text on the team card while it fits; stored whole', async () => {
    const lars = both().teamsPerson(LARS, NAB_TENANT);
    const text = longText(10_000);
    const message = personalMessage({ ...lars, text });
    expect((await both().teamsPost(message)).status).toBe(200);
    const reply = await both().connector.waitFor((c) => c.kind === 'reply' && c.activityId === message.id && !!findInput(both().connector.cardsOf(c), 'description'));
    expect(findInput(both().connector.cardsOf(reply), 'description')).toMatchObject({ value: text });
    const submit = findAction(both().connector.cardsOf(reply), 'intake.submit') as { data: Json };
    await both().press(lars, { ...submit.data, category: 'homelessness', departmentId: 'solgaarden', address: 'Solgården 20', urgency: 'acute', description: text, residentKnows: 'no' }, { replyToId: reply.responseId ?? 'form' });
    const concern = await concernWith('Solgården 20');
    expect(concern.description).toBe(text);
    const card = await both().connector.waitFor(both().sentTo(BOLIG_CHANNEL, concern.ref));
    expect(Buffer.byteLength(JSON.stringify(card.body))).toBeLessThan(28_000);
    expect(cardTexts(both().connector.cardsOf(card))).toContain(text);
  });

  it('Teams: a text too big for one message is shortened with a marker; stored whole', async () => {
    const lars = both().teamsPerson(LARS, NAB_TENANT);
    // Three bytes a character in UTF-8: 10,000 of them pass Teams' ~28 KB on their own.
    const text = longText(10_000, ['€€€€€€€€€', '→→→→→→→✓']);
    const form = { action: 'intake.submit', formId: 'long-euro', category: 'homelessness', departmentId: 'solgaarden', address: 'Solgården 21', urgency: 'acute', description: text, residentKnows: 'no' };
    await both().press(lars, form, { replyToId: 'form-long-euro' });
    const concern = await concernWith('Solgården 21');
    expect(concern.description).toBe(text);
    const card = await both().connector.waitFor(both().sentTo(BOLIG_CHANNEL, concern.ref));
    expect(Buffer.byteLength(JSON.stringify(card.body))).toBeLessThan(28_000);
    const shown = cardTexts(both().connector.cardsOf(card));
    expect(shown).toMatch(/ … \(forkortet: \d+ af 10000 tegn vises her, for Teams viser højst 28 KB i én besked – hele teksten er gemt hos Brobygger\)/);
    const count = Number(/forkortet: (\d+) af/.exec(shown)![1]);
    expect(shown).toContain(text.slice(0, count));
  });
});
