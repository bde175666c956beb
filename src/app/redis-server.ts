/**
 * A private redis-server for one machine without REDIS_URL: started on a free port bound to
 * 127.0.0.1, with its files under dataDir and an append-only file, so queued work (timers,
 * escalations) survives a restart.
 */
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import type { Logger } from './logger.js';

export interface LocalRedisOptions {
  dataDir: string;
  /** Default: a free port. */
  port?: number;
  logger?: Logger;
  /** How long to wait for the server to answer (loading a large append-only file takes time). */
  readyTimeoutMs?: number;
}

export interface LocalRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export class RedisServerMissingError extends Error {
  constructor() {
    super(
      'redis-server was not found on PATH. Run `npm run setup` to install it, ' +
        'or set REDIS_URL to a Redis server you run yourself.',
    );
    this.name = 'RedisServerMissingError';
  }
}

/** The absolute path of an executable on PATH, or null. */
export function findOnPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const LOG_FILE = 'redis.log';
const PID_FILE = 'redis.pid';
// Below the shutdown step bound (stop-sequence.ts); with appendfsync everysec a SIGKILL loses at most ~1 s.
const STOP_TIMEOUT_MS = 4_000;

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A redis-server from an earlier run that is still using dataDir would corrupt its files. */
function assertNoServerUsing(dir: string): void {
  const pidFile = join(dir, PID_FILE);
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // gone (or no /proc): a stale pidfile
  }
  if (cmdline.includes('redis-server')) {
    throw new Error(
      `redis-server (pid ${pid}) is already using ${dir}. If it is left over from an earlier run, stop it: kill ${pid}`,
    );
  }
}

/**
 * True once the server on `port` answers PING (not -LOADING) and is the process we started;
 * the process check matters when another server holds the port we tried to bind.
 */
function answers(port: number, pid: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(2_000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\nINFO server\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (!reply.startsWith('+PONG\r\n')) {
        if (reply.length >= 7 || reply.startsWith('-')) finish(false);
        return;
      }
      const header = /^\$(\d+)\r\n/.exec(reply.slice(7));
      if (!header?.[1]) return;
      const length = Number(header[1]);
      const body = reply.slice(7 + header[0].length);
      if (body.length < length) return;
      finish(body.slice(0, length).includes(`process_id:${pid}\r\n`));
    });
  });
}

export async function startLocalRedis(options: LocalRedisOptions): Promise<LocalRedis> {
  const redisServer = findOnPath('redis-server');
  if (!redisServer) throw new RedisServerMissingError();

  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  assertNoServerUsing(dir);
  const port = options.port ?? (await freePort());
  const logFile = join(dir, LOG_FILE);

  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--appendonly', 'yes',
    '--save', '',
    '--daemonize', 'no',
    '--pidfile', join(dir, PID_FILE),
    '--logfile', logFile,
  ];
  // Linux: the kernel stops redis-server if we die without running 'exit' handlers (SIGKILL, crash).
  const setpriv = process.platform === 'linux' ? findOnPath('setpriv') : null;
  const [command, commandArgs] = setpriv
    ? [setpriv, ['--pdeathsig', 'TERM', redisServer, ...args]]
    : [redisServer, args];

  // Errors before the log file is open (bad arguments) go to stderr: send them to the same file.
  const stderr = openSync(logFile, 'a');
  let child;
  try {
    child = spawn(command, commandArgs, { stdio: ['ignore', 'ignore', stderr] });
  } finally {
    closeSync(stderr);
  }

  let exited = false;
  let exitCode: number | string | null = null;
  const exit = new Promise<void>((settle) => {
    child.once('exit', (code, signal) => {
      exited = true;
      exitCode = code ?? signal;
      settle();
    });
    child.once('error', (err) => {
      exited = true;
      exitCode = err.message;
      settle();
    });
  });
  const killOnExit = () => {
    if (!exited) child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const pid = child.pid ?? -1;
  while (!(await answers(port, pid))) {
    if (exited) {
      process.off('exit', killOnExit);
      throw new Error(`redis-server exited (${String(exitCode)}) before it was ready. Its log (${logFile}):\n${tail(logFile)}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exit;
      process.off('exit', killOnExit);
      throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms. Its log (${logFile}):\n${tail(logFile)}`);
    }
    await sleep(50);
  }
  // A forgotten stop() must not keep the process alive; the 'exit' handler still stops redis.
  child.unref();
  options.logger?.debug({ port, dataDir: dir, redisPid: pid }, 'local redis-server started');

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      process.off('exit', killOnExit);
      if (exited) return;
      child.ref();
      // SIGTERM is redis' graceful shutdown: the append-only file is flushed before it exits.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
      options.logger?.debug({ port, code: exitCode }, 'local redis-server stopped');
    },
  };
}
