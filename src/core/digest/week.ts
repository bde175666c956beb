/**
 * ISO weeks where the municipality is: Monday 00:00 local time to the next Monday 00:00, so a
 * week is 167 or 169 hours long when the clocks change. Written "2026-W10".
 */
import { DateTime } from 'luxon';

export interface IsoWeek {
  /** The ISO week-numbering year (week 1 of 2027 may start in December 2026). */
  year: number;
  week: number;
}

export interface WeekBounds {
  start: Date;
  /** Exclusive: the next Monday 00:00. */
  end: Date;
}

const WEEK_TEXT = /^(\d{4})-?W(\d{1,2})$/i;

/** "2026-W10" (also "2026W10", "2026-w10"); null when it is not a week that exists. */
export function parseIsoWeek(text: string): IsoWeek | null {
  const match = WEEK_TEXT.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > DateTime.fromObject({ year, month: 12, day: 28 }).weekNumber) return null;
  return { year, week };
}

export const formatIsoWeek = (w: IsoWeek): string => `${w.year}-W${String(w.week).padStart(2, '0')}`;

export function weekOf(at: Date, timezone: string): IsoWeek {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  return { year: local.weekYear, week: local.weekNumber };
}

function mondayOf(w: IsoWeek, timezone: string): DateTime {
  return DateTime.fromObject({ weekYear: w.year, weekNumber: w.week, weekday: 1 }, { zone: timezone }).startOf('day');
}

export function weekBounds(w: IsoWeek, timezone: string): WeekBounds {
  const monday = mondayOf(w, timezone);
  return { start: monday.toJSDate(), end: monday.plus({ weeks: 1 }).toJSDate() };
}

export function addWeeks(w: IsoWeek, weeks: number, timezone: string): IsoWeek {
  const moved = mondayOf(w, timezone).plus({ weeks });
  return { year: moved.weekYear, week: moved.weekNumber };
}

/** The last day of the week (Sunday), as a local date, for headings. */
export function weekDays(w: IsoWeek, timezone: string): { first: DateTime; last: DateTime } {
  const first = mondayOf(w, timezone);
  return { first, last: first.plus({ days: 6 }) };
}
