/**
 * Adaptive Card JSON as Teams takes it, the activity that carries a card, and the shapes of
 * `adaptiveCard/action` invoke responses (Universal Actions response format). Plain JSON, no SDK.
 */
export type CardElement = { type: string } & Record<string, unknown>;

export interface CardAction {
  type: 'Action.Execute' | 'Action.OpenUrl';
  title: string;
  [key: string]: unknown;
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  /** 1.4 is what Teams needs for Action.Execute (Universal Actions). */
  version: '1.4';
  body: CardElement[];
  actions?: CardAction[];
  msteams?: { width: 'Full' };
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface Attachment {
  contentType: string;
  content: unknown;
}

/** What the bot sends or updates: the message part of a Bot Framework activity. */
export interface OutgoingActivity {
  type: 'message';
  text?: string;
  textFormat?: 'plain' | 'markdown';
  /** Shown in notifications and by clients that cannot render the card. */
  summary?: string;
  attachments?: Attachment[];
}

export function card(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

export function cardActivity(content: AdaptiveCard, summary: string): OutgoingActivity {
  return {
    type: 'message',
    summary,
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content }],
  };
}

/** The body of an `adaptiveCard/action` invoke response. */
export type InvokeReply =
  | { statusCode: 200; type: 'application/vnd.microsoft.card.adaptive'; value: AdaptiveCard }
  | { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string }
  | {
      statusCode: 400 | 500;
      type: 'application/vnd.microsoft.error';
      value: { code: string; message: string };
    }
  | { statusCode: 200; type: 'application/vnd.microsoft.search.searchResponse'; value: { results: Array<{ title: string; value: string }> } };

/** Replaces the clicked card for the person who clicked. */
export const cardReply = (value: AdaptiveCard): InvokeReply => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value,
});

/** A short note to the person who clicked; the card stays as it is. */
export const messageReply = (value: string): InvokeReply => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value,
});

/**
 * The answer to an `application/search` invoke (dynamic typeahead of an Input.ChoiceSet):
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/dynamic-search
 */
export const searchReply = (results: Array<{ title: string; value: string }>): InvokeReply => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.search.searchResponse',
  value: { results },
});

export const errorReply = (statusCode: 400 | 500, code: string, message: string): InvokeReply => ({
  statusCode,
  type: 'application/vnd.microsoft.error',
  value: { code, message },
});
