/**
 * What a reporter reads right after submitting: 112 and duty-to-notify guidance first, where it
 * went, when to expect an acknowledgement, and the out-of-hours guidance when the municipality is closed.
 */
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/core/calendar.js';
import type { CoreContext } from '../../src/core/context.js';
import { confirmation } from '../../src/core/intake.js';
import type { Category, Concern, Urgency } from '../../src/core/model.js';
import type { ConcernStore } from '../../src/core/ports.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { messageText } from '../support/recording-messenger.js';

const directory = loadDirectoryOrThrow();

function contextAt(iso: string): CoreContext {
  return {
    directory,
    store: {} as ConcernStore,
    clock: { now: () => new Date(iso) },
    calendar: createBusinessCalendar(directory.municipality),
    kick: () => {},
    newId: () => 'id',
  };
}

function concern(createdAt: string, category: Category, urgency: Urgency): Concern {
  return {
    id: 'c1', ref: 'BB-2026-0042', state: 'open', category, urgency,
    associationId: 'fjordbo', departmentId: 'havnegaarden', districtId: 'havnen',
    address: 'Havnegade 12', description: 'x', residentKnows: 'no',
    reporter: { platform: 'slack', userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', organizationId: 'fjordbo', locale: 'da' },
    teamId: null, escalationLevel: 0, version: 1, slaEpoch: 0, acknowledgeDeadline: null,
    createdAt: new Date(createdAt), updatedAt: new Date(createdAt), acknowledgedAt: null, acknowledgedBy: null,
    resolvedAt: null, outcome: null, anonymisedAt: null,
  };
}

describe('confirmation to the reporter', () => {
  it('during opening hours says where it went and by when, without out-of-hours guidance', () => {
    // Tuesday 24 November 2026, 10:00 in Copenhagen (UTC+1).
    const text = messageText(confirmation(contextAt('2026-11-24T09:00:00Z'), concern('2026-11-24T09:00:00Z', 'homelessness', 'normal'), 'da', true, false));
    expect(text).toContain('BB-2026-0042 er sendt til Boligsocial indgang');
    expect(text).toContain('inden kl. 14:00 i dag');
    expect(text).not.toContain('Socialvagten');
  });

  it('on a Saturday gives the out-of-hours guidance and when the team will see it', () => {
    // Saturday 28 November 2026, 10:00; the team opens Monday 08:00, 4 business hours → 12:00.
    const text = messageText(confirmation(contextAt('2026-11-28T09:00:00Z'), concern('2026-11-28T09:00:00Z', 'homelessness', 'normal'), 'da', true, false));
    expect(text).toContain(directory.municipality.outOfHours.da);
    expect(text).toContain('når de åbner mandag');
    expect(text).toContain('inden kl. 12:00 mandag');
  });

  it('for an acute concern says to call 112 before anything else, and counts wall-clock time', () => {
    const message = confirmation(contextAt('2026-11-28T21:00:00Z'), concern('2026-11-28T21:00:00Z', 'mental_health', 'acute'), 'da', true, false);
    expect(messageText(message).split('\n')[0]).toContain('112');
    expect(messageText(message)).toContain('inden kl. 22:15 i dag');
    expect(messageText(message)).not.toContain('når de åbner');
  });

  it('for a child at risk reminds of the personal duty to notify, links the form and points to 114 out of hours', () => {
    const message = confirmation(contextAt('2026-11-28T21:00:00Z'), concern('2026-11-28T21:00:00Z', 'child_at_risk', 'high'), 'en', true, false);
    const text = messageText(message);
    expect(text).toContain('duty to notify');
    expect(text).toContain(directory.municipality.childNotificationUrl);
    expect(text).toContain('114');
    expect(text.indexOf('duty to notify')).toBeLessThan(text.indexOf('BB-2026-0042'));
  });
});
