/**
 * The service's shutdown: the steps registered during start-up run in reverse order, each logged
 * when done and each bounded in time, so a Redis or Slack that does not answer cannot keep the
 * process alive. The whole sequence stays under STOP_BUDGET_MS (20 s), inside the 25 s an
 * orchestrator usually grants between SIGTERM and SIGKILL (Kubernetes: 30 s, systemd: 90 s).
 */
import type { Logger } from './logger.js';

/** The whole sequence, in milliseconds. */
export const STOP_BUDGET_MS = 20_000;
/** One step, unless registered with its own bound. */
export const STEP_MS = 5_000;
/** Workers finish their running jobs (BullMQ Worker.close waits for them). */
export const WORKERS_STOP_MS = 10_000;

interface Step {
  component: string;
  done: string;
  run: () => Promise<void>;
  maxMs: number;
}

export interface StopSequence {
  /** Registers a step; `done` is the line logged when it has finished ("HTTP closed"). */
  add(component: string, done: string, run: () => Promise<void>, maxMs?: number): void;
  /** Runs the steps once, newest first; later calls wait for the same run. quiet: log at debug. */
  run(options?: { quiet?: boolean }): Promise<void>;
}

const TIMED_OUT = Symbol('timed out');

async function bounded(run: () => Promise<void>, ms: number): Promise<void | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createStopSequence(logger: Logger): StopSequence {
  const steps: Step[] = [];
  let running: Promise<void> | undefined;

  async function runAll(quiet: boolean): Promise<void> {
    const log = (level: 'info' | 'warn', fields: Record<string, unknown>, msg: string) =>
      quiet ? logger.debug(fields, msg) : logger[level](fields, msg);
    const deadline = Date.now() + STOP_BUDGET_MS;
    for (const step of steps.reverse()) {
      // Past the budget every step still gets a moment: the local redis-server must be told to stop.
      const ms = Math.max(500, Math.min(step.maxMs, deadline - Date.now()));
      try {
        const outcome = await bounded(step.run, ms);
        if (outcome === TIMED_OUT) log('warn', { component: step.component, ms }, `${step.component}: did not stop within ${ms} ms; moving on`);
        else log('info', { component: step.component }, step.done);
      } catch (err) {
        log('warn', { component: step.component, err }, `${step.component}: error while stopping`);
      }
    }
  }

  return {
    add(component, done, run, maxMs = STEP_MS) {
      steps.push({ component, done, run, maxMs });
    },
    run(options = {}) {
      running ??= runAll(options.quiet ?? false);
      return running;
    },
  };
}
