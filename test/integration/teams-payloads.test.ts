/**
 * Teams activities as Teams really sends them, through the running service (unauthenticated local
 * mode, fake Bot Connector): HTML text decoded before the form is filled, a pasted photo answered
 * (never forwarded), edits/reactions/typing ignored, malformed bodies 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.js';
import { sampleDirectoryWithTeamsAt } from '../support/directories.js';
import { startTestService, type TestService } from '../support/service.js';
import { cardTexts, findInput, personalMessage, type TeamsPerson } from '../support/teams-activities.js';

const NAB_TENANT = 'bce83cfb-4f56-4659-84e2-f1fe3cf41bf7';
const LARS: TeamsPerson = { aadObjectId: '3033cc50-64d9-402a-9710-196e4de65a07', name: 'Lars Jakobsen' };

describe('Teams activities as Teams sends them', () => {
  let connector: FakeBotConnector;
  let service: TestService;
  const lars = () => ({ serviceUrl: connector.serviceUrl, tenantId: NAB_TENANT, user: LARS });

  beforeAll(async () => {
    connector = await startFakeBotConnector();
    service = await startTestService({ env: { TEAMS_ALLOW_UNAUTHENTICATED: 'true' }, directory: sampleDirectoryWithTeamsAt(connector.serviceUrl) });
  });
  afterAll(async () => {
    await service?.stop();
    await connector?.close();
  });

  async function post(body: unknown, raw = false) {
    const response = await fetch(`${service.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw ? String(body) : JSON.stringify(body),
    });
    return response.status;
  }
  const repliesTo = (id: string) => connector.calls.filter((c) => c.kind === 'reply' && c.activityId === id);

  it('fills the form with the text the caretaker typed, not Teams HTML', async () => {
    const activity = personalMessage({ ...lars(), text: '<p>Mor &amp; søn sover i kælderen,&nbsp;drengen er &lt;3 år</p>' });
    expect(await post(activity)).toBe(200);
    const cards = repliesTo(activity.id).flatMap((c) => connector.cardsOf(c));
    expect(findInput(cards, 'description')).toMatchObject({ value: 'Mor & søn sover i kælderen, drengen er <3 år' });
  });

  it('answers a pasted photo without text: files are not forwarded, please describe it', async () => {
    const activity = {
      ...personalMessage({ ...lars(), text: '' }),
      attachments: [
        { contentType: 'image/*', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/0-abc/views/original' },
        { contentType: 'text/html', content: '<div><img src="https://smba.trafficmanager.net/x" itemtype="http://schema.skype.com/AMSImage"></div>' },
      ],
    };
    expect(await post(activity)).toBe(200);
    const replies = repliesTo(activity.id);
    expect(replies).toHaveLength(1);
    expect(cardTexts(connector.cardsOf(replies[0]!)) + JSON.stringify(replies[0]!.body)).toMatch(/sender ikke filer/);
    expect(JSON.stringify(connector.calls)).not.toContain('attachments/0-abc');
  });

  it('answers a file with text with the notice and the form', async () => {
    const activity = {
      ...personalMessage({ ...lars(), text: 'En mand sover i kælderen' }),
      attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'foto.jpg', content: { downloadUrl: 'https://x/y' } }],
    };
    expect(await post(activity)).toBe(200);
    const texts = repliesTo(activity.id).map((c) => cardTexts(connector.cardsOf(c)) + JSON.stringify(c.body)).join(' ');
    expect(texts).toMatch(/sender ikke filer/);
    expect(findInput(repliesTo(activity.id).flatMap((c) => connector.cardsOf(c)), 'description')).toMatchObject({ value: 'En mand sover i kælderen' });
  });

  it.each(['messageUpdate', 'messageDelete', 'messageReaction', 'typing', 'endOfConversation'])('ignores %s activities', async (type) => {
    const activity = { ...personalMessage({ ...lars(), text: 'status' }), type, reactionsAdded: [{ type: 'like' }] };
    expect(await post(activity)).toBe(200);
    expect(repliesTo(activity.id)).toHaveLength(0);
  });

  it('answers 400 to bodies that are no activity, and to a value nested 20,000 levels deep', async () => {
    for (const body of ['{}', '{"type":null}', '{"type":123}', '[]', 'null', '{"type":"message","serviceUrl":"javascript:alert(1)","conversation":{"id":"x"}}']) {
      expect(await post(body, true), body).toBe(400);
    }
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const activity = JSON.stringify(personalMessage({ ...lars(), text: 'x' })).replace(/}$/, `,"value":${deep}}`);
    expect(await post(activity, true)).toBe(400);
    expect(await post('{"type":"message"', true)).toBe(400);
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
  });
});
