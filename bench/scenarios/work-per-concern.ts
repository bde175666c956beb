/**
 * Scenario 6 — work per concern, in one process so every statement and Redis command can be
 * counted: the core, the store and the workflows wired as `start` wires them (src/app/service.ts),
 * messengers that only record, the bench's own redis-server and database.
 *
 * - SQL statements (and transactions) per concern from intake to the team card delivered,
 *   counted by a wrapper around the driver (src/store/sql.ts);
 * - Redis round trips per concern: client commands seen by MONITOR (and, for comparison, `INFO
 *   commandstats`, which also counts commands inside Lua scripts), minus an idle window of the
 *   same length (workers poll even when there is nothing to do);
 * - CPU per concern against a floor measured in the same run: verify an HMAC signature, one
 *   INSERT, one BullMQ add and a no-op worker per item;
 * - Redis bytes per open concern once the reconciler has queued the work of 10,000 open concerns;
 * - a reconciler pass at 10,000 open concerns (the first one restores everything, the next one
 *   finds nothing missing);
 * - a burst of 1,000 escalation steps due at the same moment: time until all have fired.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker } from 'bullmq';
import pino from 'pino';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { durationMinutes } from '../../src/core/duration.js';
import type { Directory } from '../../src/core/directory.js';
import type { Messenger } from '../../src/core/ports.js';
import { createCore } from '../../src/core/service.js';
import * as store from '../../src/store/index.js';
import { createPgliteSql } from '../../src/store/pglite.js';
import type { Sql } from '../../src/store/sql.js';
import { createResponseTimesRecorder } from '../../src/store/response-times.js';
import { startWorkflows } from '../../workflows/index.js';
import { benchSchema, startBenchRedis, type BenchRedis } from '../lib/infra.js';
import { insertOpenConcerns } from '../lib/open-concerns.js';
import { count, ms, times, type Row } from '../lib/report.js';
import { withResources, type Resources } from '../lib/resources.js';
import type { Settings } from '../lib/settings.js';
import { round } from '../lib/stats.js';
import type { ScenarioOutcome } from './outcome.js';

const JENS = { platform: 'slack' as const, userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', workspaceId: 'T0UQ7C1X54X' };
const OPEN_CONCERNS = 10_000;
const BURST = 1_000;

interface Counter {
  statements: number;
  transactions: number;
}

/** The driver, counting every statement and transaction that passes through it. */
function countingSql(sql: Sql, counter: Counter): Sql {
  return {
    query(text, params) {
      counter.statements += 1;
      return sql.query(text, params);
    },
    transaction(fn) {
      counter.transactions += 1;
      return sql.transaction((tx) =>
        fn({
          query(text, params) {
            counter.statements += 1;
            return tx.query(text, params);
          },
        }),
      );
    },
    close: () => sql.close(),
  };
}

/**
 * Round trips as Redis sees them: every command a client sent (MONITOR shows commands run inside
 * Lua scripts with the source "lua"; those are not round trips, and INFO commandstats counts them).
 */
async function roundTripCounter(redis: BenchRedis): Promise<{ count(): number; stop(): void }> {
  let n = 0;
  const monitor = await redis.client.monitor(); // a connection of its own in monitor mode
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source !== 'lua' && args[0]?.toLowerCase() !== 'info') n += 1;
  });
  return { count: () => n, stop: () => void monitor.disconnect() };
}

