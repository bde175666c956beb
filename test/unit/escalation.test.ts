/**
 * The escalation ladder (src/core/escalation.ts) against the in-memory store. Sample ladder:
 * 100 % remind the team, 150 % notify the backup team, 200 % notify the managers. A normal concern
 * has 4 business hours; raised Monday 2 March 2026 10:00, its steps fall due Monday 14:00,
 * Tuesday 08:30 (Monday closes 15:30) and Tuesday 10:30.
 */
import { describe, expect, it } from 'vitest';
import type { EscalateJob } from '../../src/core/effects.js';
import {
  armEscalation,
  escalationJobIds,
  expectedWork,
  fireEscalationStep,
  hasEscalatedToBackup,
  nextEscalation,
} from '../../src/core/escalation.js';
import { SYSTEM } from '../../src/core/model.js';
import { at, show } from '../support/calendar.js';
import { seedConcern, testCore, type TestCore } from '../support/core-context.js';

const MONDAY = at('2026-03-02 10:00');
const job = (step: number, epoch = 1): EscalateJob => ({ concernId: 'c1', step, epoch });
const due = (effects: { runAt?: Date }[]) => effects.map((e) => (e.runAt ? show(e.runAt) : null));

async function setup(edit?: Parameters<typeof testCore>[1], seed: Parameters<typeof seedConcern>[1] = {}) {
  const core = testCore(MONDAY, edit);
  const concern = await seedConcern(core, seed);
  return { core, concern };
}

const deliveryIds = (core: TestCore) => core.store.deliveries().map((d) => d.id);

describe('arming the ladder', () => {
  it('queues only the first step, at 100 % of the target', async () => {
    const { core, concern } = await setup();
    const effects = armEscalation(core.ctx, concern, MONDAY);
    // The job carries when the clock started, so the step needs no read of the event log.
    expect(effects).toEqual([
      { queue: 'escalate', jobId: 'escalate-c1-1-0', data: { concernId: 'c1', step: 0, epoch: 1, clockStartedAt: '2026-03-02T09:00:00.000Z' }, runAt: at('2026-03-02 14:00') },
    ]);
  });

  it('places each later step at its share of the target, and none past the last', async () => {
    const { core, concern } = await setup();
    expect(due(nextEscalation(core.ctx, concern, MONDAY, 1))).toEqual(['Tue 2026-03-03 08:30']);
    expect(due(nextEscalation(core.ctx, concern, MONDAY, 2))).toEqual(['Tue 2026-03-03 10:30']);
    expect(nextEscalation(core.ctx, concern, MONDAY, 3)).toEqual([]);
    expect(nextEscalation(core.ctx, { ...concern, slaEpoch: 4 }, MONDAY, 2)[0]!.jobId).toBe('escalate-c1-4-2');
  });

  it("follows the urgency's clock and the category's own target", async () => {
    const { core, concern } = await setup();
    // Acute: 15 minutes on the wall clock, even on a Saturday night.
    const saturday = at('2026-03-07 23:50');
    expect(due(nextEscalation(core.ctx, { ...concern, urgency: 'acute' }, saturday, 1))).toEqual(['Sun 2026-03-08 00:12']);
    // Mental health, high: 30 business minutes (not the directory's 1 hour).
    expect(due(armEscalation(core.ctx, { ...concern, category: 'mental_health', urgency: 'high' }, MONDAY))).toEqual(['Mon 2026-03-02 10:30']);
  });

  it('names the step waiting in the queue for the current epoch', async () => {
    const { core, concern } = await setup();
    expect(escalationJobIds(core.ctx, { ...concern, escalationLevel: 2, slaEpoch: 3 })).toEqual(['escalate-c1-3-2']);
  });
});

describe('what an open concern should have queued', () => {
  it('is its route job while it has no team', async () => {
    const { core, concern } = await setup(undefined, { teamId: null });
    expect(expectedWork(core.ctx, concern, MONDAY)).toEqual([{ queue: 'route', jobId: 'route-c1', data: { concernId: 'c1' } }]);
  });

  it('is the next ladder step counted from when the clock started', async () => {
    const { core, concern } = await setup();
    const tuesday = at('2026-03-03 09:00');
    // 150 % of 4 business hours from Tuesday 09:00 is 6 hours later, before Tuesday's 15:30 closing.
    expect(expectedWork(core.ctx, { ...concern, escalationLevel: 1 }, tuesday)).toEqual([
      { queue: 'escalate', jobId: 'escalate-c1-1-1', data: { concernId: 'c1', step: 1, epoch: 1, clockStartedAt: '2026-03-03T08:00:00.000Z' }, runAt: at('2026-03-03 15:00') },
    ]);
    expect(expectedWork(core.ctx, { ...concern, escalationLevel: 3 }, tuesday)).toEqual([]);
  });

  it('is nothing once acknowledged, waiting or closed', async () => {
    const { core, concern } = await setup();
    for (const state of ['acknowledged', 'waiting', 'resolved', 'withdrawn'] as const) {
      expect(expectedWork(core.ctx, { ...concern, state }, MONDAY)).toEqual([]);
    }
  });
});

