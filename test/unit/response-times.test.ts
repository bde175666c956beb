import { describe, expect, it } from 'vitest';
import type { SlaTarget } from '../../src/core/deadline.js';
import type { Concern, ConcernEvent, EventType, PersonRef } from '../../src/core/model.js';
import { SYSTEM } from '../../src/core/model.js';
import { metricsEffect, onSlaClock, responseTimes } from '../../src/core/response-times.js';
import { at, testCalendar } from '../support/calendar.js';

const calendar = testCalendar();
const normal: SlaTarget = { acknowledgeWithin: '4h', clock: 'business' };
const acute: SlaTarget = { acknowledgeWithin: '15m', clock: 'wall' };


const reporter: PersonRef = { platform: 'slack', userId: 'U1', name: 'Jens Pedersen', organizationId: 'fjordbo', locale: 'da' };

function concern(overrides: Partial<Concern>): Concern {
  return {
    id: 'c1',
    ref: 'BB-2026-0001',
    state: 'open',
    category: 'homelessness',
    urgency: 'normal',
    associationId: 'fjordbo',
    departmentId: 'havnegaarden',
    districtId: 'havnen',
    address: '',
    description: '',
    residentKnows: 'unknown',
    reporter,
    teamId: 'bolig-indgang',
    escalationLevel: 0,
    version: 3,
    slaEpoch: 1,
    acknowledgeDeadline: null,
    createdAt: at('2026-03-02 09:00'),
    updatedAt: at('2026-03-02 09:00'),
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    outcome: null,
    anonymisedAt: null,
    ...overrides,
  };
}

function history(...entries: [EventType, string][]): ConcernEvent[] {
  return entries.map(([type, local], index) => ({ id: index + 1, concernId: 'c1', type, actor: SYSTEM, at: at(local), data: {} }));
}

