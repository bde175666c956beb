/**
 * The in-memory store the core's unit tests run on keeps the ConcernStore contract as the SQL
 * store does (test/integration/store.test.ts proves that one): references per year, the version
 * check, deduplication, deliveries apart from the outbox, copies out.
 */
import { describe, expect, it } from 'vitest';
import { SYSTEM, type PersonRef } from '../../src/core/model.js';
import type { NewConcern } from '../../src/core/ports.js';
import { at } from '../support/calendar.js';
import { createMemoryStore } from '../support/memory-store.js';

const reporter: PersonRef = { platform: 'slack', userId: 'U1', name: 'Jens', organizationId: 'fjordbo', locale: 'da' };
const input = (id: string, createdAt: Date): NewConcern => ({
  id,
  category: 'other',
  urgency: 'normal',
  associationId: 'fjordbo',
  departmentId: 'havnegaarden',
  districtId: 'havnen',
  address: '',
  description: 'x',
  residentKnows: 'unknown',
  reporter,
  createdAt,
});

describe('the in-memory concern store', () => {
  it('numbers references per year of the Copenhagen date, and starts concerns open at version 1', async () => {
    const store = createMemoryStore();
    const a = await store.createConcern(input('a', at('2026-12-31 23:30')), [], []);
    const b = await store.createConcern(input('b', at('2027-01-01 00:30')), [], []);
    const c = await store.createConcern(input('c', at('2027-01-02 10:00')), [], []);
    expect([a, b, c].map((r) => r.concern.ref)).toEqual(['BB-2026-0001', 'BB-2027-0001', 'BB-2027-0002']);
    expect(a.concern).toMatchObject({ state: 'open', version: 1, escalationLevel: 0, slaEpoch: 0, teamId: null, updatedAt: at('2026-12-31 23:30') });
    expect(await store.findConcernByRef(' bb-2027-0002 ')).toMatchObject({ id: 'c' });
  });

  it('returns the existing concern for a dedupe key seen before', async () => {
    const store = createMemoryStore();
    const first = await store.createConcern(input('a', at('2026-03-02 10:00')), [], [], 'key');
    const again = await store.createConcern(input('b', at('2026-03-02 10:01')), [], [], 'key');
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, concern: { id: 'a' } });
    expect(await store.getConcern('b')).toBeNull();
  });

  it('applies a change only at the expected version, with its events and effects, or writes nothing', async () => {
    const store = createMemoryStore({ now: () => at('2026-03-02 12:00') });
    await store.createConcern(input('a', at('2026-03-02 10:00')), [{ type: 'created', actor: SYSTEM, at: at('2026-03-02 10:00') }], []);
    const stale = await store.updateConcern('a', 2, { state: 'acknowledged' }, [{ type: 'acknowledged', actor: SYSTEM, at: at('2026-03-02 11:00') }], []);
    expect(stale).toBeNull();
    const updated = await store.updateConcern('a', 1, { state: 'acknowledged', outcome: undefined }, [{ type: 'acknowledged', actor: SYSTEM, at: at('2026-03-02 11:00') }], [
      { queue: 'notify', jobId: 'notify-a-card_update-2', data: { concernId: 'a', kind: 'card_update', seq: 2 } },
      { queue: 'metrics', jobId: 'metrics-a-2', data: { concernId: 'a' } },
      { queue: 'metrics', jobId: 'metrics-a-2', data: { concernId: 'other' } },
    ]);
    expect(updated).toMatchObject({ state: 'acknowledged', version: 2, outcome: null, updatedAt: at('2026-03-02 11:00') });
    expect((await store.listEvents('a')).map((e) => [e.id, e.type])).toEqual([[1, 'created'], [2, 'acknowledged']]);
    expect(store.deliveries().map((d) => [d.id, d.kind])).toEqual([['notify-a-card_update-2', 'card_update']]);
    expect(await store.pendingEffects(10)).toMatchObject([{ id: 1, queue: 'metrics', jobId: 'metrics-a-2', data: { concernId: 'a' } }]);
    // Without events the store's clock dates the change.
    expect(await store.updateConcern('a', 2, {}, [], [])).toMatchObject({ version: 3, updatedAt: at('2026-03-02 12:00') });
  });

  it("refuses a job id with ':' and writes nothing of that change", async () => {
    const store = createMemoryStore();
    await store.createConcern(input('a', at('2026-03-02 10:00')), [], []);
    await expect(store.updateConcern('a', 1, { state: 'resolved' }, [], [{ queue: 'route', jobId: 'route:a', data: {} }])).rejects.toThrow("Job id must not contain ':' (route:a)");
    expect(await store.getConcern('a')).toMatchObject({ state: 'open', version: 1 });
  });

  it('hands out copies: changing what it returned changes nothing stored', async () => {
    const store = createMemoryStore();
    const { concern } = await store.createConcern(input('a', at('2026-03-02 10:00')), [{ type: 'created', actor: SYSTEM, at: at('2026-03-02 10:00'), data: { n: 1 } }], []);
    concern.state = 'resolved';
    (await store.listEvents('a'))[0]!.data.n = 2;
    expect((await store.getConcern('a'))!.state).toBe('open');
    expect((await store.getEvent(1))!.data).toEqual({ n: 1 });
  });

  it('lists concerns by filter and order, and finds delivered team cards among the message references', async () => {
    const store = createMemoryStore({ now: () => at('2026-03-02 12:00') });
    await store.createConcern(input('a', at('2026-03-02 10:00')), [], []);
    await store.createConcern({ ...input('b', at('2026-03-03 10:00')), teamId: 'ssp', slaEpoch: 1 }, [], []);
    expect((await store.listConcerns({ order: 'newest' })).map((c) => c.id)).toEqual(['b', 'a']);
    expect((await store.listConcerns({ teamId: 'ssp' })).map((c) => c.id)).toEqual(['b']);
    expect((await store.listConcerns({ createdFrom: at('2026-03-03 00:00') })).map((c) => c.id)).toEqual(['b']);
    expect((await store.listConcerns({ createdBefore: at('2026-03-03 00:00'), states: ['open'], limit: 5 })).map((c) => c.id)).toEqual(['a']);
    expect(await store.listConcerns({ limit: 0 })).toEqual([]);

    await store.appendEvents('b', [], [{ queue: 'notify', jobId: 'notify-b-team_card-1-ssp', data: { concernId: 'b', kind: 'team_card', seq: 1, teamId: 'ssp' } }]);
    expect(await store.listMessageRefs('b', 'team_card')).toEqual([]);
    store.deliver('notify-b-team_card-1-ssp', { platform: 'slack', ref: { ts: '1.1' } });
    await store.saveMessageRef('b', 'team_card', 'borgerservice', { platform: 'slack', ref: { ts: '0.9' } });
    expect(await store.listMessageRefs('b', 'team_card')).toEqual([
      { targetKey: 'borgerservice', ref: { platform: 'slack', ref: { ts: '0.9' } } },
      { targetKey: 'ssp', ref: { platform: 'slack', ref: { ts: '1.1' } } },
    ]);
  });

  it('hands the outbox over once, and takes back what the queue refused', async () => {
    const store = createMemoryStore();
    await store.appendEvents('x', [], [{ queue: 'route', jobId: 'route-x', data: {} }, { queue: 'route', jobId: 'route-y', data: {} }]);
    const taken = await store.takeEffects!(1);
    expect(taken.map((e) => e.jobId)).toEqual(['route-x']);
    expect((await store.pendingEffects(10)).map((e) => e.jobId)).toEqual(['route-y']);
    await store.returnEffects!([taken[0]!.id]);
    await store.markEffectsDispatched([2]);
    expect((await store.pendingEffects(10)).map((e) => e.jobId)).toEqual(['route-x']);
  });
});
