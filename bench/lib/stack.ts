/**
 * A running Brobygger as the bench loads it: its own redis-server, PostgreSQL (a schema of its
 * own) or PGlite (a temp dir), the fakes, the sample directory, and the service as one process
 * (`start`) or split (`--role web` + `--role worker`).
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { writeBenchDirectory, type BenchDirectory, type DirectoryChanges } from './directory.js';
import { benchSchema, startBenchRedis, tempDir, type BenchDatabase, type BenchRedis } from './infra.js';
import { BOT_TOKEN, SIGNING_SECRET } from './intake-requests.js';
import { startPlatformFakes, type PlatformFakes } from './platform-fakes.js';
import { startBrobygger, type Child, type ServiceEnv } from './processes.js';
import type { Resources } from './resources.js';

/** One process; web and worker processes; or a worker alone (its HTTP port only answers health checks). */
export type Layout = 'all' | 'split' | 'worker';

export interface StackOptions {
  label: string;
  layout: Layout;
  /** A PostgreSQL URL, or null for PGlite in a temp dir. */
  postgresUrl: string | null;
  directoryChanges?: DirectoryChanges;
}

export interface Stack {
  /** The process that answers /slack/events (the worker itself in the 'worker' layout). */
  web: Child;
  processes: Child[];
  fakes: PlatformFakes;
  directory: BenchDirectory;
  redis: BenchRedis;
  database: BenchDatabase | null;
  databaseKind: 'postgres' | 'pglite';
  env: ServiceEnv;
  logDir: string;
  /** Waits until the outbox (PostgreSQL only) and the route/notify queues are empty; false on timeout. */
  waitForIdle(timeoutMs: number): Promise<boolean>;
}

/** BullMQ's key prefix when the CLI starts the service. */
export const SERVICE_PREFIX = 'bb';

export async function startStack(resources: Resources, options: StackOptions): Promise<Stack> {
  const dir = tempDir(resources, options.label);
  const redis = await startBenchRedis(resources);
  const fakes = await startPlatformFakes(resources);
  const directory = writeBenchDirectory(dir, fakes.connector.serviceUrl, options.directoryChanges);
  fakes.watch(directory);
  const database = options.postgresUrl ? await benchSchema(resources, options.postgresUrl, options.label) : null;
  const env: ServiceEnv = {
    REDIS_URL: redis.url,
    DATABASE_URL: database ? database.childUrl : `pglite:${join(dir, 'pg')}`,
    DIRECTORY_FILE: directory.file,
    SLACK_API_URL: fakes.slack.apiUrl,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    DATA_DIR: join(dir, 'data'),
  };
  const processes: Child[] = [];
  if (options.layout === 'all' || options.layout === 'worker') {
    processes.push(await startBrobygger(resources, options.layout, env, dir));
  } else {
    // The web process runs the migrations first; the worker then finds the schema ready.
    processes.push(await startBrobygger(resources, 'web', env, dir));
    processes.push(await startBrobygger(resources, 'worker', env, dir));
  }

  const queues = ['route', 'notify'].map((name) => new Queue(name, { connection: { url: redis.url }, prefix: SERVICE_PREFIX }));
  resources.add(queues, 'queue handles', async () => {
    await Promise.all(queues.map((q) => q.close()));
  });

  async function busy(): Promise<number> {
    let count = 0;
    for (const queue of queues) {
      const counts = await queue.getJobCounts('wait', 'active', 'prioritized', 'paused');
      count += Object.values(counts).reduce((a, b) => a + b, 0);
    }
    if (database) {
      const [row] = await database.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL');
      count += row?.n ?? 0;
    }
    return count;
  }

  return {
    web: processes[0]!,
    processes,
    fakes,
    directory,
    redis,
    database,
    databaseKind: database ? 'postgres' : 'pglite',
    env,
    logDir: dir,
    async waitForIdle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let quietPolls = 0;
      while (Date.now() < deadline) {
        quietPolls = (await busy()) === 0 ? quietPolls + 1 : 0;
        if (quietPolls >= 3) return true;
        await sleep(200);
      }
      return false;
    },
  };
}
