/** The municipality most calendar tests use, and local-time helpers for Copenhagen. */
import { DateTime } from 'luxon';
import { createBusinessCalendar, type Municipality } from '../../src/core/calendar.js';

export const ZONE = 'Europe/Copenhagen';

export function testMunicipality(overrides: Partial<Municipality> = {}): Municipality {
  return {
    name: 'Aalborg Kommune',
    timezone: ZONE,
    holidays: 'DK',
    language: 'da',
    // Opening hours as in DESIGN.md: Mon–Thu 08:00–15:30, Fri 08:00–13:00, weekend closed.
    businessHours: { mon: '08:00-15:30', tue: '08:00-15:30', wed: '08:00-15:30', thu: '08:00-15:30', fri: '08:00-13:00' },
    closedDays: [],
    outOfHours: { da: 'Ring 114', en: 'Call 114' },
    childNotificationUrl: 'https://example.dk/underretning',
    reopenWithinDays: 14,
    ...overrides,
  };
}

export const testCalendar = (overrides: Partial<Municipality> = {}) => createBusinessCalendar(testMunicipality(overrides));

/** A local Copenhagen time, e.g. "2026-03-27 12:55". */
export const at = (local: string) => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: ZONE }).toJSDate();

/** The local Copenhagen time of an instant, with weekday to make failures readable. */
export const show = (date: Date) => DateTime.fromJSDate(date, { zone: ZONE }).toFormat('ccc yyyy-MM-dd HH:mm');
