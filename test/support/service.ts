/**
 * Runs the whole service for an integration test: its own redis-server on a free port, an
 * in-memory PGlite (or a schema of its own in PostgreSQL with TEST_DATABASE_URL when asked),
 * workers, and HTTP on a free port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { Directory } from '../../src/core/directory.js';
import type { Clock, Messengers } from '../../src/core/ports.js';
import { loadConfig } from '../../src/app/env.js';
import { startLocalRedis, type LocalRedis } from '../../src/app/redis-server.js';
import { startService, type Role, type RunningService } from '../../src/app/service.js';
import { waitFor } from './wait.js';

export interface TestServiceOptions {
  env?: Record<string, string>;
  directoryFile?: string;
  directory?: Directory;
  messengers?: Messengers;
  role?: Role;
  /** Reuse a Redis (e.g. one the test stops and starts). */
  redis?: LocalRedis;
  clock?: Clock;
  /** Use TEST_DATABASE_URL (PostgreSQL) when set, in a schema of this test's own. */
  postgres?: boolean;
  /** The service's logger (default: silent, or TEST_LOG_LEVEL); tests that read the logs pass their own. */
  logger?: Logger;
  /** How often the reconciler runs (default 60 s). */
  reconcileMs?: number;
  /** How long a waiting delivery rests before it is tried again (default 5 minutes). */
  waitingRetryMs?: number;
}

export interface TestService extends RunningService {
  baseUrl: string;
  store: RunningService['database']['store'];
  redis: LocalRedis;
  /** The BullMQ and dedupe key prefix of this test's own (keys are `<prefix>:…`). */
  redisPrefix: string;
  waitFor: typeof waitFor;
}

export async function startTestRedis(): Promise<LocalRedis & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bb-redis-'));
  const redis = await startLocalRedis({ dataDir });
  return {
    ...redis,
    dataDir,
    async stop() {
      await redis.stop();
    },
  };
}

export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const ownRedis = !options.redis;
  const redis = options.redis ?? (await startTestRedis());
  const dataDir = mkdtempSync(join(tmpdir(), 'bb-data-'));
  const usePostgres = options.postgres && process.env.TEST_DATABASE_URL;
  const schema = usePostgres ? `bb_test_${randomBytes(4).toString('hex')}` : undefined;
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    REDIS_URL: redis.url,
    DATABASE_URL: usePostgres ? String(process.env.TEST_DATABASE_URL) : 'pglite:memory://',
    ...(options.directoryFile ? { DIRECTORY_FILE: options.directoryFile } : {}),
    ...options.env,
  });
  const redisPrefix = `bbtest-${randomBytes(4).toString('hex')}`;
  const service = await startService({
    config,
    role: options.role ?? 'all',
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    redisPrefix,
    outboxPollMs: 200,
    ...(options.messengers ? { messengers: options.messengers } : {}),
    ...(options.directory ? { directory: options.directory } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.reconcileMs ? { reconcileMs: options.reconcileMs } : {}),
    ...(options.waitingRetryMs ? { waitingRetryMs: options.waitingRetryMs } : {}),
    ...(schema ? { databaseSchema: schema } : {}),
  });
  return {
    ...service,
    baseUrl: service.url,
    store: service.database.store,
    redis,
    redisPrefix,
    waitFor,
    async stop() {
      await service.stop();
      if (schema) {
        const { createPgSql } = await import('../../src/store/pg.js');
        const sql = createPgSql(String(process.env.TEST_DATABASE_URL));
        await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await sql.close();
      }
      if (ownRedis) {
        await redis.stop();
        rmSync((redis as { dataDir?: string }).dataDir ?? dataDir, { recursive: true, force: true });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
