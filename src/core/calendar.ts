/**
 * The municipality's business-hours calendar: opening hours per weekday in its own time zone
 * (one or more intervals a day, e.g. "08:00-12:00, 12:30-15:30"), minus public holidays and extra
 * closed days (`YYYY-MM-DD` once, `MM-DD` every year). SLA clocks on the business clock run only
 * while it is open.
 *
 * Every calculation walks day by day over cached opening intervals (absolute instants), so DST
 * changes are handled once, when a day's intervals are built, and long spans stay cheap. Days
 * are the municipality's local dates: 00:30 in Copenhagen belongs to that local date although
 * it is still the previous date in UTC.
 */
import { DateTime, IANAZone } from 'luxon';
import { holidayRules } from './holidays.js';
import { OPENING_HOURS, WEEKDAYS } from './directory.js';
import type { Directory, Weekday } from './directory.js';

export type Municipality = Directory['municipality'];

export interface BusinessCalendar {
  readonly timezone: string;
  isOpen(at: Date): boolean;
  /** `at` itself when open, otherwise the next moment the municipality opens. */
  nextOpening(at: Date): Date;
  /**
   * The moment after `minutes` open minutes, counted from `start` (or from the next opening when
   * `start` is closed). Lands on the closing time rather than the next opening when the minutes
   * run out exactly at closing.
   */
  addBusinessMinutes(start: Date, minutes: number): Date;
  /** Open minutes in [a, b); 0 when b <= a. Not rounded. */
  businessMinutesBetween(a: Date, b: Date): number;
  /**
   * `days` opening days after `start`: from nextOpening(start), the same local time of day on the
   * `days`-th following opening day, clamped into that day's opening hours.
   */
  addOpeningDays(start: Date, days: number): Date;
  /**
   * Opening hours of the local day `at` falls on: first opening, last closing and the open
   * minutes between them (less than closes − opens when the day has a break); null when closed.
   */
  openingHoursOn(at: Date): { opens: Date; closes: Date; openMinutes: number } | null;
}

interface OpeningInterval {
  open: number;
  close: number;
}

interface ClockTime {
  hour: number;
  minute: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** No real calendar is closed this long; it only stops a runaway loop. */
const MAX_DAYS_SEARCHED = 3 * 366;

export function createBusinessCalendar(municipality: Municipality): BusinessCalendar {
  const zone = IANAZone.create(municipality.timezone);
  if (!zone.isValid) throw new RangeError(`municipality.timezone: unknown time zone "${municipality.timezone}"`);
  const timezone = municipality.timezone;
  const hours = parseBusinessHours(municipality.businessHours);
  const isHoliday = createHolidayLookup(municipality.holidays);
  const closedDays = new Set(municipality.closedDays);
  const isClosedDay = (iso: string) => closedDays.has(iso) || closedDays.has(iso.slice(5));
  const intervals = new Map<number, OpeningInterval[]>();

  /** Days are numbered by their local date: days since 1970-01-01. */
  const dayOf = (ms: number): number => Math.floor((ms + zone.offset(ms) * 60_000) / DAY_MS);

  /** The opening intervals of a local day, in order; empty when the day is closed. */
  const intervalsOf = (day: number): OpeningInterval[] => {
    const cached = intervals.get(day);
    if (cached !== undefined) return cached;
    const built = buildIntervals(day);
    intervals.set(day, built);
    return built;
  };

  const buildIntervals = (day: number): OpeningInterval[] => {
    // 1970-01-01 was a Thursday, index 3 in WEEKDAYS.
    const weekday = WEEKDAYS[(((day + 3) % 7) + 7) % 7] as Weekday;
    const ranges = hours[weekday];
    const iso = isoDate(day);
    if (!ranges || isClosedDay(iso) || isHoliday(iso)) return [];
    return ranges.map((r) => ({ open: localInstant(day, r.open, timezone), close: localInstant(day, r.close, timezone) }));
  };

  /** `ms` when open, else the next opening on or after it within the same local day; null after the last closing. */
  const openingWithinDay = (day: number, ms: number): number | null => {
    for (const interval of intervalsOf(day)) if (ms < interval.close) return Math.max(ms, interval.open);
    return null;
  };

  const nextOpeningMs = (ms: number): number => {
    for (let day = dayOf(ms), n = 0; n < MAX_DAYS_SEARCHED; day++, n++) {
      const opening = openingWithinDay(day, ms);
      if (opening !== null) return opening;
    }
    throw new RangeError(`no opening hours within ${MAX_DAYS_SEARCHED} days`);
  };

  const addBusinessMs = (startMs: number, amount: number): number => {
    let remaining = amount;
    for (let day = dayOf(startMs), n = 0; n < MAX_DAYS_SEARCHED; day++, n++) {
      for (const interval of intervalsOf(day)) {
        if (startMs >= interval.close) continue;
        const from = Math.max(startMs, interval.open);
        const available = interval.close - from;
        if (remaining <= available) return from + remaining;
        remaining -= available;
      }
    }
    throw new RangeError(`no opening hours within ${MAX_DAYS_SEARCHED} days`);
  };

  return {
    timezone,

    isOpen(at) {
      const ms = instant(at);
      return intervalsOf(dayOf(ms)).some((i) => i.open <= ms && ms < i.close);
    },

    nextOpening(at) {
      return new Date(nextOpeningMs(instant(at)));
    },

    addBusinessMinutes(start, minutes) {
      if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be >= 0, got ${minutes}`);
      return new Date(addBusinessMs(instant(start), minutes * 60_000));
    },

    businessMinutesBetween(a, b) {
      const from = instant(a);
      const to = instant(b);
      if (to <= from) return 0;
      let total = 0;
      for (let day = dayOf(from), last = dayOf(to); day <= last; day++) {
        for (const interval of intervalsOf(day)) {
          const overlap = Math.min(to, interval.close) - Math.max(from, interval.open);
          if (overlap > 0) total += overlap;
        }
      }
      return total / 60_000;
    },

    addOpeningDays(start, days) {
      if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number >= 0, got ${days}`);
      const begin = nextOpeningMs(instant(start));
      const local = DateTime.fromMillis(begin, { zone: timezone });
      let day = dayOf(begin);
      for (let counted = 0, n = 0; counted < days; n++) {
        if (n >= MAX_DAYS_SEARCHED) throw new RangeError(`no opening hours within ${MAX_DAYS_SEARCHED} days`);
        day++;
        if (intervalsOf(day).length > 0) counted++;
      }
      const { year, month, day: dom } = ymd(day);
      const sameTime = DateTime.fromObject(
        { year, month, day: dom, hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond },
        { zone: timezone },
      ).toMillis();
      // Clamped into the day's hours: a time in a break moves on to the next interval's opening.
      const lastClose = (intervalsOf(day).at(-1) as OpeningInterval).close;
      return new Date(openingWithinDay(day, sameTime) ?? lastClose);
    },

    openingHoursOn(at) {
      const day = intervalsOf(dayOf(instant(at)));
      const first = day[0];
      const last = day.at(-1);
      if (!first || !last) return null;
      const openMinutes = day.reduce((sum, i) => sum + (i.close - i.open), 0) / 60_000;
      return { opens: new Date(first.open), closes: new Date(last.close), openMinutes };
    },
  };
}

