/**
 * What the writer is told when CPR numbers were removed from their text (DESIGN.md, Privacy: "the
 * writer is told why"): how many, and whether one sat inside a longer number, so they can check
 * that the rest of that number still makes sense. Never repeats the removed digits.
 */
import type { Locale } from './model.js';

/** The part of a redaction result the notice needs (RedactionResult and FieldsRedactionResult both fit). */
export interface RedactionSummary {
  count: number;
  inLongerNumber: number;
}

const texts = {
  da: {
    one: 'Jeg har fjernet et CPR-nummer fra din tekst.',
    many: 'Jeg har fjernet {count} CPR-numre fra din tekst.',
    inNumberOne: 'Det stod inde i et længere nummer (fx et konto- eller sagsnummer), og de ti cifre er erstattet af [CPR fjernet]; tjek at resten af nummeret stadig giver mening.',
    inNumberMany: '{n} af dem stod inde i et længere nummer (fx et konto- eller sagsnummer), og de ti cifre er erstattet af [CPR fjernet]; tjek at resten af numrene stadig giver mening.',
    why: 'CPR-numre må ikke deles her; kommunen finder borgeren ud fra adressen.',
  },
  en: {
    one: 'I removed a CPR number from your text.',
    many: 'I removed {count} CPR numbers from your text.',
    inNumberOne: 'It was inside a longer number (an account or case number, say), and its ten digits were replaced by [CPR fjernet]; please check that the rest of that number still makes sense.',
    inNumberMany: '{n} of them were inside longer numbers (account or case numbers, say), and their ten digits were replaced by [CPR fjernet]; please check that the rest of those numbers still makes sense.',
    why: 'CPR numbers must not be shared here; the municipality finds the resident by the address.',
  },
} as const satisfies Record<Locale, Record<string, string>>;

/** The sentence(s) for `locale`, or null when nothing was removed. */
export function redactionNotice(locale: Locale, summary: RedactionSummary): string | null {
  if (summary.count <= 0) return null;
  const c = texts[locale];
  const parts = [summary.count === 1 ? c.one : c.many.replace('{count}', String(summary.count))];
  if (summary.inLongerNumber > 0) {
    parts.push(summary.count === 1 ? c.inNumberOne : c.inNumberMany.replace('{n}', String(summary.inLongerNumber)));
  }
  parts.push(c.why);
  return parts.join(' ');
}

/** Adds two summaries (a form with several fields, or a text and its address). */
export const addRedactions = (a: RedactionSummary, b: RedactionSummary): RedactionSummary => ({
  count: a.count + b.count,
  inLongerNumber: a.inLongerNumber + b.inLongerNumber,
});
