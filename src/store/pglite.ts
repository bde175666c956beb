import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Sql, SqlTx } from './sql.js';

const DATE = 1082;

/** 'memory' for an in-memory database (tests), otherwise a directory, created if missing. */
export async function createPgliteSql(dataDir: string): Promise<Sql> {
  const inMemory = dataDir === 'memory' || dataDir === 'memory://';
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // PGlite already maps timestamptz → Date, jsonb → JSON and int8 → number; date stays text as in pg.ts.
  const db = await PGlite.create(inMemory ? 'memory://' : dataDir, {
    parsers: { [DATE]: (value: string) => value },
  });
  let closed: Promise<void> | undefined;

  return {
    async query<T>(text: string, params?: readonly unknown[]) {
      const result = await db.query<T>(text, params ? [...params] : undefined);
      return result.rows;
    },
    // PGlite has one connection: transaction() holds it exclusively, so fn must use only tx.
    transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
      return db.transaction((tx) =>
        fn({
          async query<R>(text: string, params?: readonly unknown[]) {
            const result = await tx.query<R>(text, params ? [...params] : undefined);
            return result.rows;
          },
        }),
      );
    },
    close() {
      closed ??= db.closed ? Promise.resolve() : db.close();
      return closed;
    },
  };
}
