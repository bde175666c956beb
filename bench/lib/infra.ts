/**
 * The bench's own infrastructure: a redis-server on a free port in a temp dir, PostgreSQL in a
 * schema of its own (dropped afterwards), and temp dirs — each registered for clean-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { startLocalRedis } from '../../src/app/redis-server.js';
import { createPgSql } from '../../src/store/pg.js';
import type { Sql } from '../../src/store/sql.js';
import type { Resources } from './resources.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function tempDir(resources: Resources, label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bb-bench-${label}-`));
  return resources.add(dir, `temp dir ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
}

export interface BenchRedis {
  url: string;
  client: Redis;
  /** INFO memory used_memory, in bytes. */
  usedMemory(): Promise<number>;
}

export async function startBenchRedis(resources: Resources): Promise<BenchRedis> {
  const dataDir = tempDir(resources, 'redis');
  const server = await startLocalRedis({ dataDir });
  resources.add(server, 'redis-server', () => server.stop());
  const client = new Redis(server.url, { maxRetriesPerRequest: 3 });
  resources.add(client, 'redis client', () => void client.disconnect());
  return {
    url: server.url,
    client,
    async usedMemory() {
      const info = await client.info('memory');
      const match = /^used_memory:(\d+)/m.exec(info);
      if (!match?.[1]) throw new Error('INFO memory has no used_memory');
      return Number(match[1]);
    },
  };
}

export interface BenchDatabase {
  /** Base URL (no schema). */
  baseUrl: string;
  schema: string;
  /** DATABASE_URL for a child process: search_path set to the schema. */
  childUrl: string;
  /** A pool in the bench process with search_path set to the schema. */
  sql: Sql;
}

export function databaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** Null when PostgreSQL does not answer (then PostgreSQL parts are skipped). */
export async function postgresReachable(): Promise<string | null> {
  const url = databaseUrl();
  const sql = createPgSql(url, { max: 1 });
  try {
    await sql.query('SELECT 1');
    return url;
  } catch {
    return null;
  } finally {
    await sql.close();
  }
}

/** A schema of the bench's own, created now and dropped when the resources are released. */
export async function benchSchema(resources: Resources, baseUrl: string, label: string): Promise<BenchDatabase> {
  const schema = `bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = createPgSql(baseUrl, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.close();
  resources.add(schema, `schema ${schema}`, async () => {
    const dropper = createPgSql(baseUrl, { max: 1 });
    try {
      await dropper.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await dropper.close();
    }
  });
  const sql = createPgSql(baseUrl, { schema, max: 4 });
  resources.add(sql, 'database pool', () => sql.close());
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { baseUrl, schema, childUrl: url.toString(), sql };
}
