/**
 * Property-based fuzzing of both platform endpoints with fast-check (fixed seed): realistic Slack
 * and Teams payloads, each mutated (dropped fields, wrong types, huge and odd unicode, prototype-
 * pollution keys, deep nesting, wrong content types), signed like the platform would. The service
 * must never answer 5xx, must stay alive, and must store nothing from unknown users or for a
 * department of another association.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.js';
import { sampleDirectoryWithTeamsAt } from '../support/directories.js';
import { mutate, mutationsArb, type Mutation } from '../support/payload-mutations.js';
import { startTestService, type TestService } from '../support/service.js';
import { blockAction, eventCallback, postToSlackEndpoint, signed, slashCommand, viewSubmission, type SignOptions } from '../support/slack-requests.js';
import { channelMention, executeAction, personalInstall, personalMessage, submitAction, type TeamsPerson } from '../support/teams-activities.js';

/** FUZZ_RUNS overrides for a quick local look; the suite runs 2,000 per endpoint. */
const RUNS_PER_ENDPOINT = Number(process.env.FUZZ_RUNS ?? 2_000);
const CONCURRENCY = 16;
const SEED = 20_261_203;
const SECRET = 'fuzz-secret';
const FJORDBO_WS = 'T0UQ7C1X54X';
const STRANGE_WS = 'T0STRANGE01';
const JENS = 'U0PG4KAPUT7';
const STRANGER = 'U0STRANGER';
const NAB_TENANT = 'bce83cfb-4f56-4659-84e2-f1fe3cf41bf7';
const LARS: TeamsPerson = { aadObjectId: '3033cc50-64d9-402a-9710-196e4de65a07', name: 'Lars Jakobsen' };
const NOBODY: TeamsPerson = { aadObjectId: '0f0f0f0f-1111-2222-3333-444455556666', name: 'Ukendt Person' };
const sign: SignOptions = { secret: SECRET };

const contentTypes = fc.oneof(
  { weight: 8, arbitrary: fc.constant('as-sent') },
  { weight: 1, arbitrary: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded; charset=utf-8', 'multipart/form-data', '') },
);
const caseArb = fc.record({ base: fc.nat(), mutations: mutationsArb, contentType: contentTypes });
type Case = { base: number; mutations: Mutation[]; contentType: string };

const formOf = (value: unknown) =>
  new URLSearchParams(
    value && typeof value === 'object'
      ? Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''] as [string, string])
      : [],
  ).toString();

const payloadOf = (request: { body: string }) => JSON.parse(new URLSearchParams(request.body).get('payload')!) as unknown;
const jsonOf = (request: { body: string }) => JSON.parse(request.body) as unknown;

const intakeValues = (departmentId: string) => ({
  category: { type: 'static_select' as const, selected: 'homelessness' },
  departmentId: { type: 'static_select' as const, selected: departmentId },
  address: { type: 'plain_text_input' as const, value: 'Havnegade 12' },
  urgency: { type: 'static_select' as const, selected: 'normal' },
  description: { type: 'plain_text_input' as const, value: 'En mand sover i kælderen' },
  residentKnows: { type: 'radio_buttons' as const, selected: 'no' },
});

/** Realistic Slack requests (fresh ids each time), as [shape, parsed body]. */
const slackBases: Array<() => { shape: 'form' | 'payload' | 'json'; body: unknown }> = [
  () => ({ shape: 'form', body: Object.fromEntries(new URLSearchParams(slashCommand({ userId: JENS, teamId: FJORDBO_WS, text: 'Mor &amp; søn i kælderen' }, sign).body)) }),
  () => ({ shape: 'form', body: Object.fromEntries(new URLSearchParams(slashCommand({ userId: STRANGER, teamId: STRANGE_WS, text: 'status' }, sign).body)) }),
  () => ({ shape: 'payload', body: payloadOf(viewSubmission({ userId: JENS, teamId: FJORDBO_WS, callbackId: 'intake', values: intakeValues('havnegaarden') }, sign)) }),
  // Another association's department (NAB's Solgården) from a Fjordbo caretaker.
  () => ({ shape: 'payload', body: payloadOf(viewSubmission({ userId: JENS, teamId: FJORDBO_WS, callbackId: 'intake', values: intakeValues('solgaarden') }, sign)) }),
  () => ({ shape: 'payload', body: payloadOf(viewSubmission({ userId: STRANGER, teamId: STRANGE_WS, callbackId: 'intake', values: intakeValues('havnegaarden') }, sign)) }),
  () => ({ shape: 'payload', body: payloadOf(blockAction({ userId: JENS, teamId: FJORDBO_WS, actionId: 'intake.open', value: 'tekst' }, sign)) }),
  () => ({ shape: 'payload', body: payloadOf(blockAction({ userId: STRANGER, teamId: STRANGE_WS, actionId: 'concern.ack', value: 'c-1', message: { channel: 'C0BOLIG001', ts: '1.2' } }, sign)) }),
  () => ({ shape: 'json', body: jsonOf(eventCallback({ teamId: FJORDBO_WS, event: { type: 'message', channel: 'D0JENS', user: JENS, text: 'hjælp <@U0X>', ts: '1.2', channel_type: 'im', subtype: 'file_share', files: [{ id: 'F1' }] } }, sign)) }),
  () => ({ shape: 'json', body: jsonOf(eventCallback({ teamId: STRANGE_WS, event: { type: 'app_mention', channel: 'C1', user: STRANGER, text: '<@U0BOT> status', ts: '1.2' } }, sign)) }),
  () => ({ shape: 'json', body: jsonOf(eventCallback({ teamId: FJORDBO_WS, event: { type: 'app_home_opened', user: JENS, channel: 'D0JENS', tab: 'home' } }, sign)) }),
  () => ({ shape: 'json', body: { type: 'url_verification', challenge: 'abc', token: 'x' } }),
];

