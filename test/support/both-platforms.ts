/**
 * The whole service with Slack and Teams both on, against a fake Slack Web API and a fake Bot
 * Connector, with the sample directory's people: caretakers Jens (Fjordbo, Slack) and Lars (NAB,
 * Teams), responders Anne (socialpsykiatri, Slack) and Jonas (bolig-indgang, Teams). Requests go
 * through the real endpoints; what each person would see is read from the fakes' calls.
 */
import type { Logger } from 'pino';
import type { Directory } from '../../src/core/directory.js';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Concern } from '../../src/core/model.js';
import type { Clock } from '../../src/core/ports.js';
import { startFakeBotConnector, type ConnectorCall, type FakeBotConnector } from '../fakes/bot-connector.js';
import { startFakeSlack, type FakeSlack, type SlackCall } from '../fakes/slack-web-api.js';
import { sampleDirectoryWithTeamsAt } from './directories.js';
import { startTestService, type TestService } from './service.js';
import { blockAction, intakeValues, postToSlackEndpoint, viewSubmission, type SignOptions, type SlackRequest, type StateInput } from './slack-requests.js';
import { cardTexts, executeAction, type ActivityBase, type TeamsPerson } from './teams-activities.js';

// From config/directory.sample.yaml.
export const FJORDBO_WORKSPACE = 'T0UQ7C1X54X';
export const KOMMUNE_WORKSPACE = 'T034REYFKTT';
/** Jens Pedersen, vicevært, Fjordbo (Slack). */
export const JENS = 'U0PG4KAPUT7';
/** Anne Mortensen, socialpsykiatrien (Slack). */
export const ANNE = 'U0WWGTG1WZY';
export const SOCIALPSYKIATRI_CHANNEL = 'C0RV4FF682F';
export const NAB_TENANT = 'bce83cfb-4f56-4659-84e2-f1fe3cf41bf7';
export const KOMMUNE_TENANT = '96e48123-c98e-4de6-90db-c6e03b4c8d59';
export const LARS: TeamsPerson = { aadObjectId: '3033cc50-64d9-402a-9710-196e4de65a07', name: 'Lars Jakobsen' };
export const JONAS: TeamsPerson = { aadObjectId: '4fe33ae6-dcd5-45fa-8d83-f25f798ce1d4', name: 'Jonas Holm' };
export const BOLIG_CHANNEL = '19:53d4a316a5b3ccb90db2cbf31643a48e@thread.tacv2';

/** The same people and places as one object. */
export const SAMPLE = { FJORDBO_WORKSPACE, KOMMUNE_WORKSPACE, JENS, ANNE, SOCIALPSYKIATRI_CHANNEL, NAB_TENANT, KOMMUNE_TENANT, LARS, JONAS, BOLIG_CHANNEL } as const;

export type Json = Record<string, unknown>;
export type InvokeBody = { statusCode: number; type: string; value: unknown };

export const allText = (value: unknown): string => JSON.stringify(value ?? '');
export const viewOf = (call: SlackCall): Json => (call.args.view ?? {}) as Json;
export const messageOf = (call: SlackCall) => ({ channel: String(call.response.channel), ts: String(call.response.ts) });

export interface BothPlatforms {
  slack: FakeSlack;
  connector: FakeBotConnector;
  service: TestService;
  sign: SignOptions;
  /** A signed request to /slack/events, answered 200. */
  slackPost(request: SlackRequest): Promise<Response>;
  /** An activity to /api/messages, with the invoke response when there is one. */
  teamsPost(activity: unknown): Promise<{ status: number; body?: InvokeBody }>;
  teamsPerson(user: TeamsPerson, tenantId: string): ActivityBase;
  /** An Action.Execute press; the answer is what the presser sees in place of the card. */
  press(base: ActivityBase, data: Json, on: { replyToId: string; channelId?: string }): Promise<InvokeBody>;
  /** A Slack button that opens a concern modal, then the modal submitted with `text` (or these values). */
  viaSlackModal(userId: string, teamId: string, action: string, concernId: string, message: { channel: string; ts: string }, input: string | Record<string, StateInput>): Promise<void>;
  /** Matches a Bot Connector send to `conversationId` whose cards hold every text. */
  sentTo(conversationId: string, ...texts: string[]): (call: ConnectorCall) => boolean;
  /** The concern raised with this address, once it is stored. */
  concernAt(address: string): Promise<Concern>;
  stop(): Promise<void>;
}

