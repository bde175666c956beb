/**
 * The reconciler: the database is the truth, Redis may lose anything. Every pass pages through
 * every open concern (its route job or next ladder step) and every unfinished delivery that
 * should have a job, checks which jobs Redis still has with one script call per page, and
 * re-adds the missing ones — among them a question's one-business-day reminder to the reporter,
 * which is a delivery row due later. A few queries per page, no per-concern round trips, no cap.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DeliveryStore } from '../src/core/deliveries.js';
import type { Concern } from '../src/core/model.js';
import type { WorkflowSteps } from '../src/core/service.js';
import { enqueueDeliveries, notifyJobFor } from './notify.js';

/** The fields that name an open concern's expected job (src/store/reconcile-queries.ts). */
export type OpenConcernKey = Pick<Concern, 'id' | 'state' | 'teamId' | 'slaEpoch' | 'escalationLevel'>;

export interface OpenConcernRow {
  concern: Concern;
  clockStartedAt: Date;
}

/** Open concerns as the reconciler reads them (src/store/reconcile-queries.ts openConcernSource). */
export interface OpenConcerns {
  /** Open concerns with id > afterId in id order, only the fields that name their expected job. */
  page(afterId: string, limit: number): Promise<OpenConcernKey[]>;
  /** Those of the ids still open, whole, with the moment their SLA clock started. */
  load(ids: readonly string[]): Promise<OpenConcernRow[]>;
}

export interface ReconcilerDeps {
  steps: Pick<WorkflowSteps, 'expectedWork' | 'expectedJob'>;
  openConcerns: OpenConcerns;
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

/** Returns the 1-based positions of the KEYS that do not exist. */
const MISSING_KEYS = `local missing = {}
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 0 then missing[#missing + 1] = i end
end
return missing`;

/**
 * Which of these job ids Redis does not have, in one round trip: one script over the page's keys
 * rather than an EXISTS each (10,000 pipelined commands cost the client more than Redis).
 */
export async function missingJobs(queue: Queue, jobIds: string[]): Promise<Set<string>> {
  if (jobIds.length === 0) return new Set();
  const client = (await queue.client) as unknown as Redis;
  const positions = (await client.eval(MISSING_KEYS, jobIds.length, ...jobIds.map((id) => queue.toKey(id)))) as number[];
  return new Set(positions.map((i) => jobIds[i - 1]!));
}

/**
 * Re-adds the work of the page's concerns whose job Redis lacks. Only those are read whole and get
 * expectedWork (the due time on the business calendar): a pass with nothing missing reads five
 * columns per concern and does no calendar arithmetic.
 */
async function restoreConcerns(deps: ReconcilerDeps, page: OpenConcernKey[], now: number): Promise<number> {
  const lost: string[] = [];
  for (const name of ['route', 'escalate'] as const) {
    const mine = page.flatMap((concern) => {
      const job = deps.steps.expectedJob(concern);
      return job?.queue === name ? [{ concernId: concern.id, jobId: job.jobId }] : [];
    });
    const missing = await missingJobs(deps.queues[name], mine.map((e) => e.jobId));
    lost.push(...mine.filter((e) => missing.has(e.jobId)).map((e) => e.concernId));
  }
  if (lost.length === 0) return 0;
  const effects = (await deps.openConcerns.load(lost)).flatMap((row) => deps.steps.expectedWork(row.concern, row.clockStartedAt));
  let restored = 0;
  for (const name of ['route', 'escalate'] as const) {
    const jobs = effects
      .filter((e) => e.queue === name)
      .map((e) => ({ name, data: e.data, opts: { jobId: e.jobId, delay: e.runAt ? Math.max(0, e.runAt.getTime() - now) : 0 } }));
    if (jobs.length > 0) await deps.queues[name].addBulk(jobs);
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
    const fetch = (after: string) => {
      const page = deps.openConcerns.page(after, pageSize);
      page.catch(() => {}); // awaited below; a pass that fails before then must not leave it unhandled
      return page;
    };
    // The next page is read while Redis is asked about this one.
    for (let next = fetch(''); ; ) {
      const page = await next;
      if (page.length === 0) break;
      const full = page.length === pageSize;
      if (full) next = fetch(page[page.length - 1]!.id);
      restored += await restoreConcerns(deps, page, now());
      if (!full) break;
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
