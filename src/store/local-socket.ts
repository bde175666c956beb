/**
 * The database of a running service, served to the CLI on the same machine over a Unix socket
 * beside the embedded folder (`<dir>.sock`, mode 0600), so `digest`, `export`, `privacy …` and
 * `doctor` work while the service runs without opening the folder a second time.
 *
 * The wire is the `Sql` seam itself: length-prefixed frames of Node's structured-clone serialiser
 * (node:v8), which keeps Dates and Buffers as they are. A transaction holds the service's single
 * PGlite connection until the client commits or rolls back (or disconnects: rolled back).
 * Why not PGlite's own socket server (@electric-sql/pglite-socket, PostgreSQL wire protocol): every
 * release pins an exact PGlite version (0.2.17 → pglite 0.5.14, ours is 0.5.16+) plus seven
 * extension packages as peers, which npm refuses to install beside ours.
 */
import { chmodSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { deserialize, serialize } from 'node:v8';
import type { Sql, SqlTx } from './sql.js';

export const socketFileOf = (dir: string) => `${dir.replace(/[/\\]+$/, '')}.sock`;

type Command = { op: 'query'; text: string; params?: readonly unknown[] } | { op: 'begin' | 'commit' | 'rollback' };
type Request = Command & { id: number };
type Reply = { id: number; rows?: unknown[]; error?: { message: string; code?: string } };

function send(socket: Socket, value: unknown): void {
  const body = serialize(value);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  socket.write(Buffer.concat([head, body]));
}

/** Calls onFrame for every whole frame that arrives on the socket. */
function readFrames(socket: Socket, onFrame: (value: unknown) => void): void {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32BE(0)) {
      const length = buffered.readUInt32BE(0);
      onFrame(deserialize(buffered.subarray(4, 4 + length)));
      buffered = buffered.subarray(4 + length);
    }
  });
}

class Rollback extends Error {}

const errorOf = (error: unknown) => ({
  message: error instanceof Error ? error.message : String(error),
  ...(typeof (error as { code?: unknown }).code === 'string' ? { code: (error as { code: string }).code } : {}),
});

/** Serves `sql` on the Unix socket `path` (replacing a stale socket file). Resolves once listening. */
export async function serveSql(sql: Sql, path: string): Promise<{ close(): Promise<void> }> {
  rmSync(path, { force: true });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let tx: SqlTx | undefined;
    let finish: ((commit: boolean) => void) | undefined;
    let done: Promise<unknown> | undefined;
    let queue = Promise.resolve();
    const handle = async (request: Request): Promise<Reply> => {
      switch (request.op) {
        case 'query':
          return { id: request.id, rows: await (tx ?? sql).query(request.text, request.params) };
        case 'begin': {
          if (tx) throw new Error('already in a transaction');
          let started!: () => void;
          const ready = new Promise<void>((resolve) => (started = resolve));
          done = sql.transaction(
            (t) =>
              new Promise<void>((resolve, reject) => {
                tx = t;
                finish = (commit) => (commit ? resolve() : reject(new Rollback()));
                started();
              }),
          );
          // Ended through commit/rollback below, or rolled back when the client goes away.
          done.catch(() => undefined);
          // A failed BEGIN rejects `done` before the callback runs.
          await Promise.race([ready, done]);
          return { id: request.id };
        }
        case 'commit':
        case 'rollback': {
          if (!finish || !done) throw new Error('not in a transaction');
          finish(request.op === 'commit');
          const ended = done;
          tx = finish = done = undefined;
          await ended.catch((error: unknown) => {
            if (!(error instanceof Rollback)) throw error;
          });
          return { id: request.id };
        }
      }
    };
    readFrames(socket, (value) => {
      const request = value as Request;
      queue = queue.then(async () => {
        const reply = await handle(request).catch((error: unknown): Reply => ({ id: request.id, error: errorOf(error) }));
        if (!socket.destroyed) send(socket, reply);
      });
    });
    const abandon = () => {
      sockets.delete(socket);
      finish?.(false);
      tx = finish = undefined;
    };
    socket.on('close', abandon);
    socket.on('error', abandon);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A `Sql` that runs every statement in the process serving `path`. One connection; statements
 * run one at a time, and a transaction has the connection to itself until it ends.
 */
export async function connectSql(path: string): Promise<Sql> {
  const socket = createConnection(path);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  readFrames(socket, (value) => {
    const reply = value as Reply;
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
  });
  const lost = (error?: Error) => {
    for (const waiter of pending.values()) waiter.reject(error ?? new Error('the running service closed the database connection'));
    pending.clear();
  };
  socket.on('error', lost);
  socket.on('close', () => lost());

  const call = async (request: Command): Promise<unknown[]> => {
    const id = nextId++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      send(socket, { ...request, id });
    });
    if (reply.error) throw Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {});
    return reply.rows ?? [];
  };
  // One statement or transaction at a time, in call order.
  let turn = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = turn.then(fn);
    turn = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
  let closed: Promise<void> | undefined;
  return {
    query: <T>(text: string, params?: readonly unknown[]) => exclusive(() => call({ op: 'query', text, ...(params ? { params } : {}) }) as Promise<T[]>),
    transaction: <T>(fn: (tx: SqlTx) => Promise<T>) =>
      exclusive(async () => {
        await call({ op: 'begin' });
        try {
          const result = await fn({ query: <R>(text: string, params?: readonly unknown[]) => call({ op: 'query', text, ...(params ? { params } : {}) }) as Promise<R[]> });
          await call({ op: 'commit' });
          return result;
        } catch (error) {
          await call({ op: 'rollback' }).catch(() => undefined);
          throw error;
        }
      }),
    close() {
      closed ??= new Promise<void>((resolve) => socket.end(resolve));
      return closed;
    },
  };
}