describe('firing a step', () => {
  it('reminds the team at 100 %, records how long it waited, and queues the next step', async () => {
    const { core, concern } = await setup();
    core.setNow(at('2026-03-02 14:00'));
    expect(await fireEscalationStep(core.ctx, job(0))).toBe('fired');
    const updated = (await core.store.getConcern(concern.id))!;
    expect(updated).toMatchObject({ escalationLevel: 1, version: 2, state: 'open' });
    const events = await core.store.listEvents(concern.id);
    expect(events.at(-1)).toMatchObject({
      type: 'escalated',
      actor: SYSTEM,
      at: at('2026-03-02 14:00'),
      data: { seq: 2, step: 0, notify: 'team', percent: 100, elapsedMinutes: 240, teamId: 'bolig-indgang', teamName: 'Boligsocial indgang (hjemløshed og udsættelse)' },
    });
    expect(deliveryIds(core)).toEqual(['notify-c1-card_update-2', 'notify-c1-team_event-2-bolig-indgang']);
    expect(core.store.outbox().map((e) => [e.jobId, show(e.runAt!)])).toEqual([['escalate-c1-1-1', 'Tue 2026-03-03 08:30']]);
    expect(core.kicks()).toBe(1);
  });

  it('sends the backup team a card at 150 %, from when it opens it may act', async () => {
    const { core, concern } = await setup();
    await core.store.updateConcern(concern.id, 1, { escalationLevel: 1 }, [], []);
    core.setNow(at('2026-03-03 08:30'));
    expect(await fireEscalationStep(core.ctx, job(1))).toBe('fired');
    const events = await core.store.listEvents(concern.id);
    expect(events.at(-1)!.data).toMatchObject({ seq: 3, step: 1, notify: 'backup', percent: 150, elapsedMinutes: 360 });
    expect(deliveryIds(core)).toEqual(['notify-c1-card_update-3', 'notify-c1-team_card-3-socialpsykiatri']);
    expect(core.store.outbox().map((e) => e.jobId)).toEqual(['escalate-c1-1-2']);
    expect(hasEscalatedToBackup(core.ctx.directory, (await core.store.getConcern(concern.id))!)).toBe(true);
  });

  it('reminds the team instead when it has no backup team', async () => {
    const { core, concern } = await setup((d) => {
      delete d.teams.find((t) => t.id === 'bolig-indgang')!.backup;
    });
    await core.store.updateConcern(concern.id, 1, { escalationLevel: 1 }, [], []);
    expect(await fireEscalationStep(core.ctx, job(1))).toBe('fired');
    expect((await core.store.listEvents(concern.id)).at(-1)!.data.notify).toBe('team');
    expect(deliveryIds(core)).toEqual(['notify-c1-card_update-3', 'notify-c1-team_event-3-bolig-indgang']);
  });

  it('writes to every manager of the team on each platform at 200 %, and queues nothing after the last step', async () => {
    const { core, concern } = await setup(undefined, { category: 'mental_health', teamId: 'socialpsykiatri' });
    await core.store.updateConcern(concern.id, 1, { escalationLevel: 2 }, [], []);
    expect(await fireEscalationStep(core.ctx, job(2))).toBe('fired');
    expect(deliveryIds(core)).toEqual([
      'notify-c1-card_update-3',
      'notify-c1-manager_event-3-slack_U0Q3BWL6FDB',
      'notify-c1-manager_event-3-teams_e30b452b-f284-4d37-953d-4da160a51734',
    ]);
    expect(core.store.deliveries()[2]!.data).toEqual({ concernId: 'c1', kind: 'manager_event', seq: 3, recipient: 'teams/e30b452b-f284-4d37-953d-4da160a51734' });
    expect(core.store.outbox()).toEqual([]);
    expect((await core.store.getConcern(concern.id))!.escalationLevel).toBe(3);
  });

  it('counts the time from the latest reassignment or reopening, however the history reads', async () => {
    // Reopened at Monday 12:00 and, later in the log, reassigned with an earlier time stamp:
    // the last of them in the log started the clock.
    const { core, concern } = await setup(undefined, {
      events: [
        { type: 'created', actor: SYSTEM, at: MONDAY },
        { type: 'routed', actor: SYSTEM, at: MONDAY },
        { type: 'reopened', actor: SYSTEM, at: at('2026-03-02 12:00') },
        { type: 'reassigned', actor: SYSTEM, at: at('2026-03-02 11:00') },
        { type: 'acknowledged', actor: SYSTEM, at: at('2026-03-02 13:00') },
      ],
    });
    core.setNow(at('2026-03-02 15:00'));
    await fireEscalationStep(core.ctx, job(0));
    expect((await core.store.listEvents(concern.id)).at(-1)!.data.elapsedMinutes).toBe(240);
    expect(core.store.outbox().map((e) => show(e.runAt!))).toEqual(['Tue 2026-03-03 09:30']);
  });

  it('counts the time from a reopening', async () => {
    // Raised on Friday 27 February, resolved, reopened on Monday at 10:00.
    const { core, concern } = await setup(undefined, {
      createdAt: at('2026-02-27 09:00'),
      events: [
        { type: 'routed', actor: SYSTEM, at: at('2026-02-27 09:00') },
        { type: 'resolved', actor: SYSTEM, at: at('2026-02-27 10:00') },
        { type: 'reopened', actor: SYSTEM, at: MONDAY },
      ],
    });
    core.setNow(at('2026-03-02 14:00'));
    await fireEscalationStep(core.ctx, job(0));
    expect((await core.store.listEvents(concern.id)).at(-1)!.data.elapsedMinutes).toBe(240);
  });

  it("writes to the managers of a team that has no backup team at the managers' step", async () => {
    const { core, concern } = await setup((d) => {
      delete d.teams.find((t) => t.id === 'bolig-indgang')!.backup;
    });
    await core.store.updateConcern(concern.id, 1, { escalationLevel: 2 }, [], []);
    expect(await fireEscalationStep(core.ctx, job(2))).toBe('fired');
    expect((await core.store.listEvents(concern.id)).at(-1)!.data.notify).toBe('managers');
    expect(deliveryIds(core)).toEqual(['notify-c1-card_update-3', 'notify-c1-manager_event-3-teams_368897c3-c1b6-491e-a509-a0d77a793c53']);
  });

  it('does nothing when the world moved on', async () => {
    const { core, concern } = await setup();
    expect(await fireEscalationStep(core.ctx, { concernId: 'gone', step: 0, epoch: 1 })).toBe('skipped');
    expect(await fireEscalationStep(core.ctx, job(3))).toBe('skipped');
    expect(await fireEscalationStep(core.ctx, job(0, 2))).toBe('skipped');
    expect(await fireEscalationStep(core.ctx, job(0, 0))).toBe('skipped');
    await core.store.updateConcern(concern.id, 1, { escalationLevel: 1 }, [], []);
    expect(await fireEscalationStep(core.ctx, job(0))).toBe('skipped');
    await core.store.updateConcern(concern.id, 2, { state: 'acknowledged' }, [], []);
    expect(await fireEscalationStep(core.ctx, job(1))).toBe('skipped');
    expect((await core.store.listEvents(concern.id)).map((e) => e.type)).toEqual(['created', 'routed']);
    expect(core.store.deliveries()).toEqual([]);
    expect(core.kicks()).toBe(0);
  });

  it('writes nothing when the concern changed before the step could record itself', async () => {
    const { core, concern } = await setup();
    // Someone acknowledges between the job's start and its write: the conditional update finds no open concern.
    await core.store.updateConcern(concern.id, 1, { state: 'acknowledged' }, [], []);
    expect(await fireEscalationStep(core.ctx, job(0))).toBe('skipped');
    expect((await core.store.listEvents(concern.id)).map((e) => e.type)).toEqual(['created', 'routed']);
    expect(core.kicks()).toBe(0);

    // A note meanwhile changes nothing the ladder looks at: the step fires on the fresh version.
    const noted = await setup();
    await noted.core.store.updateConcern('c1', 1, {}, [{ type: 'noted', actor: SYSTEM, at: MONDAY }], []);
    expect(await fireEscalationStep(noted.core.ctx, job(0))).toBe('fired');
    expect((await noted.core.store.listEvents('c1')).map((e) => [e.type, e.data.seq])).toEqual([['created', 1], ['routed', 1], ['noted', undefined], ['escalated', 3]]);
  });
});

describe('whether the backup team is on duty', () => {
  it('is so once a backup step has fired in this epoch, not after a reminder alone', () => {
    const ladder = { escalation: [{ at: 100, notify: 'team' as const }, { at: 150, notify: 'backup' as const }, { at: 200, notify: 'managers' as const }] };
    expect([0, 1, 2, 3].map((escalationLevel) => hasEscalatedToBackup(ladder, { escalationLevel }))).toEqual([false, false, true, true]);
    expect(hasEscalatedToBackup({ escalation: [{ at: 100, notify: 'team' }] }, { escalationLevel: 1 })).toBe(false);
  });
});
