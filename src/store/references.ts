/**
 * Human references, BB-YYYY-NNNN: sequential per year, taken by the create's INSERT (the counter
 * row stays locked until its transaction ends, so concurrent creates queue up and a rolled-back
 * create gives its number back: no gaps, no twins).
 */
export const DEFAULT_TIMEZONE = 'Europe/Copenhagen';

/** The calendar year of a moment where the municipality is (a concern at 00:30 on 1 January is next year's). */
const yearFormats = new Map<string, Intl.DateTimeFormat>();

export function referenceYear(at: Date, timezone: string = DEFAULT_TIMEZONE): number {
  let format = yearFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en', { timeZone: timezone, year: 'numeric' });
    yearFormats.set(timezone, format);
  }
  return Number(format.format(at));
}

export function formatReference(year: number, sequence: number): string {
  return `BB-${year}-${String(sequence).padStart(4, '0')}`;
}

/**
 * The SQL expression formatting a reference as formatReference does, for a statement that takes
 * the number itself (the create's single INSERT): `year` and `sequence` are SQL expressions.
 */
export function nextReferenceSql(year: string, sequence: string): string {
  return `'BB-' || (${year})::text || '-' || lpad((${sequence})::text, greatest(4, length((${sequence})::text)), '0')`;
}
