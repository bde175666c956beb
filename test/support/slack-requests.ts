/**
 * Signed requests as Slack sends them to POST /slack/events: slash commands (form body),
 * interactivity (`payload=` form field with JSON), events (JSON), each with X-Slack-Signature
 * (v0 HMAC-SHA256 of `v0:timestamp:body`) and X-Slack-Request-Timestamp, optionally retries.
 */
import { createHmac } from 'node:crypto';

export interface SignOptions {
  secret: string;
  /** Seconds since the epoch; defaults to now. Older than 5 minutes must be refused. */
  timestamp?: number;
  /** Replaces the computed signature (to test refusals). */
  signature?: string;
  retryNum?: number;
  retryReason?: string;
}

export interface SlackRequest {
  body: string;
  headers: Record<string, string>;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signed(body: string, contentType: string, options: SignOptions): SlackRequest {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? slackSignature(options.secret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  return { body, headers };
}

let counter = 0;
const unique = () => `${Date.now()}${String(++counter).padStart(4, '0')}`;
export const triggerId = () => `${unique()}.1234567890.${unique().slice(-8)}`;

export interface SlashCommandInput {
  userId: string;
  teamId: string;
  text?: string;
  channelId?: string;
  command?: string;
  userName?: string;
  triggerId?: string;
}

export function slashCommand(input: SlashCommandInput, options: SignOptions): SlackRequest {
  const form = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: input.teamId,
    team_domain: 'test',
    channel_id: input.channelId ?? 'C0GENERAL1',
    channel_name: 'general',
    user_id: input.userId,
    user_name: input.userName ?? input.userId.toLowerCase(),
    command: input.command ?? '/bekymring',
    text: input.text ?? '',
    api_app_id: 'A0BROBYGGR',
    response_url: 'https://hooks.slack.com/commands/T0/1/x',
    trigger_id: input.triggerId ?? triggerId(),
  });
  return signed(form.toString(), 'application/x-www-form-urlencoded', options);
}

export function interactive(payload: Record<string, unknown>, options: SignOptions): SlackRequest {
  const form = new URLSearchParams({ payload: JSON.stringify(payload) });
  return signed(form.toString(), 'application/x-www-form-urlencoded', options);
}

export interface BlockActionInput {
  userId: string;
  teamId: string;
  actionId: string;
  value?: string;
  /** The message the button was on; omit for App Home buttons. */
  message?: { channel: string; ts: string };
  triggerId?: string;
  /** Input blocks on the clicked message, as Slack sends them in `state.values`. */
  state?: Record<string, StateInput>;
}

export function blockAction(input: BlockActionInput, options: SignOptions): SlackRequest {
  const container = input.message
    ? { type: 'message', message_ts: input.message.ts, channel_id: input.message.channel, is_ephemeral: false }
    : { type: 'view', view_id: 'V0HOME0001' };
  const action = {
    action_id: input.actionId,
    block_id: 'b1',
    text: { type: 'plain_text', text: input.actionId, emoji: true },
    type: 'button',
    action_ts: `${Math.floor(Date.now() / 1000)}.000100`,
    ...(input.value !== undefined ? { value: input.value } : {}),
  };
  return interactive(
    {
      type: 'block_actions',
      user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: input.teamId },
      api_app_id: 'A0BROBYGGR',
      token: 'deprecated-verification-token',
      container,
      trigger_id: input.triggerId ?? triggerId(),
      team: { id: input.teamId, domain: 'test' },
      ...(input.message
        ? {
            channel: { id: input.message.channel, name: 'channel' },
            message: { type: 'message', ts: input.message.ts, bot_id: 'B0BOT00001', text: '…', blocks: [] },
          }
        : { view: { id: 'V0HOME0001', type: 'home' } }),
      response_url: 'https://hooks.slack.com/actions/T0/1/x',
      ...(input.state ? { state: { values: stateValues(input.state) } } : {}),
      actions: [action],
    },
    options,
  );
}

/** A state value as Slack sends it for our input blocks (`block_id → { value: … }`). */
export type StateInput =
  | { type: 'plain_text_input'; value: string | null }
  | { type: 'static_select'; selected: string | null }
  | { type: 'radio_buttons'; selected: string | null }
  | { type: 'datepicker'; selected_date: string | null };

export function stateValues(fields: Record<string, StateInput>): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const [blockId, input] of Object.entries(fields)) {
    const value =
      input.type === 'plain_text_input'
        ? { type: input.type, value: input.value }
        : input.type === 'datepicker'
          ? { type: input.type, selected_date: input.selected_date }
          : {
            type: input.type,
            selected_option: input.selected
              ? { text: { type: 'plain_text', text: input.selected, emoji: true }, value: input.selected }
              : null,
          };
    values[blockId] = { value };
  }
  return values;
}

