/**
 * What the Teams adapter needs from the Bot Framework SDK, in plain types. sdk.ts
 * implements it with botbuilder; a successor SDK only has to implement this again.
 */
import type { InvokeReply, OutgoingActivity } from './cards.js';

export interface NewConversation {
  tenantId: string;
  botId: string;
  /** Entra object id of the person to open a 1:1 chat with. */
  userId: string;
}

/** Outbound Bot Connector calls (REST v3), authenticated as the bot when it has credentials. */
export interface BotConnector {
  /** SendToConversation: POST /v3/conversations/{id}/activities. */
  sendToConversation(serviceUrl: string, conversationId: string, activity: OutgoingActivity): Promise<{ id: string }>;
  /** UpdateActivity: PUT /v3/conversations/{id}/activities/{activityId}. */
  updateActivity(serviceUrl: string, conversationId: string, activityId: string, activity: OutgoingActivity): Promise<void>;
  /** CreateConversation (1:1): POST /v3/conversations. */
  createConversation(serviceUrl: string, conversation: NewConversation): Promise<{ id: string }>;
}

/** What one inbound turn asks the SDK to do. */
export interface TurnOutcome {
  /** New messages in the conversation, in order (in-turn replies). */
  replies: OutgoingActivity[];
  /** For invokes: the response body; every invoke gets one. */
  invoke?: InvokeReply;
  /** For Action.Submit messages: replace the message the button was on (replyToId). */
  replaceClicked?: OutgoingActivity;
}

/** The SDK-free logic that decides a turn: activity JSON in, outcome out. */
export interface TurnLogic {
  /** `reference` is the SDK's conversation reference of the activity, as plain JSON. */
  onActivity(activity: unknown, reference: Record<string, unknown>): Promise<TurnOutcome>;
}
