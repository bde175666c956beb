import { describe, it, expect } from 'vitest';
import { acknowledgeDeadline, elapsedMinutes, escalationDueAt } from '../../src/core/deadline.js';
import type { SlaTarget } from '../../src/core/deadline.js';
import { durationMinutes, parseDuration } from '../../src/core/duration.js';
import { at, show, testCalendar } from '../support/calendar.js';

const calendar = testCalendar();


// The sample directory's SLA (DESIGN.md).
const acute: SlaTarget = { acknowledgeWithin: '15m', clock: 'wall' };
const high: SlaTarget = { acknowledgeWithin: '1h', clock: 'business' };
const normal: SlaTarget = { acknowledgeWithin: '4h', clock: 'business' };
const low: SlaTarget = { acknowledgeWithin: '2d', clock: 'business' };

describe('parseDuration', () => {
  it.each([
    ['30s', { amount: 30, unit: 's' }, 0.5],
    ['15m', { amount: 15, unit: 'm' }, 15],
    ['1h', { amount: 1, unit: 'h' }, 60],
    ['1.5h', { amount: 1.5, unit: 'h' }, 90],
    ['2d', { amount: 2, unit: 'd' }, 2880],
  ])('%s', (text, parsed, minutes) => {
    expect(parseDuration(text)).toEqual(parsed);
    expect(durationMinutes(text)).toBe(minutes);
  });

  it.each(['', '15', 'h', '-1h', '2w', '1,5h'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(RangeError);
  });
});

describe('acknowledgeDeadline', () => {
  it.each([
    ['normal raised Friday 12:55 lands Monday', '2026-03-20 12:55', normal, 'Mon 2026-03-23 11:55'],
    ['normal raised Tuesday morning, same day', '2026-03-24 09:00', normal, 'Tue 2026-03-24 13:00'],
    ['normal raised Tuesday evening, next morning', '2026-03-24 21:30', normal, 'Wed 2026-03-25 12:00'],
    ['high raised Saturday, Monday 09:00', '2026-03-21 10:00', high, 'Mon 2026-03-23 09:00'],
    ['high raised Wednesday before Easter 15:00', '2026-04-01 15:00', high, 'Tue 2026-04-07 08:30'],
    ['normal across the spring DST weekend', '2026-03-27 12:00', normal, 'Mon 2026-03-30 11:00'],
    ['normal across the autumn DST weekend', '2026-10-23 12:00', normal, 'Mon 2026-10-26 11:00'],
    ['low (2 opening days) raised Friday 12:55', '2026-03-20 12:55', low, 'Tue 2026-03-24 12:55'],
    ['low raised Saturday: two full opening days', '2026-03-21 10:00', low, 'Wed 2026-03-25 08:00'],
    ['low raised before Christmas', '2026-12-23 10:00', low, 'Mon 2026-12-28 10:00'],
    ['acute at night is plain wall clock', '2026-03-21 03:10', acute, 'Sat 2026-03-21 03:25'],
  ])('%s', (_label, start, sla, expected) => {
    expect(show(acknowledgeDeadline(calendar, at(start), sla))).toBe(expected);
  });

  it('keeps 15 wall-clock minutes for acute concerns across both DST changes', () => {
    // 29 March 2026: 01:50 CET + 15 min is 03:05 CEST (02:00–03:00 does not exist).
    const spring = acknowledgeDeadline(calendar, new Date('2026-03-29T00:50:00Z'), acute);
    expect(spring.toISOString()).toBe('2026-03-29T01:05:00.000Z');
    expect(show(spring)).toBe('Sun 2026-03-29 03:05');
    // 25 October 2026: 02:50 CEST + 15 min is 02:05 CET (the hour repeats).
    const autumn = acknowledgeDeadline(calendar, new Date('2026-10-25T00:50:00Z'), acute);
    expect(autumn.toISOString()).toBe('2026-10-25T01:05:00.000Z');
    expect(show(autumn)).toBe('Sun 2026-10-25 02:05');
  });

  it('counts wall-clock days as 24 hours', () => {
    const deadline = acknowledgeDeadline(calendar, at('2026-03-28 12:00'), { acknowledgeWithin: '1d', clock: 'wall' });
    expect(show(deadline)).toBe('Sun 2026-03-29 13:00');
  });

  it('counts a fraction of an opening day in that day’s opening hours', () => {
    // 1 opening day to Tuesday 10:00, then half of Tuesday's 7.5 h = 3 h 45 min.
    const deadline = acknowledgeDeadline(calendar, at('2026-03-23 10:00'), { acknowledgeWithin: '1.5d', clock: 'business' });
    expect(show(deadline)).toBe('Tue 2026-03-24 13:45');
  });
});

