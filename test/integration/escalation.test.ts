/**
 * The escalation ladder on real Redis with second-scale wall-clock SLAs: reminder at 100 %,
 * backup team at 150 %, managers at 200 %; cancelled by an acknowledgement, re-armed by a
 * reassignment, and still firing once each after a restart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/core/identity.js';
import type { Concern } from '../../src/core/model.js';
import { fastSlaDirectory } from '../support/directories.js';
import { createRecordingMessenger, messageText, type RecordingMessenger } from '../support/recording-messenger.js';
import { startTestRedis, startTestService, type TestService } from '../support/service.js';

const JENS = { platform: 'slack' as const, userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', workspaceId: 'T0UQ7C1X54X' };
const JONAS = { platform: 'teams' as const, userId: '4fe33ae6-dcd5-45fa-8d83-f25f798ce1d4', name: 'Jonas Holm' };
const HENRIK_MANAGER = '368897c3-c1b6-491e-a509-a0d77a793c53';
const SOCIALPSYKIATRI_CHANNEL = 'C0RV4FF682F';
const SSP_CHANNEL = 'C0Y3HL92KUD';

const form = {
  category: 'homelessness',
  departmentId: 'havnegaarden',
  address: 'Havnegade 12',
  urgency: 'normal',
  description: 'En mand sover i kælderen',
  residentKnows: 'no',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function raise(service: TestService, reporter: Identity): Promise<Concern> {
  const result = await service.core.submitIntake(reporter, form);
  if (result.kind !== 'created') throw new Error(`not created: ${result.kind}`);
  return result.concern;
}

async function escalations(service: TestService, concernId: string) {
  return (await service.store.listEvents(concernId)).filter((e) => e.type === 'escalated');
}

describe('escalation ladder', () => {
  let service: TestService;
  let slack: RecordingMessenger;
  let teams: RecordingMessenger;
  let jens: Identity;
  let jonas: Identity;

  beforeAll(async () => {
    slack = createRecordingMessenger('slack');
    teams = createRecordingMessenger('teams');
    service = await startTestService({ directory: fastSlaDirectory(2), messengers: { slack, teams } });
    jens = service.core.identify(JENS)!;
    jonas = service.core.identify(JONAS)!;
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('reminds the team, then the backup team, then the managers, each once', async () => {
    const concern = await raise(service, jens);
    const fired = await service.waitFor(async () => {
      const list = await escalations(service, concern.id);
      return list.length === 3 ? list : null;
    }, { timeoutMs: 15_000 });
    expect(fired.map((e) => e.data.step)).toEqual([0, 1, 2]);
    expect(fired.map((e) => e.data.notify)).toEqual(['team', 'backup', 'managers']);
    const created = concern.createdAt.getTime();
    // Each step fires no earlier than its share of the 2 s target.
    expect(fired[0]!.at.getTime() - created).toBeGreaterThanOrEqual(2_000);
    expect(fired[1]!.at.getTime() - created).toBeGreaterThanOrEqual(3_000);
    expect(fired[2]!.at.getTime() - created).toBeGreaterThanOrEqual(4_000);

    const reminder = await service.waitFor(() => teams.sent().find((r) => r.target?.kind === 'channel' && messageText(r.message).includes('Påmindelse')));
    expect(messageText(reminder.message)).toContain(concern.ref);
    const backup = await service.waitFor(() => slack.sent().find((r) => r.target?.kind === 'channel' && r.target.platform === 'slack' && 'channel' in r.target && r.target.channel === SOCIALPSYKIATRI_CHANNEL));
    expect(messageText(backup.message)).toContain('backup');
    expect(messageText(backup.message)).toContain('[concern.ack]');
    const manager = await service.waitFor(() => teams.sent().find((r) => r.target?.kind === 'user' && r.target.userId === HENRIK_MANAGER));
    expect(messageText(manager.message)).toContain(concern.ref);
    // The team's card says it was not acknowledged in time.
    const update = await service.waitFor(() => teams.updates().find((r) => messageText(r.message).includes('Påmindelse: ikke kvitteret efter')));
    expect(messageText(update.message)).toContain(concern.ref);

    // The ladder is over: nothing more is queued, and its last step fired again does nothing.
    expect((await service.workflows.queues.escalate.getDelayed()).filter((job) => job.data.concernId === concern.id)).toEqual([]);
    expect(await service.core.steps.escalate({ concernId: concern.id, step: 2, epoch: concern.slaEpoch })).toBe('skipped');
    expect(await escalations(service, concern.id)).toHaveLength(3);
  }, 30_000);

  it('lets the backup team act only once the ladder has notified it', async () => {
    const concern = await raise(service, jens);
    const louise = service.core.identify({ platform: 'slack', userId: 'U0U3MBCN6SY', name: 'Louise Dahl' })!;
    // Before any step (and the 100 % reminder to the team alone does not change this): not theirs.
    expect(await service.core.act(louise, concern.id, { type: 'ack' })).toMatchObject({ ok: false, code: 'not_found' });
    await service.waitFor(async () => (await escalations(service, concern.id)).some((e) => e.data.notify === 'backup'), { timeoutMs: 15_000 });
    const result = await service.core.act(louise, concern.id, { type: 'ack' });
    expect(result).toMatchObject({ ok: true, repeated: false, concern: { state: 'acknowledged', acknowledgedBy: { name: 'Louise Dahl' } } });
  }, 20_000);

  it('stops the ladder when the concern is acknowledged and removes the pending steps', async () => {
    const concern = await raise(service, jens);
    await service.waitFor(async () => (await service.store.getConcern(concern.id))?.teamId);
    const ack = await service.core.act(jonas, concern.id, { type: 'ack' });
    expect(ack.ok).toBe(true);
    await service.waitFor(async () => {
      const delayed = await service.workflows.queues.escalate.getDelayed();
      return !delayed.some((job) => job.data.concernId === concern.id);
    });
    // Even a step that was already running when it was removed re-checks the concern and does nothing.
    expect(await service.core.steps.escalate({ concernId: concern.id, step: 0, epoch: concern.slaEpoch })).toBe('skipped');
    expect(await escalations(service, concern.id)).toHaveLength(0);
  }, 20_000);

  it('re-arms the ladder for the new team on reassignment', async () => {
    const concern = await raise(service, jens);
    await service.waitFor(async () => (await service.store.getConcern(concern.id))?.teamId);
    await sleep(1_000);
    const moved = await service.core.act(jonas, concern.id, { type: 'reassign', teamId: 'ssp', reason: 'Det drejer sig om unge' });
    expect(moved.ok).toBe(true);
    const movedAt = Date.now();
    const first = await service.waitFor(async () => (await escalations(service, concern.id))[0], { timeoutMs: 10_000 });
    // The old team's reminder (due 2 s after creation) did not fire; the new clock started at the move.
    expect(first.at.getTime() - movedAt).toBeGreaterThanOrEqual(1_900);
    expect(first.data.teamId).toBe('ssp');
    const reminder = await service.waitFor(() => slack.sent().find((r) => r.target?.kind === 'channel' && 'channel' in r.target && r.target.channel === SSP_CHANNEL && messageText(r.message).includes('Påmindelse')));
    expect(messageText(reminder.message)).toContain(concern.ref);
  }, 20_000);
});

describe('escalation after a restart', () => {
  it('fires every pending step once, on time, after the service was stopped and started again', async () => {
    const redis = await startTestRedis();
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-restart-'));
    const env = { DATABASE_URL: `pglite:${join(dataDir, 'pg')}` };
    const directory = fastSlaDirectory(3);
    const teams = createRecordingMessenger('teams');
    const slack = createRecordingMessenger('slack');

    const first = await startTestService({ redis, env, directory, messengers: { teams, slack } });
    const jens = first.core.identify(JENS)!;
    const concern = await raise(first, jens);
    await first.waitFor(async () => (await first.store.getConcern(concern.id))?.teamId);
    // Only the next step waits in Redis; each step queues the following one when it fires.
    await first.waitFor(async () => (await first.workflows.queues.escalate.getDelayed()).length === 1);
    await first.stop();

    const second = await startTestService({ redis, env, directory, messengers: { teams, slack } });
    try {
      const fired = await second.waitFor(async () => {
        const list = await escalations(second, concern.id);
        return list.length === 3 ? list : null;
      }, { timeoutMs: 20_000 });
      expect(fired.map((e) => e.data.step)).toEqual([0, 1, 2]);
      expect(fired[0]!.at.getTime() - concern.createdAt.getTime()).toBeGreaterThanOrEqual(3_000);
      expect((await second.workflows.queues.escalate.getDelayed()).filter((job) => job.data.concernId === concern.id)).toEqual([]);
      expect(await escalations(second, concern.id)).toHaveLength(3);
    } finally {
      await second.stop();
      await redis.stop();
    }
  }, 120_000); // two starts, the first creating the PGlite folder (initdb: tens of seconds on a busy machine)

  it('re-creates steps that Redis lost while the service was down', async () => {
    const redis = await startTestRedis();
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-restart-'));
    const env = { DATABASE_URL: `pglite:${join(dataDir, 'pg')}` };
    const directory = fastSlaDirectory(3);
    const messengers = { teams: createRecordingMessenger('teams'), slack: createRecordingMessenger('slack') };

    const first = await startTestService({ redis, env, directory, messengers });
    const concern = await raise(first, first.core.identify(JENS)!);
    await first.waitFor(async () => (await first.workflows.queues.escalate.getDelayed()).length === 1);
    // Simulate Redis losing the delayed jobs (e.g. a flushed instance).
    for (const job of await first.workflows.queues.escalate.getDelayed()) await job.remove();
    await first.stop();

    const second = await startTestService({ redis, env, directory, messengers });
    try {
      const fired = await second.waitFor(async () => {
        const list = await escalations(second, concern.id);
        return list.length === 3 ? list : null;
      }, { timeoutMs: 20_000 });
      expect(fired.map((e) => e.data.step)).toEqual([0, 1, 2]);
    } finally {
      await second.stop();
      await redis.stop();
    }
  }, 120_000); // two starts, the first creating the PGlite folder (initdb: tens of seconds on a busy machine)
});
