/**
 * The composition root: the one place that wires directory, store, Redis, core, adapters,
 * workflows and HTTP. `npm start` runs everything in one process; --role splits web and worker.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { WaitingDelivery } from '../core/deliveries.js';
import { startupProblems } from './checks.js';
import type { Messengers, Clock } from '../core/ports.js';
import { createCore, type Core } from '../core/service.js';
import type { Directory } from '../core/directory.js';
import { DEFAULT_DIRECTORY_FILE, loadDirectoryOrThrow } from './directory-file.js';
import { createHttpApp } from './http-server.js';
import type { Config } from './env.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createRedisDedupe } from './redis-dedupe.js';
import { startLocalRedis } from './redis-server.js';
import { startPlatforms } from './platforms.js';
import { createDigestSource } from '../store/digest-queries.js';
import { anonymiseClosedBefore, openConcernsPage, openStore, type OpenedStore } from '../store/index.js';
import { createResponseTimesRecorder } from '../store/response-times.js';
import { startWorkflows, type Workflows } from '../../workflows/index.js';
import { reconnectWithin2s } from '../../workflows/connection.js';

export type Role = 'all' | 'web' | 'worker';

/** A waiting delivery as /readyz and `doctor` show it: what, where, why, since when. */
export const describeWaiting = (w: WaitingDelivery) => ({
  id: w.id,
  concern: w.concernRef,
  kind: w.kind,
  platform: w.platform,
  reason: w.reason,
  attempts: w.attempts,
  since: w.since.toISOString(),
});

export interface ServiceOptions {
  config: Config;
  role?: Role;
  logger?: Logger;
  /** Extra or replacement messengers (tests use a recording one). */
  messengers?: Messengers;
  /** Directory already loaded (tests); otherwise read from config.directoryFile or the sample. */
  directory?: Directory;
  /** BullMQ and dedupe key prefix (default "bb"); tests use their own. */
  redisPrefix?: string;
  /** PostgreSQL schema (tests). */
  databaseSchema?: string;
  clock?: Clock;
  outboxPollMs?: number;
  /** How often the reconciler compares Redis with the database (default 60 s). */
  reconcileMs?: number;
  /** How long a waiting delivery rests before it is tried again (default 5 minutes). */
  waitingRetryMs?: number;
}

