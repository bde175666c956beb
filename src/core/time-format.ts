/**
 * Times and durations in words, Danish and English: "inden kl. 12:15 i dag", "by 10:00 on Monday
 * 24 November", "1 t 5 min". Sentences come from the i18n catalogue; day words, weekday and month
 * names live here because the catalogue has no keys for them.
 */
import { DateTime } from 'luxon';
import { t } from './i18n.js';
import type { Locale } from './model.js';
import { parseDuration } from './duration.js';

const WEEKDAY_NAMES: Record<Locale, readonly string[]> = {
  da: ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const MONTH_NAMES: Record<Locale, readonly string[]> = {
  da: ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** Day words used inside 'when.by' ("inden kl. {time} {day}"), and the one moment wording the catalogue lacks. */
const DAY_WORDS: Record<Locale, { today: string; tomorrow: string; yesterday: string; date: string; yesterdayAt: string }> = {
  da: { today: 'i dag', tomorrow: 'i morgen', yesterday: 'i går', date: '{weekday} d. {date}', yesterdayAt: 'i går kl. {time}' },
  en: { today: 'today', tomorrow: 'tomorrow', yesterday: 'yesterday', date: 'on {weekday} {date}', yesterdayAt: 'yesterday at {time}' },
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
  const words = DAY_WORDS[locale];
  const offset = dayOffset(local, inZone(now, timezone));
  const day =
    offset === 0
      ? words.today
      : offset === 1
        ? words.tomorrow
        : offset === -1
          ? words.yesterday
          : fill(words.date, { weekday: weekdayName(locale, local), date: dateText(locale, local, now, timezone) });
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
      return fill(DAY_WORDS[locale].yesterdayAt, { time });
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
  return WEEKDAY_NAMES[locale][local.weekday - 1] ?? '';
}

/** "24. november" / "24 November", with the year when it is not the current one. */
function dateText(locale: Locale, local: DateTime, now: Date, timezone: string): string {
  const month = MONTH_NAMES[locale][local.month - 1] ?? '';
  const base = locale === 'da' ? `${local.day}. ${month}` : `${local.day} ${month}`;
  return local.year === inZone(now, timezone).year ? base : `${base} ${local.year}`;
}

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** "10:42" for a moment earlier today, else the full moment ("i går kl. 10:42", "mandag d. …"). */
export function formatSince(locale: Locale, date: Date, now: Date, timezone: string): string {
  const local = inZone(date, timezone);
  return dayOffset(local, inZone(now, timezone)) === 0 ? clockTime(local) : formatMoment(locale, date, now, timezone);
}
