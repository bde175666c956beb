/**
 * Runs the real CLI (`bin/brobygger.mjs`) as a child process in an empty working folder (no
 * .env), with only the environment a test gives it plus PATH, and reads its JSON log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

/** The CLI's TypeScript entry; the suite runs the sources (through tsx), not the build in dist/. */
const SOURCE_ENTRY = fileURLToPath(new URL('../../src/cli/index.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface LogLine {
  level: number;
  time: string;
  msg: string;
  component?: string;
  [key: string]: unknown;
}

export interface CliProcess {
  child: ChildProcess;
  lines: LogLine[];
  stdout(): string;
  stderr(): string;
  /** Resolves with the first log line matching `test` (rejects if the process exits first). */
  line(test: (line: LogLine) => boolean): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The run's initialised in-memory database (test/global-setup.ts), so a child skips initdb too. */
const templateEnv = (): Record<string, string> =>
  process.env.PGLITE_TEMPLATE ? { PGLITE_TEMPLATE: process.env.PGLITE_TEMPLATE } : {};

export function runCli(args: string[], env: Record<string, string>, path = process.env.PATH ?? ''): CliProcess {
  const cwd = mkdtempSync(join(tmpdir(), 'bb-cli-'));
  const child = spawn(process.execPath, ['--enable-source-maps', '--import', TSX_LOADER, SOURCE_ENTRY, ...args], { cwd, env: { PATH: path, ...templateEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const lines: LogLine[] = [];
  const waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const text = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        continue;
      }
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    stdout: () => out,
    stderr: () => err,
    exited,
    line(test) {
      const found = lines.find(test);
      if (found) return Promise.resolve(found);
      return new Promise<LogLine>((resolve, reject) => {
        waiters.push({ test, resolve });
        void exited.then(() => reject(new Error(`the CLI exited before the expected line; stdout:\n${out}\nstderr:\n${err}`)));
      });
    },
  };
}

/** A port nothing listens on (bound, read, released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
