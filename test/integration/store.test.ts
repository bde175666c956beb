import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, PersonRef } from '../../src/core/model.js';
import { SYSTEM } from '../../src/core/model.js';
import type { Effect, NewConcern, NewEvent } from '../../src/core/ports.js';
import { MIGRATIONS, anonymiseClosedBefore, openStore, parseDatabaseUrl, runMigrations } from '../../src/store/index.js';
import type { TestDatabase } from '../support/database.js';
import { testDatabases } from '../support/database.js';

const caretaker: PersonRef = {
  platform: 'slack',
  userId: 'U0CARETAKER',
  name: 'Karen Jensen',
  organizationId: 'boligforening-vest',
  locale: 'da',
};
const responder: PersonRef = {
  platform: 'teams',
  userId: '29:aad-responder',
  name: 'Mads Holm',
  organizationId: 'kommune',
  locale: 'da',
};
const asCaretaker: Actor = { kind: 'user', ...caretaker };
const asResponder: Actor = { kind: 'user', ...responder };

function newConcern(overrides: Partial<NewConcern> = {}): NewConcern {
  return {
    id: randomUUID(),
    category: 'homelessness',
    urgency: 'normal',
    associationId: 'boligforening-vest',
    departmentId: 'afd-12',
    districtId: 'vest',
    address: 'Blok 12, kælderen',
    description: 'En mand sover i kælderen i blok 12.',
    residentKnows: 'unknown',
    reporter: caretaker,
    createdAt: new Date('2026-03-02T09:00:00Z'),
    ...overrides,
  };
}

function created(at: Date): NewEvent {
  return { type: 'created', actor: asCaretaker, at, data: { category: 'homelessness' } };
}

function routeEffect(concernId: string): Effect {
  return { queue: 'route', jobId: `route-${concernId}`, data: { concernId } };
}

describe('choosing the database from DATABASE_URL', () => {
  it('uses PostgreSQL for postgres URLs and embedded PGlite otherwise', () => {
    expect(parseDatabaseUrl('postgres://u:p@db:5432/bb')).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/bb' });
    expect(parseDatabaseUrl('postgresql://db/bb')).toEqual({ kind: 'postgres', url: 'postgresql://db/bb' });
    expect(parseDatabaseUrl(undefined)).toEqual({ kind: 'pglite', dataDir: join('./data', 'pg') });
    expect(parseDatabaseUrl('')).toEqual({ kind: 'pglite', dataDir: join('./data', 'pg') });
    expect(parseDatabaseUrl('pglite:', '/var/lib/bb')).toEqual({ kind: 'pglite', dataDir: join('/var/lib/bb', 'pg') });
    expect(parseDatabaseUrl('pglite:./data/pg')).toEqual({ kind: 'pglite', dataDir: './data/pg' });
    expect(parseDatabaseUrl('pglite:/var/lib/brobygger')).toEqual({ kind: 'pglite', dataDir: '/var/lib/brobygger' });
    expect(parseDatabaseUrl('pglite:memory')).toEqual({ kind: 'pglite', dataDir: 'memory' });
    expect(() => parseDatabaseUrl('mysql://db/bb')).toThrow(/DATABASE_URL/);
  });
});

