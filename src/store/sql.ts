/**
 * The one seam between the store and a database driver: PostgreSQL (pg) and embedded PGlite
 * both sit behind it, with $1-style parameters and the same value mapping:
 * timestamptz → Date, jsonb/json → parsed JSON, bigint/int8 → number, date → 'YYYY-MM-DD',
 * numeric → string. Pass JSON as `json(value)` with a `::jsonb` cast, never as a JS object
 * (pg would turn an array into a PostgreSQL array).
 */
export interface SqlTx {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Sql extends SqlTx {
  /** Runs fn in one transaction on one connection: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** Idempotent. */
  close(): Promise<void>;
}

/** A JSON parameter, for use with `$n::jsonb`. */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
