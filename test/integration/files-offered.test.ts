/**
 * A file offered in the bot chat is never forwarded, but the concern records the offer, on both
 * platforms through the running service: a photo with a new concern's words travels with its form
 * and is recorded when the concern is created; a photo alone lands on the reporter's latest active
 * concern. The team's card says so, and the export counts it.
 */
import { describe, expect, it } from 'vitest';
import { exportRows, type ExportRow } from '../../src/store/export-query.js';
import { useBothPlatforms, type Json, FJORDBO_WORKSPACE, JENS, LARS, NAB_TENANT, allText, viewOf } from '../support/both-platforms.js';
import { blockAction, eventCallback, viewSubmission, intakeValues } from '../support/slack-requests.js';
import { findAction, findInput, personalMessage } from '../support/teams-activities.js';

const OFFERED = 'Viceværten tilbød en fil (ikke videresendt)';

describe('a file offered is recorded on the concern (never forwarded)', () => {
  const both = useBothPlatforms();
  const concernWith = (address: string) => both().concernAt(address);
  const cardText = async (address: string) => allText(await both().service.core.teamCard(await concernWith(address)));
  const offers = async (address: string) => (await both().service.store.listEvents((await concernWith(address)).id)).filter((e) => e.type === 'file_offered');

  const jensDm = (event: Json) =>
    both().slackPost(eventCallback({ teamId: FJORDBO_WORKSPACE, event: { type: 'message', channel: 'D0JENSDM01', user: JENS, ts: `${Date.now() / 1000}`, channel_type: 'im', team: FJORDBO_WORKSPACE, ...event } }, both().sign));

  it('Slack: a photo with the words of a concern → the form → the concern records the photo', async () => {
    await jensDm({ subtype: 'file_share', text: 'En mand sover i kælderen, se billedet', files: [{ id: 'F0PHOTO10', mimetype: 'image/jpeg' }] });
    const offer = await both().slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'D0JENSDM01' && allText(c.args.blocks).includes('intake.open'));
    const button = ((offer.args.blocks as Json[]).find((b) => b.type === 'actions') as { elements: Array<{ value: string }> }).elements[0]!;
    // The text and the file's mark wait in a draft; the button carries only its id.
    expect(button.value).toMatch(/^draft:[0-9a-f-]{36}$/);
    const trigger = `${Date.now()}.1.files`;
    await both().slackPost(blockAction({ userId: JENS, teamId: FJORDBO_WORKSPACE, actionId: 'intake.open', value: button.value, message: { channel: 'D0JENSDM01', ts: String(offer.response.ts) }, triggerId: trigger }, both().sign));
    const modal = viewOf(await both().slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger));
    expect(JSON.parse(String(modal.private_metadata))).toEqual({ filesOffered: true });
    expect(allText(modal.blocks)).toContain('En mand sover i kælderen, se billedet');

    const values = intakeValues({ departmentId: 'havnegaarden', address: 'Havnegade 10, kælderen', description: 'En mand sover i kælderen, se billedet' });
    await both().slackPost(viewSubmission({ userId: JENS, teamId: FJORDBO_WORKSPACE, callbackId: 'intake', privateMetadata: String(modal.private_metadata), values }, both().sign));
    expect(await offers('Havnegade 10, kælderen')).toHaveLength(1);
    expect(await cardText('Havnegade 10, kælderen')).toContain(OFFERED);
    // Nothing of the file went anywhere: its id appears in no outbound call.
    expect(JSON.stringify(both().slack.calls())).not.toContain('F0PHOTO10');
  });

  it('Slack: a photo alone goes on the latest active concern, and Jens is told which', async () => {
    const concern = await concernWith('Havnegade 10, kælderen');
    await jensDm({ subtype: 'file_share', text: '', files: [{ id: 'F0PHOTO11', mimetype: 'image/png' }] });
    await both().slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'D0JENSDM01' && allText(c.args).includes(`Teamet kan se på ${concern.ref}, at du tilbød en fil`));
    await both().service.waitFor(async () => ((await offers('Havnegade 10, kælderen')).length === 2 ? true : undefined));
    expect(await cardText('Havnegade 10, kælderen')).toContain('Viceværten tilbød 2 filer (ikke videresendt)');
  });

  it('Teams: a pasted photo with words → the form carries it → the concern records it; a photo alone follows', async () => {
    const lars = both().teamsPerson(LARS, NAB_TENANT);
    const message = {
      ...personalMessage({ ...lars, text: 'En mand sover i opgangen' }),
      attachments: [{ contentType: 'image/*', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/0-photo/views/original' }],
    };
    expect((await both().teamsPost(message)).status).toBe(200);
    const reply = await both().connector.waitFor((c) => c.kind === 'reply' && c.activityId === message.id && !!findInput(both().connector.cardsOf(c), 'description'));
    const submit = findAction(both().connector.cardsOf(reply), 'intake.submit') as { data: Json };
    expect(submit.data).toMatchObject({ filesOffered: true });
    await both().press(lars, { ...submit.data, category: 'homelessness', departmentId: 'solgaarden', address: 'Solgården 4, opgangen', urgency: 'normal', description: 'En mand sover i opgangen', residentKnows: 'no' }, { replyToId: reply.responseId ?? 'form' });
    expect(await offers('Solgården 4, opgangen')).toHaveLength(1);
    expect(await cardText('Solgården 4, opgangen')).toContain(OFFERED);

    const photoOnly = { ...personalMessage({ ...lars, text: '' }), attachments: [{ contentType: 'image/*', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/0-photo2/views/original' }] };
    expect((await both().teamsPost(photoOnly)).status).toBe(200);
    const ref = (await concernWith('Solgården 4, opgangen')).ref;
    await both().connector.waitFor((c) => c.kind === 'reply' && c.activityId === photoOnly.id && allText(c.body).includes(`Teamet kan se på ${ref}, at du tilbød en fil`));
    expect(await offers('Solgården 4, opgangen')).toHaveLength(2);
    expect(JSON.stringify(both().connector.calls)).not.toContain('attachments/0-photo');
  });

  it('the export counts the offers per concern', async () => {
    const rows: ExportRow[] = [];
    for await (const row of exportRows(both().service.database.sql, new Date(Date.now() - 3_600_000), new Date(Date.now() + 3_600_000))) rows.push(row);
    const count = async (address: string) => {
      const { ref } = await concernWith(address);
      return rows.find((r) => r.ref === ref)?.filesOffered;
    };
    expect(await count('Havnegade 10, kælderen')).toBe(2);
    expect(await count('Solgården 4, opgangen')).toBe(2);
  });
});
