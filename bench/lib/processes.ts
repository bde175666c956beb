/**
 * Child processes the bench measures: `node bin/brobygger.mjs start [--role …]` exactly as an
 * operator runs it, and the bare Bolt baseline. Each listens on a free 127.0.0.1 port, logs to a
 * file in the scenario's temp dir, is stopped with SIGTERM (SIGKILL after 15 s) and, on Linux,
 * dies with the bench (setpriv --pdeathsig) if the bench is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENV_VARIABLES } from '../../src/app/env.js';
import { freePort } from '../../src/app/free-port.js';
import { findOnPath } from '../../src/app/redis-server.js';
import type { Resources } from './resources.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  name: string;
  pid: number;
  port: number;
  url: string;
  logFile: string;
  /** From spawn until it answered its readiness check. */
  readySeconds: number;
  /** Resident set size now (VmRSS), in bytes; null once the process is gone. */
  rss(): number | null;
  /** Peak resident set size (VmHWM), in bytes. */
  peakRss(): number | null;
  /** CPU time used so far (user + system), in seconds. */
  cpuSeconds(): number | null;
  stop(): Promise<void>;
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Our variables all set (blank = unset for the service), so a developer's .env cannot leak in. */
function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  for (const name of ENV_VARIABLES) env[name] = '';
  return { ...env, ...overrides };
}

interface SpawnOptions {
  name: string;
  args: string[];
  env: Record<string, string>;
  logDir: string;
  /** Path answering 2xx once the process is ready. */
  readyPath: string;
  readyTimeoutMs?: number;
}

async function spawnChild(resources: Resources, options: SpawnOptions): Promise<Child> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = openSync(logFile, 'a');
  const setpriv = process.platform === 'linux' ? findOnPath('setpriv') : null;
  const [command, args] = setpriv
    ? [setpriv, ['--pdeathsig', 'TERM', process.execPath, ...options.args]]
    : [process.execPath, options.args];
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: childEnv({ ...options.env, PORT: String(port) }),
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
  const pid = child.pid ?? -1;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };
  resources.add(null, `${options.name} (pid ${pid})`, stop);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`${options.name} exited before it was ready. Its log (${logFile}):\n${tail(logFile)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms. Its log (${logFile}):\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${url}${options.readyPath}`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return {
    name: options.name,
    pid,
    port,
    url,
    logFile,
    readySeconds: (performance.now() - spawnedAt) / 1000,
    rss: () => statusField(pid, 'VmRSS'),
    peakRss: () => statusField(pid, 'VmHWM'),
    cpuSeconds: () => cpuSeconds(pid),
    stop,
  };
}

export type Role = 'all' | 'web' | 'worker';

export interface ServiceEnv {
  REDIS_URL: string;
  DATABASE_URL: string;
  DIRECTORY_FILE: string;
  SLACK_API_URL: string;
  DATA_DIR: string;
  SLACK_BOT_TOKEN: string;
  SLACK_SIGNING_SECRET: string;
}

/** `node bin/brobygger.mjs start [--role web|worker]`, with Slack and Teams (local mode) on. */
export function startBrobygger(resources: Resources, role: Role, env: ServiceEnv, logDir: string, name = `brobygger-${role}`): Promise<Child> {
  return spawnChild(resources, {
    name,
    args: ['bin/brobygger.mjs', 'start', ...(role === 'all' ? [] : ['--role', role])],
    env: { ...env, TEAMS_ALLOW_UNAUTHENTICATED: 'true', LOG_LEVEL: 'warn' },
    logDir,
    readyPath: '/readyz',
    // A bound, not a target: a fresh PGlite folder on a busy 2-core machine takes tens of seconds.
    readyTimeoutMs: 180_000,
  });
}

/** The bare Bolt app of bench/baseline-bolt.ts. */
export function startBaselineBolt(resources: Resources, env: { SLACK_SIGNING_SECRET: string; SLACK_BOT_TOKEN: string; SLACK_API_URL: string }, logDir: string): Promise<Child> {
  return spawnChild(resources, {
    name: 'baseline-bolt',
    args: ['--import', 'tsx', 'bench/baseline-bolt.ts'],
    env,
    logDir,
    readyPath: '/healthz',
  });
}
