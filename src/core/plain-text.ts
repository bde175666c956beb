/**
 * A neutral message as plain text: for a terminal (the CLI) and for places where a platform only
 * takes a string (a Teams invoke's message response). Buttons are left out: plain text has none.
 */
import type { NeutralMessage } from './messages.js';

export interface PlainTextOptions {
  /** Underline headers with ─ (for a terminal). Default false. */
  underlineHeaders?: boolean;
}

/** Headers, "label: value" fields, text and context lines, one per line; `summary` if nothing shows. */
export function plainText(message: NeutralMessage, options: PlainTextOptions = {}): string {
  const parts = message.blocks.map((block) => {
    switch (block.kind) {
      case 'header':
        return options.underlineHeaders ? `\n${block.text}\n${'─'.repeat(Math.min(60, [...block.text].length))}` : block.text;
      case 'text':
      case 'context':
        return block.text;
      case 'fields':
        return block.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
      case 'link':
        return `${block.label}: ${block.url}`;
      case 'actions':
        return '';
    }
  });
  const text = parts.filter(Boolean).join('\n').trim();
  return text || message.summary;
}
