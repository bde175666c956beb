/**
 * NeutralMessage → Adaptive Card. TextBlocks and FactSets render a markdown subset in Teams, so
 * every text is escaped: what a caretaker writes can never become a link, a mention or formatting.
 */
import type { MessageAction, MessageBlock, NeutralMessage } from '../../src/core/messages.js';
import { card, cardActivity, type AdaptiveCard, type CardAction, type CardElement, type OutgoingActivity } from './cards.js';
import { fitCard } from './card-size.js';
import type { Locale } from '../../src/core/model.js';

// CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that start markup
// in Teams' renderer (emphasis, links/images, code, HTML/mentions, strikethrough, tables, entities).
const INLINE_MARKUP = /[\\`*_[\]()<>~|#&!]/g;

/** Text as it should appear, literally, inside a TextBlock or Fact. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(INLINE_MARKUP, '\\$&')
        // Line starts that make lists or quotes: "- x", "+ x", "1. x", "1) x".
        .replace(/^(\s*)([-+])(?=\s|$)/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2'),
    )
    .join('\n');
}

export const textBlock = (text: string, extra: Record<string, unknown> = {}): CardElement => ({
  type: 'TextBlock',
  text: escapeMarkdown(text),
  wrap: true,
  ...extra,
});

const isWebUrl = (url: string) => /^https?:\/\/[^\s]+$/i.test(url);

export function executeAction(action: MessageAction): CardAction {
  return {
    type: 'Action.Execute',
    title: action.label,
    verb: action.id,
    data: { action: action.id, ...(action.concernId ? { concernId: action.concernId } : {}), ...(action.args ?? {}) },
    ...(action.style === 'primary' ? { style: 'positive' } : {}),
    ...(action.style === 'danger' ? { style: 'destructive' } : {}),
  };
}

function renderBlock(block: MessageBlock): CardElement[] {
  switch (block.kind) {
    case 'header':
      return [textBlock(block.text, { size: 'Large', weight: 'Bolder' })];
    case 'text':
      return [textBlock(block.text)];
    case 'context':
      return [textBlock(block.text, { isSubtle: true, size: 'Small' })];
    case 'fields':
      return [
        {
          type: 'FactSet',
          facts: block.fields.map((f) => ({ title: escapeMarkdown(f.label), value: escapeMarkdown(f.value) })),
        },
      ];
    case 'link':
      if (!isWebUrl(block.url)) return [textBlock(`${block.label}: ${block.url}`)];
      return [{ type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: block.label, url: block.url }] }];
    case 'actions':
      return block.actions.length > 0 ? [{ type: 'ActionSet', actions: block.actions.map(executeAction) }] : [];
    case 'image':
      // PNG bytes are first published under PUBLIC_URL by the messenger (adapters/teams/images.ts).
      if (!block.url || !isWebUrl(block.url)) return [];
      return [{ type: 'Image', url: block.url, altText: block.alt, size: 'Stretch' }];
    case 'input':
      // Action.Execute sends the card's inputs with the button's data.
      return [{ type: 'Input.Text', id: block.id, label: block.label, isMultiline: false, ...(block.placeholder ? { placeholder: block.placeholder } : {}) }];
  }
}

export interface RenderOptions {
  /** Leave the buttons out (e.g. while an inline form is open under the card). */
  withoutActions?: boolean;
  /** Elements appended after the message, e.g. an inline form or feedback for the actor. */
  append?: CardElement[];
  /** Card-level actions (form submit / cancel). */
  cardActions?: CardAction[];
  /** Language of the marker on a text shortened to fit Teams' message size (card-size.ts). */
  locale?: Locale;
}

export function renderCard(message: NeutralMessage, options: RenderOptions = {}): AdaptiveCard {
  const blocks = options.withoutActions ? message.blocks.filter((b) => b.kind !== 'actions') : message.blocks;
  const body = blocks.flatMap(renderBlock);
  if (body.length === 0 && message.summary) body.push(textBlock(message.summary));
  return fitCard(card([...body, ...(options.append ?? [])], options.cardActions ?? []), options.locale);
}

export function renderActivity(message: NeutralMessage, options: RenderOptions = {}): OutgoingActivity {
  return cardActivity(renderCard(message, options), message.summary);
}
