/**
 * Slack payloads → our own types. Every parser uses zod safeParse (unknown fields pass through)
 * and answers `{ kind: 'unsupported' }` for payloads we deliberately ignore instead of throwing.
 */
import { z } from 'zod';
import { ACTION_IDS, type ActionId } from '../../src/core/messages.js';
import { INTAKE_FIELDS, type IntakeField } from '../../src/core/api.js';

export interface SlackUserRef {
  userId: string;
  /** The user's own workspace (T…): in Slack Connect not the one the app is installed in. */
  teamId?: string;
  /** The user's Enterprise Grid organisation (E…), when the payload tells. */
  enterpriseId?: string;
  /** Handle from the payload; users.info gives the real name. */
  name?: string;
}

/** Where a button was clicked, when it was on a message we may update. */
export interface ClickedMessage {
  channel: string;
  ts: string;
}

export type Unsupported = { kind: 'unsupported'; reason: string };

export type SlackCommand = {
  kind: 'command';
  user: SlackUserRef;
  channelId?: string;
  text: string;
  triggerId: string;
};

export type SlackEvent =
  | { kind: 'dm'; eventId: string; user: SlackUserRef; channelId: string; text: string; filesOffered: boolean }
  | { kind: 'mention'; eventId: string; user: SlackUserRef; channelId: string; text: string; filesOffered: boolean }
  | { kind: 'home_opened'; eventId: string; user: SlackUserRef; channelId?: string }
  /** Someone (maybe the bot) joined a channel, or a channel was unarchived: a delivery target may work again. */
  | { kind: 'target_changed'; eventId: string; channelId?: string };

/** Events that may fix a delivery that waits for an administrator (DESIGN.md "Deliveries"). */
export const TARGET_EVENTS = ['member_joined_channel', 'channel_unarchive', 'group_unarchive'] as const;

export type SlackButton = {
  kind: 'button';
  user: SlackUserRef;
  actionId: ActionId;
  /** The concern id (from a plain value, or a JSON value's concernId), or intake.open's text. */
  value: string;
  /** concern.feedback: the `helpful` a JSON value carried. */
  helpful?: boolean;
  /** Input blocks on the clicked message (block_id → text), e.g. the note beside Acknowledge. */
  inputs: Record<string, string>;
  triggerId: string;
  /** Channel the click came from (message or DM); absent for App Home / modal buttons. */
  channelId?: string;
  message?: ClickedMessage;
};

export type StateValue = string | string[] | null;

export type SlackViewSubmission = {
  kind: 'view';
  user: SlackUserRef;
  callbackId: string;
  viewId: string;
  privateMetadata: string;
  /** block_id → the value of the block's (single) input element. */
  values: Record<string, StateValue>;
  /** Every block_id the view has: field errors may only name these. */
  blockIds: string[];
};

const optionSchema = z.looseObject({ value: z.string() });

const stateValueSchema = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: optionSchema.nullish(),
  selected_options: z.array(optionSchema).nullish(),
  selected_date: z.string().nullish(),
  selected_time: z.string().nullish(),
  selected_date_time: z.number().nullish(),
  selected_user: z.string().nullish(),
  selected_users: z.array(z.string()).nullish(),
  selected_conversation: z.string().nullish(),
  selected_conversations: z.array(z.string()).nullish(),
  selected_channel: z.string().nullish(),
  selected_channels: z.array(z.string()).nullish(),
});
type RawStateValue = z.infer<typeof stateValueSchema>;

export const stateValuesSchema = z.record(z.string(), z.record(z.string(), stateValueSchema));

function valueOf(input: RawStateValue): StateValue {
  if (input.type === 'plain_text_input' || input.type === 'email_text_input' || input.type === 'url_text_input' ||
      input.type === 'number_input') {
    return input.value ?? '';
  }
  const single =
    input.selected_option?.value ??
    input.selected_date ??
    input.selected_time ??
    (input.selected_date_time != null ? String(input.selected_date_time) : undefined) ??
    input.selected_user ??
    input.selected_conversation ??
    input.selected_channel ??
    input.value;
  if (single != null) return single;
  const many =
    input.selected_options?.map((o) => o.value) ??
    input.selected_users ??
    input.selected_conversations ??
    input.selected_channels;
  return many ?? null;
}

/** Modal state (`view.state.values`) → block_id → value; each of our input blocks has one element. */
export function stateValues(raw: unknown): Record<string, StateValue> {
  const parsed = stateValuesSchema.safeParse(raw);
  if (!parsed.success) return {};
  const out: Record<string, StateValue> = {};
  for (const [blockId, actions] of Object.entries(parsed.data)) {
    const first = Object.values(actions)[0];
    if (first) out[blockId] = valueOf(first);
  }
  return out;
}

