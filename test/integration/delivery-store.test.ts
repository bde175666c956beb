/**
 * The deliveries table: a message owed is written with the change that owes it (or not at all),
 * handed to the queue once, and keeps its state changes and the platform's message reference.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyEffect, routeEffect } from '../../src/core/effects.js';
import type { NewConcern } from '../../src/core/ports.js';
import type { TestDatabase } from '../support/database.js';
import { testDatabases } from '../support/database.js';

const reporter = { platform: 'slack' as const, userId: 'U0CARETAKER', name: 'Karen Jensen', organizationId: 'vest', locale: 'da' as const };

const newConcern = (): NewConcern => ({
  id: randomUUID(),
  category: 'homelessness',
  urgency: 'normal',
  associationId: 'vest',
  departmentId: 'afd-12',
  districtId: 'vest',
  address: 'Blok 12',
  description: 'En mand sover i kælderen.',
  residentKnows: 'unknown',
  reporter,
  createdAt: new Date('2026-03-02T09:00:00Z'),
});

describe.each(testDatabases())('deliveries on $name', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => db.dispose());

  it('writes the messages a change owes in its transaction, once each, and none when the change loses', async () => {
    const input = newConcern();
    const { concern } = await db.store.createConcern(input, [], [routeEffect(input.id)]);
    const card = notifyEffect({ concernId: concern.id, kind: 'team_card', seq: 2, teamId: 'bolig' }, 2);
    await db.store.updateConcern(concern.id, concern.version, { teamId: 'bolig' }, [], [card, card]);
    // A stale version writes nothing, deliveries included.
    const stale = notifyEffect({ concernId: concern.id, kind: 'card_update', seq: 2 }, 'stale');
    expect(await db.store.updateConcern(concern.id, concern.version, { teamId: 'x' }, [], [stale])).toBeNull();

    expect(await db.deliveries.getDelivery(stale.jobId)).toBeNull();
    const row = await db.deliveries.getDelivery(card.jobId);
    expect(row).toMatchObject({ concernId: concern.id, state: 'pending', attempts: 0, job: { kind: 'team_card', teamId: 'bolig', seq: 2 } });
    // Owed messages are not outbox jobs: only the route job is there.
    expect((await db.store.pendingEffects(1000)).filter((e) => e.jobId.includes(concern.id)).map((e) => e.queue)).toEqual(['route']);

    const taken = await db.deliveries.takeUnqueuedDeliveries(new Date(), 1000);
    expect(taken.map((t) => t.id)).toContain(card.jobId);
    expect((await db.deliveries.takeUnqueuedDeliveries(new Date(), 1000)).map((t) => t.id)).not.toContain(card.jobId);
    expect((await db.deliveries.queuedDeliveries('', 1000)).map((t) => t.id)).toContain(card.jobId);
  });

  it('records waiting with its reason, releases it when the platform signals the fix, and keeps the reference on delivery', async () => {
    const input = newConcern();
    const { concern } = await db.store.createConcern(input, [], []);
    const card = notifyEffect({ concernId: concern.id, kind: 'team_card', seq: 2, teamId: 'bolig' }, 2);
    await db.store.appendEvents(concern.id, [], [card]);
    await db.deliveries.takeUnqueuedDeliveries(new Date(), 1000);

    const later = new Date(Date.now() + 3_600_000);
    await db.deliveries.recordDeliveryOutcome(card.jobId, { state: 'waiting', platform: 'slack', reason: 'not_in_channel', dueAt: later }, new Date());
    expect((await db.deliveries.listWaiting(100)).find((w) => w.id === card.jobId)).toMatchObject({ concernRef: concern.ref, kind: 'team_card', platform: 'slack', reason: 'not_in_channel', attempts: 1 });
    // Not due yet: the dispatcher leaves it.
    expect((await db.deliveries.takeUnqueuedDeliveries(new Date(), 1000)).map((t) => t.id)).not.toContain(card.jobId);
    // A Teams signal does not release a Slack delivery; a Slack one does.
    await db.deliveries.releaseWaiting('teams');
    expect((await db.deliveries.takeUnqueuedDeliveries(new Date(), 1000)).map((t) => t.id)).not.toContain(card.jobId);
    expect(await db.deliveries.releaseWaiting('slack')).toBeGreaterThanOrEqual(1);
    expect((await db.deliveries.takeUnqueuedDeliveries(new Date(), 1000)).map((t) => t.id)).toContain(card.jobId);

    const ref = { platform: 'slack' as const, ref: { channel: 'C0BOLIG001', ts: '1712.0001' } };
    await db.deliveries.recordDeliveryOutcome(card.jobId, { state: 'delivered', platform: 'slack', messageRef: ref }, new Date());
    expect(await db.deliveries.getDelivery(card.jobId)).toMatchObject({ state: 'delivered', reason: null, attempts: 2, messageRef: ref });
    const [history] = await db.sql.query<{ history: { state: string; reason: string | null }[] }>('SELECT history FROM deliveries WHERE id = $1', [card.jobId]);
    expect(history!.history.map((h) => [h.state, h.reason ?? null])).toEqual([['pending', null], ['waiting', 'not_in_channel'], ['delivered', null]]);
    const counts = await db.deliveries.countDeliveries();
    expect(counts.find((c) => c.state === 'delivered' && c.platform === 'slack')?.count).toBeGreaterThanOrEqual(1);
  });
});
