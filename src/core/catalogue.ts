/**
 * One way to look up a sentence: a catalogue per language with shared keys, and `{name}`
 * placeholders filled from params (a placeholder without a param stays as written, so a missing
 * value shows up in review instead of vanishing). Used by the core's and each adapter's strings.
 */
import type { Locale } from './model.js';

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders in `template` from `params`. */
export function fillTemplate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A lookup function over Danish and English catalogues that share their keys. */
export function catalogue<K extends string>(texts: Record<Locale, Record<K, string>>): (locale: Locale, key: K, params?: Params) => string {
  return (locale, key, params) => fillTemplate(texts[locale][key], params);
}