export interface RunningService {
  url: string;
  port: number;
  core: Core;
  database: OpenedStore;
  workflows: Workflows;
  redisUrl: string;
  logger: Logger;
  stop(): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config } = options;
  const role = options.role ?? 'all';
  const logger = options.logger ?? createLogger(config.logLevel, { service: 'brobygger', role });
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err: unknown) => logger.warn({ err }, 'error while stopping'));
  };

  try {
    const directoryFile = config.directoryFile ?? DEFAULT_DIRECTORY_FILE;
    const directory = options.directory ?? loadDirectoryOrThrow(directoryFile);
    logger.info({ component: 'directory' }, `Directory: ${options.directory ? '(given)' : directoryFile} — ${directory.organizations.length} organisations, ${directory.teams.length} teams`);

    const inMemory = config.database.kind === 'pglite' && ['memory', 'memory://'].includes(config.database.dataDir);
    if (config.database.kind === 'pglite' && !inMemory) mkdirSync(config.database.dataDir, { recursive: true });
    const databaseUrl = config.database.kind === 'postgres' ? config.database.url : inMemory ? 'pglite:memory' : `pglite:${config.database.dataDir}`;
    const database = await openStore(databaseUrl, {
      timezone: directory.municipality.timezone,
      ...(options.databaseSchema ? { schema: options.databaseSchema } : {}),
      onError: (err) => logger.warn({ component: 'database', err }, 'database connection error'),
    });
    cleanups.push(() => database.sql.close());
    logger.info({ component: 'database' }, `Database: ${database.describe}`);

    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      const local = await startLocalRedis({ dataDir: join(config.dataDir, 'redis'), logger });
      cleanups.push(() => local.stop());
      redisUrl = local.url;
      logger.info({ component: 'redis' }, `Redis: started redis-server at ${redisUrl} (data in ${join(config.dataDir, 'redis')})`);
    } else {
      logger.info({ component: 'redis' }, 'Redis: using REDIS_URL');
    }
    const prefix = options.redisPrefix ?? 'bb';
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, retryStrategy: reconnectWithin2s });
    redis.on('error', (err) => logger.debug({ component: 'redis', err }, 'redis connection error'));
    cleanups.push(async () => void redis.disconnect());
    await redis.connect();

    const digests = createDigestSource(database.sql);
    const core = createCore({
      directory,
      store: database.store,
      digests,
      releaseWaiting: (platform) => database.deliveries.releaseWaiting(platform),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const platforms = await startPlatforms(config, {
      core,
      dedupe: createRedisDedupe(redis, prefix, logger),
      conversations: database.store,
      logger,
      defaultLocale: directory.municipality.language,
    });
    cleanups.push(() => platforms.stop());
    const messengers: Messengers = { ...platforms.messengers, ...options.messengers };

    const runWorkers = role !== 'web';
    const workflows = startWorkflows({
      redis: { url: redisUrl, prefix },
      store: database.store,
      deliveries: database.deliveries,
      openConcerns: (afterId, limit) => openConcernsPage(database.sql, afterId, limit),
      steps: core.steps,
      messengers,
      logger,
      runWorkers,
      retention: {
        days: directory.retention?.days ?? config.retentionDays,
        timezone: directory.municipality.timezone,
        anonymiseClosedBefore: (before) => anonymiseClosedBefore(database.sql, before),
      },
      responseTimes: createResponseTimesRecorder(database.sql, core.calendar, directory.sla),
      digest: { directory, digests, conversations: database.store },
      ...(options.outboxPollMs ? { outboxPollMs: options.outboxPollMs } : {}),
      ...(options.reconcileMs ? { reconcileMs: options.reconcileMs } : {}),
      ...(options.waitingRetryMs ? { waitingRetryMs: options.waitingRetryMs } : {}),
    });
    cleanups.push(() => workflows.close());
    core.setKick(() => workflows.outbox.kick());
    // Waiting deliveries are tried again at once after a restart: the fix may be why we restarted.
    if (runWorkers) await database.deliveries.releaseWaiting();
    workflows.outbox.kick();
    logger.info({ component: 'workers' }, runWorkers ? 'Workers: route, notify, escalate running' : 'Workers: off (role web)');

    const app = createHttpApp({
      logger,
      metrics: createMetrics({ sql: database.sql, queues: workflows.queues, deliveries: database.deliveries }),
      ready: async () => {
        await database.store.ping();
        await redis.ping();
        const waiting = await database.deliveries.listWaiting(100);
        return { waitingDeliveries: waiting.map(describeWaiting) };
      },
      ...(role !== 'worker' && platforms.slackRouter ? { slackRouter: platforms.slackRouter } : {}),
      ...(role !== 'worker' && platforms.teamsHandler ? { teamsHandler: platforms.teamsHandler } : {}),
    });
    const server = await new Promise<import('node:http').Server>((resolve, reject) => {
      const s = app.listen(config.port, '0.0.0.0', () => resolve(s));
      s.once('error', reject);
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections?.();
          server.close(() => resolve());
        }),
    );
    if (role !== 'worker') await platforms.start();
    const port = (server.address() as AddressInfo).port;
    // One warning per problem an administrator must fix; the service runs meanwhile.
    void startupProblems({ redis, startedRedis: !config.redisUrl, directory, messengers, deliveries: database.deliveries })
      .then((problems) => {
        for (const p of problems) logger.warn({ component: 'doctor', subject: p.subject, fix: p.fix }, `${p.subject}: ${p.problem} — fix: ${p.fix}`);
      })
      .catch((err: unknown) => logger.warn({ component: 'doctor', err }, 'start-up check failed'));
    logger.info({ component: 'http' }, `HTTP: listening on port ${port} (GET /healthz, /readyz, /metrics)`);

    return {
      url: `http://127.0.0.1:${port}`,
      port,
      core,
      database,
      workflows,
      redisUrl,
      logger,
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
