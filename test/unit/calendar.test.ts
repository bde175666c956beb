import { describe, it, expect } from 'vitest';
import { createBusinessCalendar, type Municipality } from '../../src/core/calendar.js';
import { at, show, testMunicipality as municipality, testCalendar } from '../support/calendar.js';

const calendar = testCalendar();

describe('isOpen', () => {
  it.each([
    ['a Monday morning', '2026-03-23 09:00', true],
    ['at opening time', '2026-03-23 08:00', true],
    ['just before opening', '2026-03-23 07:59', false],
    ['at closing time (closing is exclusive)', '2026-03-23 15:30', false],
    ['a Friday afternoon after the early closing', '2026-03-27 13:30', false],
    ['a Tuesday evening', '2026-03-24 20:00', false],
    ['a Saturday', '2026-03-28 10:00', false],
    ['Skærtorsdag 2026', '2026-04-02 10:00', false],
    ['Langfredag 2026', '2026-04-03 10:00', false],
    ['2. påskedag 2026', '2026-04-06 10:00', false],
    ['the Tuesday after Easter', '2026-04-07 10:00', true],
    ['Store Bededag 2023 (still a holiday)', '2023-05-05 10:00', false],
    ['the old Store Bededag 2024 (abolished from 2024)', '2024-04-26 10:00', true],
    ['Kristi Himmelfartsdag 2026', '2026-05-14 10:00', false],
    ['Grundlovsdag (not a public holiday unless listed)', '2026-06-05 10:00', true],
    ['24 December (open unless listed)', '2026-12-24 10:00', true],
    ['Juledag', '2026-12-25 10:00', false],
    ['Nytårsdag', '2026-01-01 10:00', false],
  ])('%s: %s → %s', (_label, local, open) => {
    expect(calendar.isOpen(at(local))).toBe(open);
  });

  it('closes on the extra closed days of the directory', () => {
    const closing = createBusinessCalendar(municipality({ closedDays: ['2026-12-24', '2026-06-05'] }));
    expect(closing.isOpen(at('2026-12-24 10:00'))).toBe(false);
    expect(closing.isOpen(at('2026-06-05 10:00'))).toBe(false);
    expect(closing.isOpen(at('2026-12-23 10:00'))).toBe(true);
  });
});

describe('nextOpening', () => {
  it.each([
    ['open now: the same moment', '2026-03-23 10:17', 'Mon 2026-03-23 10:17'],
    ['early morning: opening the same day', '2026-03-24 06:30', 'Tue 2026-03-24 08:00'],
    ['evening: next morning', '2026-03-24 20:00', 'Wed 2026-03-25 08:00'],
    ['Friday after closing: Monday', '2026-03-20 13:00', 'Mon 2026-03-23 08:00'],
    ['Saturday: Monday', '2026-03-21 11:00', 'Mon 2026-03-23 08:00'],
    ['Wednesday before Easter, evening: the Tuesday after', '2026-04-01 16:00', 'Tue 2026-04-07 08:00'],
    ['Christmas Eve evening: the Monday after the holidays', '2026-12-24 18:00', 'Mon 2026-12-28 08:00'],
  ])('%s', (_label, local, expected) => {
    expect(show(calendar.nextOpening(at(local)))).toBe(expected);
  });
});

