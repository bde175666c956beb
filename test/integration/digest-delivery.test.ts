/**
 * The weekly digest is a delivery like any other (issue 18): the fan-out owes each manager one
 * row per week however often it runs; a digest Slack refuses with 503 is retried; when Redis
 * restarts empty meanwhile, the reconciler re-creates the lost job from the database; and once
 * Slack is back the manager gets exactly one digest, with its chart, in the DM.
 * Whole service: its own redis-server, PGlite, workers, the chart process; Slack is the fake Web API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { startLocalRedis } from '../../src/app/redis-server.js';
import type { Directory } from '../../src/core/directory.js';
import { FAN_OUT, QUEUE } from '../../workflows/digest.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.js';
import { createRecordingMessenger } from '../support/recording-messenger.js';
import { startTestRedis, startTestService, type TestService } from '../support/service.js';

const TORBEN = 'U0FU872VN5G';
const TORBEN_DM = `D${TORBEN.slice(1)}`;
/** Waiting deliveries are retried only when a signal or a restart says so, within the test. */
const NEVER = 60 * 60_000;

/** The sample directory with Torben (SSP, two teams, on Slack) as its only manager. */
function torbenOnly(): Directory {
  const directory = structuredClone(loadDirectoryOrThrow());
  const only = (m: { slack: string[]; teams: string[] }) => ({ slack: m.slack.filter((u) => u === TORBEN), teams: [] });
  for (const team of directory.teams) team.managers = only(team.managers);
  for (const org of directory.organizations) org.managers = only(org.managers);
  return directory;
}

describe('the weekly digest as a delivery', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  it('reaches the manager exactly once, with its chart, after Slack answered 503 and Redis lost the job', async () => {
    const redis = await startTestRedis();
    cleanups.push(() => redis.stop());
    const slack: FakeSlack = await startFakeSlack({ token: 'xoxb-test' });
    cleanups.push(() => slack.close());
    slack.failNext('chat.postMessage', 'service_unavailable', 1_000);
    const service: TestService = await startTestService({
      redis,
      postgres: true,
      env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'test-secret', SLACK_API_URL: slack.apiUrl },
      directory: torbenOnly(),
      messengers: { teams: createRecordingMessenger('teams') },
      waitingRetryMs: NEVER,
    });
    cleanups.push(() => service.stop());
    const digestRow = async () => {
      const rows = await service.database.sql.query<{ id: string }>(`SELECT id FROM deliveries WHERE kind = 'digest'`);
      expect(rows.length).toBeLessThanOrEqual(1);
      return rows[0] ? service.database.deliveries.getDelivery(rows[0].id) : null;
    };

    // The Monday schedule fires, twice (two worker processes, or a retried fan-out).
    const queue = new Queue(QUEUE, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: service.redisPrefix });
    cleanups.push(() => queue.close());
    await queue.add(FAN_OUT, {});
    await queue.add(FAN_OUT, {});
    const failed = await service.waitFor(async () => {
      const row = await digestRow();
      return row?.state === 'pending' && row.attempts >= 1 ? row : null;
    }, { timeoutMs: 30_000 });
    expect(failed).toMatchObject({ platform: 'slack', reason: 'unavailable', job: { kind: 'digest', platform: 'slack', userId: TORBEN } });
    expect(failed.id).toMatch(/^digest-\d{4}-W\d{2}-slack-U0FU872VN5G$/);

    // Redis restarts with nothing: the retry job is gone; the database still owes the digest.
    await queue.close();
    await redis.stop();
    rmSync(redis.dataDir, { recursive: true, force: true });
    const again = await startLocalRedis({ dataDir: mkdtempSync(join(tmpdir(), 'bb-redis-empty-')), port: redis.port });
    redis.stop = again.stop;
    slack.failNext('chat.postMessage', 'service_unavailable', 0);

    await service.waitFor(async () => (await service.workflows.reconciler!.runOnce()) >= 0 && (await digestRow())?.state === 'delivered', { timeoutMs: 60_000 });
    // One more dispatcher and reconciler pass, and another fan-out for the same week: nothing more is sent.
    await service.workflows.outbox.dispatchOnce();
    await service.workflows.reconciler!.runOnce();
    const refire = new Queue(QUEUE, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: service.redisPrefix });
    cleanups.push(() => refire.close());
    const fanOut = await refire.add(FAN_OUT, {});
    await service.waitFor(async () => (await refire.getJob(fanOut.id!))?.finishedOn);
    await service.waitFor(async () => (await service.workflows.queues.notify.getJobCounts('waiting', 'active', 'delayed')).waiting === 0);

    const digests = slack.calls('chat.postMessage').filter((c) => c.response.ok === true && c.response.channel === TORBEN_DM);
    expect(digests).toHaveLength(1);
    expect(JSON.stringify(digests[0]!.args.blocks)).toContain('Ugerapport · SSP Nordfjord');
    const shared = slack.calls('files.completeUploadExternal').filter((c) => c.response.ok === true && c.args.channel_id === TORBEN_DM);
    expect(shared).toHaveLength(1);
    const charts = slack.files().filter((f) => f.completed && f.channel === TORBEN_DM);
    expect(charts.map((f) => f.filename).sort()).toEqual([expect.stringMatching(/^digest-team-ssp-.*\.png$/), expect.stringMatching(/^digest-team-ssp-vestervang-.*\.png$/)]);
    expect(charts.every((f) => f.bytes?.subarray(1, 4).toString() === 'PNG')).toBe(true);
    expect(await digestRow()).toMatchObject({ state: 'delivered', messageRef: { platform: 'slack', ref: { channel: TORBEN_DM, ts: digests[0]!.response.ts } } });
  }, 120_000);
});