type BothPlatformsOptions = { logger?: Logger; clock?: Clock; directory?: (sample: Directory) => void };

/**
 * For a test file: both platforms started before its tests and stopped after them. Returns a
 * getter, since the pair exists only once `beforeAll` has run.
 */
export function useBothPlatforms(options: BothPlatformsOptions = {}): () => BothPlatforms {
  let both: BothPlatforms | undefined;
  beforeAll(async () => {
    both = await startBothPlatforms(options);
  });
  afterAll(async () => {
    await both?.stop();
  });
  return () => {
    if (!both) throw new Error('both platforms are not started yet (use the getter inside a test)');
    return both;
  };
}

/**
 * `clock` drives the service's time (SLA, quiet hours, days left to pay); without it, teams get
 * every card at once. `directory` changes the sample directory (already pointed at the fake Bot
 * Connector) before the start.
 */
export async function startBothPlatforms(options: BothPlatformsOptions = {}): Promise<BothPlatforms> {
  const secret = 'both-platforms-secret';
  const token = 'xoxb-both-platforms';
  const sign: SignOptions = { secret };
  const connector = await startFakeBotConnector({ region: 'emea' });
  const slack = await startFakeSlack({
    token,
    teamId: FJORDBO_WORKSPACE,
    users: [
      { id: JENS, teamId: FJORDBO_WORKSPACE, realName: 'Jens Pedersen', locale: 'da-DK', email: 'jens.pedersen@fjordbo.dk' },
      { id: ANNE, teamId: KOMMUNE_WORKSPACE, realName: 'Anne Mortensen', locale: 'da-DK', email: 'anne.mortensen@nordfjord.dk' },
    ],
  });
  const service = await startTestService({
    env: { SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.apiUrl, TEAMS_ALLOW_UNAUTHENTICATED: 'true' },
    directory: adjusted(sampleDirectoryWithTeamsAt(connector.serviceUrl), options.directory),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });

  const slackPost = async (request: SlackRequest) => {
    const response = await postToSlackEndpoint(service.baseUrl, request);
    expect(response.status).toBe(200);
    return response;
  };
  const teamsPost = async (activity: unknown) => {
    const response = await fetch(`${service.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    const body = response.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as InvokeBody) : undefined;
    return { status: response.status, ...(body ? { body } : {}) };
  };
  return {
    slack,
    connector,
    service,
    sign,
    slackPost,
    teamsPost,
    teamsPerson: (user, tenantId) => ({ serviceUrl: connector.serviceUrl, tenantId, user }),
    async press(base, data, on) {
      const response = await teamsPost(executeAction({ ...base, data, ...on }));
      expect(response.status).toBe(200);
      expect(response.body?.statusCode).toBe(200);
      return response.body!;
    },
    async viaSlackModal(userId, teamId, action, concernId, message, input) {
      await slackPost(blockAction({ userId, teamId, actionId: `concern.${action}`, value: concernId, message }, sign));
      const modal = await slack.waitForCall(
        'views.open',
        (c) => viewOf(c).callback_id === `concern.${action}` && String(viewOf(c).private_metadata).includes(concernId),
      );
      const values = typeof input === 'string' ? { text: { type: 'plain_text_input', value: input } as const } : input;
      await slackPost(viewSubmission({ userId, teamId, callbackId: `concern.${action}`, privateMetadata: String(viewOf(modal).private_metadata), values }, sign));
    },
    sentTo: (conversationId, ...texts) => (c) =>
      c.kind === 'send' && c.conversationId === conversationId && texts.every((t) => cardTexts(connector.cardsOf(c)).includes(t)),
    concernAt: (address) => service.waitFor(async () => (await service.store.listConcerns({})).find((c) => c.address === address)),
    async stop() {
      await service.stop();
      await slack.close();
      await connector.close();
    },
  };
}

function adjusted(directory: Directory, change?: (sample: Directory) => void): Directory {
  change?.(directory);
  return directory;
}

/** Jens's intake modal submitted: a homelessness concern at Havnegården with this address and description. */
export function jensIntake(sign: SignOptions, address: string, description: string): SlackRequest {
  return viewSubmission(
    {
      userId: JENS,
      teamId: FJORDBO_WORKSPACE,
      callbackId: 'intake',
      values: intakeValues({ departmentId: 'havnegaarden', address, description }),
    },
    sign,
  );
}
