/**
 * Removes Danish CPR numbers (personnummer, DDMMYY-SSSS — CPR-loven § 3, https://cpr.dk) from
 * free text before it is stored, logged or relayed, in every form people write them: with `.`,
 * `-`, `/` or spaces inside the date and before the serial (`05.05.90-1234`, `05 05 90 1234`,
 * `050590/1234`), with a four-digit year before a dashed serial (`05.05.1990-1234`), with
 * typographic dashes, full-width or other-script digits, letters that look like digits, and
 * invisible characters (soft hyphen, zero-width space) in between. Matching happens on a
 * normalised view (src/core/text-normalise.ts); the cut is made in the original text, so
 * everything around the number stays exactly as written.
 *
 * Only numbers whose first six digits form a real calendar date are removed, and never part of an
 * unbroken longer run of digits (an 11-digit journal number is one number). Phone numbers
 * (`12 34 56 78`, `+45 …`), postcodes, house numbers, dates and times are left alone. A CPR-shaped
 * group joined to other digits by a separator (`1234-0505901234`, `2025-050590-1234`) is
 * ambiguous: redacting wins, and the result says so (`inLongerNumber`) so the writer can be told
 * exactly what was removed.
 */
import { normaliseForMatching } from './text-normalise.js';

/** The one marker that replaces a CPR number, in both languages. */
export const CPR_MARKER = '[CPR fjernet]';

/** `cpr`: a number on its own. `cpr_in_number`: a CPR-shaped part of a longer number. */
export type RedactionKind = 'cpr' | 'cpr_in_number';

/** One removal, with its UTF-16 range in the text as it was written (end exclusive). */
export interface Redaction {
  kind: RedactionKind;
  start: number;
  end: number;
}

export interface RedactionResult {
  text: string;
  redacted: boolean;
  count: number;
  /** How many of `count` were part of a longer number (an account or case number, say). */
  inLongerNumber: number;
  removed: Redaction[];
}

export interface FieldsRedactionResult<K extends string> {
  fields: Record<K, string>;
  redacted: boolean;
  count: number;
  inLongerNumber: number;
}

// One separator: a dash, slash or dot with optional spaces around it, or a single space.
const SEP = '(?: ?[-./] ?| )?';
// DD, MM and the year with the same separator twice (or none: people write 05.05.90, 05-05-90,
// 05 05 90, 050590 — never 05-0590), then either a four-digit year (19YY/20YY) before a dashed
// serial, or YY and the serial after any separator. The repeated separator keeps groups like
// `01-1234 — 2001` from reading as a date.
const CPR_IN_VIEW = new RegExp(
  `(?<!\\d)(\\d{2})(${SEP})(\\d{2})\\2(?:(?:19|20)(\\d{2}) ?- ?|(\\d{2})${SEP})\\d{4}(?!\\d)`,
  'g',
);
// Joined to other digits by a dash or slash (spaced or not) or a dot: part of a longer number.
// Not by a bare space or ". ", which end sentences and separate list items.
const JOINED_BEFORE = /\d(?: ?[-/] ?|\.)$/;
const JOINED_AFTER = /^(?: ?[-/] ?|\.)\d/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * True when DD/MM/YY is a date in 19YY or 20YY. The century is coded in the serial (CPR-kontoret's
 * century rule), so 29 February is accepted whenever either century makes YY a leap year (for YY
 * divisible by 4, 20YY always is — 2000 included).
 */
export function isCprDate(day: number, month: number, year: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const max = DAYS_IN_MONTH[month - 1] ?? 0;
  if (day > max) return false;
  if (month === 2 && day === 29) return year % 4 === 0;
  return true;
}

/** Finds every CPR number in `text` (ranges in the original), without changing anything. */
export function findCpr(text: string): Redaction[] {
  const view = normaliseForMatching(text);
  const found: Redaction[] = [];
  const pattern = new RegExp(CPR_IN_VIEW.source, 'g');
  for (let match = pattern.exec(view.text); match; match = pattern.exec(view.text)) {
    const [whole, dd, , mm, longYear, shortYear] = match;
    if (!isCprDate(Number(dd), Number(mm), Number(longYear ?? shortYear))) {
      // The date was not valid from here; a CPR number may still start one digit later.
      pattern.lastIndex = match.index + 1;
      continue;
    }
    const first = match.index;
    const last = first + whole.length - 1;
    const joined =
      JOINED_BEFORE.test(view.text.slice(Math.max(0, first - 4), first)) ||
      JOINED_AFTER.test(view.text.slice(last + 1, last + 5));
    found.push({ kind: joined ? 'cpr_in_number' : 'cpr', start: view.start[first] ?? 0, end: view.end[last] ?? text.length });
  }
  return found;
}

/** Replaces every CPR number in `text` with CPR_MARKER and says what it removed. */
export function redactCpr(text: string): RedactionResult {
  const removed = findCpr(text);
  let out = '';
  let from = 0;
  for (const r of removed) {
    out += text.slice(from, r.start) + CPR_MARKER;
    from = r.end;
  }
  out += text.slice(from);
  const inLongerNumber = removed.filter((r) => r.kind === 'cpr_in_number').length;
  return { text: out, redacted: removed.length > 0, count: removed.length, inLongerNumber, removed };
}

/** Redacts every field of a form at once; `redacted` says whether the writer must be told. */
export function redactAll<K extends string>(fields: Record<K, string>): FieldsRedactionResult<K> {
  const result = {} as Record<K, string>;
  let count = 0;
  let inLongerNumber = 0;
  for (const key of Object.keys(fields) as K[]) {
    const r = redactCpr(fields[key]);
    result[key] = r.text;
    count += r.count;
    inLongerNumber += r.inLongerNumber;
  }
  return { fields: result, redacted: count > 0, count, inLongerNumber };
}
