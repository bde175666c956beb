import type { JobsOptions } from 'bullmq';

/** Retries with exponential backoff for up to about a day: a concern's messages must not be dropped. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 25,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
