import { describe, expect, it } from 'vitest';
import { addWeeks, formatIsoWeek, parseIsoWeek, weekBounds, weekOf } from '../../src/core/digest/week.js';
import { chosenWeek } from '../../src/core/digest/service.js';

const ZONE = 'Europe/Copenhagen';

describe('ISO weeks in Copenhagen', () => {
  it('reads and writes weeks like 2026-W10', () => {
    expect(parseIsoWeek('2026-W10')).toEqual({ year: 2026, week: 10 });
    expect(parseIsoWeek('2026w3')).toEqual({ year: 2026, week: 3 });
    expect(formatIsoWeek({ year: 2026, week: 3 })).toBe('2026-W03');
    expect(parseIsoWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeek('2025-W53')).toBeNull();
    expect(parseIsoWeek('2026-W00')).toBeNull();
    expect(parseIsoWeek('10. uge')).toBeNull();
  });

  it('runs from Monday 00:00 local time to the next Monday, 167 hours when summer time starts', () => {
    expect(weekBounds({ year: 2026, week: 10 }, ZONE)).toEqual({
      start: new Date('2026-03-01T23:00:00Z'),
      end: new Date('2026-03-08T23:00:00Z'),
    });
    const { start, end } = weekBounds({ year: 2026, week: 13 }, ZONE);
    expect(start).toEqual(new Date('2026-03-22T23:00:00Z'));
    expect(end).toEqual(new Date('2026-03-29T22:00:00Z'));
  });

  it('puts Sunday late evening in its own week and Monday just after midnight in the next', () => {
    expect(weekOf(new Date('2026-03-08T22:30:00Z'), ZONE)).toEqual({ year: 2026, week: 10 });
    expect(weekOf(new Date('2026-03-08T23:00:00Z'), ZONE)).toEqual({ year: 2026, week: 11 });
    // 1 January 2027 is a Friday: it belongs to 2026's week 53.
    expect(weekOf(new Date('2027-01-01T12:00:00Z'), ZONE)).toEqual({ year: 2026, week: 53 });
  });

  it('moves across year ends', () => {
    expect(addWeeks({ year: 2026, week: 1 }, -1, ZONE)).toEqual({ year: 2025, week: 52 });
    expect(addWeeks({ year: 2026, week: 53 }, 1, ZONE)).toEqual({ year: 2027, week: 1 });
  });

  it('takes "this" and "last" week from the moment asked', () => {
    const mondayMorning = new Date('2026-03-09T06:30:00Z');
    expect(chosenWeek('this', mondayMorning, ZONE)).toEqual({ year: 2026, week: 11 });
    expect(chosenWeek('last', mondayMorning, ZONE)).toEqual({ year: 2026, week: 10 });
  });
});