describe('fuzzing the platform endpoints', () => {
  let slack: FakeSlack;
  let connector: FakeBotConnector;
  let service: TestService;

  beforeAll(async () => {
    slack = await startFakeSlack({ token: 'xoxb-test', teamId: FJORDBO_WS, users: [{ id: JENS, teamId: FJORDBO_WS, realName: 'Jens Pedersen' }] });
    connector = await startFakeBotConnector();
    service = await startTestService({
      env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, TEAMS_ALLOW_UNAUTHENTICATED: 'true' },
      directory: sampleDirectoryWithTeamsAt(connector.serviceUrl),
    });
  });
  afterAll(async () => {
    await service?.stop();
    await connector?.close();
    await slack?.close();
  });

  /**
   * Sends every case with CONCURRENCY requests in flight: a sender takes the next case as soon as
   * its last one was answered, so a request Bolt holds for its 3 s unhandled-request timeout does
   * not hold up fifteen others.
   */
  async function run(cases: Case[], send: (c: Case) => Promise<{ status: number; sample: string }>) {
    const failures: string[] = [];
    let next = 0;
    const sender = async () => {
      while (next < cases.length) {
        const r = await send(cases[next++]!);
        if (r.status >= 500) failures.push(`${r.status}: ${r.sample.slice(0, 300)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
    return failures;
  }

  /** Nothing from unknown people; every concern in a department of the reporter's own association. */
  async function expectNothingWrongStored() {
    const directory = sampleDirectoryWithTeamsAt(connector.serviceUrl);
    for (const concern of await service.store.listConcerns({})) {
      expect([STRANGER, NOBODY.aadObjectId]).not.toContain(concern.reporter.userId);
      expect(concern.associationId).toBe(concern.reporter.organizationId);
      const association = directory.organizations.find((o) => o.id === concern.associationId);
      expect(association?.departments.map((d) => d.id)).toContain(concern.departmentId);
    }
  }

  it(`Slack: ${RUNS_PER_ENDPOINT} mutated, signed requests, no 5xx`, async () => {
    const cases = fc.sample(caseArb, { seed: SEED, numRuns: RUNS_PER_ENDPOINT });
    const failures = await run(cases, async (c) => {
      const base = slackBases[c.base % slackBases.length]!();
      const mutated = mutate(base.body, c.mutations);
      const body = base.shape === 'form' ? formOf(mutated) : base.shape === 'payload' ? `payload=${encodeURIComponent(JSON.stringify(mutated) ?? '')}` : (JSON.stringify(mutated) ?? '');
      const sentAs = base.shape === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
      const request = signed(body, c.contentType === 'as-sent' ? sentAs : c.contentType, sign);
      const response = await postToSlackEndpoint(service.baseUrl, request);
      await response.arrayBuffer();
      return { status: response.status, sample: `base ${c.base % slackBases.length} ${c.contentType} ${JSON.stringify(c.mutations)}` };
    });
    expect(failures).toEqual([]);
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
    await expectNothingWrongStored();
  }, 240_000);

  it(`Teams: ${RUNS_PER_ENDPOINT} mutated activities, no 5xx`, async () => {
    const lars = () => ({ serviceUrl: connector.serviceUrl, tenantId: NAB_TENANT, user: LARS });
    const nobody = () => ({ serviceUrl: connector.serviceUrl, tenantId: 'tenant-unknown', user: NOBODY });
    const intake = (departmentId: string) => ({ action: 'intake.submit', formId: `f-${Math.random()}`, category: 'homelessness', departmentId, address: 'Solvej 3', urgency: 'normal', description: 'Mor & søn <3', residentKnows: 'no' });
    const teamsBases: Array<() => unknown> = [
      () => personalMessage({ ...lars(), text: '<p>Mor &amp; søn&nbsp;i kælderen</p>' }),
      () => personalMessage({ ...nobody(), text: 'status' }),
      () => channelMention({ ...lars(), channelId: '19:abc@thread.tacv2', text: 'status' }),
      () => executeAction({ ...lars(), data: intake('solgaarden'), replyToId: '1:card' }),
      // Another association's department (Fjordbo's Havnegården) from a NAB caretaker.
      () => executeAction({ ...lars(), data: intake('havnegaarden'), replyToId: '1:card' }),
      () => executeAction({ ...nobody(), data: intake('solgaarden'), replyToId: '1:card' }),
      () => submitAction({ ...lars(), data: { action: 'concern.ack', concernId: 'c-unknown' }, replyToId: '1:card' }),
      () => personalInstall(lars()),
      () => ({ ...personalMessage({ ...lars(), text: '' }), attachments: [{ contentType: 'image/*', contentUrl: 'https://x/y' }] }),
    ];
    const cases = fc.sample(caseArb, { seed: SEED + 1, numRuns: RUNS_PER_ENDPOINT });
    const failures = await run(cases, async (c) => {
      const body = JSON.stringify(mutate(teamsBases[c.base % teamsBases.length]!(), c.mutations)) ?? '';
      const response = await fetch(`${service.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': c.contentType === 'as-sent' ? 'application/json' : c.contentType },
        body,
      });
      await response.arrayBuffer();
      return { status: response.status, sample: `base ${c.base % teamsBases.length} ${c.contentType} ${JSON.stringify(c.mutations)}` };
    });
    expect(failures).toEqual([]);
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
    await expectNothingWrongStored();
  }, 240_000);
});
