/**
 * Time waiting for the reporter (and closed before a reopening) is left out of time-to-resolve,
 * on the wall clock and on the business calendar; the one reminder is due a business day later.
 */
import { describe, expect, it } from 'vitest';
import type { SlaTarget } from '../../src/core/deadline.js';
import type { Concern, ConcernEvent, EventType, PersonRef } from '../../src/core/model.js';
import { SYSTEM } from '../../src/core/model.js';
import { responseTimes } from '../../src/core/response-times.js';
import { overlapMinutes, pausedIntervals, waitingSince } from '../../src/core/waiting.js';
import { reminderDueAt } from '../../src/core/loop.js';
import type { CoreContext } from '../../src/core/context.js';
import { at, show, testCalendar } from '../support/calendar.js';

const calendar = testCalendar();
const normal: SlaTarget = { acknowledgeWithin: '4h', clock: 'business' };
const reporter: PersonRef = { platform: 'slack', userId: 'U1', name: 'Jens Pedersen', organizationId: 'fjordbo', locale: 'da' };

function concern(overrides: Partial<Concern>): Concern {
  return {
    id: 'c1', ref: 'BB-2026-0001', state: 'resolved', category: 'homelessness', urgency: 'normal', associationId: 'fjordbo',
    departmentId: 'havnegaarden', districtId: 'havnen', address: '', description: '', residentKnows: 'unknown', reporter,
    teamId: 'bolig-indgang', escalationLevel: 0, version: 9, slaEpoch: 1, acknowledgeDeadline: null,
    createdAt: at('2026-03-02 09:00'), updatedAt: at('2026-03-02 09:00'), acknowledgedAt: at('2026-03-02 09:30'),
    acknowledgedBy: reporter, resolvedAt: null, outcome: 'action_taken', anonymisedAt: null, ...overrides,
  };
}

const history = (...entries: [EventType, string][]): ConcernEvent[] =>
  entries.map(([type, local], index) => ({ id: index + 1, concernId: 'c1', type, actor: SYSTEM, at: at(local), data: {} }));

describe('time waiting for the reporter', () => {
  it('is left out of time-to-resolve, in wall and business minutes', () => {
    // Mon 09:00 routed, asked 10:00, answered 11:30 (90 min waiting), resolved 12:00.
    const events = history(['routed', '2026-03-02 09:00'], ['acknowledged', '2026-03-02 09:30'], ['asked', '2026-03-02 10:00'], ['answered', '2026-03-02 11:30'], ['resolved', '2026-03-02 12:00']);
    const times = responseTimes(calendar, concern({ resolvedAt: at('2026-03-02 12:00') }), events, normal);
    expect(times.resolved).toEqual({ wall: 90, business: 90 });
    expect(times.waiting).toEqual({ wall: 90, business: 90 });
  });

  it('counts a wait over a night and a weekend on the business calendar as open minutes only', () => {
    // Asked Fri 12:00 (an hour before Friday's 13:00 closing), answered Mon 09:00 (an hour after opening).
    const events = history(['routed', '2026-03-06 11:00'], ['asked', '2026-03-06 12:00'], ['answered', '2026-03-09 09:00'], ['resolved', '2026-03-09 10:00']);
    const times = responseTimes(calendar, concern({ resolvedAt: at('2026-03-09 10:00') }), events, normal);
    expect(times.waiting).toEqual({ wall: 69 * 60, business: 120 });
    // Routed → resolved is 71 wall hours and 4 open hours; without the wait, 2 h of each remain.
    expect(times.resolved).toEqual({ wall: 120, business: 120 });
  });

  it('leaves out the time a concern was closed before it was reopened', () => {
    const events = history(['routed', '2026-03-02 09:00'], ['resolved', '2026-03-02 10:00'], ['reopened', '2026-03-03 10:00'], ['acknowledged', '2026-03-03 10:30'], ['resolved', '2026-03-03 11:00']);
    const times = responseTimes(calendar, concern({ resolvedAt: at('2026-03-03 11:00') }), events, normal);
    expect(times.resolved).toEqual({ wall: 120, business: 120 });
    expect(times.waiting).toBeNull();
  });

  it('ends a wait at a resolution or reassignment without an answer, and says since when a concern waits', () => {
    const events = history(['routed', '2026-03-02 09:00'], ['asked', '2026-03-02 10:00'], ['asked', '2026-03-02 11:00'], ['reassigned', '2026-03-02 12:00']);
    expect(pausedIntervals(events, at('2026-03-02 13:00'))).toEqual([{ from: at('2026-03-02 10:00'), to: at('2026-03-02 12:00'), kind: 'waiting' }]);
    expect(waitingSince(events)).toBeNull();
    const still = history(['routed', '2026-03-02 09:00'], ['asked', '2026-03-02 10:42'], ['asked', '2026-03-02 11:00']);
    expect(waitingSince(still)).toEqual(at('2026-03-02 10:42'));
    expect(overlapMinutes(calendar, pausedIntervals(still, at('2026-03-02 12:00')), at('2026-03-02 11:00'), at('2026-03-02 11:30'))).toEqual({ wall: 30, business: 30 });
  });

  it('reminds one business day after the question: past the weekend and Easter', () => {
    const ctx = { calendar } as CoreContext;
    expect(show(reminderDueAt(ctx, at('2026-03-02 10:42')))).toBe('Tue 2026-03-03 10:42');
    expect(show(reminderDueAt(ctx, at('2026-03-06 10:42')))).toBe('Mon 2026-03-09 10:42');
    // Maundy Thursday 2 April 2026 to Easter Monday 6 April are public holidays.
    expect(show(reminderDueAt(ctx, at('2026-04-01 14:00')))).toBe('Tue 2026-04-07 14:00');
  });
});
