/**
 * What a card action answers to the person who pressed the button, before it is shaped for the way
 * it arrived: an Action.Execute invoke (response card / message) or an Action.Submit message
 * (replace the card, or post a message).
 */
import type { NeutralMessage } from '../../src/core/messages.js';
import { cardActivity, cardReply, messageReply, type AdaptiveCard, type OutgoingActivity } from './cards.js';
import type { TurnOutcome } from './connector.js';
import { renderActivity } from './render.js';

export type Answer =
  /** Show this card in place of the one pressed. */
  | { kind: 'card'; card: AdaptiveCard; summary: string }
  /** Leave the card as it is and tell the person this. */
  | { kind: 'notice'; text: string; message: NeutralMessage };

export const cardAnswer = (card: AdaptiveCard, summary: string): Answer => ({ kind: 'card', card, summary });

export const noticeAnswer = (text: string): Answer => ({
  kind: 'notice',
  text,
  message: { summary: text, blocks: [{ kind: 'text', text }] },
});

export function outcomeFor(answer: Answer, via: 'execute' | 'submit', replies: OutgoingActivity[] = []): TurnOutcome {
  if (via === 'execute') {
    return { replies, invoke: answer.kind === 'card' ? cardReply(answer.card) : messageReply(answer.text) };
  }
  if (answer.kind === 'card') return { replies, replaceClicked: cardActivity(answer.card, answer.summary) };
  return { replies: [renderActivity(answer.message), ...replies] };
}