/** The intake modal's values under the core's field names; empty selections stay undefined. */
export function intakeFormValues(values: Record<string, StateValue>): Partial<Record<IntakeField, string>> {
  const form: Partial<Record<IntakeField, string>> = {};
  for (const field of INTAKE_FIELDS) {
    const v = values[field];
    if (typeof v === 'string') form[field] = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') form[field] = v[0];
  }
  // A description longer than one input holds arrives in parts: description, description_2, …
  let description = form.description ?? '';
  for (let part = 2; typeof values[`description_${part}`] === 'string'; part++) description += values[`description_${part}`] as string;
  if (description) form.description = description;
  return form;
}

/** What the intake modal carries from the offer to the submission (forms.ts). */
export function intakeMetadata(raw: string): { filesOffered: boolean } {
  try {
    return { filesOffered: (JSON.parse(raw) as { filesOffered?: unknown } | null)?.filesOffered === true };
  } catch {
    return { filesOffered: false };
  }
}

export function textValue(values: Record<string, StateValue>, blockId: string): string {
  const v = values[blockId];
  return typeof v === 'string' ? v : '';
}

// ---------------------------------------------------------------------------------------------

const commandSchema = z.looseObject({
  command: z.string(),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  team_id: z.string().optional(),
  enterprise_id: z.string().optional(),
  channel_id: z.string().optional(),
  text: z.string().default(''),
  trigger_id: z.string().min(1),
});

export function parseCommand(body: unknown): SlackCommand | Unsupported {
  const parsed = commandSchema.safeParse(body);
  if (!parsed.success) return { kind: 'unsupported', reason: 'malformed slash command' };
  const c = parsed.data;
  return {
    kind: 'command',
    user: { userId: c.user_id, teamId: c.team_id, enterpriseId: c.enterprise_id, name: c.user_name },
    channelId: c.channel_id,
    text: c.text.trim(),
    triggerId: c.trigger_id,
  };
}

const envelopeSchema = z.looseObject({
  type: z.literal('event_callback'),
  event_id: z.string().min(1),
  team_id: z.string().optional(),
  enterprise_id: z.string().nullish(),
  event: z.looseObject({ type: z.string() }),
});

const messageEventSchema = z.looseObject({
  type: z.enum(['message', 'app_mention']),
  user: z.string().min(1),
  channel: z.string().min(1),
  text: z.string().default(''),
  channel_type: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  hidden: z.boolean().optional(),
  team: z.string().optional(),
  /** Slack Connect: the writer's own workspace. */
  user_team: z.string().optional(),
  files: z.array(z.unknown()).optional(),
});

/**
 * Message subtypes that are a person writing (https://docs.slack.dev/reference/events/message#subtypes):
 * plain messages, messages with files, and thread replies also sent to the channel. Everything else
 * (message_changed, message_deleted, channel_join, bot_message, …) is ignored.
 */
const PEOPLE_SUBTYPES: ReadonlySet<string | undefined> = new Set([undefined, 'file_share', 'thread_broadcast']);

const homeOpenedSchema = z.looseObject({
  type: z.literal('app_home_opened'),
  user: z.string().min(1),
  channel: z.string().optional(),
  tab: z.string().optional(),
});

/** Removes the leading @-mention(s) of the bot from an app_mention text. */
export function stripLeadingMentions(text: string): string {
  return text.replace(/^(\s*<@[A-Z0-9]+(\|[^>]*)?>\s*)+/, '').trim();
}

export function parseEvent(body: unknown): SlackEvent | Unsupported {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return { kind: 'unsupported', reason: 'not an event callback' };
  const { event_id: eventId, team_id: teamId, event } = envelope.data;
  const enterpriseId = envelope.data.enterprise_id ?? undefined;

  if ((TARGET_EVENTS as readonly string[]).includes(event.type)) {
    const channel = (event as { channel?: unknown }).channel;
    return { kind: 'target_changed', eventId, ...(typeof channel === 'string' ? { channelId: channel } : {}) };
  }

  if (event.type === 'app_home_opened') {
    const home = homeOpenedSchema.safeParse(event);
    if (!home.success || (home.data.tab && home.data.tab !== 'home')) {
      return { kind: 'unsupported', reason: 'app home tab other than home' };
    }
    return { kind: 'home_opened', eventId, user: { userId: home.data.user, teamId, enterpriseId }, channelId: home.data.channel };
  }

  if (event.type !== 'message' && event.type !== 'app_mention') {
    return { kind: 'unsupported', reason: `event ${event.type}` };
  }
  const msg = messageEventSchema.safeParse(event);
  // Every bot's messages (ours included) carry bot_id; edits, deletions and joins a subtype.
  if (!msg.success || !PEOPLE_SUBTYPES.has(msg.data.subtype) || msg.data.bot_id || msg.data.hidden) {
    return { kind: 'unsupported', reason: 'system or bot message' };
  }
  const m = msg.data;
  const user = { userId: m.user, teamId: m.user_team ?? m.team ?? teamId, enterpriseId };
  const filesOffered = m.subtype === 'file_share' || (m.files?.length ?? 0) > 0;
  if (m.type === 'app_mention') {
    return { kind: 'mention', eventId, user, channelId: m.channel, text: stripLeadingMentions(m.text), filesOffered };
  }
  if (m.channel_type !== 'im') return { kind: 'unsupported', reason: 'message outside a DM' };
  return { kind: 'dm', eventId, user, channelId: m.channel, text: m.text.trim(), filesOffered };
}

