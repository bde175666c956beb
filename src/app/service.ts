/**
 * The composition root: the one place that wires directory, store, Redis, core, adapters,
 * workflows and HTTP. `npm start` runs everything in one process; --role splits web and worker.
 */
import { retentionPlan } from '../core/category-rules.js';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { WaitingDelivery } from '../core/deliveries.js';
import { startupProblems } from './checks.js';
import type { Messengers, Clock } from '../core/ports.js';
import { createCore, type Core } from '../core/service.js';
import type { Directory } from '../core/directory.js';
import { DEFAULT_DIRECTORY_FILE, loadDirectoryOrThrow } from './directory-file.js';
import { chartLinker, createChartLinks } from '../chart/chart-links.js';
import { chartRouter } from '../chart/chart-router.js';
import { createChartProcessRenderer } from '../chart/render-process.js';
import { createHttpApp } from './http-server.js';
import type { Config } from './env.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createRedisDedupe, createRedisDrafts } from './redis-dedupe.js';
import { startLocalRedis } from './redis-server.js';
import { startPlatforms } from './platforms.js';
import { siteTextsOf } from './site.js';
import { createStopSequence, WORKERS_STOP_MS } from './stop-sequence.js';
import { describeStartupFailure, startupStep } from './startup-failure.js';
import { describePgUrl } from '../store/pg.js';
import { isInMemory } from '../store/location.js';
import { createDigestSource } from '../store/digest-queries.js';
import { storedDigestSource } from '../store/digest-snapshots.js';
import { anonymiseClosedBefore, openConcernSource, openStore, type OpenedStore } from '../store/index.js';
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
  /** Aborted (a signal during start-up): stop waiting for Socket Mode and return at once. */
  signal?: AbortSignal;
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

