/**
 * Searching a list of choices as a person types (Teams' dynamic typeahead, `application/search`):
 * every word of the query must occur in the label or the id, folded the same way as the privacy
 * search (case, accents, æ/ø/å), so "havne" finds "Havnegården" and "soelv" does not need "sølv".
 */
import type { Choice } from './api.js';
import { foldForSearch, searchWords } from './search-fold.js';

/** One page of matches: at most `top` from `skip`, in label order (Danish collation). */
export interface ChoicePage {
  results: Choice[];
  /** How many choices match in all (for "and N more" where a platform shows it). */
  total: number;
}

/** More than this in one answer is never shown: Teams lists at most 15 typeahead results. */
export const MAX_PAGE = 50;

/**
 * The choices matching `query` (all of them for an empty query), sorted by label, the page
 * `skip`…`skip + top`. `top` is clamped to 1…MAX_PAGE, `skip` to ≥ 0.
 */
export function searchChoices(choices: readonly Choice[], query: string, page: { skip?: number; top?: number } = {}): ChoicePage {
  const words = searchWords(query);
  const matches = choices
    .filter((c) => words.length === 0 || words.every((w) => foldForSearch(`${c.label} ${c.value}`).includes(w)))
    .sort((a, b) => a.label.localeCompare(b.label, 'da'));
  const skip = Math.max(0, Math.floor(page.skip ?? 0));
  const top = Math.min(MAX_PAGE, Math.max(1, Math.floor(page.top ?? 15)));
  return { results: matches.slice(skip, skip + top), total: matches.length };
}