describe('addBusinessMinutes', () => {
  it.each([
    ['4 h from Friday 12:55 lands Monday', '2026-03-20 12:55', 240, 'Mon 2026-03-23 11:55'],
    ['5 min from Friday 12:55 lands at Friday closing', '2026-03-20 12:55', 5, 'Fri 2026-03-20 13:00'],
    ['1 h from a Tuesday evening', '2026-03-24 20:00', 60, 'Wed 2026-03-25 09:00'],
    ['1 h from a Saturday', '2026-03-21 10:00', 60, 'Mon 2026-03-23 09:00'],
    ['0 min from a closed moment is the next opening', '2026-03-21 10:00', 0, 'Mon 2026-03-23 08:00'],
    ['4 h from the Wednesday before Easter 15:00 skips Easter', '2026-04-01 15:00', 240, 'Tue 2026-04-07 11:30'],
    ['a full week of opening hours ends at Friday closing', '2026-03-23 08:00', 4 * 450 + 300, 'Fri 2026-03-27 13:00'],
    ['one minute more is Monday 08:01', '2026-03-23 08:00', 4 * 450 + 301, 'Mon 2026-03-30 08:01'],
  ])('%s', (_label, local, minutes, expected) => {
    expect(show(calendar.addBusinessMinutes(at(local), minutes))).toBe(expected);
  });

  it('counts 24 December as open, unless the directory closes it', () => {
    expect(show(calendar.addBusinessMinutes(at('2026-12-23 15:00'), 60))).toBe('Thu 2026-12-24 08:30');
    const closing = createBusinessCalendar(municipality({ closedDays: ['2026-12-24'] }));
    expect(show(closing.addBusinessMinutes(at('2026-12-23 15:00'), 60))).toBe('Mon 2026-12-28 08:30');
  });

  it('gives the same business hours across both DST weekends of 2026', () => {
    // Spring forward on 29 March: Friday is CET (+01), Monday is CEST (+02).
    const spring = calendar.addBusinessMinutes(at('2026-03-27 12:00'), 240);
    expect(show(spring)).toBe('Mon 2026-03-30 11:00');
    expect(spring.toISOString()).toBe('2026-03-30T09:00:00.000Z');
    // Fall back on 25 October: Friday is CEST, Monday is CET.
    const autumn = calendar.addBusinessMinutes(at('2026-10-23 12:00'), 240);
    expect(show(autumn)).toBe('Mon 2026-10-26 11:00');
    expect(autumn.toISOString()).toBe('2026-10-26T10:00:00.000Z');
  });

  it('refuses negative minutes', () => {
    expect(() => calendar.addBusinessMinutes(at('2026-03-23 10:00'), -5)).toThrow(RangeError);
  });
});

describe('businessMinutesBetween', () => {
  it.each([
    ['within one morning', '2026-03-23 09:00', '2026-03-23 10:30', 90],
    ['Friday 12:55 to Monday 11:55', '2026-03-20 12:55', '2026-03-23 11:55', 240],
    ['a whole weekend', '2026-03-20 13:00', '2026-03-23 08:00', 0],
    ['Easter week, Wednesday noon to Tuesday noon', '2026-04-01 12:00', '2026-04-07 12:00', 210 + 240],
    ['across the spring DST weekend', '2026-03-27 12:00', '2026-03-30 11:00', 240],
    ['b before a', '2026-03-23 11:00', '2026-03-23 10:00', 0],
  ])('%s', (_label, from, to, minutes) => {
    expect(calendar.businessMinutesBetween(at(from), at(to))).toBe(minutes);
  });

  it('is the inverse of addBusinessMinutes', () => {
    const starts = ['2026-03-20 12:55', '2026-03-21 03:00', '2026-03-27 12:00', '2026-04-01 15:00', '2026-10-23 14:59', '2026-12-23 15:00'];
    const amounts = [0, 1, 15, 60, 240, 451, 2000, 10_000];
    for (const start of starts) {
      for (const minutes of amounts) {
        const end = calendar.addBusinessMinutes(at(start), minutes);
        expect(calendar.businessMinutesBetween(at(start), end), `${start} + ${minutes}`).toBe(minutes);
      }
    }
  });

  it('gets back to a moment inside opening hours from the minutes between', () => {
    const from = at('2026-03-19 14:00');
    for (const to of ['2026-03-20 09:15', '2026-03-23 15:29', '2026-04-07 08:01']) {
      expect(show(calendar.addBusinessMinutes(from, calendar.businessMinutesBetween(from, at(to))))).toBe(show(at(to)));
    }
  });

  it('handles spans of years without walking minute by minute', () => {
    // 2026 has 365 days; per week 4 × 450 + 300 = 2100 open minutes, minus holidays on weekdays.
    const minutes = calendar.businessMinutesBetween(at('2026-01-01 00:00'), at('2027-01-01 00:00'));
    expect(minutes).toBeGreaterThan(40 * 2100);
    expect(minutes).toBeLessThan(53 * 2100);
  });
});