describe.each(testDatabases())('store on $name', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  describe('creating concerns', () => {
    it('gives references that count up per year, starting again at 0001 in a new year', async () => {
      const refs: string[] = [];
      for (const at of ['2031-02-01T10:00:00Z', '2031-06-01T10:00:00Z', '2032-01-05T10:00:00Z', '2031-11-01T10:00:00Z']) {
        const { concern } = await db.store.createConcern(newConcern({ createdAt: new Date(at) }), [], []);
        refs.push(concern.ref);
      }
      expect(refs).toEqual(['BB-2031-0001', 'BB-2031-0002', 'BB-2032-0001', 'BB-2031-0003']);
    });

    it('counts the year where the municipality is: half past midnight on New Year in Copenhagen is the new year', async () => {
      const { concern } = await db.store.createConcern(
        newConcern({ createdAt: new Date('2035-12-31T23:30:00Z') }),
        [],
        [],
      );
      expect(concern.ref).toBe('BB-2036-0001');
    });

    it('gives concurrent creates distinct, gapless references', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          db.store.createConcern(newConcern({ createdAt: new Date('2033-05-05T08:00:00Z') }), [], []),
        ),
      );
      const refs = results.map((r) => r.concern.ref).sort();
      expect(refs).toEqual(Array.from({ length: 12 }, (_, i) => `BB-2033-${String(i + 1).padStart(4, '0')}`));
    });

    it('stores every field and reads it back with dates as Dates', async () => {
      const input = newConcern({ urgency: 'high', residentKnows: 'no' });
      const { concern, created: isNew } = await db.store.createConcern(input, [created(input.createdAt)], []);
      expect(isNew).toBe(true);
      expect(concern).toMatchObject({
        id: input.id,
        state: 'open',
        category: 'homelessness',
        urgency: 'high',
        associationId: 'boligforening-vest',
        departmentId: 'afd-12',
        districtId: 'vest',
        address: 'Blok 12, kælderen',
        description: 'En mand sover i kælderen i blok 12.',
        residentKnows: 'no',
        reporter: caretaker,
        teamId: null,
        escalationLevel: 0,
        version: 1,
        slaEpoch: 0,
        acknowledgeDeadline: null,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        outcome: null,
        anonymisedAt: null,
      });
      expect(concern.createdAt).toBeInstanceOf(Date);
      expect(concern.createdAt.toISOString()).toBe(input.createdAt.toISOString());
      expect(concern.updatedAt.toISOString()).toBe(input.createdAt.toISOString());
      expect(await db.store.getConcern(input.id)).toEqual(concern);
      expect(await db.store.findConcernByRef(concern.ref)).toEqual(concern);
      expect(await db.store.findConcernByRef(concern.ref.toLowerCase())).toEqual(concern);
      expect(await db.store.getConcern(randomUUID())).toBeNull();
      expect(await db.store.findConcernByRef('BB-1999-0001')).toBeNull();
    });
  });

  describe('a repeated submission (dedupe key)', () => {
    it('returns the concern made the first time and records nothing twice', async () => {
      const key = `slack-view-${randomUUID()}`;
      const first = newConcern({ createdAt: new Date('2034-01-10T10:00:00Z') });
      const a = await db.store.createConcern(first, [created(first.createdAt)], [routeEffect(first.id)], key);
      const again = newConcern({ createdAt: new Date('2034-01-10T10:00:05Z') });
      const b = await db.store.createConcern(again, [created(again.createdAt)], [routeEffect(again.id)], key);

      expect(a.created).toBe(true);
      expect(b.created).toBe(false);
      expect(b.concern).toEqual(a.concern);
      expect(await db.store.getConcern(again.id)).toBeNull();
      expect(await db.store.listEvents(first.id)).toHaveLength(1);
      const pending = await db.store.pendingEffects(1000);
      expect(pending.some((e) => e.jobId === `route-${again.id}`)).toBe(false);
      // The duplicate did not use up a reference number.
      const next = await db.store.createConcern(newConcern({ createdAt: new Date('2034-02-01T10:00:00Z') }), [], []);
      expect([a.concern.ref, next.concern.ref]).toEqual(['BB-2034-0001', 'BB-2034-0002']);
    });

    it('gives one concern when the same submission arrives several times at once', async () => {
      const key = `teams-activity-${randomUUID()}`;
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          db.store.createConcern(newConcern({ createdAt: new Date('2037-04-01T10:00:00Z') }), [], [], key),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.concern.id)).size).toBe(1);
      expect(results[0]?.concern.ref).toBe('BB-2037-0001');
      // The copies that lost the race gave their reference numbers back.
      const next = await db.store.createConcern(newConcern({ createdAt: new Date('2037-05-01T10:00:00Z') }), [], []);
      expect(next.concern.ref).toBe('BB-2037-0002');
    });
  });

  describe('updating a concern', () => {
    it('applies a change for the version it was based on and refuses a stale one', async () => {
      const input = newConcern();
      const { concern } = await db.store.createConcern(input, [created(input.createdAt)], []);
      const ackAt = new Date('2026-03-02T09:20:00Z');
      const acknowledged = await db.store.updateConcern(
        concern.id,
        concern.version,
        { state: 'acknowledged', acknowledgedAt: ackAt, acknowledgedBy: responder, teamId: 'team-bolig', slaEpoch: 1 },
        [{ type: 'acknowledged', actor: asResponder, at: ackAt }],
        [],
      );
      expect(acknowledged).toMatchObject({
        state: 'acknowledged',
        acknowledgedBy: responder,
        teamId: 'team-bolig',
        slaEpoch: 1,
        version: concern.version + 1,
      });
      expect(acknowledged?.acknowledgedAt?.toISOString()).toBe(ackAt.toISOString());
      expect(acknowledged?.updatedAt.toISOString()).toBe(ackAt.toISOString());

      // A second click based on what it saw before the acknowledgement loses.
      const stale = await db.store.updateConcern(
        concern.id,
        concern.version,
        { state: 'resolved', outcome: 'Løst' },
        [{ type: 'resolved', actor: asResponder, at: new Date('2026-03-02T09:21:00Z') }],
        [{ queue: 'notify', jobId: `notify-${concern.id}-stale`, data: {} }],
      );
      expect(stale).toBeNull();
      expect(await db.store.getConcern(concern.id)).toEqual(acknowledged);
      expect((await db.store.listEvents(concern.id)).map((e) => e.type)).toEqual(['created', 'acknowledged']);
      const pending = await db.store.pendingEffects(1000);
      expect(pending.some((e) => e.jobId === `notify-${concern.id}-stale`)).toBe(false);
    });

    it('can clear fields and leaves the ones not in the change alone', async () => {
      const input = newConcern();
      const { concern } = await db.store.createConcern(input, [], []);
      const routed = await db.store.updateConcern(
        concern.id,
        1,
        { teamId: 'team-a', acknowledgeDeadline: new Date('2026-03-02T13:00:00Z') },
        [],
        [],
      );
      const moved = await db.store.updateConcern(concern.id, 2, { teamId: null, acknowledgeDeadline: null, urgency: undefined }, [], []);
      expect(routed?.acknowledgeDeadline).toBeInstanceOf(Date);
      expect(moved).toMatchObject({ teamId: null, acknowledgeDeadline: null, urgency: 'normal', version: 3 });
      expect(moved?.description).toBe(input.description);
    });
  });

  describe('the event log', () => {
    it('lists events in the order they were appended, with actor, time and data', async () => {
      const input = newConcern();
      const { concern } = await db.store.createConcern(input, [created(input.createdAt)], []);
      await db.store.appendEvents(concern.id, [
        { type: 'routed', actor: SYSTEM, at: new Date('2026-03-02T09:00:01Z'), data: { teamId: 'team-a' } },
        { type: 'notified', actor: SYSTEM, at: new Date('2026-03-02T09:00:02Z'), data: { platform: 'teams' } },
      ]);
      await db.store.appendEvents(concern.id, [
        { type: 'noted', actor: asResponder, at: new Date('2026-03-02T09:05:00Z'), data: { text: 'Ringer til boligsocial medarbejder' } },
        { type: 'info_added', actor: asCaretaker, at: new Date('2026-03-02T09:06:00Z') },
      ]);
      const events = await db.store.listEvents(concern.id);
      expect(events.map((e) => e.type)).toEqual(['created', 'routed', 'notified', 'noted', 'info_added']);
      expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
      expect(events[3]).toMatchObject({ concernId: concern.id, actor: asResponder, data: { text: 'Ringer til boligsocial medarbejder' } });
      expect(events[4]?.data).toEqual({});
      expect(events[1]?.at).toBeInstanceOf(Date);
      expect(events[1]?.actor).toEqual(SYSTEM);
      expect(typeof events[0]?.id).toBe('number');
      expect(await db.store.getEvent(events[3]!.id)).toEqual(events[3]);
      expect(await db.store.getEvent(987654321)).toBeNull();
    });

    it('cannot be rewritten or deleted', async () => {
      const input = newConcern();
      const { concern } = await db.store.createConcern(input, [created(input.createdAt)], []);
      await expect(db.sql.query(`UPDATE concern_events SET type = 'resolved' WHERE concern_id = $1`, [concern.id])).rejects.toThrow(/append-only/);
      await expect(db.sql.query('DELETE FROM concern_events WHERE concern_id = $1', [concern.id])).rejects.toThrow(/append-only/);
      expect(await db.store.listEvents(concern.id)).toHaveLength(1);
    });

    it('stores nothing of a call that fails halfway', async () => {
      const jobId = `notify-${randomUUID()}`;
      await expect(
        db.store.appendEvents(
          randomUUID(),
          [{ type: 'noted', actor: asResponder, at: new Date() }],
          [{ queue: 'notify', jobId, data: {} }],
        ),
      ).rejects.toThrow();
      expect((await db.store.pendingEffects(1000)).some((e) => e.jobId === jobId)).toBe(false);
    });
  });

  describe('the outbox', () => {
    it('hands out pending effects oldest first, each job id once, until dispatched', async () => {
      await db.store.markEffectsDispatched((await db.store.pendingEffects(10_000)).map((e) => e.id));
      const input = newConcern();
      const { concern } = await db.store.createConcern(input, [created(input.createdAt)], [routeEffect(input.id)]);
      const runAt = new Date('2026-03-02T13:00:00Z');
      const escalate: Effect = { queue: 'escalate', jobId: `escalate-${concern.id}-1-0`, data: { concernId: concern.id, step: 0 }, runAt };
      await db.store.appendEvents(concern.id, [], [escalate, routeEffect(concern.id)]);
      await db.store.updateConcern(concern.id, 1, { teamId: 'team-a' }, [], [escalate]);

      const pending = await db.store.pendingEffects(10);
      expect(pending.map((e) => e.jobId)).toEqual([`route-${concern.id}`, `escalate-${concern.id}-1-0`]);
      expect(pending[0]).toMatchObject({ queue: 'route', data: { concernId: concern.id } });
      expect(pending[0]?.runAt).toBeUndefined();
      expect(pending[1]?.runAt?.toISOString()).toBe(runAt.toISOString());
      expect(pending[0]?.createdAt).toBeInstanceOf(Date);
      expect(await db.store.pendingEffects(1)).toEqual([pending[0]]);

      await db.store.markEffectsDispatched([pending[0]!.id]);
      expect((await db.store.pendingEffects(10)).map((e) => e.jobId)).toEqual([`escalate-${concern.id}-1-0`]);
      // A dispatched job id stays used: the same step is never queued twice.
      await db.store.appendEvents(concern.id, [], [routeEffect(concern.id)]);
      expect((await db.store.pendingEffects(10)).map((e) => e.jobId)).toEqual([`escalate-${concern.id}-1-0`]);
      await db.store.markEffectsDispatched([pending[1]!.id]);
      await db.store.markEffectsDispatched([]);
      expect(await db.store.pendingEffects(10)).toEqual([]);
    });

    it('refuses job ids BullMQ cannot take', async () => {
      const input = newConcern();
      await expect(
        db.store.createConcern(input, [], [{ queue: 'route', jobId: `route:${input.id}`, data: {} }]),
      ).rejects.toThrow(/':'/);
      expect(await db.store.getConcern(input.id)).toBeNull();
    });
  });

  describe('listing concerns', () => {
    it('filters by association, team, reporter, state and time, oldest or newest first', async () => {
      const associationId = `assoc-${randomUUID().slice(0, 8)}`;
      const other: PersonRef = { ...caretaker, userId: 'U0OTHER' };
      const make = async (day: number, overrides: Partial<NewConcern> = {}) =>
        (await db.store.createConcern(
          newConcern({ associationId, createdAt: new Date(`2026-04-${String(day).padStart(2, '0')}T10:00:00Z`), ...overrides }),
          [],
          [],
        )).concern;
      const c1 = await make(1);
      const c2 = await make(2, { reporter: other });
      const c3 = await make(3);
      const c4 = await make(4, { associationId: `${associationId}-x` });
      await db.store.updateConcern(c2.id, 1, { teamId: 'team-list', state: 'acknowledged' }, [], []);
      await db.store.updateConcern(c3.id, 1, { teamId: 'team-list', state: 'resolved' }, [], []);

      const ids = (list: { id: string }[]) => list.map((c) => c.id);
      expect(ids(await db.store.listConcerns({ associationId }))).toEqual([c1.id, c2.id, c3.id]);
      expect(ids(await db.store.listConcerns({ associationId, order: 'newest' }))).toEqual([c3.id, c2.id, c1.id]);
      expect(ids(await db.store.listConcerns({ associationId, order: 'newest', limit: 2 }))).toEqual([c3.id, c2.id]);
      expect(ids(await db.store.listConcerns({ associationId, states: ['open', 'acknowledged'] }))).toEqual([c1.id, c2.id]);
      expect(ids(await db.store.listConcerns({ teamId: 'team-list' }))).toEqual([c2.id, c3.id]);
      expect(ids(await db.store.listConcerns({ teamId: 'team-list', states: ['resolved'] }))).toEqual([c3.id]);
      expect(ids(await db.store.listConcerns({ associationId, reporterUserId: 'U0OTHER' }))).toEqual([c2.id]);
      expect(
        ids(
          await db.store.listConcerns({
            associationId,
            createdFrom: new Date('2026-04-02T10:00:00Z'),
            createdBefore: new Date('2026-04-03T10:00:00Z'),
          }),
        ),
      ).toEqual([c2.id]);
      expect(ids(await db.store.listConcerns({ associationId: `${associationId}-x` }))).toEqual([c4.id]);
      expect(await db.store.listConcerns({ associationId, states: [] })).toEqual([]);
    });
  });

  describe('message and conversation references', () => {
    it('keeps one message reference per concern, purpose and target, the latest winning', async () => {
      const { concern } = await db.store.createConcern(newConcern(), [], []);
      await db.store.saveMessageRef(concern.id, 'team-card', 'slack:C0TEAM', { platform: 'slack', ref: { channel: 'C0TEAM', ts: '1.1' } });
      await db.store.saveMessageRef(concern.id, 'team-card', 'teams:19:abc', { platform: 'teams', ref: { activityId: 'a1' } });
      await db.store.saveMessageRef(concern.id, 'team-card', 'slack:C0TEAM', { platform: 'slack', ref: { channel: 'C0TEAM', ts: '2.2' } });
      await db.store.saveMessageRef(concern.id, 'reporter-receipt', 'slack:U0CARETAKER', { platform: 'slack', ref: { channel: 'D1', ts: '3.3' } });

      expect(await db.store.listMessageRefs(concern.id, 'team-card')).toEqual([
        { targetKey: 'slack:C0TEAM', ref: { platform: 'slack', ref: { channel: 'C0TEAM', ts: '2.2' } } },
        { targetKey: 'teams:19:abc', ref: { platform: 'teams', ref: { activityId: 'a1' } } },
      ]);
      expect(await db.store.listMessageRefs(concern.id, 'nothing')).toEqual([]);
    });

    it('keeps the latest conversation reference per platform user', async () => {
      const userId = `29:${randomUUID()}`;
      expect(await db.store.getConversationRef('teams', userId)).toBeNull();
      await db.store.saveConversationRef('teams', userId, { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/' });
      await db.store.saveConversationRef('teams', userId, { conversation: { id: 'a:2' }, serviceUrl: 'https://smba.example/', list: [1, 2] });
      expect(await db.store.getConversationRef('teams', userId)).toEqual({
        conversation: { id: 'a:2' },
        serviceUrl: 'https://smba.example/',
        list: [1, 2],
      });
      expect(await db.store.getConversationRef('slack', userId)).toBeNull();
    });
  });

  describe('anonymisation after the retention period', () => {
    it('removes the free text of old closed concerns and keeps what statistics need', async () => {
      const at = (iso: string) => new Date(iso);
      const make = async (createdAt: string) => {
        const input = newConcern({ createdAt: at(createdAt), category: 'mental_health', urgency: 'high', districtId: 'oest' });
        return (await db.store.createConcern(input, [created(input.createdAt)], [])).concern;
      };
      const old = await make('2019-05-01T08:00:00Z');
      await db.store.appendEvents(old.id, [
        { type: 'replied', actor: asResponder, at: at('2019-05-01T09:00:00Z'), data: { text: 'Vi kigger på det i dag', redacted: false, teamId: 'team-psyk', seq: 2 } },
        { type: 'notified', actor: SYSTEM, at: at('2019-05-01T09:00:01Z'), data: { kind: 'relay', to: 'reporter', platform: 'slack', about: 'replied', seq: 2 } },
        { type: 'reassigned', actor: asResponder, at: at('2019-05-01T09:30:00Z'), data: { fromTeam: 'team-psyk', toTeam: 'team-bolig', seq: 3, reason: 'Hun bor i blok 4', deadline: '2019-05-01T13:30:00.000Z', notes: ['bor alene', 'har hund'] } },
      ]);
      const resolvedOld = await db.store.updateConcern(
        old.id,
        1,
        { state: 'resolved', resolvedAt: at('2019-05-02T10:00:00Z'), outcome: 'Hjemmeplejen er koblet på' },
        [{ type: 'resolved', actor: asResponder, at: at('2019-05-02T10:00:00Z'), data: { outcome: 'Hjemmeplejen er koblet på' } }],
        [],
      );
      const withdrawn = await make('2019-06-01T08:00:00Z');
      await db.store.updateConcern(withdrawn.id, 1, { state: 'withdrawn' }, [{ type: 'withdrawn', actor: asCaretaker, at: at('2019-06-01T09:00:00Z'), data: { reason: 'Fejl' } }], []);
      const recent = await make('2019-12-20T08:00:00Z');
      await db.store.updateConcern(recent.id, 1, { state: 'resolved', resolvedAt: at('2019-12-30T10:00:00Z'), outcome: 'Løst' }, [], []);
      const stillOpen = await make('2019-01-01T08:00:00Z');

      const now = at('2020-07-01T02:00:00Z');
      const count = await anonymiseClosedBefore(db.sql, at('2019-12-01T00:00:00Z'), now);
      expect(count).toBe(2);

      const after = await db.store.getConcern(old.id);
      expect(after).toMatchObject({
        description: '',
        address: '',
        outcome: '',
        state: 'resolved',
        category: 'mental_health',
        urgency: 'high',
        districtId: 'oest',
        associationId: 'boligforening-vest',
        reporter: caretaker,
      });
      expect(after?.anonymisedAt?.toISOString()).toBe(now.toISOString());
      expect(after?.resolvedAt?.toISOString()).toBe(resolvedOld?.resolvedAt?.toISOString());
      expect(after?.createdAt.toISOString()).toBe(old.createdAt.toISOString());

      const events = await db.store.listEvents(old.id);
      expect(events.map((e) => [e.type, e.at.toISOString()])).toEqual([
        ['created', '2019-05-01T08:00:00.000Z'],
        ['replied', '2019-05-01T09:00:00.000Z'],
        ['notified', '2019-05-01T09:00:01.000Z'],
        ['reassigned', '2019-05-01T09:30:00.000Z'],
        ['resolved', '2019-05-02T10:00:00.000Z'],
        ['anonymised', now.toISOString()],
      ]);
      expect(events[0]?.data).toEqual({ category: 'homelessness' });
      expect(events[1]?.data).toEqual({ text: '', redacted: false, teamId: 'team-psyk', seq: 2 });
      expect(events[2]?.data).toEqual({ kind: 'relay', to: 'reporter', platform: 'slack', about: 'replied', seq: 2 });
      expect(events[3]?.data).toEqual({
        fromTeam: 'team-psyk',
        toTeam: 'team-bolig',
        seq: 3,
        reason: '',
        deadline: '2019-05-01T13:30:00.000Z',
        notes: ['', ''],
      });
      expect(events[4]?.data).toEqual({ outcome: '' });
      expect(events[5]?.actor).toEqual(SYSTEM);
      expect(JSON.stringify(events)).not.toMatch(/Hjemmepleje|blok 4|Vi kigger|bor alene/);

      const withdrawnAfter = await db.store.getConcern(withdrawn.id);
      expect(withdrawnAfter).toMatchObject({ description: '', address: '', outcome: null });
      expect((await db.store.listEvents(withdrawn.id)).find((e) => e.type === 'withdrawn')?.data).toEqual({ reason: '' });

      expect((await db.store.getConcern(recent.id))?.description).toBe(recent.description);
      expect((await db.store.getConcern(stillOpen.id))?.description).toBe(stillOpen.description);
      expect(await anonymiseClosedBefore(db.sql, at('2019-12-01T00:00:00Z'), now)).toBe(0);
    });
  });

  describe('migrations', () => {
    it('apply once: running them again changes nothing', async () => {
      const { concern } = await db.store.createConcern(newConcern(), [], []);
      expect(await runMigrations(db.sql)).toEqual([]);
      expect(await db.store.getConcern(concern.id)).toEqual(concern);
      expect(await db.sql.query('SELECT id FROM schema_migrations')).toEqual(MIGRATIONS.map((m) => ({ id: m.id })));
    });

    it.runIf(backend.name === 'postgres')('let several processes open the same database at once', async () => {
      const { concern } = await db.store.createConcern(newConcern(), [], []);
      const opened = await Promise.all([openStore(db.databaseUrl, db.options), openStore(db.databaseUrl, db.options)]);
      try {
        for (const other of opened) expect(await other.store.getConcern(concern.id)).toEqual(concern);
      } finally {
        await Promise.all(opened.map((o) => o.sql.close()));
      }
    });

    it.runIf(backend.name === 'pglite')('keep an embedded database on disk across restarts', async () => {
      const parent = mkdtempSync(join(tmpdir(), 'brobygger-store-'));
      const url = `pglite:${join(parent, 'data', 'pg')}`;
      try {
        const first = await openStore(url);
        const { concern } = await first.store.createConcern(newConcern(), [], []);
        await first.store.close();
        const second = await openStore(url);
        try {
          expect(second.describe).toContain(join(parent, 'data', 'pg'));
          expect(await second.store.getConcern(concern.id)).toEqual(concern);
          expect(await second.sql.query('SELECT id FROM schema_migrations')).toEqual(MIGRATIONS.map((m) => ({ id: m.id })));
        } finally {
          await second.store.close();
        }
      } finally {
        rmSync(parent, { recursive: true, force: true });
      }
    }, 180_000); // initdb on a fresh folder takes tens of seconds on a busy 2-core machine
  });
});
