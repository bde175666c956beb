/**
 * People in the demo, acting the way their platform would deliver it to the service: signed Slack
 * requests to POST /slack/events, Teams activities to POST /api/messages.
 */
import { blockAction, postToSlackEndpoint, slashCommand, viewSubmission, type StateInput } from '../test/support/slack-requests.js';
import { executeAction, type TeamsPerson } from '../test/support/teams-activities.js';
import { SLACK_SIGNING_SECRET, type Stage } from './stage.js';

type Json = Record<string, unknown>;
const sign = { secret: SLACK_SIGNING_SECRET };

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: the service answered HTTP ${response.status}`);
  return response;
}

export interface SlackPerson {
  userId: string;
  workspace: string;
  name: string;
}

export function slackActor(stage: Stage, person: SlackPerson) {
  const post = (request: Parameters<typeof postToSlackEndpoint>[1], what: string) =>
    postToSlackEndpoint(stage.service.url, request).then((r) => expectOk(r, what));
  const who = { userId: person.userId, teamId: person.workspace };
  return {
    slash: (text: string) => post(slashCommand({ ...who, text }, sign), '/bekymring'),
    click: (actionId: string, value: string, message?: { channel: string; ts: string }) =>
      post(blockAction({ ...who, actionId, value, ...(message ? { message } : {}) }, sign), actionId),
    /** Submits a modal; the answer is Slack's view acknowledgement (e.g. the view that replaces it). */
    async submit(callbackId: string, values: Record<string, StateInput>, privateMetadata?: string): Promise<Json | null> {
      const response = await post(viewSubmission({ ...who, callbackId, values, ...(privateMetadata ? { privateMetadata } : {}) }, sign), callbackId);
      const text = await response.text();
      return text ? (JSON.parse(text) as Json) : null;
    },
  };
}

export interface TeamsActorPerson extends TeamsPerson {
  tenantId: string;
}

export function teamsActor(stage: Stage, person: TeamsActorPerson) {
  return {
    /** Presses an Action.Execute button; the answer is the card Teams shows in place of the pressed one. */
    async press(data: Json, on: { replyToId: string; channelId?: string }): Promise<unknown> {
      const activity = executeAction({ serviceUrl: stage.connector.serviceUrl, tenantId: person.tenantId, user: person, data, ...on });
      const response = await expectOk(
        await fetch(`${stage.service.url}/api/messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: JSON.stringify(activity),
        }),
        String(data.action),
      );
      const body = (await response.json()) as { statusCode?: number; value?: unknown };
      return body.value;
    },
  };
}