/** How long start-up waits for Socket Mode to connect before carrying on (it keeps trying). */
const PLATFORM_CONNECT_WAIT_MS = 10_000;

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { config } = options;
  const role = options.role ?? 'all';
  const logger = options.logger ?? createLogger(config.logLevel, { service: 'brobygger', role }, undefined, { production: config.production });
  const stops = createStopSequence(logger);
  let started = false;

  try {
    const directoryFile = config.directoryFile ?? DEFAULT_DIRECTORY_FILE;
    const directory =
      options.directory ??
      (await startupStep('directory', () => loadDirectoryOrThrow(directoryFile, (warning) => logger.warn({ component: 'directory' }, `directory: ${warning}`)), directoryFile));
    logger.info({ component: 'directory' }, `Directory: ${options.directory ? '(given)' : directoryFile} — ${directory.organizations.length} organisations, ${directory.teams.length} teams`);

    if (config.database.kind === 'pglite' && !isInMemory(config.database)) {
      const dataDir = config.database.dataDir;
      await startupStep('data', () => void mkdirSync(dataDir, { recursive: true }), dataDir);
    }
    const location = config.database;
    const databaseTarget = location.kind === 'postgres' ? describePgUrl(location.url) : `pglite:${location.dataDir}`;
    const database = await startupStep(
      'database',
      () =>
        openStore(location, {
          timezone: directory.municipality.timezone,
          ...(options.databaseSchema ? { schema: options.databaseSchema } : {}),
          onError: (err) => logger.warn({ component: 'database', err }, 'database connection error'),
        }),
      databaseTarget,
    );
    stops.add('database', 'database closed', () => database.sql.close());
    logger.info({ component: 'database' }, `Database: ${database.describe}`);

    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      const local = await startupStep('redis', () => startLocalRedis({ dataDir: join(config.dataDir, 'redis'), logger }));
      stops.add('redis', 'local redis-server stopped', () => local.stop());
      redisUrl = local.url;
      logger.info({ component: 'redis' }, `Redis: started redis-server at ${redisUrl} (data in ${join(config.dataDir, 'redis')})`);
    } else {
      logger.info({ component: 'redis' }, 'Redis: using REDIS_URL');
    }
    const prefix = options.redisPrefix ?? 'bb';
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, retryStrategy: reconnectWithin2s });
    let lastRedisError: Error | undefined;
    redis.on('error', (err) => {
      lastRedisError = err;
      logger.debug({ component: 'redis', err }, 'redis connection error');
    });
    stops.add('redis', 'Redis connection closed', async () => void redis.disconnect());
    // connect() rejects with a bare "Connection is closed"; the error event says why (ECONNREFUSED, …).
    await startupStep('redis', () => redis.connect().catch((err: unknown) => Promise.reject(lastRedisError ?? err)), redisTarget(redisUrl));

    const digests = storedDigestSource(database.sql, createDigestSource(database.sql));
    // Drawn in a child process: the chart libraries would add ~100 MiB to this process for good.
    const charts = createChartProcessRenderer();
    stops.add('charts', 'chart process ended', () => charts.close());
    const chartLinks = config.publicUrl ? createChartLinks({ redis, prefix, publicUrl: config.publicUrl }) : undefined;
    const core = createCore({
      directory,
      store: database.store,
      digests,
      charts,
      ...(chartLinks ? { chartLinks: chartLinker(chartLinks, charts) } : {}),
      releaseWaiting: (platform) => database.deliveries.releaseWaiting(platform),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const platforms = await startPlatforms(config, {
      core,
      dedupe: createRedisDedupe(redis, prefix, logger),
      drafts: createRedisDrafts(redis, prefix),
      conversations: database.store,
      logger,
      defaultLocale: directory.municipality.language,
      ...(chartLinks ? { images: chartLinks } : {}),
    });
    stops.add('platforms', 'platforms stopped', () => platforms.stop());
    // Refused credentials stop the start here, before anything listens; unreachable platforms warn.
    await platforms.check();
    const messengers: Messengers = { ...platforms.messengers, ...options.messengers };

    const runWorkers = role !== 'web';
    // The queue gauges read the queues at scrape time; they exist once the workflows start.
    const metricsQueues: Record<string, Queue> = {};
    const metrics = createMetrics({ sql: database.sql, queues: metricsQueues, deliveries: database.deliveries });
    const workflows = startWorkflows({
      deliveryErrors: metrics.deliveryErrors,
      redis: { url: redisUrl, prefix },
      store: database.store,
      deliveries: database.deliveries,
      openConcerns: openConcernSource(database.sql),
      steps: core.steps,
      messengers,
      logger,
      runWorkers,
      retention: {
        days: directory.retention?.days ?? config.retentionDays,
        timezone: directory.municipality.timezone,
        categoryDays: retentionPlan(directory),
        anonymiseClosedBefore: (before, scope) => anonymiseClosedBefore(database.sql, before, new Date(), scope),
      },
      responseTimes: createResponseTimesRecorder(database.sql, core.calendar, directory),
      digest: {
        directory,
        digests,
        conversations: database.store,
        charts,
        onChartError: (err) => logger.warn({ component: 'digest', err }, 'the digest chart could not be drawn; sending the digest without it'),
      },
      ...(options.outboxPollMs ? { outboxPollMs: options.outboxPollMs } : {}),
      ...(options.clock ? { now: () => (options.clock as Clock).now() } : {}),
      ...(options.reconcileMs ? { reconcileMs: options.reconcileMs } : {}),
      ...(options.waitingRetryMs ? { waitingRetryMs: options.waitingRetryMs } : {}),
    });
    Object.assign(metricsQueues, workflows.queues);
    stops.add('workers', 'workers closed', () => workflows.close(), WORKERS_STOP_MS);
    core.setKick(() => workflows.outbox.kick());
    // Waiting deliveries are tried again at once after a restart: the fix may be why we restarted.
    if (runWorkers) await database.deliveries.releaseWaiting();
    workflows.outbox.kick();
    logger.info({ component: 'workers' }, runWorkers ? 'Workers: route, notify, escalate running' : 'Workers: off (role web)');

    const app = createHttpApp({
      logger,
      metrics,
      ready: async () => {
        await database.store.ping();
        await redis.ping();
        const waiting = await database.deliveries.listWaiting(100);
        return { waitingDeliveries: waiting.map(describeWaiting) };
      },
      site: { name: directory.municipality.name, language: directory.municipality.language, ...siteTextsOf(directory) },
      ...(config.admin ? { admin: { ...config.admin, queues: Object.values(workflows.queues) } } : {}),
      ...(role !== 'worker' && platforms.slackRouter ? { slackRouter: platforms.slackRouter } : {}),
      ...(role !== 'worker' && platforms.teamsHandler ? { teamsHandler: platforms.teamsHandler } : {}),
      ...(role !== 'worker' && chartLinks ? { routers: [chartRouter(chartLinks, (err) => logger.warn({ component: 'http', err }, 'chart image unavailable'))] } : {}),
    });
    const server = await startupStep(
      'http',
      () =>
        new Promise<import('node:http').Server>((resolve, reject) => {
          // Express 5 hands a listen error (EADDRINUSE) to the callback.
          const s = app.listen(config.port, '0.0.0.0', (err?: Error) => (err ? reject(err) : resolve(s)));
        }),
      String(config.port),
    );
    stops.add(
      'http',
      'HTTP closed',
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections?.();
          server.close(() => resolve());
        }),
    );
    const port = (server.address() as AddressInfo).port;
    // One warning per problem an administrator must fix; the service runs meanwhile.
    void startupProblems({ redis, startedRedis: !config.redisUrl, directory, messengers, deliveries: database.deliveries })
      .then((problems) => {
        for (const p of problems) logger.warn({ component: 'doctor', subject: p.subject, fix: p.fix }, `${p.subject}: ${p.problem} — fix: ${p.fix}`);
      })
      .catch((err: unknown) => logger.warn({ component: 'doctor', err }, 'start-up check failed'));
    logger.info({ component: 'http' }, `HTTP: listening on port ${port} (GET /, /healthz, /readyz, /metrics${config.admin ? ', /admin/queues' : ''})`);
    if (role !== 'worker') await connectPlatforms(platforms, logger, options.signal);
    started = true;

    return {
      url: `http://127.0.0.1:${port}`,
      port,
      core,
      database,
      workflows,
      redisUrl,
      logger,
      stop: () => stops.run(),
    };
  } catch (err) {
    // A failed start is reported in one line by the caller; the clean-up steps stay at debug.
    await stops.run({ quiet: !started });
    throw err;
  }
}

