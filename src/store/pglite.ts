import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { lockFolder } from './folder-lock.js';
import { serveSql, socketFileOf } from './local-socket.js';
import { PGLITE_CONF } from './pglite-conf.js';
import { templateDataDir } from './pglite-template.js';
import type { Sql, SqlTx } from './sql.js';

const DATE = 1082;

/**
 * Creates an empty database in `dir` in a child process that exits afterwards (see
 * pglite-init.ts: initdb's memory leaves with it). Throws with the child's stderr when it fails.
 */
async function initialiseInChild(dir: string): Promise<void> {
  // Built: dist/cli/pglite-init.js beside the bundle. From the sources (tests, tsx): the .ts file.
  const fromSources = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(fromSources ? './pglite-init.ts' : './pglite-init.js', import.meta.url));
  const child = spawn(process.execPath, [...(fromSources ? ['--import', 'tsx'] : []), script, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`Could not create the embedded database in ${dir}: ${stderr.trim() || `initialiser exited with ${code}`}`);
}

/**
 * 'memory' for an in-memory database (tests), otherwise a folder, created if missing. A folder is
 * owned by this process until close(): its lock (folder-lock.ts) refuses a second owner with
 * FolderLockedError, and its socket (local-socket.ts) lets the CLI use the database meanwhile.
 */
export async function createPgliteSql(dataDir: string): Promise<Sql> {
  const inMemory = dataDir === 'memory' || dataDir === 'memory://';
  if (inMemory) return wrap(await PGlite.create('memory://', { postgresqlconf: PGLITE_CONF, parsers: { [DATE]: (value: string) => value }, ...templateDataDir() }), {});

  mkdirSync(dataDir, { recursive: true });
  const socket = socketFileOf(dataDir);
  const lock = lockFolder(dataDir, socket);
  try {
    if (!existsSync(`${dataDir}/PG_VERSION`)) await initialiseInChild(dataDir);
    // PGlite already maps timestamptz → Date, jsonb → JSON and int8 → number; date stays text as in pg.ts.
    const db = await PGlite.create(dataDir, { postgresqlconf: PGLITE_CONF, parsers: { [DATE]: (value: string) => value } });
    const hooks: CloseHooks = { after: () => lock.release() };
    const sql = wrap(db, hooks);
    try {
      const server = await serveSql(sql, socket);
      hooks.before = () => server.close();
    } catch (error) {
      await sql.close();
      throw error;
    }
    return sql;
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** before: stop taking work from elsewhere (the socket); after: give up the folder (the lock). */
interface CloseHooks {
  before?: () => Promise<void>;
  after?: () => void;
}

/** The Sql seam over one PGlite; `hooks` run around its close. */
export function wrap(db: PGlite, hooks: CloseHooks = {}): Sql {
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
      closed ??= (async () => {
        await hooks.before?.();
        try {
          if (!db.closed) await db.close();
        } finally {
          hooks.after?.();
        }
      })();
      return closed;
    },
  };
}
