/**
 * Eviction risk has a legal clock: after the landlord's written rent demand (påkrav) the tenant
 * has a fixed number of days to pay before the tenancy can be terminated. For almene boliger the
 * ground is almenlejeloven § 90, stk. 1, nr. 1, and the period is in § 90, stk. 2: the arrears
 * must be paid "senest 14 dage efter, at skriftligt påkrav herom er kommet frem til lejeren"
 * (https://danskelove.dk/almenlejeloven/90; lejeloven § 182, stk. 2 has the same rule for private
 * rentals since 1 July 2022, before that § 93, stk. 2). The directory's
 * `categories[].noticePeriodDays` holds the period. The municipality's early help only works
 * inside that window, so the card, the confirmation and the digest show the last day to pay, and
 * a window of 5 calendar days or less makes the concern at least `high`.
 *
 * Days are calendar days on the municipality's local dates (luxon); the last day is the demand's
 * date plus the notice period, moved past a weekend or holiday (see `paymentDeadline`). The law
 * counts from the day the demand reached the tenant; the intake asks for the demand's date, so the
 * day shown is the earliest the deadline can be — on the safe side for early help.
 */
import { DateTime } from 'luxon';
import { categoryRules } from './category-rules.js';
import { holidayRules } from './holidays.js';
import { t } from './i18n.js';
import type { Directory } from './directory.js';
import { URGENCIES, type Concern, type Urgency } from './model.js';

/** At or below this many days left to pay, the concern is at least `high`. */
export const URGENT_DAYS_LEFT = 5;

type Rules = Pick<Directory, 'categories' | 'municipality'>;
type EvictionConcern = Pick<Concern, 'category' | 'rentDemandDate'>;

/** The notice period of eviction_risk concerns in days; undefined when the directory sets none. */
export const noticePeriodDays = (directory: Pick<Directory, 'categories'>): number | undefined =>
  categoryRules(directory, 'eviction_risk')?.noticePeriodDays;

/** The last day to pay (YYYY-MM-DD) of an eviction-risk concern with a rent-demand date; null otherwise. */
export function lastDayToPay(directory: Rules, concern: EvictionConcern): string | null {
  const days = noticePeriodDays(directory);
  if (concern.category !== 'eviction_risk' || !concern.rentDemandDate || days === undefined) return null;
  const demand = DateTime.fromISO(concern.rentDemandDate, { zone: directory.municipality.timezone });
  return demand.isValid ? paymentDeadline(demand.plus({ days }).toISODate()!) : null;
}

const danishHolidays = new Map<number, Set<string>>();

/** Danish public holidays (folkekirkens helligdage, date-holidays type 'public') of one year, as YYYY-MM-DD. */
function publicHolidays(year: number): Set<string> {
  let dates = danishHolidays.get(year);
  if (!dates) {
    const rules = holidayRules('DK');
    rules.init('DK');
    dates = new Set(rules.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    danishHolidays.set(year, dates);
  }
  return dates;
}

/**
 * The last day of a påkrav period that ends on `isoDate` (YYYY-MM-DD): the day itself, or, when
 * it is a Saturday, a Sunday, a public holiday or Grundlovsdag (5 June), the next day that is none
 * of these. Almenlejeloven § 90, stk. 2 (and lejeloven § 182, stk. 2): "Udløber den i 2. pkt.
 * nævnte frist på en helligdag, en lørdag eller grundlovsdag, udskydes udløbet af fristen til den
 * efterfølgende hverdag" — inserted in both acts by the 2012 amendment
 * (https://huslex.dk/arkiver/paragraf/lejeloven-%C2%A7-93-2012-06-05-517), after Østre Landsret's
 * ruling of 3 July 2012 that the 14 days are calendar days
 * (https://wtc-law.dk/paakrav-ved-lejers-manglende-betaling/). Sundays are helligdage; 24 and 31
 * December are not named, so a deadline on them stays. Danish holidays whatever
 * `municipality.holidays` says: the rule is Danish law, not the municipality's opening hours.
 */
export function paymentDeadline(isoDate: string): string {
  let day = DateTime.fromISO(isoDate, { zone: 'utc' });
  const closed = (d: DateTime) => d.weekday >= 6 || d.toFormat('MM-dd') === '06-05' || publicHolidays(d.year).has(d.toISODate()!);
  while (closed(day)) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

/**
 * Calendar days from `now`'s local date to the last day to pay: 0 on the last day itself,
 * negative once it has passed; null when there is no last day.
 */
export function daysLeftToPay(directory: Rules, concern: EvictionConcern, now: Date): number | null {
  const last = lastDayToPay(directory, concern);
  if (!last) return null;
  const zone = directory.municipality.timezone;
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  return Math.round(DateTime.fromISO(last, { zone }).diff(today, 'days').days);
}

/** The urgency raised to `high` when the last day to pay is at most URGENT_DAYS_LEFT days away. */
export function evictionUrgency(urgency: Urgency, daysLeft: number | null): Urgency {
  if (daysLeft === null || daysLeft > URGENT_DAYS_LEFT) return urgency;
  return URGENCIES.indexOf(urgency) > URGENCIES.indexOf('high') ? 'high' : urgency;
}

/** "fredag den 4. december 2026" / "Friday, 4 December 2026": the last day in words (Intl, via luxon). */
export function formatLastDay(lastDay: string, locale: 'da' | 'en'): string {
  return DateTime.fromISO(lastDay).setLocale(locale === 'da' ? 'da-DK' : 'en-GB').toLocaleString({
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/**
 * The card's "last day to pay" value: the date with the days left while the concern is open
 * ("fredag den 4. december 2026 – 3 dage tilbage"), the date alone once it is closed; null
 * when there is no last day.
 */
export function lastDayToPayText(directory: Rules, concern: EvictionConcern & Pick<Concern, 'state'>, locale: 'da' | 'en', now: Date): string | null {
  const last = lastDayToPay(directory, concern);
  if (!last) return null;
  const date = formatLastDay(last, locale);
  if (concern.state !== 'open' && concern.state !== 'acknowledged') return date;
  const days = daysLeftToPay(directory, concern, now) ?? 0;
  if (days < 0) return t(locale, 'eviction.overdue', { date });
  return days === 0 ? t(locale, 'eviction.lastDayToday', { date }) : t(locale, 'eviction.daysLeft', { date, days });
}
