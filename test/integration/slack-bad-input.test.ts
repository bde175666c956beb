/**
 * Bad input on POST /slack/events gets a 4xx, never a 5xx: signed payloads Bolt cannot handle
 * (no user, `payload=null`, a JSON null, a view nested 20,000 levels) → 400, timestamps more than
 * 5 minutes in the future → 401, oversized bodies → 413. Nothing is stored and the service lives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.js';
import type { TestService } from '../support/service.js';
import { startSlackTestService } from '../support/slack-service.js';
import { blockAction, interactive, postToSlackEndpoint, signed, viewSubmission, type SignOptions } from '../support/slack-requests.js';

const SECRET = 'bad-input-secret';
const TEAM = 'T0WORKSPC1';
const USER = 'U0SOMEONE1';
const sign: SignOptions = { secret: SECRET };

/** `{"a":{"a":…}}` nested `depth` levels, built as text: JSON.stringify itself would overflow. */
const nested = (depth: number, leaf = '1') => `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;

describe('Slack: bad input never gets a 5xx', () => {
  let slack: FakeSlack;
  let service: TestService;
  const post = (request: { body: string; headers: Record<string, string> }) => postToSlackEndpoint(service.baseUrl, request);

  beforeAll(async () => {
    slack = await startFakeSlack({ token: 'xoxb-test', teamId: TEAM, users: [{ id: USER, teamId: TEAM, realName: 'Nogen' }] });
    service = await startSlackTestService(slack, SECRET);
  });
  afterAll(async () => {
    await service?.stop();
    await slack?.close();
  });

  const withoutUser = (request: { body: string }) => {
    const payload = JSON.parse(new URLSearchParams(request.body).get('payload')!) as Record<string, unknown>;
    delete payload.user;
    return interactive(payload, sign);
  };

  it.each([
    ['a view_submission without user', () => withoutUser(viewSubmission({ userId: USER, teamId: TEAM, callbackId: 'intake', values: {} }, sign))],
    ['a block_actions without user', () => withoutUser(blockAction({ userId: USER, teamId: TEAM, actionId: 'intake.open', value: '' }, sign))],
    ['a block_actions whose user is a string', () => interactive({ type: 'block_actions', user: USER, actions: [] }, sign)],
    ['payload=null', () => signed('payload=null', 'application/x-www-form-urlencoded', sign)],
    ['payload=[]', () => signed('payload=%5B%5D', 'application/x-www-form-urlencoded', sign)],
    ['payload that is not JSON', () => signed('payload=%7Bnope', 'application/x-www-form-urlencoded', sign)],
    ['a JSON body null', () => signed('null', 'application/json', sign)],
    ['a JSON body 42', () => signed('42', 'application/json', sign)],
    ['an event_callback without event', () => signed(JSON.stringify({ type: 'event_callback', event_id: 'Ev1', team_id: TEAM }), 'application/json', sign)],
    ['an event_callback whose event is null', () => signed(JSON.stringify({ type: 'event_callback', event_id: 'Ev2', event: null }), 'application/json', sign)],
    ['a view nested 20,000 levels deep', () =>
      signed(`payload=${encodeURIComponent(`{"type":"view_submission","user":{"id":"${USER}"},"view":${nested(20_000)}}`)}`, 'application/x-www-form-urlencoded', sign)],
    ['an event nested 20,000 levels deep', () => signed(`{"type":"event_callback","event_id":"Ev3","event":{"type":"message","x":${nested(20_000)}}}`, 'application/json', sign)],
  ])('answers 400 to %s', async (_name, request) => {
    const res = await post(request());
    expect(res.status).toBe(400);
  });

  it('refuses a signed request stamped more than 5 minutes in the future, accepts small clock skew', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c' });
    const future = Math.floor(Date.now() / 1000) + 10 * 60;
    expect((await post(signed(body, 'application/json', { ...sign, timestamp: future }))).status).toBe(401);
    const skewed = Math.floor(Date.now() / 1000) + 60;
    expect((await post(signed(body, 'application/json', { ...sign, timestamp: skewed }))).status).toBe(200);
    const past = Math.floor(Date.now() / 1000) - 10 * 60;
    expect((await post(signed(body, 'application/json', { ...sign, timestamp: past }))).status).toBe(401);
  });

  it('answers 413 to a body over the limit, signed or not', async () => {
    const huge = JSON.stringify({ type: 'event_callback', event_id: 'Ev4', event: { type: 'message', text: 'x'.repeat(2_000_000) } });
    expect((await post(signed(huge, 'application/json', sign))).status).toBe(413);
    expect((await post(signed(huge, 'application/json', { ...sign, signature: 'v0=00' }))).status).toBe(413);
  });

  it('answers 401 to unsigned garbage and stays alive with nothing stored', async () => {
    expect((await post(signed('null', 'application/json', { ...sign, signature: 'v0=00' }))).status).toBe(401);
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
    expect(await service.store.listConcerns({})).toEqual([]);
  });
});
