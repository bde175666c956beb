/**
 * When the team's clock stands still, derived from the event log: while the concern waits for the
 * reporter's answer (asked → answered, or until it is reassigned, resolved or withdrawn) and while
 * it is closed before a reopening (resolved → reopened). Time-to-resolve leaves these out
 * (DESIGN.md: "time spent waiting does not count against the team").
 */
import type { BusinessCalendar } from './calendar.js';
import type { ConcernEvent } from './model.js';

export interface Interval {
  from: Date;
  to: Date;
  kind: 'waiting' | 'closed';
}

const ENDS_WAITING = new Set(['answered', 'reassigned', 'resolved', 'withdrawn']);

/** The paused intervals in event order; one still running ends at `until`. */
export function pausedIntervals(events: readonly ConcernEvent[], until: Date): Interval[] {
  const ordered = [...events].sort((a, b) => a.id - b.id);
  const out: Interval[] = [];
  let waitingFrom: Date | null = null;
  let closedFrom: Date | null = null;
  for (const e of ordered) {
    if (e.type === 'asked' && !waitingFrom) waitingFrom = e.at;
    if (ENDS_WAITING.has(e.type) && waitingFrom) {
      out.push({ from: waitingFrom, to: e.at, kind: 'waiting' });
      waitingFrom = null;
    }
    if (e.type === 'resolved' || e.type === 'withdrawn') closedFrom = e.at;
    if (e.type === 'reopened' && closedFrom) {
      out.push({ from: closedFrom, to: e.at, kind: 'closed' });
      closedFrom = null;
    }
  }
  if (waitingFrom && until > waitingFrom) out.push({ from: waitingFrom, to: until, kind: 'waiting' });
  return out;
}

/** Since when a waiting concern has waited: the first question not yet answered. */
export function waitingSince(events: readonly ConcernEvent[]): Date | null {
  const last = pausedIntervals(events, new Date(8.64e15)).filter((i) => i.kind === 'waiting').pop();
  return last && last.to.getTime() === 8.64e15 ? last.from : null;
}

/** Wall and business minutes of the parts of `intervals` that fall between `from` and `to`. */
export function overlapMinutes(calendar: BusinessCalendar, intervals: readonly Interval[], from: Date, to: Date): { wall: number; business: number } {
  let wall = 0;
  let business = 0;
  for (const i of intervals) {
    const start = i.from > from ? i.from : from;
    const end = i.to < to ? i.to : to;
    if (end <= start) continue;
    wall += (end.getTime() - start.getTime()) / 60_000;
    business += calendar.businessMinutesBetween(start, end);
  }
  return { wall, business };
}
