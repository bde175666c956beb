/**
 * Quiet hours (DESIGN.md, `teams[].quietHours: hold | send`, default `hold`): a non-acute concern
 * raised while the municipality is closed reaches a `hold` team's channel when it next opens;
 * acute concerns, and every concern for a `send` team, go at once. Demand for this comes from
 * teams notified at night and at weekends despite their service hours.
 */
import type { BusinessCalendar } from './calendar.js';
import type { Team } from './directory.js';
import type { Effect } from './ports.js';
import type { Concern } from './model.js';

/** Held cards are spread over this long after the opening, oldest first. */
const RELEASE_SPREAD_MS = 30_000;
/** Concerns raised up to this long before the opening keep their order in the spread. */
const ORDER_WINDOW_MS = 14 * 24 * 3600 * 1000;

/**
 * When the team card of `concern` may reach `team`: `at` (the moment of routing) when it may go
 * now, else the team's next opening plus a few seconds that grow with `createdAt`, so a night's
 * or a weekend's cards arrive together at the opening, oldest first.
 */
export function teamCardReleaseAt(
  calendar: BusinessCalendar,
  concern: Pick<Concern, 'urgency' | 'createdAt'>,
  team: Pick<Team, 'quietHours'>,
  at: Date,
): Date {
  if (concern.urgency === 'acute' || team.quietHours === 'send' || calendar.isOpen(at)) return at;
  const opening = calendar.nextOpening(at).getTime();
  const age = Math.min(ORDER_WINDOW_MS, Math.max(0, opening - concern.createdAt.getTime()));
  return new Date(opening + Math.floor(RELEASE_SPREAD_MS * (1 - age / ORDER_WINDOW_MS)));
}

/** True when the team sees the concern later than it was raised (held for the opening). */
export function isHeld(calendar: BusinessCalendar, concern: Pick<Concern, 'urgency' | 'createdAt'>, team: Pick<Team, 'quietHours'>): boolean {
  return teamCardReleaseAt(calendar, concern, team, concern.createdAt).getTime() !== concern.createdAt.getTime();
}

/**
 * The one place quiet hours touch delivery: the team-card effect runs at its release time (a
 * BullMQ delay via the outbox). When messages owed become delivery rows, this is their not-before.
 */
export function holdTeamCard(effect: Effect, releaseAt: Date, now: Date): Effect {
  return releaseAt.getTime() > now.getTime() ? { ...effect, runAt: releaseAt } : effect;
}
