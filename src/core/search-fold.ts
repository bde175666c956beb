/**
 * Case- and accent-insensitive matching for the data-protection officer's search: both the words
 * and the text are folded the same way — compatibility forms (NFKC), lower case, diacritics
 * removed (é → e, å → a, ü → u), Nordic and other letters without a decomposition spelled out
 * (æ → ae, ø → o, ß → ss), invisible characters dropped and runs of white space made one space.
 */

const SPELLED: Record<string, string> = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i' };

/** The folded form of `text`, for comparison only (never shown). */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .replace(/[æøœßđðþłı]/g, (c) => SPELLED[c] ?? c)
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The search words of a query: folded and split on white space; empty words are dropped. */
export function searchWords(query: string): string[] {
  return foldForSearch(query).split(' ').filter(Boolean);
}

/** True when every word occurs somewhere in at least one of the texts (all words must be found). */
export function mentionsAll(words: readonly string[], texts: readonly string[]): boolean {
  const haystack = texts.map(foldForSearch).join('\n');
  return words.length > 0 && words.every((word) => haystack.includes(word));
}
