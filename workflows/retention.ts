/**
 * Queue `retention`: once a night, the free text of concerns closed longer ago than the retention
 * period is anonymised; the numbers needed for statistics stay. The period is RETENTION_DAYS (or
 * the directory's `retention.days`), overridden per category by `categories[].retentionDays`.
 * Each run logs what it anonymised, as counts only. One schedule however many processes run (a
 * fixed scheduler id).
 */
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CategoryScope } from '../src/store/anonymise.js';

export const QUEUE = 'retention';
export const SCHEDULER_ID = 'retention-nightly';
export const jobSchema = z.object({}).passthrough();

export interface RetentionDeps {
  /** Days for every category without its own period. */
  retentionDays: number;
  /** Categories with their own period (directory `categories[].retentionDays`); see retentionPlan. */
  categoryDays?: { categories: string[]; days: number }[];
  anonymiseClosedBefore: (before: Date, scope?: CategoryScope) => Promise<number>;
  logger: Logger;
  now?: () => Date;
}

/** What one run anonymised: counts per retention period, never anything about a concern. */
export interface RetentionReport {
  total: number;
  periods: { days: number; categories: string[] | 'all others'; anonymised: number }[];
}

const DAY_MS = 24 * 3600 * 1000;

export async function processRetention(data: unknown, deps: RetentionDeps): Promise<RetentionReport> {
  jobSchema.parse(data ?? {});
  const now = deps.now?.() ?? new Date();
  const own = deps.categoryDays ?? [];
  const periods: RetentionReport['periods'] = [];
  for (const { categories, days } of own) {
    const anonymised = await deps.anonymiseClosedBefore(new Date(now.getTime() - days * DAY_MS), { only: categories });
    periods.push({ days, categories, anonymised });
  }
  const others = own.flatMap((p) => p.categories);
  const before = new Date(now.getTime() - deps.retentionDays * DAY_MS);
  const anonymised = await deps.anonymiseClosedBefore(before, others.length > 0 ? { except: others } : undefined);
  periods.push({ days: deps.retentionDays, categories: 'all others', anonymised });
  const report = { total: periods.reduce((sum, p) => sum + p.anonymised, 0), periods };
  deps.logger.info({ component: 'retention', ...report }, `anonymised ${report.total} closed concerns past their retention period`);
  return report;
}

/** Registers the nightly run at 03:15 in the municipality's time zone; idempotent. */
export async function scheduleRetention(queue: Queue, timezone: string): Promise<void> {
  await queue.upsertJobScheduler(SCHEDULER_ID, { pattern: '15 3 * * *', tz: timezone }, { name: QUEUE, data: {} });
}