const payloadUserSchema = z.looseObject({
  id: z.string().min(1),
  team_id: z.string().optional(),
  enterprise_id: z.string().optional(),
  username: z.string().optional(),
  name: z.string().optional(),
});
const payloadTeamSchema = z.looseObject({ id: z.string() }).nullish();

/** The user's own workspace first: `team` is where the app is installed (Slack Connect, Grid). */
function userRef(user: z.infer<typeof payloadUserSchema>, team: z.infer<typeof payloadTeamSchema>): SlackUserRef {
  return { userId: user.id, teamId: user.team_id ?? team?.id, enterpriseId: user.enterprise_id, name: user.name ?? user.username };
}

const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: payloadUserSchema,
  team: payloadTeamSchema,
  trigger_id: z.string().min(1),
  container: z
    .looseObject({
      type: z.string(),
      channel_id: z.string().optional(),
      message_ts: z.string().optional(),
    })
    .optional(),
  channel: z.looseObject({ id: z.string() }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional() })).min(1),
  state: z.looseObject({ values: z.unknown() }).optional(),
});

const buttonValueSchema = z.looseObject({ concernId: z.string().min(1), helpful: z.boolean().optional() });

/** A JSON button value ({concernId, helpful}) or a plain one (the concern id). */
function buttonValue(raw: string): { value: string; helpful?: boolean } {
  if (!raw.startsWith('{')) return { value: raw };
  try {
    const parsed = buttonValueSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return { value: '' };
    return { value: parsed.data.concernId, ...(parsed.data.helpful !== undefined ? { helpful: parsed.data.helpful } : {}) };
  } catch {
    return { value: '' };
  }
}

const actionIdSchema = z.enum(ACTION_IDS);

export function parseBlockAction(body: unknown): SlackButton | Unsupported {
  const parsed = blockActionsSchema.safeParse(body);
  if (!parsed.success) return { kind: 'unsupported', reason: 'malformed block_actions' };
  const b = parsed.data;
  const action = b.actions[0]!;
  const actionId = actionIdSchema.safeParse(action.action_id);
  if (!actionId.success) return { kind: 'unsupported', reason: 'unknown action' };
  const channelId = b.container?.channel_id ?? b.channel?.id;
  const onMessage = b.container?.type === 'message' && channelId && b.container.message_ts;
  const inputs: Record<string, string> = {};
  for (const [blockId, v] of Object.entries(stateValues(b.state?.values))) if (typeof v === 'string') inputs[blockId] = v;
  const value = actionId.data === 'intake.open' ? { value: action.value ?? '' } : buttonValue(action.value ?? '');
  return {
    kind: 'button',
    user: userRef(b.user, b.team),
    actionId: actionId.data,
    ...value,
    inputs,
    triggerId: b.trigger_id,
    channelId,
    message: onMessage ? { channel: channelId, ts: b.container!.message_ts! } : undefined,
  };
}

const viewSubmissionSchema = z.looseObject({
  type: z.literal('view_submission'),
  user: payloadUserSchema,
  team: payloadTeamSchema,
  view: z.looseObject({
    id: z.string().min(1),
    callback_id: z.string().default(''),
    private_metadata: z.string().default(''),
    state: z.looseObject({ values: z.unknown() }).default({ values: {} }),
    blocks: z.array(z.looseObject({ block_id: z.string().optional() })).default([]),
  }),
});

export function parseViewSubmission(body: unknown): SlackViewSubmission | Unsupported {
  const parsed = viewSubmissionSchema.safeParse(body);
  if (!parsed.success) return { kind: 'unsupported', reason: 'malformed view_submission' };
  const { view } = parsed.data;
  const values = stateValues(view.state.values);
  return {
    kind: 'view',
    user: userRef(parsed.data.user, parsed.data.team),
    callbackId: view.callback_id,
    viewId: view.id,
    privateMetadata: view.private_metadata,
    values,
    blockIds: [...new Set([...view.blocks.flatMap((b) => (b.block_id ? [b.block_id] : [])), ...Object.keys(values)])],
  };
}

/** What a concern modal carries between the click and the submission. */
export const concernModalMetadataSchema = z.object({
  concernId: z.string().min(1),
  channel: z.string().optional(),
  ts: z.string().optional(),
});
export type ConcernModalMetadata = z.infer<typeof concernModalMetadataSchema>;

export function parseConcernModalMetadata(raw: string): ConcernModalMetadata | null {
  try {
    const parsed = concernModalMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
