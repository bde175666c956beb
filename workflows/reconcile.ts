/**
 * The reconciler: the database is the truth, Redis may lose anything. Every pass pages through
 * every open concern (its route job or next ladder step) and every unfinished delivery that
 * should have a job, checks which jobs Redis still has with one pipelined EXISTS per page, and
 * re-adds the missing ones — among them a question's one-business-day reminder to the reporter,
 * which is a delivery row due later. A few queries per page, no per-concern round trips, no cap.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DeliveryStore } from '../src/core/deliveries.js';
import type { Concern } from '../src/core/model.js';
import type { Effect } from '../src/core/ports.js';
import type { WorkflowSteps } from '../src/core/service.js';
import { enqueueDeliveries, notifyJobFor } from './notify.js';

export interface OpenConcernRow {
  concern: Concern;
  clockStartedAt: Date;
}

export interface ReconcilerDeps {
  steps: Pick<WorkflowSteps, 'expectedWork'>;
  /** Open concerns with id > afterId in id order (src/store/reconcile-queries.ts). */
  openConcerns: (afterId: string, limit: number) => Promise<OpenConcernRow[]>;
  deliveries: Pick<DeliveryStore, 'queuedDeliveries'>;
  queues: Record<'route' | 'escalate' | 'notify', Queue>;
  logger: Logger;
  intervalMs?: number;
  /** Rows per page. */
  pageSize?: number;
  /**
   * The service's clock, which a job's delay is measured against (as the dispatcher's): a
   * restored reminder or ladder step fires when it was due, not at once. Default: real time.
   */
  now?: () => Date;
}

export interface Reconciler {
  /** One full pass; resolves with how many jobs were re-created. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Which of these job ids Redis does not have, in one pipelined round trip. */
export async function missingJobs(queue: Queue, jobIds: string[]): Promise<Set<string>> {
  if (jobIds.length === 0) return new Set();
  const client = (await queue.client) as unknown as Redis;
  const pipeline = client.pipeline();
  for (const id of jobIds) pipeline.exists(queue.toKey(id));
  const results = (await pipeline.exec()) ?? [];
  const missing = new Set<string>();
  results.forEach(([error, exists], index) => {
    if (error) throw error;
    if (exists === 0) missing.add(jobIds[index]!);
  });
  return missing;
}

async function restoreEffects(queues: ReconcilerDeps['queues'], effects: Effect[], now: number): Promise<number> {
  let restored = 0;
  for (const name of ['route', 'escalate'] as const) {
    const mine = effects.filter((e) => e.queue === name);
    const missing = await missingJobs(queues[name], mine.map((e) => e.jobId));
    const jobs = mine
      .filter((e) => missing.has(e.jobId))
      .map((e) => ({ name, data: e.data, opts: { jobId: e.jobId, delay: e.runAt ? Math.max(0, e.runAt.getTime() - now) : 0 } }));
    if (jobs.length > 0) await queues[name].addBulk(jobs);
    restored += jobs.length;
  }
  return restored;
}

export function startReconciler(deps: ReconcilerDeps): Reconciler {
  const pageSize = deps.pageSize ?? 2_000;
  const now = () => (deps.now?.() ?? new Date()).getTime();
  let running: Promise<number> | null = null;

  async function concerns(): Promise<number> {
    let restored = 0;
    for (let after = ''; ; ) {
      const page = await deps.openConcerns(after, pageSize);
      if (page.length === 0) break;
      const effects = page.flatMap((row) => deps.steps.expectedWork(row.concern, row.clockStartedAt));
      restored += await restoreEffects(deps.queues, effects, now());
      after = page[page.length - 1]!.concern.id;
      if (page.length < pageSize) break;
    }
    return restored;
  }

  async function deliveries(): Promise<number> {
    let restored = 0;
    for (let after = ''; ; ) {
      const rows = await deps.deliveries.queuedDeliveries(after, pageSize);
      if (rows.length === 0) break;
      const jobIdOf = (row: (typeof rows)[number]) => notifyJobFor(row, 0).opts.jobId;
      const missing = await missingJobs(deps.queues.notify, [...new Set(rows.map(jobIdOf))]);
      const lost = rows.filter((r) => missing.has(jobIdOf(r)));
      await enqueueDeliveries(deps.queues.notify, lost, now());
      restored += lost.length;
      after = rows[rows.length - 1]!.id;
      if (rows.length < pageSize) break;
    }
    return restored;
  }

  async function pass(): Promise<number> {
    const restored = (await concerns()) + (await deliveries());
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
