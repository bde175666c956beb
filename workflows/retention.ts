/**
 * Queue `retention`: once a night, the free text of concerns closed longer ago than the retention
 * period is anonymised; the numbers needed for statistics stay. One schedule however many
 * processes run (a fixed scheduler id).
 */
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { z } from 'zod';

export const QUEUE = 'retention';
export const SCHEDULER_ID = 'retention-nightly';
export const jobSchema = z.object({}).passthrough();

export interface RetentionDeps {
  retentionDays: number;
  anonymiseClosedBefore: (before: Date) => Promise<number>;
  logger: Logger;
  now?: () => Date;
}

export async function processRetention(data: unknown, deps: RetentionDeps): Promise<number> {
  jobSchema.parse(data ?? {});
  const now = deps.now?.() ?? new Date();
  const before = new Date(now.getTime() - deps.retentionDays * 24 * 3600 * 1000);
  const count = await deps.anonymiseClosedBefore(before);
  deps.logger.info({ component: 'retention', count, retentionDays: deps.retentionDays }, 'anonymised closed concerns past the retention period');
  return count;
}

/** Registers the nightly run at 03:15 in the municipality's time zone; idempotent. */
export async function scheduleRetention(queue: Queue, timezone: string): Promise<void> {
  await queue.upsertJobScheduler(SCHEDULER_ID, { pattern: '15 3 * * *', tz: timezone }, { name: QUEUE, data: {} });
}
