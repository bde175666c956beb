import pg from 'pg';
import type { Sql, SqlTx } from './sql.js';
import { SCHEMA_NAME } from './sql.js';

export interface PgSqlOptions {
  /** Sets search_path on every connection (tests use a schema of their own). */
  schema?: string;
  max?: number;
  /** Errors of idle pooled connections (e.g. a database restart); the pool drops the client. */
  onError?: (error: Error) => void;
}

const INT8 = 20;
const INT8_ARRAY = 1016;
const DATE = 1082;

type Parser = (value: string) => unknown;
const builtinParser = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => Parser;
const parseInt8Array = builtinParser(INT8_ARRAY) as (value: string) => (string | null)[];

// The same values PGlite gives, so the store behaves the same on both.
const typeParsers: Record<number, Parser> = {
  [INT8]: (value) => Number(value),
  [INT8_ARRAY]: (value) => parseInt8Array(value).map((item) => (item === null ? null : Number(item))),
  [DATE]: (value) => value,
};
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    typeParsers[oid] ?? builtinParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function createPgSql(connectionString: string, options: PgSqlOptions = {}): Sql {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`Invalid schema name "${options.schema}"`);
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    // An unreachable host fails start-up (and /readyz) in seconds, not after the OS's TCP timeout.
    connectionTimeoutMillis: 10_000,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on('error', (error) => options.onError?.(error));
  let closed: Promise<void> | undefined;

  const run = async <T>(client: pg.Pool | pg.PoolClient, text: string, params?: readonly unknown[]) => {
    const result = await client.query(text, params ? [...params] : undefined);
    return result.rows as T[];
  };

  return {
    query: (text, params) => run(pool, text, params),
    async transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (text, params) => run(client, text, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        // A client whose rollback failed is in an unknown state: destroy it rather than reuse it.
        client.release(broken);
      }
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}

/** host:port/database, without credentials, for logs. */
export function describePgUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `postgres ${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'postgres';
  }
}
