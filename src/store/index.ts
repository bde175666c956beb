/** Opens the system of record: PostgreSQL for a postgres:// URL, embedded PGlite otherwise. */
import type { ConcernStore } from '../core/ports.js';
import { createConcernStore } from './concern-store.js';
import { createDeliveryStore } from './delivery-store.js';
import type { DeliveryStore } from '../core/deliveries.js';
import { runMigrations } from './migrations.js';
import { createPgSql, describePgUrl } from './pg.js';
import { createPgliteSql } from './pglite.js';
import type { Sql } from './sql.js';

export { anonymiseClosedBefore, scrubEventData } from './anonymise.js';
export { createConcernStore } from './concern-store.js';
export { createDeliveryStore } from './delivery-store.js';
export { openConcernsPage, type OpenConcern } from './reconcile-queries.js';
export { MIGRATIONS, runMigrations } from './migrations.js';
export { formatReference, referenceYear } from './references.js';
export type { Sql, SqlTx } from './sql.js';
export { json } from './sql.js';

export const DEFAULT_PGLITE_DIR = './data/pg';

export interface OpenedStore {
  store: ConcernStore;
  /** Every message owed, with its state (DESIGN.md "Deliveries"). */
  deliveries: DeliveryStore;
  sql: Sql;
  kind: 'postgres' | 'pglite';
  /** Where the data lives, without credentials (for logs). */
  describe: string;
}

export interface OpenStoreOptions {
  /** PostgreSQL only: a schema of its own (created when missing), e.g. for tests. */
  schema?: string;
  /** Decides the year of a concern's reference (default Europe/Copenhagen). */
  timezone?: string;
  /** PostgreSQL only: errors of idle pooled connections. */
  onError?: (error: Error) => void;
}

export type DatabaseLocation =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string | 'memory' };

/** `postgres://`/`postgresql://` → PostgreSQL; unset, `pglite:<dir>` or `pglite:memory` → PGlite. */
export function parseDatabaseUrl(databaseUrl: string | undefined): DatabaseLocation {
  const value = databaseUrl?.trim() ?? '';
  if (value === '') return { kind: 'pglite', dataDir: DEFAULT_PGLITE_DIR };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  if (value.toLowerCase().startsWith('pglite:')) {
    const rest = value.slice('pglite:'.length).replace(/^\/\//, '');
    if (rest === '') return { kind: 'pglite', dataDir: DEFAULT_PGLITE_DIR };
    return { kind: 'pglite', dataDir: rest === 'memory' ? 'memory' : rest };
  }
  throw new Error('DATABASE_URL must start with postgres://, postgresql:// or pglite: (or be unset)');
}

export async function openStore(
  databaseUrl: string | undefined,
  options: OpenStoreOptions = {},
): Promise<OpenedStore> {
  const location = parseDatabaseUrl(databaseUrl);
  const sql =
    location.kind === 'postgres'
      ? createPgSql(location.url, {
          ...(options.schema !== undefined ? { schema: options.schema } : {}),
          ...(options.onError ? { onError: options.onError } : {}),
        })
      : await createPgliteSql(location.dataDir);
  try {
    await runMigrations(sql, location.kind === 'postgres' && options.schema ? { schema: options.schema } : {});
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
  const store = createConcernStore(sql, options.timezone ? { timezone: options.timezone } : {});
  const describe =
    location.kind === 'postgres'
      ? describePgUrl(location.url) + (options.schema ? ` (schema ${options.schema})` : '')
      : `pglite ${location.dataDir}`;
  return { store, deliveries: createDeliveryStore(sql), sql, kind: location.kind, describe };
}