async function redisCalls(redis: BenchRedis): Promise<number> {
  const info = await redis.client.info('commandstats');
  let total = 0;
  for (const match of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) if (match[1] !== 'info') total += Number(match[2]);
  return total;
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

function recordingMessenger(): Messenger & { sent: number } {
  const messenger = {
    sent: 0,
    async send() {
      messenger.sent += 1;
      return { platform: 'teams' as const, ref: { id: String(messenger.sent) } };
    },
    async update() {},
  };
  return messenger;
}

/** The floor: what any bot must do per concern — verify, one INSERT, one BullMQ add, a no-op worker. */
async function floor(resources: Resources, sql: Sql, redis: BenchRedis, items: number): Promise<{ cpuPerItem: number; redisPerItem: number; roundTripsPerItem: number }> {
  await sql.query('CREATE TABLE IF NOT EXISTS bench_floor (id text PRIMARY KEY, body text NOT NULL)');
  const prefix = `floor${randomUUID().slice(0, 6)}`;
  const connection = { url: redis.url, maxRetriesPerRequest: null };
  const queue: Queue = new Queue('floor', { connection, prefix });
  resources.add(queue, 'floor queue', () => queue.close());
  let done = 0;
  const worker: Worker = new Worker('floor', async () => void (done += 1), { connection, prefix, concurrency: 8 });
  resources.add(worker, 'floor worker', () => worker.close());
  await worker.waitUntilReady();
  const secret = 'bench-secret';
  const body = JSON.stringify({ type: 'view_submission', view: { state: { values: { description: 'x'.repeat(1500) } } } });
  const signature = createHmac('sha256', secret).update(`v0:1:${body}`).digest();
  const run = async (round: number) => {
    for (let i = 0; i < items; i++) {
      const check = createHmac('sha256', secret).update(`v0:1:${body}`).digest();
      if (!timingSafeEqual(check, signature)) throw new Error('signature');
      await sql.query('INSERT INTO bench_floor (id, body) VALUES ($1, $2)', [`${prefix}-${round}-${i}`, body]);
      await queue.add('x', { id: i }, { removeOnComplete: true });
    }
    while (done < items * (round + 1)) await sleep(5);
  };
  const calls0 = await redisCalls(redis);
  const cpu0 = cpuMs();
  await run(0);
  const cpuPerItem = (cpuMs() - cpu0) / items;
  const trips = await roundTripCounter(redis);
  await run(1);
  trips.stop();
  return { cpuPerItem, redisPerItem: ((await redisCalls(redis)) - calls0) / (2 * items), roundTripsPerItem: trips.count() / items };
}

export async function workPerConcern(settings: Settings, postgresUrl: string | null): Promise<ScenarioOutcome> {
  const concerns = settings.quick ? 50 : 200;
  const open = settings.quick ? 2_000 : OPEN_CONCERNS;
  const burst = settings.quick ? 200 : BURST;
  return withResources('work per concern', async (resources) => {
    const redis = await startBenchRedis(resources);
    const raw = postgresUrl ? (await benchSchema(resources, postgresUrl, 's6')).sql : await createPgliteSql('memory');
    if (!postgresUrl) resources.add(raw, 'pglite', () => raw.close());
    await store.runMigrations(raw);
    const counter: Counter = { statements: 0, transactions: 0 };
    const sql = countingSql(raw, counter);
    const base = loadDirectoryOrThrow();
    // Acute concerns on a short wall clock, so a burst can be made due at once. Team cards go out
    // at any hour: quiet hours would hold them until the next opening and the batch would wait.
    const directory: Directory = {
      ...base,
      teams: base.teams.map((team) => ({ ...team, quietHours: 'send' as const })),
      sla: { ...base.sla, acute: { acknowledgeWithin: '2h', clock: 'wall' } },
    };
    const concernStore = store.createConcernStore(sql);
    const deliveries = (store as { createDeliveryStore?: (s: Sql) => unknown }).createDeliveryStore?.(sql);
    const openConcerns = (store as { openConcernSource?: (s: Sql) => unknown }).openConcernSource;
    const core = createCore({ directory, store: concernStore, ...(deliveries ? { releaseWaiting: () => Promise.resolve(0) } : {}) });
    const teams = recordingMessenger();
    const slack = recordingMessenger();
    const workflows = startWorkflows({
      redis: { url: redis.url, prefix: 'bb' },
      store: concernStore,
      steps: core.steps,
      messengers: { teams, slack },
      logger: pino({ level: 'silent' }),
      runWorkers: true,
      outboxPollMs: 3_600_000,
      reconcileMs: 3_600_000,
      responseTimes: createResponseTimesRecorder(sql, core.calendar, directory),
      ...(deliveries ? { deliveries, openConcerns: openConcerns!(sql) } : {}),
    } as unknown as Parameters<typeof startWorkflows>[0]);
    resources.add(workflows, 'workflows', () => workflows.close());
    core.setKick(() => workflows.outbox.kick());
    await Promise.all(workflows.workers.map((w) => w.waitUntilReady()));
    await sleep(2_500); // the reconciler's first pass at start-up

    const idleSeconds = 3;
    const idleTrips = await roundTripCounter(redis);
    const idle0 = await redisCalls(redis);
    const idleSql0 = counter.statements;
    await sleep(idleSeconds * 1000);
    const idleRedisPerSecond = ((await redisCalls(redis)) - idle0) / idleSeconds;
    const idleTripsPerSecond = idleTrips.count() / idleSeconds;
    idleTrips.stop();
    const idleSqlPerSecond = (counter.statements - idleSql0) / idleSeconds;

    // Intake → team card delivered, N concerns, 10 at a time.
    const jens = core.identify(JENS)!;
    const form = { category: 'homelessness', departmentId: 'havnegaarden', address: 'Benchvej 1', urgency: 'normal', description: 'En mand sover i kælderen', residentKnows: 'no' };
    const batch = async () => {
      const sent0 = teams.sent + slack.sent;
      const t0 = performance.now();
      for (let i = 0; i < concerns; i += 10) {
        await Promise.all(Array.from({ length: Math.min(10, concerns - i) }, () => core.submitIntake(jens, form)));
      }
      while (teams.sent + slack.sent - sent0 < concerns) await sleep(5);
      // Let the delivery outcomes and queue completions land before reading the counters.
      await sleep(300);
      return (performance.now() - t0) / 1000;
    };
    const statements0 = counter.statements;
    const transactions0 = counter.transactions;
    const calls0 = await redisCalls(redis);
    const cpu0 = cpuMs();
    const seconds = await batch();
    const cpuPerConcern = (cpuMs() - cpu0) / concerns;
    const sqlPerConcern = (counter.statements - statements0 - idleSqlPerSecond * seconds) / concerns;
    const transactionsPerConcern = (counter.transactions - transactions0) / concerns;
    const redisPerConcern = ((await redisCalls(redis)) - calls0 - idleRedisPerSecond * seconds) / concerns;
    // A second batch under MONITOR (which costs this process CPU, so not in the batch above).
    const trips = await roundTripCounter(redis);
    const tripSeconds = await batch();
    const roundTripsPerConcern = (trips.count() - idleTripsPerSecond * tripSeconds) / concerns;
    trips.stop();

    const floorFigures = await floor(resources, raw, redis, concerns);

    // Open concerns: the reconciler queues their work; Redis memory per open concern.
    const slaMs = durationMinutes(directory.sla.acute.acknowledgeWithin) * 60_000;
    await insertOpenConcerns(raw, directory, { idPrefix: 'open', count: open, due: { kind: 'later' }, slaMs });
    const memory0 = await redis.usedMemory();
    const reconciler = workflows.reconciler!;
    let t = performance.now();
    const restored = await reconciler.runOnce();
    const firstPassMs = performance.now() - t;
    const bytesPerOpen = ((await redis.usedMemory()) - memory0) / open;
    t = performance.now();
    await reconciler.runOnce();
    const steadyPassMs = performance.now() - t;

    // A burst of steps due at one moment, queued by the reconciler.
    const dueAt = Date.now() + 4_000;
    await insertOpenConcerns(raw, directory, { idPrefix: 'burst', count: burst, due: { kind: 'window', firstDueMs: dueAt, windowMs: 0 }, slaMs });
    await reconciler.runOnce();
    // The probe shares the service's pool: it reads through the (type, at) index, not the whole log.
    const since = new Date(dueAt - 60_000);
    const fired = async () => (await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM concern_events WHERE type = 'escalated' AND at >= $1 AND starts_with(concern_id, 'burst')`, [since]))[0]?.n ?? 0;
    while ((await fired()) < burst && Date.now() < dueAt + 60_000) await sleep(20);
    const burstMs = Date.now() - dueAt;

    const rows: Row[] = [
      { metric: `SQL statements per concern (intake → card delivered, ${concerns} concerns)`, value: String(round(sqlPerConcern, 1)), baseline: 'target ≤ 10' },
      { metric: 'SQL transactions per concern', value: String(round(transactionsPerConcern, 1)) },
      { metric: 'Redis round trips per concern (MONITOR, client commands)', value: String(round(roundTripsPerConcern, 1)), baseline: `floor ${round(floorFigures.roundTripsPerItem, 1)}; target ≤ 16` },
      { metric: 'Redis commands per concern (INFO commandstats, incl. inside scripts)', value: String(round(redisPerConcern, 1)), baseline: `floor ${round(floorFigures.redisPerItem, 1)}` },
      { metric: 'CPU per concern', value: ms(cpuPerConcern), baseline: ms(floorFigures.cpuPerItem), ratio: times(cpuPerConcern / floorFigures.cpuPerItem) },
      { metric: `Redis per open concern (${count(open)} open)`, value: `${(bytesPerOpen / 1024).toFixed(2)} KiB`, baseline: 'target ≤ 1.1 KiB' },
      { metric: `reconciler pass at ${count(open)} open (first: restores ${count(restored)})`, value: ms(firstPassMs) },
      { metric: `reconciler pass at ${count(open)} open (nothing missing)`, value: ms(steadyPassMs), baseline: 'target ≤ 100 ms' },
      { metric: `burst of ${count(burst)} due steps: all fired after`, value: ms(burstMs), baseline: 'target ≤ 2000 ms' },
    ];
    return {
      status: 'ok',
      note: `in one process on ${postgresUrl ? 'PostgreSQL' : 'PGlite'}; idle background subtracted (${round(idleRedisPerSecond, 1)} Redis calls/s, ${round(idleSqlPerSecond, 1)} SQL/s)`,
      rows,
      data: { concerns, roundTripsPerConcern, idleTripsPerSecond, sqlPerConcern, transactionsPerConcern, redisPerConcern, cpuPerConcern, floor: floorFigures, bytesPerOpen, open, restored, firstPassMs, steadyPassMs, burst, burstMs, idleRedisPerSecond, idleSqlPerSecond },
    };
  });
}
