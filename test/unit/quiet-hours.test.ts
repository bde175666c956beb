/** Quiet hours: when a team card may reach the team, and what the reporter is told. */
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/core/calendar.js';
import type { CoreContext } from '../../src/core/context.js';
import { confirmation } from '../../src/core/intake.js';
import type { QuietHours } from '../../src/core/directory.js';
import type { Category, Concern, Urgency } from '../../src/core/model.js';
import type { ConcernStore } from '../../src/core/ports.js';
import { holdTeamCard, isHeld, teamCardReleaseAt } from '../../src/core/quiet-hours.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { at, show, testCalendar } from '../support/calendar.js';
import { messageText } from '../support/recording-messenger.js';

const calendar = testCalendar({ closedDays: ['12-24'] });
const hold: { quietHours: QuietHours } = { quietHours: 'hold' };
const send: { quietHours: QuietHours } = { quietHours: 'send' };
const raised = (local: string, urgency: Urgency = 'normal') => ({ urgency, createdAt: at(local) });
const release = (local: string, urgency: Urgency = 'normal', team = hold) => teamCardReleaseAt(calendar, raised(local, urgency), team, at(local));

describe('teamCardReleaseAt', () => {
  it('holds a card raised on the evening before Easter until the Tuesday after', () => {
    // Skærtorsdag 2 April – 2. påskedag 6 April 2026 are public holidays.
    expect(show(release('2026-04-01 16:00'))).toBe('Tue 2026-04-07 08:00');
  });

  it('holds a card raised before Christmas past the recurring closed day and the holidays', () => {
    expect(show(release('2026-12-23 18:00'))).toBe('Mon 2026-12-28 08:00');
    expect(show(release('2027-12-23 18:00'))).toBe('Mon 2027-12-27 08:00');
  });

  it('releases the cards of a weekend together, at the same instant: the opening', () => {
    // One release per team and opening; workflows/notify.ts delivers it oldest first.
    for (const raisedAt of ['2026-03-27 16:05', '2026-03-28 10:00', '2026-03-29 20:00']) {
      expect(release(raisedAt)).toEqual(at('2026-03-30 08:00'));
    }
  });

  it('sends at once: acute concerns, teams with quietHours send, and anything in opening hours', () => {
    expect(release('2026-03-28 10:00', 'acute')).toEqual(at('2026-03-28 10:00'));
    expect(release('2026-03-28 10:00', 'normal', send)).toEqual(at('2026-03-28 10:00'));
    expect(release('2026-03-30 09:00')).toEqual(at('2026-03-30 09:00'));
    // At the exact closing time the municipality is closed.
    expect(show(release('2026-03-30 15:30'))).toBe('Tue 2026-03-31 08:00');
  });

  it('releases at once when routing runs late, after the opening', () => {
    expect(teamCardReleaseAt(calendar, raised('2026-03-28 10:00'), hold, at('2026-03-30 08:10'))).toEqual(at('2026-03-30 08:10'));
  });

  it('says whether a card was held, and delays the team-card effect only then', () => {
    expect(isHeld(calendar, raised('2026-03-28 10:00'), hold)).toBe(true);
    expect(isHeld(calendar, raised('2026-03-28 10:00', 'acute'), hold)).toBe(false);
    expect(isHeld(calendar, raised('2026-03-30 10:00'), hold)).toBe(false);
    const effect = { queue: 'notify' as const, jobId: 'notify-c-team_card-2', data: {} };
    const now = at('2026-03-28 10:00');
    const opening = at('2026-03-30 08:00');
    expect(holdTeamCard(effect, opening, now)).toEqual({ ...effect, data: { releaseAt: opening.getTime() }, runAt: opening });
    expect(holdTeamCard(effect, now, now)).toEqual(effect);
  });
});

describe('the reporter is told when the team will see it', () => {
  const directory = loadDirectoryOrThrow();
  const context = (now: Date): CoreContext => ({
    directory,
    store: {} as ConcernStore,
    clock: { now: () => now },
    calendar: createBusinessCalendar(directory.municipality),
    kick: () => {},
    newId: () => 'id',
  });
  const concern = (createdAt: Date, category: Category, urgency: Urgency, teamId: string): Concern => ({
    id: 'c1', ref: 'BB-2026-0042', state: 'open', category, urgency,
    associationId: 'fjordbo', departmentId: 'havnegaarden', districtId: 'havnen', address: 'Havnegade 12', description: 'x',
    residentKnows: 'no', reporter: { platform: 'slack', userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', organizationId: 'fjordbo', locale: 'da' },
    teamId, escalationLevel: 0, version: 1, slaEpoch: 0, acknowledgeDeadline: null, createdAt, updatedAt: createdAt,
    acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, outcome: null, anonymisedAt: null,
  });

  it('a held team sees it at its next opening after Easter', () => {
    const now = at('2026-04-02 10:00');
    const text = messageText(confirmation(context(now), concern(now, 'homelessness', 'normal', 'bolig-indgang'), 'da', true, false));
    expect(text).toContain('Teamet ser bekymringen, når de åbner tirsdag d. 7. april kl. 08:00.');
  });

  it('a team with quietHours send gets it at once', () => {
    const now = at('2026-04-04 22:00');
    const text = messageText(confirmation(context(now), concern(now, 'youth', 'normal', 'ssp'), 'en', true, false));
    expect(text).toContain('The team gets the concern at once, also outside opening hours.');
    expect(text).not.toContain('when they open');
  });

  it('an acute concern is never held', () => {
    const now = at('2026-04-04 22:00');
    const text = messageText(confirmation(context(now), concern(now, 'homelessness', 'acute', 'bolig-indgang'), 'da', true, false));
    expect(text).not.toContain('når de åbner');
    expect(text).not.toContain('med det samme');
  });
});
