/**
 * Times and durations in words, Danish and English: "inden kl. 12:15 i dag", "by 10:00 on Monday
 * 24 November", "1 t 5 min". Sentences come from the i18n catalogue; day words, weekday and month
 * names from Intl (luxon), so they follow CLDR rather than tables of our own.
 */
import { DateTime } from 'luxon';
import { t } from './i18n.js';
import type { Locale } from './model.js';
import { parseDuration } from './duration.js';
import { fillTemplate } from './catalogue.js';

/** The Intl locale behind each of our languages (British English: day before month, 24-hour clock). */
export const INTL_LOCALE: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

/** Wordings the catalogue has no key for; day words and names come from Intl. */
const PATTERNS: Record<Locale, { date: string; yesterdayAt: string }> = {
  da: { date: '{weekday} d. {date}', yesterdayAt: '{yesterday} kl. {time}' },
  en: { date: 'on {weekday} {date}', yesterdayAt: '{yesterday} at {time}' },
};

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

/**
 * A plain length of time, rounded to whole minutes: "23 min", "1 t 5 min", "2 d 3 t".
 * A day is 24 hours; from one day up, minutes are dropped.
 */
export function formatDuration(locale: Locale, minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  if (total < MINUTES_PER_HOUR) return t(locale, 'duration.minutes', { m: total });
  if (total < MINUTES_PER_DAY) {
    const h = Math.floor(total / MINUTES_PER_HOUR);
    const m = total % MINUTES_PER_HOUR;
    return m === 0 ? t(locale, 'duration.hours', { h }) : t(locale, 'duration.hoursMinutes', { h, m });
  }
  const d = Math.floor(total / MINUTES_PER_DAY);
  const h = Math.floor((total % MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  return h === 0 ? t(locale, 'duration.days', { d }) : t(locale, 'duration.daysHours', { d, h });
}

/** An SLA target as the directory states it: "4h" → "4 t", "2d" → "2 d" (opening days stay days). */
export function formatSlaTarget(locale: Locale, acknowledgeWithin: string): string {
  const { amount, unit } = parseDuration(acknowledgeWithin);
  if (unit === 'd' && Number.isInteger(amount)) return t(locale, 'duration.days', { d: amount });
  const minutes = { s: amount / 60, m: amount, h: amount * MINUTES_PER_HOUR, d: amount * MINUTES_PER_DAY }[unit];
  return formatDuration(locale, minutes);
}

/** "inden kl. 12:15 i dag" / "by 09:00 tomorrow" / "by 10:00 on Monday 24 November". */
export function formatDeadline(locale: Locale, deadline: Date, now: Date, timezone: string): string {
  const local = inZone(deadline, timezone);
  const offset = dayOffset(local, inZone(now, timezone));
  const day =
    Math.abs(offset) <= 1
      ? relativeDay(locale, offset)
      : fillTemplate(PATTERNS[locale].date, { weekday: weekdayName(locale, local), date: dateText(locale, local, now, timezone) });
  return t(locale, 'when.by', { time: clockTime(local), day });
}

/** "i dag kl. 10:03" / "today at 10:03" / "on Monday 24 November at 10:00". */
export function formatMoment(locale: Locale, date: Date, now: Date, timezone: string): string {
  const local = inZone(date, timezone);
  const time = clockTime(local);
  switch (dayOffset(local, inZone(now, timezone))) {
    case 0:
      return t(locale, 'when.today', { time });
    case 1:
      return t(locale, 'when.tomorrow', { time });
    case -1:
      return fillTemplate(PATTERNS[locale].yesterdayAt, { yesterday: relativeDay(locale, -1), time });
    default:
      return t(locale, 'when.date', {
        weekday: weekdayName(locale, local),
        date: dateText(locale, local, now, timezone),
        time,
      });
  }
}

function inZone(date: Date, timezone: string): DateTime {
  const local = DateTime.fromJSDate(date, { zone: timezone });
  if (!local.isValid) throw new RangeError(`cannot show ${String(date)} in time zone "${timezone}"`);
  return local;
}

/** Calendar days from `now`'s local date to `local`'s local date. */
function dayOffset(local: DateTime, now: DateTime): number {
  return Math.round((Date.UTC(local.year, local.month - 1, local.day) - Date.UTC(now.year, now.month - 1, now.day)) / 86_400_000);
}

function clockTime(local: DateTime): string {
  return `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
}

function weekdayName(locale: Locale, local: DateTime): string {
  return local.setLocale(INTL_LOCALE[locale]).toFormat('cccc');
}

/** "i dag" / "tomorrow" / "i går": Intl's words for -1, 0 and 1 days. */
function relativeDay(locale: Locale, days: number): string {
  return new Intl.RelativeTimeFormat(INTL_LOCALE[locale], { numeric: 'auto' }).format(days, 'day');
}

/** "24. november" / "24 November", with the year when it is not the current one. */
function dateText(locale: Locale, local: DateTime, now: Date, timezone: string): string {
  const withYear = local.year !== inZone(now, timezone).year;
  return local.setLocale(INTL_LOCALE[locale]).toLocaleString({ day: 'numeric', month: 'long', ...(withYear ? { year: 'numeric' } : {}) });
}

/** "10:42" for a moment earlier today, else the full moment ("i går kl. 10:42", "mandag d. …"). */
export function formatSince(locale: Locale, date: Date, now: Date, timezone: string): string {
  const local = inZone(date, timezone);
  return dayOffset(local, inZone(now, timezone)) === 0 ? clockTime(local) : formatMoment(locale, date, now, timezone);
}
