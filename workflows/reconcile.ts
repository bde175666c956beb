/**
 * The reconciler: every so often, make sure each open concern has the queue work it should have
 * (route job, pending ladder steps). Redis may lose data; the database is the truth. Job ids make
 * re-adding an existing job a no-op.
 */
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkflowSteps } from '../src/core/service.js';

export interface ReconcilerDeps {
  steps: WorkflowSteps;
  queues: Record<'route' | 'escalate', Queue>;
  logger: Logger;
  intervalMs?: number;
  /** How many open concerns one pass looks at (oldest first). */
  batch?: number;
}

export interface Reconciler {
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

export function startReconciler(deps: ReconcilerDeps): Reconciler {
  let running: Promise<number> | null = null;

  async function pass(): Promise<number> {
    const work = await deps.steps.expectedWork(deps.batch ?? 10_000);
    let restored = 0;
    for (const effect of work) {
      if (effect.queue !== 'route' && effect.queue !== 'escalate') continue;
      const queue = deps.queues[effect.queue];
      if (await queue.getJob(effect.jobId)) continue;
      const delay = effect.runAt ? Math.max(0, effect.runAt.getTime() - Date.now()) : 0;
      await queue.add(effect.queue, effect.data, { jobId: effect.jobId, delay });
      restored += 1;
    }
    if (restored > 0) deps.logger.warn({ component: 'reconciler', restored }, 'restored queue work that was missing from Redis');
    return restored;
  }

  const runOnce = () => {
    running ??= pass()
      .catch((err: unknown) => {
        deps.logger.warn({ component: 'reconciler', err }, 'reconciliation pass failed; will try again');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), deps.intervalMs ?? 60_000);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
