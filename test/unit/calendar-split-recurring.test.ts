/** Recurring closed days (MM-DD), several opening intervals a day, local date vs UTC date. */
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/core/calendar.js';
import { acknowledgeDeadline } from '../../src/core/deadline.js';
import { at, show, testCalendar, testMunicipality } from '../support/calendar.js';

const LUNCH = '08:00-12:00, 12:30-15:30';
const split = testCalendar({
  businessHours: { mon: LUNCH, tue: LUNCH, wed: LUNCH, thu: LUNCH, fri: '08:00-12:00, 12:30-13:00' },
});

describe('closed days that recur every year (MM-DD)', () => {
  const calendar = testCalendar({ closedDays: ['12-24', '06-05', '2026-12-31'] });

  it.each([
    ['2026-12-24 10:00', false],
    ['2027-12-24 10:00', false],
    ['2030-12-24 10:00', false],
    ['2027-06-04 10:00', true],
    // Grundlovsdag 2026 is a Friday, 2029 a Tuesday: closed in both.
    ['2026-06-05 10:00', false],
    ['2029-06-05 10:00', false],
    // A dated entry closes that year only: 31 December 2027 is a Friday and open.
    ['2026-12-31 10:00', false],
    ['2027-12-31 10:00', true],
  ])('%s open: %s', (local, open) => {
    expect(calendar.isOpen(at(local))).toBe(open);
  });

  it('skips a recurring closed day when finding the next opening, in any year', () => {
    // Wednesday 23 December 2026 after closing → Thursday 24 closed, 25–27 holidays/weekend → Monday 28.
    expect(show(calendar.nextOpening(at('2026-12-23 16:00')))).toBe('Mon 2026-12-28 08:00');
    // Thursday 23 December 2027 after closing → Friday 24 closed, weekend, 27 (Monday) open.
    expect(show(calendar.nextOpening(at('2027-12-23 16:00')))).toBe('Mon 2027-12-27 08:00');
  });

  it('counts no business minutes on a recurring closed day', () => {
    expect(calendar.businessMinutesBetween(at('2028-12-24 00:00'), at('2028-12-25 00:00'))).toBe(0);
    expect(calendar.businessMinutesBetween(at('2027-12-23 00:00'), at('2027-12-25 00:00'))).toBe(450);
  });

  it('reads a day by its local date: 00:30 in Copenhagen is still the previous date in UTC', () => {
    const always = createBusinessCalendar(
      testMunicipality({
        businessHours: { mon: '00:00-24:00', tue: '00:00-24:00', wed: '00:00-24:00', thu: '00:00-24:00', fri: '00:00-24:00', sat: '00:00-24:00', sun: '00:00-24:00' },
        closedDays: ['12-24'],
      }),
    );
    const earlyOnChristmasEve = at('2026-12-24 00:30');
    expect(earlyOnChristmasEve.toISOString()).toBe('2026-12-23T23:30:00.000Z');
    expect(always.isOpen(earlyOnChristmasEve)).toBe(false);
    expect(always.isOpen(at('2026-12-23 23:30'))).toBe(true);
    // Summer time: 00:30 on 5 June is 22:30 UTC on 4 June.
    const alsoJune = createBusinessCalendar(testMunicipality({ businessHours: { fri: '00:00-24:00', thu: '00:00-24:00' }, closedDays: ['06-05'] }));
    expect(at('2026-06-05 00:30').toISOString()).toBe('2026-06-04T22:30:00.000Z');
    expect(alsoJune.isOpen(at('2026-06-05 00:30'))).toBe(false);
    expect(show(alsoJune.nextOpening(at('2026-06-05 00:30')))).toBe('Thu 2026-06-11 00:00');
  });
});

describe('several opening intervals a day', () => {
  it.each([
    ['2026-03-23 11:59', true],
    ['2026-03-23 12:00', false],
    ['2026-03-23 12:29', false],
    ['2026-03-23 12:30', true],
    ['2026-03-23 15:29', true],
    ['2026-03-23 15:30', false],
  ])('%s open: %s', (local, open) => {
    expect(split.isOpen(at(local))).toBe(open);
  });

  it('opens again after the break', () => {
    expect(show(split.nextOpening(at('2026-03-23 12:10')))).toBe('Mon 2026-03-23 12:30');
    expect(show(split.nextOpening(at('2026-03-23 15:30')))).toBe('Tue 2026-03-24 08:00');
  });

  it('lands on the closing time when the minutes run out exactly at the break', () => {
    expect(show(split.addBusinessMinutes(at('2026-03-23 11:30'), 30))).toBe('Mon 2026-03-23 12:00');
    expect(show(split.addBusinessMinutes(at('2026-03-23 11:30'), 31))).toBe('Mon 2026-03-23 12:31');
  });

  it('counts the open minutes of a split day without the break', () => {
    expect(split.businessMinutesBetween(at('2026-03-23 00:00'), at('2026-03-24 00:00'))).toBe(420);
    expect(split.openingHoursOn(at('2026-03-23 10:00'))?.openMinutes).toBe(420);
  });

  it('carries minutes across the break and the spring DST weekend', () => {
    // Friday 27 March 2026: 30 min before noon, 30 after lunch; summer time starts Sunday 29 March.
    const due = split.addBusinessMinutes(at('2026-03-27 11:30'), 90);
    expect(show(due)).toBe('Mon 2026-03-30 08:30');
    expect(due.toISOString()).toBe('2026-03-30T06:30:00.000Z');
  });

  it('carries minutes across the autumn DST weekend', () => {
    // Summer time ends Sunday 25 October 2026: Friday 12:45 + 45 min → Monday 08:30 (UTC+1).
    const due = split.addBusinessMinutes(at('2026-10-23 12:45'), 45);
    expect(show(due)).toBe('Mon 2026-10-26 08:30');
    expect(due.toISOString()).toBe('2026-10-26T07:30:00.000Z');
  });

  it('moves a whole-day deadline that falls in the break to the next opening', () => {
    const deadline = acknowledgeDeadline(split, at('2026-03-23 12:15'), { acknowledgeWithin: '1d', clock: 'business' });
    // From the next opening (Monday 12:30), the same time on the next opening day.
    expect(show(deadline)).toBe('Tue 2026-03-24 12:30');
  });

  it('puts a 4-hour deadline across the lunch break', () => {
    expect(show(acknowledgeDeadline(split, at('2026-03-23 10:00'), { acknowledgeWithin: '4h', clock: 'business' }))).toBe(
      'Mon 2026-03-23 14:30',
    );
  });

  it.each([
    ['08:00-24:30', /must look like/],
    ['08:00-12:00, 11:30-15:30', /in order, without overlap/],
    ['12:30-15:30, 08:00-12:00', /in order, without overlap/],
    ['12:00-08:00', /must open before it closes/],
  ])('refuses "%s"', (hours, reason) => {
    expect(() => testCalendar({ businessHours: { mon: hours } })).toThrow(reason);
  });
});