/** What a caretaker fills in the intake modal: a homelessness concern of normal urgency unless given. */
export interface IntakeFields {
  departmentId: string;
  address: string;
  description: string;
  category?: string;
  urgency?: string;
  residentKnows?: string;
}

/** The intake modal's `state.values` input for `viewSubmission`, as Slack sends a filled-in form. */
export function intakeValues(fields: IntakeFields): Record<string, StateInput> {
  return {
    category: { type: 'static_select', selected: fields.category ?? 'homelessness' },
    departmentId: { type: 'static_select', selected: fields.departmentId },
    address: { type: 'plain_text_input', value: fields.address },
    urgency: { type: 'static_select', selected: fields.urgency ?? 'normal' },
    description: { type: 'plain_text_input', value: fields.description },
    residentKnows: { type: 'radio_buttons', selected: fields.residentKnows ?? 'no' },
  };
}

export interface ViewSubmissionInput {
  userId: string;
  teamId: string;
  callbackId: string;
  viewId?: string;
  privateMetadata?: string;
  values: Record<string, StateInput>;
  /** Input blocks of the view; defaults to the blocks named in values. */
  blockIds?: string[];
}

export function viewSubmission(input: ViewSubmissionInput, options: SignOptions): SlackRequest {
  const viewId = input.viewId ?? `V${unique().slice(-9)}`;
  const blocks = (input.blockIds ?? Object.keys(input.values)).map((blockId) => ({
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: blockId },
    element: { type: 'plain_text_input', action_id: 'value' },
  }));
  return interactive(
    {
      type: 'view_submission',
      team: { id: input.teamId, domain: 'test' },
      user: { id: input.userId, username: input.userId.toLowerCase(), name: input.userId.toLowerCase(), team_id: input.teamId },
      api_app_id: 'A0BROBYGGR',
      token: 'deprecated-verification-token',
      trigger_id: triggerId(),
      view: {
        id: viewId,
        team_id: input.teamId,
        type: 'modal',
        blocks,
        private_metadata: input.privateMetadata ?? '',
        callback_id: input.callbackId,
        state: { values: stateValues(input.values) },
        hash: `${Math.floor(Date.now() / 1000)}.abcdef`,
        title: { type: 'plain_text', text: 'Brobygger' },
        clear_on_close: false,
        notify_on_close: false,
        root_view_id: viewId,
        previous_view_id: null,
        app_id: 'A0BROBYGGR',
        external_id: '',
        bot_id: 'B0BOT00001',
      },
      response_urls: [],
    },
    options,
  );
}

export interface EventInput {
  teamId: string;
  event: Record<string, unknown>;
  eventId?: string;
}

export function eventCallback(input: EventInput, options: SignOptions): SlackRequest {
  const eventTime = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: input.teamId,
    api_app_id: 'A0BROBYGGR',
    event: input.event,
    type: 'event_callback',
    event_id: input.eventId ?? `Ev${unique()}`,
    event_time: eventTime,
    authorizations: [{ team_id: input.teamId, user_id: 'U0BOT00001', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
  return signed(body, 'application/json', options);
}

export function directMessage(
  input: { teamId: string; userId: string; text: string; channel?: string; eventId?: string },
  options: SignOptions,
): SlackRequest {
  const ts = `${Math.floor(Date.now() / 1000)}.${unique().slice(-6)}`;
  return eventCallback(
    {
      teamId: input.teamId,
      eventId: input.eventId,
      event: {
        type: 'message',
        channel: input.channel ?? `D${input.userId.slice(1)}`,
        user: input.userId,
        text: input.text,
        ts,
        event_ts: ts,
        channel_type: 'im',
        team: input.teamId,
      },
    },
    options,
  );
}

export function appHomeOpened(
  input: { teamId: string; userId: string; eventId?: string },
  options: SignOptions,
): SlackRequest {
  return eventCallback(
    {
      teamId: input.teamId,
      eventId: input.eventId,
      event: {
        type: 'app_home_opened',
        user: input.userId,
        channel: `D${input.userId.slice(1)}`,
        tab: 'home',
        event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
      },
    },
    options,
  );
}

/** POSTs a signed request to the service's /slack/events. */
export async function postToSlackEndpoint(baseUrl: string, request: SlackRequest): Promise<Response> {
  return fetch(`${baseUrl}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
}
