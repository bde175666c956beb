/** Per-category rules and the eviction-risk clock (rent demand → last day to pay). */
import { describe, expect, it } from 'vitest';
import { formalNoticeFor, kleFor, retentionDaysFor, retentionPlan, slaFor } from '../../src/core/category-rules.js';
import { daysLeftToPay, evictionUrgency, lastDayToPay, lastDayToPayText, paymentDeadline } from '../../src/core/eviction.js';
import { resolveIdentity } from '../../src/core/identity.js';
import { validateIntake } from '../../src/core/intake.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { at } from '../support/calendar.js';

const directory = loadDirectoryOrThrow();
const eviction = (rentDemandDate: string | null) => ({ category: 'eviction_risk' as const, rentDemandDate, state: 'open' as const });

describe('category rules from the sample directory', () => {
  it('overrides the SLA of some urgencies and keeps the directory-wide clock', () => {
    expect(slaFor(directory, 'child_at_risk', 'normal')).toEqual({ acknowledgeWithin: '2h', clock: 'business' });
    expect(slaFor(directory, 'child_at_risk', 'acute')).toEqual({ acknowledgeWithin: '15m', clock: 'wall' });
    expect(slaFor(directory, 'youth', 'normal')).toEqual(directory.sla.normal);
    const wallOverride = { ...directory, categories: [{ id: 'youth' as const, sla: { acute: { acknowledgeWithin: '10m' } } }] };
    expect(slaFor(wallOverride, 'youth', 'acute')).toEqual({ acknowledgeWithin: '10m', clock: 'wall' });
  });

  it('gives each category its retention period, grouped for the nightly run', () => {
    expect(retentionDaysFor(directory, 'child_at_risk', 180)).toBe(365);
    expect(retentionDaysFor(directory, 'neighbour_conflict', 180)).toBe(90);
    expect(retentionDaysFor(directory, 'youth', 180)).toBe(180);
    expect(retentionPlan(directory)).toEqual([
      { categories: ['child_at_risk'], days: 365 },
      { categories: ['neighbour_conflict'], days: 90 },
    ]);
  });

  it('has a KLE code and a formal-notice text in both languages for every category', () => {
    for (const category of ['homelessness', 'eviction_risk', 'child_at_risk', 'other'] as const) {
      expect(kleFor(directory, category)).toMatch(/^99\.\d\d\.00$/);
      expect(formalNoticeFor(directory, category, 'da')).toBeTruthy();
      expect(formalNoticeFor(directory, category, 'en')).toBeTruthy();
    }
    expect(formalNoticeFor(directory, 'child_at_risk', 'en')).toContain('NOT a formal notification');
    expect(kleFor({ categories: [] }, 'youth')).toBe('');
  });
});