describe('addOpeningDays', () => {
  it.each([
    ['2 days from Friday 12:55 is Tuesday 12:55', '2026-03-20 12:55', 2, 'Tue 2026-03-24 12:55'],
    ['1 day from Thursday 15:00 is clamped to the Friday closing', '2026-03-19 15:00', 1, 'Fri 2026-03-20 13:00'],
    ['2 days from a Saturday start at Monday opening', '2026-03-21 10:00', 2, 'Wed 2026-03-25 08:00'],
    ['1 day from the Wednesday before Easter skips the holidays', '2026-04-01 10:00', 1, 'Tue 2026-04-07 10:00'],
    ['0 days is the next opening', '2026-03-21 10:00', 0, 'Mon 2026-03-23 08:00'],
  ])('%s', (_label, local, days, expected) => {
    expect(show(calendar.addOpeningDays(at(local), days))).toBe(expected);
  });
});

describe('createBusinessCalendar', () => {
  it.each([
    ['an unknown time zone', { timezone: 'Europe/Atlantis' }],
    ['an unknown holiday country', { holidays: 'XX' }],
    ['no opening hours at all', { businessHours: {} }],
    ['a day that closes before it opens', { businessHours: { mon: '15:30-08:00' } }],
  ])('refuses %s', (_label, overrides) => {
    expect(() => createBusinessCalendar(municipality(overrides as Partial<Municipality>))).toThrow(RangeError);
  });

  it('accepts a day open until midnight', () => {
    const late = createBusinessCalendar(municipality({ businessHours: { mon: '16:00-24:00' } }));
    expect(late.isOpen(at('2026-03-23 23:59'))).toBe(true);
    expect(show(late.addBusinessMinutes(at('2026-03-23 23:00'), 90))).toBe('Mon 2026-03-30 16:30');
  });
});

