/**
 * The databases integration tests run against: PGlite in memory always, and PostgreSQL too when
 * TEST_DATABASE_URL is set — in a schema of the test's own (bb_test_<random>), dropped afterwards.
 *
 *   describe.each(testDatabases())('… on $name', (backend) => {
 *     let db: TestDatabase;
 *     beforeAll(async () => { db = await backend.open(); });
 *     afterAll(() => db.dispose());
 *   });
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { OpenStoreOptions, OpenedStore } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';

export interface TestDatabase extends OpenedStore {
  /** What to pass to openStore (with `options`) to reach the same database again (PostgreSQL). */
  databaseUrl: string;
  options: OpenStoreOptions;
  /** Closes the store and drops what open() created. */
  dispose(): Promise<void>;
}

export interface TestBackend {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database. */
  open(options?: Omit<OpenStoreOptions, 'schema'>): Promise<TestDatabase>;
}

export function testDatabases(): TestBackend[] {
  const backends: TestBackend[] = [{ name: 'pglite', open: openPglite }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) backends.push({ name: 'postgres', open: (options) => openPostgres(url, options) });
  return backends;
}

async function openPglite(options: Omit<OpenStoreOptions, 'schema'> = {}): Promise<TestDatabase> {
  const databaseUrl = 'pglite:memory';
  const opened = await openStore(databaseUrl, options);
  return { ...opened, databaseUrl, options, dispose: () => opened.sql.close() };
}

async function openPostgres(url: string, options: Omit<OpenStoreOptions, 'schema'> = {}): Promise<TestDatabase> {
  const schema = `bb_test_${randomBytes(6).toString('hex')}`;
  const all = { ...options, schema };
  const opened = await openStore(url, all);
  return {
    ...opened,
    databaseUrl: url,
    options: all,
    async dispose() {
      await opened.sql.close();
      await dropSchema(url, schema);
    },
  };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  // Only ever a schema this helper made up.
  if (!/^bb_test_[0-9a-f]+$/.test(schema)) throw new Error(`Refusing to drop schema ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
