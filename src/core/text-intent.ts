import type { TextIntent } from './api.js';

const HELP = new Set(['hjælp', 'hjaelp', 'help', '?', 'hej', 'hi', 'hello', 'start']);
const STATUS = new Set(['status', 'mine', 'min', 'my', 'kø', 'queue', 'liste', 'list']);
const DIGEST = new Set(['digest', 'ugerapport', 'rapport', 'report']);
const LAST_WEEK = /(sidste|forrige|last|previous)/;

/** Short command words are commands; anything longer is the start of a concern. */
export function interpretText(raw: string): TextIntent {
  const text = raw.trim();
  const words = text.toLowerCase().replace(/[.!]+$/, '').split(/\s+/).filter(Boolean);
  const first = words[0] ?? '';
  if (words.length === 0 || (words.length === 1 && HELP.has(first))) return { kind: 'help' };
  if (words.length <= 2 && STATUS.has(first)) return { kind: 'status' };
  if (words.length <= 3 && DIGEST.has(first)) {
    return { kind: 'digest', week: LAST_WEEK.test(words.slice(1).join(' ')) ? 'last' : 'this' };
  }
  return { kind: 'concern', text };
}
