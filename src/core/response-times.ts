/**
 * A concern's response times, derived from its event log (never typed in): time to acknowledge,
 * to first reply and to resolve, in wall-clock and business minutes. The clock starts when the
 * concern reached a team: the routed event, or the latest reassignment for the acknowledgement
 * (a reassignment restarts the SLA clock). The store keeps the result so digests need no
 * calendar arithmetic over thousands of concerns.
 */
import type { BusinessCalendar } from './calendar.js';
import { elapsedMinutes, type SlaClock, type SlaTarget } from './deadline.js';
import type { Concern, ConcernEvent } from './model.js';
import { overlapMinutes, pausedIntervals } from './waiting.js';

export interface Span {
  wall: number;
  business: number;
}

export interface ResponseTimes {
  concernId: string;
  /** The concern version the figures were computed from; the store refreshes older ones. */
  version: number;
  /** The urgency's SLA clock: which of wall/business the digest reports. */
  clock: SlaClock;
  routedAt: Date | null;
  acknowledged: Span | null;
  firstReplyAt: Date | null;
  firstReply: Span | null;
  /** From routing to the (last) resolution, without the time spent waiting for the reporter or closed before a reopening. */
  resolved: Span | null;
  /** Total time spent waiting for the reporter's answers; null when nobody was asked. */
  waiting: Span | null;
  /** Acknowledged no later than the acknowledge deadline; null while not acknowledged (or no deadline). */
  ackWithinSla: boolean | null;
}

const isClockStart = (e: ConcernEvent) => e.type === 'routed' || e.type === 'reassigned' || e.type === 'reopened';

function span(calendar: BusinessCalendar, from: Date, to: Date): Span {
  return { wall: elapsedMinutes(calendar, from, to, 'wall'), business: elapsedMinutes(calendar, from, to, 'business') };
}

/** The clock start that the acknowledgement answered: the last routed/reassigned event before it. */
function acknowledgementStart(events: readonly ConcernEvent[], acknowledgedAt: Date): Date | null {
  const lastAck = [...events].reverse().find((e) => e.type === 'acknowledged');
  const until = lastAck ? events.indexOf(lastAck) : events.length;
  const before = events.slice(0, until).filter((e) => isClockStart(e) && e.at <= acknowledgedAt);
  return before[before.length - 1]?.at ?? null;
}

export function responseTimes(
  calendar: BusinessCalendar,
  concern: Concern,
  events: readonly ConcernEvent[],
  sla: SlaTarget,
): ResponseTimes {
  const ordered = [...events].sort((a, b) => a.id - b.id);
  const routedAt = ordered.find((e) => e.type === 'routed')?.at ?? null;
  // A concern is always routed before anyone can respond; createdAt only guards odd histories.
  const firstStart = routedAt ?? concern.createdAt;

  const ackFrom = concern.acknowledgedAt ? acknowledgementStart(ordered, concern.acknowledgedAt) ?? firstStart : null;
  const acknowledged = concern.acknowledgedAt && ackFrom ? span(calendar, ackFrom, concern.acknowledgedAt) : null;

  const firstReplyAt = ordered.find((e) => e.type === 'replied')?.at ?? null;
  const firstReply = firstReplyAt ? span(calendar, firstStart, firstReplyAt) : null;

  const end = concern.resolvedAt ?? ordered[ordered.length - 1]?.at ?? concern.updatedAt;
  const paused = pausedIntervals(ordered, end);
  let resolved: Span | null = null;
  if (concern.state === 'resolved' && concern.resolvedAt) {
    const whole = span(calendar, firstStart, concern.resolvedAt);
    const off = overlapMinutes(calendar, paused, firstStart, concern.resolvedAt);
    resolved = { wall: Math.max(0, whole.wall - off.wall), business: Math.max(0, whole.business - off.business) };
  }
  const waitingIntervals = paused.filter((i) => i.kind === 'waiting');
  const waiting = waitingIntervals.length > 0 ? overlapMinutes(calendar, waitingIntervals, new Date(0), end) : null;

  const ackWithinSla =
    concern.acknowledgedAt && concern.acknowledgeDeadline ? concern.acknowledgedAt.getTime() <= concern.acknowledgeDeadline.getTime() : null;

  return {
    concernId: concern.id,
    version: concern.version,
    clock: sla.clock,
    routedAt,
    acknowledged,
    firstReplyAt,
    firstReply,
    resolved,
    waiting,
    ackWithinSla,
  };
}

/** The figure a digest reports for a span: business minutes, or wall minutes when the SLA runs on the wall clock. */
export const onSlaClock = (times: Pick<ResponseTimes, 'clock'>, s: Span | null): number | null =>
  s === null ? null : times.clock === 'wall' ? s.wall : s.business;

/**
 * The outbox effect that asks the metrics queue to (re)compute a concern's response times after
 * an acknowledgement, reply, resolution, withdrawal or reassignment. `seq` is the concern version
 * the change produced, so each change gets its own job and a redelivery none.
 */
export const metricsEffect = (concernId: string, seq: number) => ({
  queue: 'metrics' as const,
  jobId: `metrics-${concernId}-${seq}`,
  data: { concernId },
});