describe('the last day to pay after a rent demand', () => {
  it('is the demand date plus the notice period (14 days in the sample)', () => {
    expect(lastDayToPay(directory, eviction('2026-11-20'))).toBe('2026-12-04');
    expect(lastDayToPay(directory, eviction('2026-12-28'))).toBe('2027-01-11');
    expect(lastDayToPay(directory, eviction(null))).toBeNull();
    expect(lastDayToPay(directory, { category: 'homelessness', rentDemandDate: '2026-11-20' })).toBeNull();
    expect(lastDayToPay({ ...directory, categories: [] }, eviction('2026-11-20'))).toBeNull();
  });

  it('moves a last day on a Saturday, Sunday, public holiday or Grundlovsdag to the next weekday (almenlejeloven § 90, stk. 2)', () => {
    // Demand on Friday 20 March 2026: 14 days is Friday 3 April, Langfredag; Saturday, Påskedag
    // (Sunday) and 2. påskedag follow, so the last day to pay is Tuesday 7 April.
    expect(lastDayToPay(directory, eviction('2026-03-20'))).toBe('2026-04-07');
    // Ending on an ordinary Saturday or Sunday: the Monday after.
    expect(lastDayToPay(directory, eviction('2026-11-07'))).toBe('2026-11-23');
    expect(lastDayToPay(directory, eviction('2026-11-08'))).toBe('2026-11-23');
    // Kristi himmelfartsdag (Thursday 14 May 2026) → Friday; Grundlovsdag (Friday 5 June 2026) → Monday 8 June.
    expect(lastDayToPay(directory, eviction('2026-04-30'))).toBe('2026-05-15');
    expect(lastDayToPay(directory, eviction('2026-05-22'))).toBe('2026-06-08');
    // Juleaftensdag is not named in the rule and stays; Juledag and 2. juledag (Friday, Saturday) → Monday 28 December.
    expect(paymentDeadline('2026-12-24')).toBe('2026-12-24');
    expect(paymentDeadline('2026-12-25')).toBe('2026-12-28');
    // An ordinary weekday stays.
    expect(paymentDeadline('2026-12-04')).toBe('2026-12-04');
  });

  it('counts days on the local date: 00:30 in Copenhagen is already the next day', () => {
    const concern = eviction('2026-11-20');
    expect(daysLeftToPay(directory, concern, at('2026-11-29 23:30'))).toBe(5);
    // 00:30 local on 30 November is 23:30 UTC on the 29th.
    expect(daysLeftToPay(directory, concern, at('2026-11-30 00:30'))).toBe(4);
    expect(daysLeftToPay(directory, concern, at('2026-12-04 12:00'))).toBe(0);
    expect(daysLeftToPay(directory, concern, at('2026-12-05 00:01'))).toBe(-1);
  });

  it('makes the concern at least high when 5 days or less are left', () => {
    expect(evictionUrgency('low', 5)).toBe('high');
    expect(evictionUrgency('normal', 0)).toBe('high');
    expect(evictionUrgency('normal', -2)).toBe('high');
    expect(evictionUrgency('normal', 6)).toBe('normal');
    expect(evictionUrgency('acute', 1)).toBe('acute');
    expect(evictionUrgency('low', null)).toBe('low');
  });

  it('shows the days left on an open card, and the date alone once closed', () => {
    const concern = eviction('2026-11-20');
    expect(lastDayToPayText(directory, concern, 'da', at('2026-12-01 09:00'))).toBe('fredag den 4. december 2026 – 3 dage tilbage');
    expect(lastDayToPayText(directory, concern, 'en', at('2026-12-04 09:00'))).toBe('Friday, 4 December 2026 – today is the last day');
    expect(lastDayToPayText(directory, concern, 'en', at('2026-12-07 09:00'))).toBe('Friday, 4 December 2026 – the deadline has passed');
    expect(lastDayToPayText(directory, { ...concern, state: 'resolved' }, 'da', at('2026-12-07 09:00'))).toBe('fredag den 4. december 2026');
  });
});

describe('the rent-demand date in the intake form', () => {
  const identity = resolveIdentity(directory, { platform: 'slack', userId: 'U0PG4KAPUT7' });
  if (!identity) throw new Error('Jens Pedersen should be in the sample directory');
  const form = (category: string, rentDemandDate?: string) => ({
    category, urgency: 'normal', departmentId: 'havnegaarden', address: 'Havnegade 3', description: 'Restance', residentKnows: 'yes',
    ...(rentDemandDate === undefined ? {} : { rentDemandDate }),
  });

  it('is kept for eviction risk, optional, and ignored for other categories', () => {
    const kept = validateIntake(identity, form('eviction_risk', '2026-11-20'), '2026-12-01');
    expect(kept.ok && kept.value.rentDemandDate).toBe('2026-11-20');
    const none = validateIntake(identity, form('eviction_risk'), '2026-12-01');
    expect(none.ok && none.value.rentDemandDate).toBeNull();
    const other = validateIntake(identity, form('homelessness', 'not a date'), '2026-12-01');
    expect(other.ok && other.value.rentDemandDate).toBeNull();
  });

  it.each([
    ['20-11-2026', 'Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. 2026-11-20'],
    ['2026-02-30', 'Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. 2026-11-20'],
    ['2026-12-02', 'Påkravet kan ikke være dateret senere end i dag'],
  ])('refuses %s with a message on the field', (date, message) => {
    expect(validateIntake(identity, form('eviction_risk', date), '2026-12-01')).toEqual({ ok: false, fieldErrors: { rentDemandDate: message } });
  });
});
