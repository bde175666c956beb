/**
 * Slack payloads as Slack really sends them, through the running service: escaped text and
 * references decoded before the form is filled, photos in DMs answered (and never forwarded),
 * Slack Connect users identified by their own workspace, modal inputs kept as typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../fakes/slack-web-api.js';
import type { TestService } from '../support/service.js';
import { startSlackTestService } from '../support/slack-service.js';
import { eventCallback, interactive, postToSlackEndpoint, slashCommand, triggerId, viewSubmission, type SignOptions, intakeValues } from '../support/slack-requests.js';

const SECRET = 'payloads-secret';
const FJORDBO_WS = 'T0UQ7C1X54X';
const KOMMUNE_WS = 'T0KOMMUNE01';
const JENS = 'U0PG4KAPUT7';
const CONNECT_USER = 'U0CONNECT01';
const sign: SignOptions = { secret: SECRET };

type Json = Record<string, unknown>;
const viewOf = (call: SlackCall) => (call.args.view ?? {}) as Json;
const descriptionOf = (view: Json) =>
  ((view.blocks as Json[]).find((b) => b.block_id === 'description') as { element: { initial_value?: string } }).element.initial_value;

describe('Slack payloads as Slack sends them', () => {
  let slack: FakeSlack;
  let service: TestService;
  const post = (request: { body: string; headers: Record<string, string> }) => postToSlackEndpoint(service.baseUrl, request);

  beforeAll(async () => {
    slack = await startFakeSlack({
      token: 'xoxb-test',
      teamId: KOMMUNE_WS,
      users: [
        { id: JENS, teamId: FJORDBO_WS, realName: 'Jens Pedersen', locale: 'da-DK' },
        { id: 'U0KAREN001', teamId: FJORDBO_WS, realName: 'Karen Holm', locale: 'da-DK' },
        // A Fjordbo caretaker the directory does not list by id: known only by her workspace.
        { id: CONNECT_USER, teamId: FJORDBO_WS, realName: 'Sofie Lund', locale: 'da-DK' },
      ],
    });
    service = await startSlackTestService(slack, SECRET);
  });
  afterAll(async () => {
    await service?.stop();
    await slack?.close();
  });

  it('pre-fills the form with what the caretaker typed, not with Slack escapes and ids', async () => {
    const trigger = triggerId();
    const text = 'Mor &amp; søn sover i kælderen, drengen er &lt;3 år. <@U0KAREN001> kender dem, se <https://fjordbo.dk/afd3|afd. 3>';
    expect((await post(slashCommand({ userId: JENS, teamId: FJORDBO_WS, text, triggerId: trigger }, sign))).status).toBe(200);
    const open = await slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger);
    expect(descriptionOf(viewOf(open))).toBe('Mor & søn sover i kælderen, drengen er <3 år. @Karen Holm kender dem, se afd. 3 (https://fjordbo.dk/afd3)');
  });

  it('stores modal text as typed: Slack does not escape plain_text_input values', async () => {
    const description = 'Mor & søn <3 år & "far" > 60';
    const values = intakeValues({ departmentId: 'havnegaarden', address: 'Havnegade 12 & 14', description });
    expect((await post(viewSubmission({ userId: JENS, teamId: FJORDBO_WS, callbackId: 'intake', values }, sign))).status).toBe(200);
    const concern = await service.waitFor(async () => (await service.store.listConcerns({})).find((c) => c.description === description));
    expect(concern.address).toBe('Havnegade 12 & 14');
  });

  const dm = (event: Json) =>
    eventCallback({ teamId: FJORDBO_WS, event: { type: 'message', channel: `D${JENS.slice(1)}`, user: JENS, ts: `${Date.now() / 1000}`, channel_type: 'im', team: FJORDBO_WS, ...event } }, sign);

  it('answers a DM with only a photo: files are not forwarded, please describe it', async () => {
    slack.reset();
    expect((await post(dm({ subtype: 'file_share', text: '', files: [{ id: 'F0PHOTO01', mimetype: 'image/jpeg', name: 'kaelder.jpg' }] }))).status).toBe(200);
    const answer = await slack.waitForCall('chat.postMessage', (c) => JSON.stringify(c.args).includes('sender ikke filer'));
    expect(JSON.stringify(answer.args)).toContain('Beskriv i stedet');
    const toJens = () => slack.calls('chat.postMessage').filter((c) => c.args.channel === `D${JENS.slice(1)}`);
    expect(toJens()).toHaveLength(1);
    expect(JSON.stringify(slack.calls())).not.toContain('F0PHOTO01');
  });

  it('answers a DM with a photo and text with the notice and the offer to raise a concern', async () => {
    slack.reset();
    expect((await post(dm({ subtype: 'file_share', text: 'En mand sover i kælderen', files: [{ id: 'F0PHOTO02' }] }))).status).toBe(200);
    await slack.waitForCall('chat.postMessage', (c) => JSON.stringify(c.args).includes('sender ikke filer'));
    await slack.waitForCall('chat.postMessage', (c) => JSON.stringify(c.args).includes('intake.open'));
  });

  it('stays silent on edits, deletions and joins', async () => {
    slack.reset();
    for (const subtype of ['message_changed', 'message_deleted', 'channel_join']) {
      expect((await post(dm({ subtype, text: 'x' }))).status).toBe(200);
    }
    expect((await post(dm({ text: 'status' }))).status).toBe(200);
    const inDm = (c: SlackCall) => c.args.channel === `D${JENS.slice(1)}`;
    await slack.waitForCall('chat.postMessage', inDm);
    expect(slack.calls('chat.postMessage').filter(inDm)).toHaveLength(1);
  });

  it("knows a Slack Connect caretaker clicking in the municipality's workspace by her own workspace", async () => {
    const trigger = triggerId();
    const click = interactive(
      {
        type: 'block_actions',
        user: { id: CONNECT_USER, username: 'sofie', name: 'sofie', team_id: FJORDBO_WS },
        team: { id: KOMMUNE_WS, domain: 'kommune' },
        api_app_id: 'A0BROBYGGR',
        container: { type: 'view', view_id: 'V0HOME0001' },
        trigger_id: trigger,
        view: { id: 'V0HOME0001', type: 'home' },
        actions: [{ action_id: 'intake.open', block_id: 'b1', type: 'button', value: '', action_ts: '1.2' }],
      },
      sign,
    );
    expect((await post(click)).status).toBe(200);
    await slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger);
  });
});
