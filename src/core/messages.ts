/**
 * The neutral message model: what the core wants a person to see, independent of Block Kit or
 * Adaptive Cards. Adapters render it; the core never formats for a platform.
 */
import type { Platform } from './model.js';

export const ACTION_IDS = [
  'concern.ack',
  'concern.reply',
  'concern.note',
  'concern.reassign',
  'concern.resolve',
  'concern.withdraw',
  'concern.add_info',
  'intake.open',
  'intake.submit',
  'concern.ask',
  'concern.answer',
  'concern.reopen',
  'concern.feedback',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface MessageAction {
  id: ActionId;
  label: string;
  concernId?: string;
  style?: 'primary' | 'danger';
  /**
   * Extra values the click carries back (Slack: JSON in `value` with the concernId; Teams: merged
   * into `data`): `helpful` for concern.feedback, `text` to pre-fill intake.open.
   */
  args?: { helpful?: boolean; text?: string };
}

export type MessageBlock =
  | { kind: 'header'; text: string }
  /** Plain text written by people or by us; adapters escape it for their markup. */
  | { kind: 'text'; text: string }
  | { kind: 'fields'; fields: { label: string; value: string }[] }
  | { kind: 'context'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'actions'; actions: MessageAction[] }
  | ImageBlock
  /**
   * An optional one-line text field whose value travels with the next button pressed on the same
   * message (Slack: block_actions `state.values`; Teams: Action.Execute inputs). `id` is the key.
   */
  | { kind: 'input'; id: string; label: string; placeholder?: string };

/**
 * A picture with words for those who cannot see it. PNG bytes (`png`) are uploaded or served by
 * the adapter (Slack: files upload into the conversation; Teams: a short-lived link under
 * PUBLIC_URL); a `url` is shown as it is.
 */
export interface ImageBlock {
  kind: 'image';
  /** The key figures in words (at most 1000 characters: Slack's alt_txt limit). */
  alt: string;
  title: string;
  /** File name for uploads, e.g. digest-team-ssp-2026-W10.png. */
  filename: string;
  png?: Uint8Array;
  url?: string;
}

export interface NeutralMessage {
  /** Plain-text summary for notifications and clients that cannot show blocks. */
  summary: string;
  blocks: MessageBlock[];
}

/** Where a message goes. Channel targets come from the directory; users from stored references. */
export type MessageTarget =
  | { platform: 'slack'; kind: 'channel'; channel: string; threadTs?: string }
  | { platform: 'slack'; kind: 'user'; userId: string }
  | {
      platform: 'teams';
      kind: 'channel';
      conversationId: string;
      serviceUrl: string;
      tenantId: string;
    }
  | { platform: 'teams'; kind: 'user'; userId: string };

/** What an adapter hands back after sending, so the message can be updated later. Opaque to the core. */
export interface SentMessageRef {
  platform: Platform;
  ref: Record<string, unknown>;
}
