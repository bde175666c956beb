/**
 * Baselines on the same Redis with nothing of Brobygger in the way: a bare BullMQ add → process
 * round trip (scenario 2), and bare delayed jobs with a no-op processor (scenario 3). Producer
 * and worker run in the bench process under their own key prefix.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker } from 'bullmq';
import { DEFAULT_JOB_OPTIONS } from '../../workflows/job-options.js';
import type { BenchRedis } from './infra.js';
import { summarize, type Summary } from './stats.js';

const PREFIX = 'bench-baseline';

/** Jobs added at `rate` per second (open loop); time from add() to the processor running it. */
export async function roundTrip(redis: BenchRedis, rate: number, seconds: number): Promise<Summary> {
  const added = new Map<number, number>();
  const latencies: number[] = [];
  const queue = new Queue('roundtrip', { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const worker = new Worker(
    'roundtrip',
    async (job) => {
      const start = added.get(Number(job.data.i));
      if (start !== undefined) latencies.push(performance.now() - start);
    },
    { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: PREFIX, concurrency: 8 },
  );
  try {
    await worker.waitUntilReady();
    const total = Math.round(rate * seconds);
    const t0 = performance.now();
    const adds: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait >= 1) await sleep(wait);
      added.set(i, performance.now());
      adds.push(queue.add('roundtrip', { i }, { jobId: `rt-${i}` }));
    }
    await Promise.all(adds);
    const deadline = Date.now() + 10_000;
    while (latencies.length < total && Date.now() < deadline) await sleep(20);
    return summarize(latencies);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

export interface DelayedFigures {
  jobs: number;
  lateness: Summary;
  /** used_memory growth per pending delayed job, in bytes. */
  bytesPerJob: number;
}

/** `jobs` delayed jobs due evenly over `windowMs` from `leadMs` from now; how late each ran. */
export async function delayedJobs(redis: BenchRedis, jobs: number, windowMs: number, leadMs: number): Promise<DelayedFigures> {
  const queue = new Queue('delayed', { connection: { url: redis.url, maxRetriesPerRequest: 1 }, prefix: PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const lateness: number[] = [];
  const worker = new Worker(
    'delayed',
    async (job) => {
      lateness.push(Date.now() - Number(job.data.due));
    },
    { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: PREFIX, concurrency: 8 },
  );
  try {
    await worker.waitUntilReady();
    const before = await redis.usedMemory();
    const firstDue = Date.now() + leadMs;
    for (let i = 0; i < jobs; i++) {
      const due = firstDue + (i * windowMs) / jobs;
      await queue.add('delayed', { due, i }, { jobId: `delayed-${i}`, delay: Math.max(0, due - Date.now()) });
    }
    const bytesPerJob = ((await redis.usedMemory()) - before) / jobs;
    const deadline = firstDue + windowMs + 30_000;
    while (lateness.length < jobs && Date.now() < deadline) await sleep(100);
    return { jobs, lateness: summarize(lateness), bytesPerJob };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
