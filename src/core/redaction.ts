/**
 * Removes Danish CPR numbers (DDMMYY-SSSS, DDMMYYSSSS, DDMMYY SSSS) from free text before it is
 * stored, logged or relayed. Only numbers whose first six digits form a real calendar date are
 * removed, so phone numbers, postcodes, dates and amounts stay readable.
 */

/** The one marker that replaces a CPR number, in both languages. */
export const CPR_MARKER = '[CPR fjernet]';

export interface RedactionResult {
  text: string;
  redacted: boolean;
  count: number;
}

export interface FieldsRedactionResult<K extends string> {
  fields: Record<K, string>;
  redacted: boolean;
  count: number;
}

// Digit boundaries on both sides so a CPR-shaped slice of a longer number (account numbers,
// 11+ digit runs) is left alone. The separator may be a hyphen of any typographic kind
// (word processors and Teams turn "-" into "–"), optionally spaced, or a single (no-break) space.
const CPR_PATTERN =
  /(?<!\d)(\d{2})(\d{2})(\d{2})(?:[ \u00A0]?[-\u2010-\u2015\u2212][ \u00A0]?|[ \u00A0])?\d{4}(?!\d)/gu;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * True when DD/MM/YY is a date in 19YY or 20YY. The century digit sits in the serial part, so
 * 29 February is accepted whenever either century makes YY a leap year (for YY divisible by 4,
 * 20YY always is — 2000 included).
 */
export function isCprDate(day: number, month: number, year: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const max = DAYS_IN_MONTH[month - 1] ?? 0;
  if (day > max) return false;
  if (month === 2 && day === 29) return year % 4 === 0;
  return true;
}

export function redactCpr(text: string): RedactionResult {
  let count = 0;
  const out = text.replace(CPR_PATTERN, (match: string, dd: string, mm: string, yy: string) => {
    if (!isCprDate(Number(dd), Number(mm), Number(yy))) return match;
    count += 1;
    return CPR_MARKER;
  });
  return { text: out, redacted: count > 0, count };
}

/** Redacts every field of a form at once; `redacted` says whether the writer must be told. */
export function redactAll<K extends string>(fields: Record<K, string>): FieldsRedactionResult<K> {
  const result = {} as Record<K, string>;
  let count = 0;
  for (const key of Object.keys(fields) as K[]) {
    const r = redactCpr(fields[key]);
    result[key] = r.text;
    count += r.count;
  }
  return { fields: result, redacted: count > 0, count };
}
