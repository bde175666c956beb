/** Opens the system of record: PostgreSQL for a postgres:// URL, embedded PGlite otherwise. */
import type { ConcernStore } from '../core/ports.js';
import { createConcernStore } from './concern-store.js';
import { FolderLockedError, liveOwner } from './folder-lock.js';
import { connectSql } from './local-socket.js';
import { isInMemory, parseDatabaseUrl, type DatabaseLocation } from './location.js';
import { createDeliveryStore } from './delivery-store.js';
import type { DeliveryStore } from '../core/deliveries.js';
import { runMigrations } from './migrations.js';
import { createPgSql, describePgUrl } from './pg.js';
import type { Sql } from './sql.js';

export { anonymiseClosedBefore, scrubEventData } from './anonymise.js';
export { createConcernStore } from './concern-store.js';
export { FolderLockedError } from './folder-lock.js';
export { DEFAULT_DATA_DIR, parseDatabaseUrl, type DatabaseLocation } from './location.js';
export { createDeliveryStore } from './delivery-store.js';
export { openConcernSource, type OpenConcern, type OpenConcernKey, type OpenConcernSource } from './reconcile-queries.js';
export { MIGRATIONS, runMigrations } from './migrations.js';
export { formatReference, referenceYear } from './references.js';
export type { Sql, SqlTx } from './sql.js';
export { json } from './sql.js';

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

const locationOf = (location: DatabaseLocation | string | undefined) =>
  typeof location === 'object' ? location : parseDatabaseUrl(location);

/**
 * Opens and migrates the database at `location` (a DatabaseLocation from the config, or a
 * DATABASE_URL string in tests). An embedded folder becomes this process's until `sql.close()`;
 * throws FolderLockedError when another live process owns it.
 */
export async function openStore(location: DatabaseLocation | string | undefined, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const where = locationOf(location);
  const sql =
    where.kind === 'postgres'
      ? createPgSql(where.url, {
          ...(options.schema !== undefined ? { schema: options.schema } : {}),
          ...(options.onError ? { onError: options.onError } : {}),
        })
      : // Loaded only when used: PGlite's module is large, and on PostgreSQL it is not needed.
        await (await import('./pglite.js')).createPgliteSql(where.dataDir);
  try {
    await runMigrations(sql, where.kind === 'postgres' && options.schema ? { schema: options.schema } : {});
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
  return opened(sql, where, options);
}

function opened(sql: Sql, where: DatabaseLocation, options: OpenStoreOptions, via?: string): OpenedStore {
  const store = createConcernStore(sql, options.timezone ? { timezone: options.timezone } : {});
  const describe =
    where.kind === 'postgres'
      ? describePgUrl(where.url) + (options.schema ? ` (schema ${options.schema})` : '')
      : `pglite ${where.dataDir}${via ? ` ${via}` : ''}`;
  return { store, deliveries: createDeliveryStore(sql), sql, kind: where.kind, describe };
}

/**
 * The one way the CLI gets a database: directly when no service owns it (PostgreSQL, or an
 * embedded folder nobody holds), otherwise through the running service's local socket, so an
 * embedded folder is never opened twice. Throws FolderLockedError when the owner serves no socket.
 */
export async function openDatabase(location: DatabaseLocation | string | undefined, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  const where = locationOf(location);
  if (where.kind === 'postgres' || isInMemory(where)) return openStore(where, options);
  for (let attempt = 0; ; attempt++) {
    const owner = liveOwner(where.dataDir);
    if (!owner) {
      try {
        return await openStore(where, options);
      } catch (error) {
        // The service started between the check and the open: go through it instead.
        if (error instanceof FolderLockedError && attempt === 0) continue;
        throw error;
      }
    }
    if (!owner.socket) throw new FolderLockedError(where.dataDir, owner);
    return opened(await connectSql(owner.socket), where, options, `(through the running service, pid ${owner.pid})`);
  }
}