describe('response times of a concern', () => {
  it('counts from routing to acknowledgement in open minutes and on the wall clock', () => {
    const c = concern({ state: 'acknowledged', acknowledgedAt: at('2026-03-02 10:20'), acknowledgeDeadline: at('2026-03-02 13:00') });
    const times = responseTimes(calendar, c, history(['created', '2026-03-02 09:00'], ['routed', '2026-03-02 09:00'], ['acknowledged', '2026-03-02 10:20']), normal);
    expect(times.acknowledged).toEqual({ wall: 80, business: 80 });
    expect(times.ackWithinSla).toBe(true);
    expect(times.resolved).toBeNull();
    expect(times.firstReply).toBeNull();
    expect(onSlaClock(times, times.acknowledged)).toBe(80);
  });

  it('leaves the weekend and Danish public holidays out of business minutes', () => {
    const overWeekend = concern({ state: 'acknowledged', acknowledgedAt: at('2026-03-09 08:30') });
    const t1 = responseTimes(calendar, overWeekend, history(['routed', '2026-03-06 12:30'], ['acknowledged', '2026-03-09 08:30']), normal);
    // Friday 12:30–13:00 and Monday 08:00–08:30.
    expect(t1.acknowledged).toEqual({ wall: 68 * 60, business: 60 });

    // Easter 2026: Maundy Thursday 2 April to Easter Monday 6 April are closed.
    const overEaster = concern({ state: 'acknowledged', acknowledgedAt: at('2026-04-07 08:30') });
    const t2 = responseTimes(calendar, overEaster, history(['routed', '2026-04-01 15:00'], ['acknowledged', '2026-04-07 08:30']), normal);
    expect(t2.acknowledged?.business).toBe(60);
  });

  it('reports acute concerns on the wall clock', () => {
    const c = concern({ urgency: 'acute', state: 'acknowledged', acknowledgedAt: at('2026-03-07 22:10'), acknowledgeDeadline: at('2026-03-07 22:15') });
    const times = responseTimes(calendar, c, history(['routed', '2026-03-07 22:00'], ['acknowledged', '2026-03-07 22:10']), acute);
    expect(times.clock).toBe('wall');
    expect(times.acknowledged).toEqual({ wall: 10, business: 0 });
    expect(onSlaClock(times, times.acknowledged)).toBe(10);
    expect(times.ackWithinSla).toBe(true);
  });

  it('restarts the acknowledgement clock at a reassignment, but not the reply and resolution clocks', () => {
    const c = concern({
      state: 'resolved',
      acknowledgedAt: at('2026-03-02 11:30'),
      acknowledgeDeadline: at('2026-03-02 15:00'),
      resolvedAt: at('2026-03-03 09:00'),
    });
    const times = responseTimes(
      calendar,
      c,
      history(
        ['created', '2026-03-02 08:55'],
        ['routed', '2026-03-02 09:00'],
        ['reassigned', '2026-03-02 11:00'],
        ['acknowledged', '2026-03-02 11:30'],
        ['replied', '2026-03-02 12:00'],
        ['replied', '2026-03-02 14:00'],
        ['resolved', '2026-03-03 09:00'],
      ),
      normal,
    );
    expect(times.acknowledged?.business).toBe(30);
    expect(times.firstReplyAt).toEqual(at('2026-03-02 12:00'));
    expect(times.firstReply?.business).toBe(180);
    // Monday 09:00–15:30 and Tuesday 08:00–09:00.
    expect(times.resolved).toEqual({ wall: 24 * 60, business: 450 });
  });

  it('marks a late acknowledgement as outside the SLA', () => {
    const c = concern({ state: 'acknowledged', acknowledgedAt: at('2026-03-03 15:30'), acknowledgeDeadline: at('2026-03-03 15:00') });
    const times = responseTimes(calendar, c, history(['routed', '2026-03-03 14:00'], ['acknowledged', '2026-03-03 15:30']), normal);
    expect(times.ackWithinSla).toBe(false);
    expect(times.acknowledged?.business).toBe(90);
  });

  it('has no acknowledgement or resolution time for a concern withdrawn before anyone acknowledged it', () => {
    const c = concern({ state: 'withdrawn', resolvedAt: at('2026-03-03 10:00'), acknowledgeDeadline: at('2026-03-03 13:00') });
    const times = responseTimes(calendar, c, history(['routed', '2026-03-03 09:00'], ['withdrawn', '2026-03-03 10:00']), normal);
    expect(times).toMatchObject({ acknowledged: null, resolved: null, firstReply: null, ackWithinSla: null, version: 3 });
  });

  it('asks the metrics queue with a job id per change and no colon', () => {
    expect(metricsEffect('c1', 4)).toEqual({ queue: 'metrics', jobId: 'metrics-c1-4', data: { concernId: 'c1' } });
  });

  it('says when the concern was routed, and reads an event log stored out of order by its ids', () => {
    const c = concern({ state: 'acknowledged', acknowledgedAt: at('2026-03-02 10:00'), acknowledgeDeadline: at('2026-03-02 10:00') });
    const [created, routed, acked] = history(['created', '2026-03-02 08:50'], ['routed', '2026-03-02 09:00'], ['acknowledged', '2026-03-02 10:00']);
    const times = responseTimes(calendar, c, [acked!, routed!, created!], normal);
    expect(times.routedAt).toEqual(at('2026-03-02 09:00'));
    expect(times.acknowledged).toEqual({ wall: 60, business: 60 });
    // Acknowledged exactly at the deadline is within the SLA.
    expect(times.ackWithinSla).toBe(true);
    expect(times).toMatchObject({ concernId: 'c1', version: 3, clock: 'business', waiting: null, firstReplyAt: null });
  });

  it('measures the last acknowledgement from the clock start before it, after a reassignment in between', () => {
    // Acknowledged by the first team, reassigned, acknowledged again by the new team.
    const c = concern({ state: 'acknowledged', acknowledgedAt: at('2026-03-02 13:00') });
    const events = history(['routed', '2026-03-02 09:00'], ['acknowledged', '2026-03-02 09:30'], ['reassigned', '2026-03-02 12:00'], ['acknowledged', '2026-03-02 13:00']);
    expect(responseTimes(calendar, c, events, normal).acknowledged).toEqual({ wall: 60, business: 60 });
  });

  it('ignores a clock start logged after the acknowledgement, and one stamped later than it', () => {
    const c = concern({ state: 'acknowledged', acknowledgedAt: at('2026-03-02 10:00') });
    const logged = history(['routed', '2026-03-02 09:00'], ['acknowledged', '2026-03-02 10:00'], ['reassigned', '2026-03-02 11:00']);
    expect(responseTimes(calendar, c, logged, normal).acknowledged).toEqual({ wall: 60, business: 60 });
    // A reassignment written before the acknowledgement but stamped after it (clocks of two processes).
    const stamped = history(['routed', '2026-03-02 09:00'], ['reassigned', '2026-03-02 10:05'], ['acknowledged', '2026-03-02 10:00']);
    expect(responseTimes(calendar, c, stamped, normal).acknowledged).toEqual({ wall: 60, business: 60 });
  });

  it('measures an acknowledgement from a reopening, and is zero for one at the very moment of a reassignment', () => {
    const reopened = concern({ state: 'acknowledged', acknowledgedAt: at('2026-03-03 10:30') });
    const events = history(['routed', '2026-03-02 09:00'], ['acknowledged', '2026-03-02 09:10'], ['resolved', '2026-03-02 10:00'], ['reopened', '2026-03-03 10:00'], ['acknowledged', '2026-03-03 10:30']);
    expect(responseTimes(calendar, reopened, events, normal).acknowledged).toEqual({ wall: 30, business: 30 });
    const same = concern({ state: 'acknowledged', acknowledgedAt: at('2026-03-02 10:00') });
    const moved = history(['routed', '2026-03-02 09:00'], ['reassigned', '2026-03-02 10:00'], ['acknowledged', '2026-03-02 10:00']);
    expect(responseTimes(calendar, same, moved, normal).acknowledged).toEqual({ wall: 0, business: 0 });
  });

  it('counts only routing, reassignment and reopening as clock starts, and the log order decides which came before', () => {
    const c = concern({ state: 'acknowledged', acknowledgedAt: at('2026-03-02 10:00') });
    // A note in between starts nothing.
    const noted = history(['routed', '2026-03-02 09:00'], ['noted', '2026-03-02 09:30'], ['acknowledged', '2026-03-02 10:00']);
    expect(responseTimes(calendar, c, noted, normal).acknowledged).toEqual({ wall: 60, business: 60 });
    // A reassignment logged after the acknowledgement does not count, whatever its time stamp says.
    const late = history(['routed', '2026-03-02 09:00'], ['acknowledged', '2026-03-02 10:00'], ['reassigned', '2026-03-02 09:30']);
    expect(responseTimes(calendar, c, late, normal).acknowledged).toEqual({ wall: 60, business: 60 });
  });

  it('takes the first reply by log order, even when the events come in another order', () => {
    const c = concern({ state: 'acknowledged' });
    const [routed, first, second] = history(['routed', '2026-03-02 09:00'], ['replied', '2026-03-02 12:00'], ['replied', '2026-03-02 14:00']);
    const times = responseTimes(calendar, c, [second!, first!, routed!], normal);
    expect(times.firstReplyAt).toEqual(at('2026-03-02 12:00'));
    expect(times.firstReply).toEqual({ wall: 180, business: 180 });
  });

  it('counts from creation when an odd history has no routed event', () => {
    const c = concern({ state: 'resolved', acknowledgedAt: at('2026-03-02 09:30'), resolvedAt: at('2026-03-02 11:00') });
    const times = responseTimes(calendar, c, history(['created', '2026-03-02 09:00'], ['acknowledged', '2026-03-02 09:30'], ['replied', '2026-03-02 09:45'], ['resolved', '2026-03-02 11:00']), normal);
    expect(times.routedAt).toBeNull();
    expect(times.acknowledged).toEqual({ wall: 30, business: 30 });
    expect(times.firstReply).toEqual({ wall: 45, business: 45 });
    expect(times.resolved).toEqual({ wall: 120, business: 120 });
  });

  it('counts a wait still running up to the last event, or to the last update when there is none', () => {
    const waiting = concern({ state: 'waiting', updatedAt: at('2026-03-02 12:00') });
    const events = history(['routed', '2026-03-02 09:00'], ['asked', '2026-03-02 10:00'], ['noted', '2026-03-02 11:00']);
    expect(responseTimes(calendar, waiting, events, normal).waiting).toEqual({ wall: 60, business: 60 });
    expect(responseTimes(calendar, waiting, [], normal)).toMatchObject({ waiting: null, routedAt: null, acknowledged: null });
  });

  it('has no resolution time for a concern that is resolved without a resolution moment, nor for one reopened since', () => {
    const noMoment = concern({ state: 'resolved', resolvedAt: null });
    expect(responseTimes(calendar, noMoment, history(['routed', '2026-03-02 09:00'], ['resolved', '2026-03-02 10:00']), normal).resolved).toBeNull();
    const reopened = concern({ state: 'open', resolvedAt: at('2026-03-02 10:00') });
    expect(responseTimes(calendar, reopened, history(['routed', '2026-03-02 09:00'], ['resolved', '2026-03-02 10:00'], ['reopened', '2026-03-02 11:00']), normal).resolved).toBeNull();
  });

  it('has no SLA verdict without a deadline', () => {
    const c = concern({ state: 'acknowledged', acknowledgedAt: at('2026-03-02 10:00'), acknowledgeDeadline: null });
    expect(responseTimes(calendar, c, history(['routed', '2026-03-02 09:00'], ['acknowledged', '2026-03-02 10:00']), normal).ackWithinSla).toBeNull();
  });

  it('reports business minutes on the business clock and nothing for a span that does not exist', () => {
    expect(onSlaClock({ clock: 'business' }, { wall: 900, business: 30 })).toBe(30);
    expect(onSlaClock({ clock: 'wall' }, { wall: 900, business: 30 })).toBe(900);
    expect(onSlaClock({ clock: 'wall' }, null)).toBeNull();
    expect(onSlaClock({ clock: 'business' }, null)).toBeNull();
  });
});
