/**
 * The eviction clock end to end, through the real endpoints with Slack and Teams both on and a
 * controllable clock (Monday 30 November 2026, 10:00): a caretaker gives the date of the rent
 * demand (påkrav) in the Slack intake modal or the Teams intake card; the confirmation, the team's
 * card and the manager's digest show the last day to pay, a last day 5 calendar days away or
 * less makes the concern at least high, and the open card counts the days left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOLIG_CHANNEL, FJORDBO_WORKSPACE, JENS, KOMMUNE_TENANT, LARS, NAB_TENANT, allText, startBothPlatforms, type BothPlatforms, type Json } from '../support/both-platforms.js';
import { at } from '../support/calendar.js';
import { viewSubmission, intakeValues } from '../support/slack-requests.js';
import { cardTexts, findAction, personalMessage } from '../support/teams-activities.js';

const HENRIK = { aadObjectId: '368897c3-c1b6-491e-a509-a0d77a793c53', name: 'Henrik Lund' };

describe('the last day to pay after a rent demand, on Slack and Teams', () => {
  let both: BothPlatforms;
  let now = at('2026-11-30 10:00'); // Monday, open
  beforeAll(async () => {
    both = await startBothPlatforms({ clock: { now: () => now } });
  });
  afterAll(async () => {
    await both?.stop();
  });

  const concernWith = (description: string) =>
    both.service.waitFor(async () => (await both.service.store.listConcerns({})).find((c) => c.description === description));
  const boligCard = (ref: string) =>
    both.connector.waitFor((c) => both.sentTo(BOLIG_CHANNEL, ref)(c) && !!findAction(both.connector.cardsOf(c), 'concern.ack'));

  it('from the Slack modal: 4 days left raises a low concern to high; the confirmation and the card say so', async () => {
    const description = 'Beboeren i nr. 3 har fået påkrav og kan ikke betale huslejen';
    const submitted = await both.slackPost(
      viewSubmission(
        {
          userId: JENS,
          teamId: FJORDBO_WORKSPACE,
          callbackId: 'intake',
          values: {
            ...intakeValues({ category: 'eviction_risk', departmentId: 'havnegaarden', address: 'Havnegade 3, 1. tv.', urgency: 'low', description, residentKnows: 'yes' }),
            rentDemandDate: { type: 'datepicker', selected_date: '2026-11-20' },
          },
        },
        both.sign,
      ),
    );
    const confirmation = allText(((await submitted.json()) as { view: Json }).view);
    // 14 days after Friday 20 November: Friday 4 December, 4 calendar days from Monday.
    expect(confirmation).toContain('Sidste frist for betaling efter påkravet: fredag den 4. december 2026.');
    expect(confirmation).toContain('Hastegraden er sat til mindst Høj, fordi der højst er 5 dage til fristen.');
    const concern = await concernWith(description);
    expect(concern).toMatchObject({ urgency: 'high', rentDemandDate: '2026-11-20' });
    const card = cardTexts(both.connector.cardsOf(await boligCard(concern.ref)));
    expect(card).toContain('fredag den 4. december 2026 – 4 dage tilbage');
    expect(card).toContain('Høj');
  });

  it('from the Teams card: a last day on a Saturday moves to Monday, 7 days away, so the urgency stays', async () => {
    const lars = both.teamsPerson(LARS, NAB_TENANT);
    const message = personalMessage({ ...lars, text: 'En beboer har fået påkrav for huslejen' });
    expect((await both.teamsPost(message)).status).toBe(200);
    const formReply = await both.connector.waitFor((c) => c.kind === 'reply' && c.activityId === message.id);
    const submit = findAction(both.connector.cardsOf(formReply)[0], 'intake.submit')!;
    const description = 'Beboeren i Engparken 14 har fået påkrav den 21. november og kan ikke betale';
    const confirmation = await both.press(
      lars,
      {
        ...submit.data,
        category: 'eviction_risk',
        departmentId: 'engparken',
        address: 'Engparken 14, st. th.',
        urgency: 'normal',
        description,
        residentKnows: 'no',
        rentDemandDate: '2026-11-21',
      },
      { replyToId: formReply.responseId! },
    );
    // 14 days after Saturday 21 November is Saturday 5 December; the deadline moves to Monday 7 December.
    expect(cardTexts(confirmation.value)).toContain('Sidste frist for betaling efter påkravet: mandag den 7. december 2026.');
    expect(cardTexts(confirmation.value)).not.toContain('Hastegraden er sat til mindst');
    const concern = await concernWith(description);
    expect(concern).toMatchObject({ urgency: 'normal', rentDemandDate: '2026-11-21' });
    expect(cardTexts(both.connector.cardsOf(await boligCard(concern.ref)))).toContain('mandag den 7. december 2026 – 7 dage tilbage');
  });

  it("shows both last days in the team manager's digest", async () => {
    now = at('2026-11-30 10:05');
    const henrik = both.teamsPerson(HENRIK, KOMMUNE_TENANT);
    // The digest reads figures the metrics queue keeps up to date; ask until both concerns are in.
    const digest = await both.service.waitFor(async () => {
      const message = personalMessage({ ...henrik, text: 'digest' });
      expect((await both.teamsPost(message)).status).toBe(200);
      const reply = await both.connector.waitFor((c) => c.kind === 'reply' && c.activityId === message.id);
      const text = cardTexts(both.connector.cardsOf(reply));
      return text.includes('Ingen åbne bekymringer') ? null : text;
    });
    expect(digest).toContain('sidste frist for betaling fredag den 4. december 2026');
    expect(digest).toContain('sidste frist for betaling mandag den 7. december 2026');
  });
});
