import { describe, it, expect } from 'vitest';
import { formatDeadline, formatDuration, formatMoment, formatSlaTarget } from '../../src/core/time-format.js';
import { at, ZONE } from '../support/calendar.js';

// Thursday 20 November 2025, 10:00 in Copenhagen.
const now = at('2025-11-20 10:00');

describe('formatDuration', () => {
  it.each([
    [0, '0 min', '0 min'],
    [23, '23 min', '23 min'],
    [23.4, '23 min', '23 min'],
    [59.6, '1 t', '1 h'],
    [60, '1 t', '1 h'],
    [65, '1 t 5 min', '1 h 5 min'],
    [23 * 60 + 59, '23 t 59 min', '23 h 59 min'],
    [1440, '1 d', '1 d'],
    [2 * 1440 + 3 * 60 + 59, '2 d 3 t', '2 d 3 h'],
    [-5, '0 min', '0 min'],
  ])('%d minutes', (minutes, da, en) => {
    expect(formatDuration('da', minutes)).toBe(da);
    expect(formatDuration('en', minutes)).toBe(en);
  });
});

describe('formatSlaTarget', () => {
  it.each([
    ['15m', '15 min', '15 min'],
    ['1h', '1 t', '1 h'],
    ['1.5h', '1 t 30 min', '1 h 30 min'],
    ['4h', '4 t', '4 h'],
    ['2d', '2 d', '2 d'],
  ])('%s', (target, da, en) => {
    expect(formatSlaTarget('da', target)).toBe(da);
    expect(formatSlaTarget('en', target)).toBe(en);
  });
});

describe('formatDeadline', () => {
  it.each([
    ['later today', '2025-11-20 12:15', 'inden kl. 12:15 i dag', 'by 12:15 today'],
    ['tomorrow morning', '2025-11-21 09:00', 'inden kl. 09:00 i morgen', 'by 09:00 tomorrow'],
    ['after the weekend', '2025-11-24 10:00', 'inden kl. 10:00 mandag d. 24. november', 'by 10:00 on Monday 24 November'],
    ['next year', '2026-01-02 08:30', 'inden kl. 08:30 fredag d. 2. januar 2026', 'by 08:30 on Friday 2 January 2026'],
  ])('%s', (_label, deadline, da, en) => {
    expect(formatDeadline('da', at(deadline), now, ZONE)).toBe(da);
    expect(formatDeadline('en', at(deadline), now, ZONE)).toBe(en);
  });

  it('uses the municipality’s local day, not UTC', () => {
    // 23:30 UTC on 20 November is already 00:30 on 21 November in Copenhagen.
    const lateEvening = new Date('2025-11-20T22:30:00Z');
    expect(formatDeadline('da', new Date('2025-11-21T07:00:00Z'), lateEvening, ZONE)).toBe('inden kl. 08:00 i morgen');
    expect(formatDeadline('en', new Date('2025-11-20T23:30:00Z'), lateEvening, ZONE)).toBe('by 00:30 tomorrow');
  });

  it('shows the local time after a DST change', () => {
    const beforeSwitch = at('2026-03-27 12:00');
    expect(formatDeadline('da', new Date('2026-03-30T09:00:00Z'), beforeSwitch, ZONE)).toBe(
      'inden kl. 11:00 mandag d. 30. marts',
    );
  });
});

describe('formatMoment', () => {
  it.each([
    ['this morning', '2025-11-20 10:03', 'i dag kl. 10:03', 'today at 10:03'],
    ['tomorrow', '2025-11-21 08:00', 'i morgen kl. 08:00', 'tomorrow at 08:00'],
    ['yesterday', '2025-11-19 15:29', 'i går kl. 15:29', 'yesterday at 15:29'],
    ['earlier this week', '2025-11-17 09:45', 'mandag d. 17. november kl. 09:45', 'on Monday 17 November at 09:45'],
    ['next week', '2025-11-24 10:00', 'mandag d. 24. november kl. 10:00', 'on Monday 24 November at 10:00'],
    ['last year', '2024-12-27 11:00', 'fredag d. 27. december 2024 kl. 11:00', 'on Friday 27 December 2024 at 11:00'],
  ])('%s', (_label, moment, da, en) => {
    expect(formatMoment('da', at(moment), now, ZONE)).toBe(da);
    expect(formatMoment('en', at(moment), now, ZONE)).toBe(en);
  });
});
