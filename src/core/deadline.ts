/**
 * SLA arithmetic: when a concern must be acknowledged, when each escalation step is due, and how
 * long a response took — on the wall clock (acute) or the municipality's business clock.
 */
import type { BusinessCalendar } from './calendar.js';
import { durationMinutes, parseDuration } from './duration.js';

export type SlaClock = 'business' | 'wall';

export interface SlaTarget {
  acknowledgeWithin: string;
  clock: SlaClock;
}

const MINUTE_MS = 60_000;

/**
 * Wall clock: plain addition, a day is 24 hours.
 * Business clock: "s", "m" and "h" count open minutes. "Nd" counts opening days instead, because
 * "two days" should mean "by this time on the second opening day", not 2 × 24 open hours:
 * from nextOpening(start), move to the same local time of day N opening days later, clamped into
 * that day's opening hours (so a start at 15:00 Thursday with "1d" lands at 13:00 when Friday
 * closes at 13:00). A fraction of a day ("1.5d") adds that fraction of the landing day's opening
 * hours as business minutes after the whole days.
 */
export function acknowledgeDeadline(calendar: BusinessCalendar, start: Date, sla: SlaTarget): Date {
  const target = parseDuration(sla.acknowledgeWithin);
  if (sla.clock === 'wall') return new Date(start.getTime() + durationMinutes(target) * MINUTE_MS);
  if (target.unit !== 'd') return calendar.addBusinessMinutes(start, durationMinutes(target));

  const wholeDays = Math.floor(target.amount);
  const landing = calendar.addOpeningDays(start, wholeDays);
  const fraction = target.amount - wholeDays;
  if (fraction === 0) return landing;
  return calendar.addBusinessMinutes(landing, fraction * openingMinutesOfDay(calendar, landing));
}

/**
 * The moment `percent` % of the acknowledge target has run on the SLA's clock. 100 % is exactly
 * the deadline; beyond it the extra share is counted from the deadline, so 150 % of 4 business
 * hours is 6 business hours after start, and 150 % of "1d" is half that day's open time later.
 */
export function escalationDueAt(calendar: BusinessCalendar, start: Date, sla: SlaTarget, percent: number): Date {
  if (!Number.isFinite(percent) || percent < 0) throw new RangeError(`percent must be >= 0, got ${percent}`);
  const deadline = acknowledgeDeadline(calendar, start, sla);
  if (sla.clock === 'wall') {
    return new Date(start.getTime() + ((deadline.getTime() - start.getTime()) * percent) / 100);
  }
  if (percent === 100) return deadline;
  const targetMinutes = calendar.businessMinutesBetween(start, deadline);
  if (percent < 100) return calendar.addBusinessMinutes(start, (targetMinutes * percent) / 100);
  return calendar.addBusinessMinutes(deadline, (targetMinutes * (percent - 100)) / 100);
}

/** Minutes from `from` to `to` on the given clock (0 when `to` is not after `from`); not rounded. */
export function elapsedMinutes(calendar: BusinessCalendar, from: Date, to: Date, clock: SlaClock): number {
  if (clock === 'business') return calendar.businessMinutesBetween(from, to);
  return Math.max(0, (to.getTime() - from.getTime()) / MINUTE_MS);
}

/** Open minutes of the opening day a deadline landed on (it always lands inside opening hours). */
function openingMinutesOfDay(calendar: BusinessCalendar, landing: Date): number {
  // A landing exactly at a "24:00" closing falls on the next local date: look one moment earlier.
  const inside = (hours: ReturnType<BusinessCalendar['openingHoursOn']>) =>
    hours !== null && hours.opens <= landing && landing <= hours.closes ? hours : null;
  const hours = inside(calendar.openingHoursOn(landing)) ?? inside(calendar.openingHoursOn(new Date(landing.getTime() - 1)));
  return hours ? hours.openMinutes : 0;
}
