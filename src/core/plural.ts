/**
 * Plural forms through `Intl.PluralRules` (CLDR), instead of `n === 1 ? '' : 's'` by hand.
 * See https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Intl/PluralRules
 */
import type { Locale } from './model.js';
import { INTL_LOCALE } from './time-format.js';

/** The words for one and for several; Danish and English need no other CLDR categories. */
export interface PluralForms {
  one: string;
  other: string;
}

/** "1 problem" / "3 problems": `n` followed by the form CLDR picks for it in `locale`. */
export function countOf(locale: Locale, n: number, forms: PluralForms): string {
  const category = new Intl.PluralRules(INTL_LOCALE[locale]).select(n);
  return `${n} ${category === 'one' ? forms.one : forms.other}`;
}
