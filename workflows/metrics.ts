/**
 * Queue `metrics`: keeps each concern's response times (concern_metrics) current so the digest
 * can take medians in SQL. A `record` job follows every acknowledgement, reply, resolution,
 * withdrawal and reassignment (outbox effect `metricsEffect` from src/core/response-times.ts);
 * a `sweep` every few minutes catches anything missed and backfills after an upgrade.
 */
import type { Job, Queue } from 'bullmq';
import { z } from 'zod';
import type { ResponseTimesRecorder } from '../src/store/response-times.js';

export const QUEUE = 'metrics';
export const SWEEP_SCHEDULER_ID = 'metrics-sweep';
export const SWEEP_EVERY_MS = 5 * 60_000;
/** A sweep stops after this many concerns; the next one continues (a backfill spreads out). */
export const SWEEP_LIMIT = 5_000;

export const metricsJobSchema = z.object({ concernId: z.string().min(1) });
export type MetricsJob = z.infer<typeof metricsJobSchema>;

export interface MetricsDeps {
  recorder: ResponseTimesRecorder;
}

export async function processMetrics(name: string, data: unknown, deps: MetricsDeps): Promise<number> {
  if (name === 'sweep') return deps.recorder.refreshStale(SWEEP_LIMIT);
  const job = metricsJobSchema.parse(data);
  return (await deps.recorder.record(job.concernId)) ? 1 : 0;
}

export const metricsProcessor = (deps: MetricsDeps) => (job: Job) => processMetrics(job.name, job.data, deps);

/** Registers the sweep; idempotent, so every process may call it at boot. */
export async function startMetricsSweep(queue: Queue, options: { everyMs?: number } = {}): Promise<void> {
  await queue.upsertJobScheduler(
    SWEEP_SCHEDULER_ID,
    { every: options.everyMs ?? SWEEP_EVERY_MS },
    { name: 'sweep', data: {}, opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } } },
  );
}

/** For producers without the outbox (e.g. a backfill script); the outbox path uses metricsEffect. */
export async function enqueueMetrics(queue: Queue, concernId: string, seq: number): Promise<void> {
  await queue.add('record', { concernId }, { jobId: `metrics-${concernId}-${seq}` });
}
