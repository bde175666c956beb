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

/**
 * When the team card of `concern` may reach `team`: `at` (the moment of routing) when it may go
 * now, else the team's next opening, the same instant for every card held over that night or
 * weekend: they go out together as one release, oldest first (`holdTeamCard`).
 */
export function teamCardReleaseAt(
  calendar: BusinessCalendar,
  concern: Pick<Concern, 'urgency' | 'createdAt'>,
  team: Pick<Team, 'quietHours'>,
  at: Date,
): Date {
  if (concern.urgency === 'acute' || team.quietHours === 'send' || calendar.isOpen(at)) return at;
  return calendar.nextOpening(at);
}

/** True when the team sees the concern later than it was raised (held for the opening). */
export function isHeld(calendar: BusinessCalendar, concern: Pick<Concern, 'urgency' | 'createdAt'>, team: Pick<Team, 'quietHours'>): boolean {
  return teamCardReleaseAt(calendar, concern, team, concern.createdAt).getTime() !== concern.createdAt.getTime();
}

/**
 * The one place quiet hours touch delivery: a held team-card effect runs at its release time and
 * carries it (`releaseAt`, epoch ms), so its delivery row belongs to the release of that team at
 * that opening. The notify queue delivers a release as one job, in the order the concerns were
 * raised (workflows/notify.ts), rather than as separate jobs whose order a concurrent worker
 * would not keep.
 */
export function holdTeamCard(effect: Effect, releaseAt: Date, now: Date): Effect {
  if (releaseAt.getTime() <= now.getTime()) return effect;
  return { ...effect, data: { ...effect.data, releaseAt: releaseAt.getTime() }, runAt: releaseAt };
}