describe('guards on the opening hours', () => {
  const refused = (businessHours: Municipality['businessHours']) => {
    try {
      createBusinessCalendar(municipality({ businessHours }));
    } catch (error) {
      return error instanceof RangeError ? error.message : `not a RangeError: ${String(error)}`;
    }
    return 'accepted';
  };

  it('refuses "24:30" and "25:00" as times of day, and "24:00" as an opening', () => {
    expect(refused({ mon: '08:00-24:30' })).toBe('municipality.businessHours.mon: "08:00-24:30" must look like "08:00-15:30" or "08:00-12:00, 12:30-15:30"');
    expect(refused({ tue: '08:00-25:00' })).toMatch(/^municipality\.businessHours\.tue: "08:00-25:00" must look like/);
    expect(refused({ wed: '24:00-24:00' })).toMatch(/^municipality\.businessHours\.wed: "24:00-24:00" must look like/);
    expect(refused({ thu: '08:60-15:00' })).toMatch(/^municipality\.businessHours\.thu: "08:60-15:00" must look like/);
  });

  it('refuses a range that closes when it opens, and ranges that overlap or come out of order', () => {
    expect(refused({ mon: '08:00-08:00' })).toBe('municipality.businessHours.mon: "08:00-08:00" must open before it closes');
    expect(refused({ fri: '08:00-12:00, 11:59-15:00' })).toBe('municipality.businessHours.fri: "08:00-12:00, 11:59-15:00" must list its intervals in order, without overlap');
    expect(refused({ fri: '12:30-15:00, 08:00-12:00' })).toBe('municipality.businessHours.fri: "12:30-15:00, 08:00-12:00" must list its intervals in order, without overlap');
    expect(refused({})).toBe('municipality.businessHours: no opening hours on any weekday');
  });

  it('accepts ranges that touch, and a day open around the clock', () => {
    expect(refused({ mon: '08:00-12:00, 12:00-15:00' })).toBe('accepted');
    expect(refused({ sun: '00:00-24:00' })).toBe('accepted');
    const touching = createBusinessCalendar(municipality({ businessHours: { mon: '08:00-12:00, 12:00-15:00' } }));
    expect(touching.businessMinutesBetween(at('2026-03-23 08:00'), at('2026-03-23 15:00'))).toBe(420);
    expect(touching.isOpen(at('2026-03-23 12:00'))).toBe(true);
  });

  it('refuses negative or fractional opening days, negative minutes and invalid dates', () => {
    expect(() => calendar.addOpeningDays(at('2026-03-23 10:00'), -1)).toThrow(new RangeError('days must be a whole number >= 0, got -1'));
    expect(() => calendar.addOpeningDays(at('2026-03-23 10:00'), 1.5)).toThrow(new RangeError('days must be a whole number >= 0, got 1.5'));
    expect(() => calendar.addBusinessMinutes(at('2026-03-23 10:00'), -1)).toThrow(new RangeError('minutes must be >= 0, got -1'));
    expect(() => calendar.addBusinessMinutes(at('2026-03-23 10:00'), Number.NaN)).toThrow(RangeError);
    expect(() => calendar.addBusinessMinutes(at('2026-03-23 10:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => calendar.isOpen(new Date('not a date'))).toThrow(new RangeError('invalid date'));
    expect(show(calendar.addBusinessMinutes(at('2026-03-23 10:00'), 0))).toBe('Mon 2026-03-23 10:00');
  });

  it('gives up on a calendar that never opens', () => {
    // Open on Mondays only, and every Monday is closed.
    const dates = Array.from({ length: 5 * 53 }, (_, week) => new Date(Date.UTC(2026, 2, 23 + 7 * week)).toISOString().slice(0, 10));
    const never = createBusinessCalendar(municipality({ businessHours: { mon: '08:00-15:00' }, closedDays: dates }));
    expect(() => never.nextOpening(at('2026-03-23 09:00'))).toThrow(new RangeError('no opening hours within 1098 days'));
    expect(() => never.addBusinessMinutes(at('2026-03-23 09:00'), 10)).toThrow(new RangeError('no opening hours within 1098 days'));
    expect(never.businessMinutesBetween(at('2026-03-23 09:00'), at('2026-04-23 09:00'))).toBe(0);
  });
});

describe('holidays of a state and a region', () => {
  const weekdays = { mon: '08:00-16:00', tue: '08:00-16:00', wed: '08:00-16:00', thu: '08:00-16:00', fri: '08:00-16:00' };
  it('closes on the holidays of the state (Epiphany in Bavaria) and of the region (Augsburg\'s Friedensfest)', () => {
    const bavaria = createBusinessCalendar(municipality({ holidays: 'DE-BY', timezone: 'Europe/Berlin', businessHours: weekdays }));
    const northRhine = createBusinessCalendar(municipality({ holidays: 'DE-NW', timezone: 'Europe/Berlin', businessHours: weekdays }));
    const augsburg = createBusinessCalendar(municipality({ holidays: 'DE-BY-A', timezone: 'Europe/Berlin', businessHours: weekdays }));
    expect([bavaria, northRhine, augsburg].map((c) => c.isOpen(at('2026-01-06 10:00')))).toEqual([false, true, false]);
    expect([bavaria, northRhine, augsburg].map((c) => c.isOpen(at('2025-08-08 10:00')))).toEqual([true, true, false]);
  });
});

describe('opening hours of a day', () => {
  it('gives the first opening, the last closing and the open minutes without the break; null when closed', () => {
    const split = createBusinessCalendar(municipality({ businessHours: { mon: '08:00-12:00, 12:30-15:30' } }));
    expect(split.openingHoursOn(at('2026-03-23 20:00'))).toEqual({ opens: at('2026-03-23 08:00'), closes: at('2026-03-23 15:30'), openMinutes: 420 });
    expect(split.openingHoursOn(at('2026-03-24 10:00'))).toBeNull();
    // Easter Monday is closed although it is a Monday.
    expect(split.openingHoursOn(at('2026-04-06 10:00'))).toBeNull();
  });

  it('reads the local date at Copenhagen night: 00:30 on Tuesday after Easter Monday is Tuesday', () => {
    const allDay = createBusinessCalendar(municipality({ businessHours: { mon: '00:00-24:00', tue: '00:00-24:00' } }));
    // 00:30 local is 22:30 UTC on the holiday before.
    expect(allDay.isOpen(at('2026-04-07 00:30'))).toBe(true);
    expect(allDay.isOpen(at('2026-04-06 23:30'))).toBe(false);
    expect(allDay.openingHoursOn(at('2026-04-07 00:30'))).toEqual({ opens: at('2026-04-07 00:00'), closes: at('2026-04-08 00:00'), openMinutes: 1440 });
    expect(show(allDay.nextOpening(at('2026-04-06 12:00')))).toBe('Tue 2026-04-07 00:00');
    expect(allDay.businessMinutesBetween(at('2026-04-06 23:00'), at('2026-04-07 01:00'))).toBe(60);
    expect(show(allDay.addOpeningDays(at('2026-04-07 00:30'), 1))).toBe('Mon 2026-04-13 00:30');
  });
});