/** host:port of a Redis URL, for messages (never the password). */
function redisTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * Socket Mode dials out to Slack; when Slack is unreachable the SDK keeps retrying. Start-up
 * waits a while, then carries on (HTTP, workers, Teams all work) and says so; a refused token
 * still fails start-up if Slack answers in time.
 */
async function connectPlatforms(platforms: { start(): Promise<void> }, logger: Logger, signal?: AbortSignal): Promise<void> {
  const connecting = startupStep('slack', () => platforms.start());
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const waited = new Promise<'waiting' | 'aborted'>((resolve) => {
    timer = setTimeout(() => resolve('waiting'), PLATFORM_CONNECT_WAIT_MS);
    onAbort = () => resolve('aborted');
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  let outcome: Awaited<typeof waited> | void;
  try {
    outcome = await Promise.race([connecting, waited]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
  if (outcome === 'aborted') {
    connecting.catch(() => undefined); // stopping anyway
    return;
  }
  if (outcome !== 'waiting') return;
  logger.warn({ component: 'slack' }, `Slack: Socket Mode not connected after ${PLATFORM_CONNECT_WAIT_MS / 1000} s (is Slack reachable?); still trying in the background`);
  connecting.then(
    () => logger.info({ component: 'slack' }, 'Slack: Socket Mode connected'),
    (err: unknown) => logger.error({ component: 'slack', err: describeStartupFailure(err) }, 'Slack: Socket Mode did not connect'),
  );
}
