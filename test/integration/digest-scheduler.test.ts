/**
 * The Monday digest with two worker processes on one Redis and one database: one schedule however
 * many processes register it, exactly one digest owed per manager however often the fan-out runs,
 * and each delivery sends that manager one direct message about their own scopes.
 * The schedule fires every second here instead of Mondays at 07:30.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestRecipients } from '../../src/core/digest/scope.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { startLocalRedis, type LocalRedis } from '../../src/app/redis-server.js';
import { createDigestSource } from '../../src/store/digest-queries.js';
import { openStore, type OpenedStore } from '../../src/store/index.js';
import { FAN_OUT, QUEUE, digestProcessor, sendDigest, startDigestScheduler } from '../../workflows/digest.js';
import { processNotify, type NotifyDeps } from '../../workflows/notify.js';
import { createRecordingMessenger, messageText } from '../support/recording-messenger.js';
import { waitFor } from '../support/wait.js';

const directory = loadDirectoryOrThrow();
const HENRIK = '368897c3-c1b6-491e-a509-a0d77a793c53';

describe('weekly digest scheduler with two worker processes', () => {
  let redis: LocalRedis;
  let redisDir: string;
  let database: OpenedStore;
  const slack = createRecordingMessenger('slack');
  const teams = createRecordingMessenger('teams');
  const processes: { queue: Queue; worker: Worker }[] = [];
  let fanOuts = 0;

  beforeAll(async () => {
    redisDir = mkdtempSync(join(tmpdir(), 'bb-digest-redis-'));
    redis = await startLocalRedis({ dataDir: redisDir });
    database = await openStore('pglite:memory');
    // Henrik's Teams client speaks English; everyone else gets the municipality's Danish.
    await database.store.saveConversationRef('teams', HENRIK, { locale: 'en-GB', conversation: { id: 'a:1' } });
    const connection = { url: redis.url, maxRetriesPerRequest: null };
    for (let i = 0; i < 2; i++) {
      const queue = new Queue(QUEUE, { connection, prefix: 'bbtest-digest' });
      const worker = new Worker(
        QUEUE,
        digestProcessor({
          directory,
          digests: createDigestSource(database.sql),
          messengers: { slack, teams },
          conversations: database.store,
          deliveries: database.deliveries,
        }),
        { connection, prefix: 'bbtest-digest' },
      );
      worker.on('completed', (job) => {
        if (job.name === FAN_OUT) fanOuts += 1;
      });
      processes.push({ queue, worker });
    }
    // Each process registers the schedule at boot, as workflows/index.ts does.
    for (const { queue } of processes) await startDigestScheduler(queue, directory, { every: 1_000 });
  });

  afterAll(async () => {
    await processes[0]?.queue.removeJobScheduler('digest-weekly');
    for (const { worker, queue } of processes) {
      await worker.close();
      await queue.close();
    }
    await database?.sql.close();
    await redis?.stop();
    if (redisDir) rmSync(redisDir, { recursive: true, force: true });
  });

  it('keeps one schedule and sends each manager exactly one digest', async () => {
    expect(await processes[0]!.queue.getJobSchedulersCount()).toBe(1);
    const recipients = digestRecipients(directory);
    const owed = () => database.sql.query<{ id: string }>(`SELECT id FROM deliveries WHERE kind = 'digest' ORDER BY id`);
    await waitFor(async () => (await owed()).length >= recipients.length, { timeoutMs: 20_000 });
    // Let the schedule fire a few more times after everyone is owed theirs.
    const seen = fanOuts;
    await waitFor(() => fanOuts >= seen + 2, { timeoutMs: 20_000 });
    const rows = await owed();
    expect(rows).toHaveLength(recipients.length);

    const notifyDeps: NotifyDeps = {
      steps: {} as NotifyDeps['steps'],
      messengers: { slack, teams },
      deliveries: database.deliveries,
      sendDigest: (job, attempt) => sendDigest({ directory, digests: createDigestSource(database.sql), messengers: { slack, teams }, conversations: database.store }, job, attempt),
    };
    for (const { id } of rows) expect(await processNotify({ deliveryId: id }, notifyDeps)).toMatchObject({ state: 'delivered' });
    // A delivery done is done: a second attempt (a duplicate job) sends nothing.
    expect(await processNotify({ deliveryId: rows[0]!.id }, notifyDeps)).toEqual({ state: 'done' });

    const delivered = () => [...slack.sent(), ...teams.sent()];
    expect(delivered()).toHaveLength(recipients.length);
    for (const r of recipients) {
      const to = delivered().filter((m) => m.target?.kind === 'user' && m.target.platform === r.platform && m.target.userId === r.userId);
      expect(to, `${r.platform}/${r.userId}`).toHaveLength(1);
    }
    expect(await processes[1]!.queue.getJobSchedulersCount()).toBe(1);
  }, 60_000);

  it("registers the directory's cron in Copenhagen time, next firing on a Monday at 07:30", async () => {
    const queue = new Queue(QUEUE, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: 'bbtest-digest-cron' });
    try {
      await startDigestScheduler(queue, directory);
      await startDigestScheduler(queue, directory);
      const scheduler = await queue.getJobScheduler('digest-weekly');
      expect(scheduler).toMatchObject({ pattern: '30 7 * * 1', tz: 'Europe/Copenhagen' });
      expect(await queue.getJobSchedulersCount()).toBe(1);
      const next = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(scheduler!.next!));
      expect(next).toBe('Monday 07:30');
    } finally {
      await queue.removeJobScheduler('digest-weekly');
      await queue.close();
    }
  });

  it("writes to each manager about their own scopes, in the manager's language", () => {
    const torben = slack.sent().find((m) => m.target?.kind === 'user' && m.target.userId === 'U0FU872VN5G');
    const body = messageText(torben!.message);
    expect(body).toContain('Ugerapport · SSP Nordfjord');
    expect(body).toContain('Ugerapport · SSP Vestervang – lokalteam');
    expect(body).not.toContain('Boligsocial indgang');

    const henrik = teams.sent().find((m) => m.target?.kind === 'user' && m.target.userId === HENRIK);
    expect(henrik?.locale).toBe('en');
    expect(messageText(henrik!.message)).toContain('Weekly report · Boligsocial indgang');
  });
});