function instant(at: Date): number {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid date');
  return ms;
}

type ClockRange = { open: ClockTime; close: ClockTime };

/**
 * "08:00-12:00, 12:30-15:30" → two ranges. Throws RangeError for a time that is not a time of
 * day ("24:30"; "24:00" only as a closing time), a range that does not open before it closes, or
 * ranges out of order or overlapping — the same rules `directory check` reports in words.
 */
function parseBusinessHours(businessHours: Municipality['businessHours']): Partial<Record<Weekday, ClockRange[]>> {
  const parsed: Partial<Record<Weekday, ClockRange[]>> = {};
  for (const weekday of WEEKDAYS) {
    const text = businessHours[weekday];
    if (text === undefined) continue;
    const fail = (why: string) => new RangeError(`municipality.businessHours.${weekday}: "${text}" ${why}`);
    if (!OPENING_HOURS.test(text)) throw fail('must look like "08:00-15:30" or "08:00-12:00, 12:30-15:30"');
    let previousClose = -1;
    parsed[weekday] = text.split(',').map((part) => {
      const [oh, om, ch, cm] = (/(\d\d):(\d\d)-(\d\d):(\d\d)/.exec(part) ?? []).slice(1).map(Number) as [number, number, number, number];
      const open = oh * 60 + om;
      const close = ch * 60 + cm;
      if (open >= close) throw fail('must open before it closes');
      if (open < previousClose) throw fail('must list its intervals in order, without overlap');
      previousClose = close;
      return { open: { hour: oh, minute: om }, close: { hour: ch, minute: cm } };
    });
  }
  if (Object.keys(parsed).length === 0) throw new RangeError('municipality.businessHours: no opening hours on any weekday');
  return parsed;
}

/**
 * Public holidays only (type 'public'): observances such as Grundlovsdag or 24 December are
 * open unless the directory lists them in closedDays. A holiday closes its whole local date.
 * `spec` is a country code, optionally with state and region: "DK", "DE-BY".
 */
function createHolidayLookup(spec: string): (isoDate: string) => boolean {
  const [country = '', state, region] = spec.split('-');
  const holidays = holidayRules(country);
  if (!(country.toUpperCase() in holidays.getCountries())) {
    throw new RangeError(`municipality.holidays: unknown country code "${spec}"`);
  }
  if (region !== undefined && state !== undefined) holidays.init(country, state, region);
  else if (state !== undefined) holidays.init(country, state);
  else holidays.init(country);

  const byYear = new Map<number, Set<string>>();
  return (isoDate) => {
    const year = Number(isoDate.slice(0, 4));
    let dates = byYear.get(year);
    if (!dates) {
      dates = new Set(holidays.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
      byYear.set(year, dates);
    }
    return dates.has(isoDate);
  };
}

function ymd(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The instant of a local clock time on a local date; "24:00" is the next midnight. */
function localInstant(day: number, time: ClockTime, timezone: string): number {
  const { year, month, day: dom } = ymd(day);
  if (time.hour === 24) {
    return DateTime.fromObject({ year, month, day: dom }, { zone: timezone }).plus({ days: 1 }).toMillis();
  }
  return DateTime.fromObject({ year, month, day: dom, hour: time.hour, minute: time.minute }, { zone: timezone }).toMillis();
}
