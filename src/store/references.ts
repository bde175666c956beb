/** Human references, BB-YYYY-NNNN: sequential per year, allocated inside the create transaction. */
import type { SqlTx } from './sql.js';

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
 * Takes the next number of the year. The counter row stays locked until the transaction ends, so
 * concurrent creates queue up and a rolled-back create gives its number back: no gaps, no twins.
 */
export async function allocateReference(tx: SqlTx, year: number): Promise<string> {
  const [row] = await tx.query<{ last_number: number }>(
    `INSERT INTO reference_counters (year, last_number) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last_number = reference_counters.last_number + 1
     RETURNING last_number`,
    [year],
  );
  if (!row) throw new Error(`No reference allocated for ${year}`);
  return formatReference(year, row.last_number);
}
