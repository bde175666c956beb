/**
 * The ChartRenderer port for the service: charts are drawn in a child process (render-child.ts),
 * so Vega, Vega-Lite and resvg never load into the long-lived service. Drawn in the service,
 * one chart cost +93–123 MiB of RSS that stayed (issue 18 allows 30 MiB); through the child the
 * service grows by 1–2 MiB (bench scenario 4). A worker thread would not do: its heap and
 * resvg's native memory are the service's own (measured +83 MiB peak, +47 MiB after terminate). The child is started on the first chart, serves the charts that
 * follow while it is busy (a Monday fan-out draws one per manager), and is told to go after
 * `idleMs` without work, so between digests no chart process exists at all.
 *
 * From the build (dist/cli/) the child is dist/cli/render-child.js; from the sources (tsx, tests)
 * it is src/chart/render-child.ts run with tsx's loader.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChartRenderer, ChartSpec } from '../core/digest/chart.js';
import type { ChartRenderOptions } from './render.js';
import type { RenderReply } from './render-child.js';

export interface ChartProcessOptions extends ChartRenderOptions {
  /** How long the child may sit without a chart before it is told to exit (default 10 s). */
  idleMs?: number;
  /** A chart not drawn by then fails and the child is ended (default 30 s). */
  timeoutMs?: number;
  /** The child's entry, e.g. the built dist/cli/render-child.js for the bench run under tsx; default: see childEntry. */
  childFile?: string;
}

export interface ChartProcessRenderer extends ChartRenderer {
  /** The child's pid while one runs (for tests and the bench); undefined otherwise. */
  readonly pid: number | undefined;
  /** Ends the child now, failing charts still being drawn. */
  close(): Promise<void>;
}

/** The child's entry and the node flags it needs: the built .js beside this file, else the .ts under tsx. */
function childEntry(file?: string): { file: string; execArgv: string[] } {
  if (file?.endsWith('.js')) return { file, execArgv: ['--enable-source-maps'] };
  const built = fileURLToPath(new URL('./render-child.js', import.meta.url));
  if (existsSync(built)) return { file: built, execArgv: ['--enable-source-maps'] };
  const source = fileURLToPath(new URL('./render-child.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file: source, execArgv: ['--import', tsx] };
}

interface Pending {
  resolve(png: Uint8Array): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** One child process and the charts it is drawing. */
interface Child {
  process: ChildProcess;
  pending: Map<number, Pending>;
}

function failAll(child: Child, error: Error): void {
  for (const [id, p] of child.pending) {
    clearTimeout(p.timer);
    child.pending.delete(id);
    p.reject(error);
  }
}

/** Holds the service open while a chart is being drawn, and not while the child waits for work. */
function hold(child: Child, on: boolean): void {
  const channel = child.process.channel as { ref?(): void; unref?(): void } | undefined;
  if (on) {
    child.process.ref();
    channel?.ref?.();
  } else {
    child.process.unref();
    channel?.unref?.();
  }
}

export function createChartProcessRenderer(options: ChartProcessOptions = {}): ChartProcessRenderer {
  const idleMs = options.idleMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let current: Child | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let nextId = 1;

  function start(): Child {
    const { file, execArgv } = childEntry(options.childFile);
    const child: Child = {
      process: fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
      pending: new Map(),
    };
    child.process.on('message', (message: RenderReply) => {
      const p = child.pending.get(message.id);
      if (!p) return;
      child.pending.delete(message.id);
      clearTimeout(p.timer);
      if ('png' in message) p.resolve(new Uint8Array(message.png));
      else p.reject(new Error(`chart not drawn: ${message.error}`));
      if (child.pending.size === 0) idle(child);
    });
    child.process.on('error', (error) => failAll(child, error));
    child.process.on('exit', (code, signal) => {
      if (current === child) current = undefined;
      failAll(child, new Error(`the chart process ended (${signal ?? `exit code ${code}`})`));
    });
    return child;
  }

  /** Nothing to draw: end the child unless another chart follows soon. */
  function idle(child: Child) {
    hold(child, false);
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => retire(child), idleMs);
    idleTimer.unref();
  }

  /** Closes the channel, and the child exits (it is retired when idle, or on close). */
  function retire(child: Child) {
    if (current === child) current = undefined;
    if (child.process.connected) child.process.disconnect();
  }

  function draw(child: Child, id: number, spec: ChartSpec): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      const settle = (error: Error) => {
        const p = child.pending.get(id);
        if (!p) return;
        child.pending.delete(id);
        clearTimeout(p.timer);
        p.reject(error);
      };
      const timer = setTimeout(() => {
        settle(new Error(`chart not drawn within ${timeoutMs} ms`));
        // A child stuck on one chart would hold up every later one.
        if (current === child) current = undefined;
        child.process.kill('SIGKILL');
      }, timeoutMs);
      child.pending.set(id, { resolve, reject, timer });
      child.process.send({ id, spec, ...(options.scale === undefined ? {} : { scale: options.scale }) }, (error) => {
        if (error) settle(error);
      });
    });
  }

  return {
    get pid() {
      return current?.process.pid;
    },
    renderPng(spec) {
      clearTimeout(idleTimer);
      current ??= start();
      hold(current, true);
      return draw(current, nextId++, spec);
    },
    async close() {
      clearTimeout(idleTimer);
      const child = current;
      if (!child) return;
      retire(child);
      const proc = child.process;
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      // Waited for: an idle child is unreferenced, which would let the service exit before it does.
      proc.ref();
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        // A child that does not leave promptly after the channel closed is ended.
        setTimeout(() => proc.kill('SIGKILL'), 2_000).unref();
      });
    },
  };
}
