/**
 * Where the system of record lives, parsed once from DATABASE_URL into a typed location that
 * `openStore` opens (issue 10: no re-stringify and re-parse in the service and the CLI).
 */
import { join } from 'node:path';

/** The data folder when DATA_DIR is unset; the embedded database lives in `<DATA_DIR>/pg`. */
export const DEFAULT_DATA_DIR = './data';

export type DatabaseLocation =
  | { kind: 'postgres'; url: string }
  /** dataDir is a folder, or 'memory' for an in-memory database (tests). */
  | { kind: 'pglite'; dataDir: string };

/**
 * `postgres://`/`postgresql://` → PostgreSQL; unset, `pglite:` or `pglite:<dir>` → PGlite in that
 * folder (default `<dataDir>/pg`); `pglite:memory` (or `pglite:memory://`) → in memory.
 * Throws an Error naming DATABASE_URL (never its value) for anything else.
 */
export function parseDatabaseUrl(databaseUrl: string | undefined, dataDir: string = DEFAULT_DATA_DIR): DatabaseLocation {
  const value = databaseUrl?.trim() ?? '';
  const defaultDir = join(dataDir, 'pg');
  if (value === '') return { kind: 'pglite', dataDir: defaultDir };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  if (value.toLowerCase().startsWith('pglite:')) {
    const rest = value.slice('pglite:'.length).trim().replace(/^\/\//, '');
    if (rest === '') return { kind: 'pglite', dataDir: defaultDir };
    return { kind: 'pglite', dataDir: rest === 'memory' || rest === 'memory://' ? 'memory' : rest };
  }
  throw new Error('DATABASE_URL must start with postgres://, postgresql:// or pglite: (or be unset)');
}

/** True for an in-memory PGlite (no folder, no lock). */
export function isInMemory(location: DatabaseLocation): boolean {
  return location.kind === 'pglite' && (location.dataDir === 'memory' || location.dataDir === 'memory://');
}
