/**
 * A Teams bot message must stay under about 28 KB, Adaptive Card included, or Teams refuses it
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages).
 * Texts are stored whole; a card that would pass the limit shows its longest texts shortened,
 * each with a marker saying how much is shown and that the whole text is kept — never a silent cut.
 */
import type { Locale } from '../../src/core/model.js';
import type { AdaptiveCard, CardElement } from './cards.js';
import { teamsText } from './strings.js';

/** Bytes of card JSON we allow: Teams' ~28 KB less room for the activity around the card. */
export const TEAMS_CARD_BYTES = 26_000;

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

function textBlocks(elements: CardElement[]): Array<CardElement & { text: string }> {
  return elements.flatMap((e) => {
    const own = e.type === 'TextBlock' && typeof e.text === 'string' ? [e as CardElement & { text: string }] : [];
    const items = Array.isArray(e.items) ? textBlocks(e.items as CardElement[]) : [];
    return [...own, ...items];
  });
}

/**
 * The card itself when it fits `limit` bytes; otherwise a copy whose longest TextBlocks are cut
 * (at a word where one is near) and marked, until it fits. Inputs (a form's pre-filled text) are
 * never touched: what a person submits must be what they wrote.
 */
export function fitCard(card: AdaptiveCard, locale: Locale = 'da', limit = TEAMS_CARD_BYTES): AdaptiveCard {
  if (bytesOf(card) <= limit) return card;
  const copy = structuredClone(card);
  for (let round = 0; round < 10; round++) {
    const excess = bytesOf(copy) - limit;
    if (excess <= 0) break;
    const longest = textBlocks(copy.body).sort((a, b) => b.text.length - a.text.length)[0];
    if (!longest || longest.text.length === 0) break;
    const total = longest.text.length;
    const marker = (shown: number) => ` … (${teamsText(locale, 'shortened', { shown, total })})`;
    // Every character is at least one byte of JSON, so cutting `excess` characters (and the
    // marker's length) is enough for this block; a later round handles the next one.
    let keep = Math.max(0, total - excess - bytesOf(marker(total)));
    const space = longest.text.lastIndexOf(' ', keep);
    if (space > keep - 200 && space > 0) keep = space;
    let kept = longest.text.slice(0, keep);
    // Escaped markdown: never end on a lone backslash that would escape the marker.
    if (/(^|[^\\])(\\\\)*\\$/.test(kept)) kept = kept.slice(0, -1);
    longest.text = kept + marker(kept.length);
  }
  return copy;
}