describe('escalationDueAt', () => {
  it.each([
    ['100 % of normal is the deadline', '2026-03-20 12:55', normal, 100, 'Mon 2026-03-23 11:55'],
    ['150 % of 4 business hours is 6 business hours', '2026-03-20 12:55', normal, 150, 'Mon 2026-03-23 13:55'],
    ['200 % of 4 business hours runs into Tuesday', '2026-03-23 08:00', normal, 200, 'Tue 2026-03-24 08:30'],
    ['50 % of high', '2026-03-24 15:20', high, 50, 'Wed 2026-03-25 08:20'],
    ['150 % of acute is 22.5 wall minutes', '2026-03-21 03:10', acute, 150, 'Sat 2026-03-21 03:32'],
    ['200 % of acute at night', '2026-03-21 03:10', acute, 200, 'Sat 2026-03-21 03:40'],
    ['100 % of low is its deadline', '2026-03-21 10:00', low, 100, 'Wed 2026-03-25 08:00'],
    ['150 % of low adds half of its opening time', '2026-03-21 10:00', low, 150, 'Wed 2026-03-25 15:30'],
  ])('%s', (_label, start, sla, percent, expected) => {
    expect(show(escalationDueAt(calendar, at(start), sla, percent))).toBe(expected);
  });

  it('reminds the team exactly at the deadline', () => {
    for (const start of ['2026-03-20 12:55', '2026-03-21 10:00', '2026-04-01 15:00']) {
      for (const sla of [acute, high, normal, low]) {
        expect(escalationDueAt(calendar, at(start), sla, 100)).toEqual(acknowledgeDeadline(calendar, at(start), sla));
      }
    }
  });
});

describe('elapsedMinutes', () => {
  it.each([
    ['acknowledged Monday 09:00 after Friday 12:55', '2026-03-20 12:55', '2026-03-23 09:00', 'wall', 3 * 1440 - 235] as const,
    ['acknowledged Monday 09:00 after Friday 12:55', '2026-03-20 12:55', '2026-03-23 09:00', 'business', 65] as const,
    ['across the spring DST night, wall minutes are real minutes', '2026-03-28 12:00', '2026-03-29 12:00', 'wall', 23 * 60] as const,
    ['across Easter, business minutes skip the holidays', '2026-04-01 15:00', '2026-04-07 09:00', 'business', 90] as const,
    ['never negative', '2026-03-23 10:00', '2026-03-23 09:00', 'wall', 0] as const,
  ])('%s (%s)', (_label, from, to, clock, minutes) => {
    expect(elapsedMinutes(calendar, at(from), at(to), clock)).toBe(minutes);
  });
});

describe('exactly at a closing time or a deadline', () => {
  it('lands a "1d" deadline from Thursday 15:00 on Friday at 13:00, when Friday closes, not Monday', () => {
    const oneDay: SlaTarget = { acknowledgeWithin: '1d', clock: 'business' };
    expect(show(acknowledgeDeadline(calendar, at('2026-03-26 15:00'), oneDay))).toBe('Fri 2026-03-27 13:00');
    expect(show(escalationDueAt(calendar, at('2026-03-26 15:00'), oneDay, 100))).toBe('Fri 2026-03-27 13:00');
    // 150 %: half of the 330 open minutes (Thu 15:00–15:30, Fri 08:00–13:00) after the deadline.
    expect(show(escalationDueAt(calendar, at('2026-03-26 15:00'), oneDay, 150))).toBe('Mon 2026-03-30 10:45');
  });

  it('lands 4 business hours from 11:30 on Monday at its 15:30 closing, not on Tuesday morning', () => {
    expect(show(acknowledgeDeadline(calendar, at('2026-03-23 11:30'), normal))).toBe('Mon 2026-03-23 15:30');
    expect(show(escalationDueAt(calendar, at('2026-03-23 11:30'), normal, 100))).toBe('Mon 2026-03-23 15:30');
  });

  it('counts a fraction of a day from an opening day that starts exactly at opening', () => {
    // Raised Saturday: Monday 08:00 is day 0, Tuesday 08:00 day 1, then half of 7.5 h.
    expect(show(acknowledgeDeadline(calendar, at('2026-03-21 10:00'), { acknowledgeWithin: '1.5d', clock: 'business' }))).toBe('Tue 2026-03-24 11:45');
    // Friday's shorter day: half of Friday's 5 open hours after Friday 10:00.
    expect(show(acknowledgeDeadline(calendar, at('2026-03-26 10:00'), { acknowledgeWithin: '1.5d', clock: 'business' }))).toBe('Fri 2026-03-27 12:30');
  });

  it('is the start itself at 0 %', () => {
    expect(show(escalationDueAt(calendar, at('2026-03-23 10:00'), normal, 0))).toBe('Mon 2026-03-23 10:00');
    expect(show(escalationDueAt(calendar, at('2026-03-21 03:10'), acute, 0))).toBe('Sat 2026-03-21 03:10');
  });

  it.each([-1, -0.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s %% as a share of the target', (percent) => {
    expect(() => escalationDueAt(calendar, at('2026-03-23 10:00'), normal, percent)).toThrow(new RangeError(`percent must be >= 0, got ${percent}`));
  });
});

describe('local dates, not UTC dates', () => {
  it('starts a business clock raised at 00:30 Copenhagen time on that local day', () => {
    // Tuesday 00:30 in Copenhagen is still Monday in UTC; the deadline is Tuesday 09:00, not Monday's.
    expect(show(acknowledgeDeadline(calendar, at('2026-03-24 00:30'), high))).toBe('Tue 2026-03-24 09:00');
    // Saturday 00:30 (Friday in UTC) waits for Monday.
    expect(show(acknowledgeDeadline(calendar, at('2026-03-28 00:30'), high))).toBe('Mon 2026-03-30 09:00');
    expect(show(acknowledgeDeadline(calendar, at('2026-03-28 00:30'), low))).toBe('Wed 2026-04-01 08:00');
  });

  it('counts no business minutes over a night, whichever UTC date it spans', () => {
    expect(elapsedMinutes(calendar, at('2026-03-23 23:30'), at('2026-03-24 00:30'), 'business')).toBe(0);
    expect(elapsedMinutes(calendar, at('2026-03-23 23:30'), at('2026-03-24 00:30'), 'wall')).toBe(60);
  });
});
