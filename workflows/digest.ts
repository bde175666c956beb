/**
 * Queue `digest`: the weekly digest to every manager. One job scheduler with a fixed id (so one
 * schedule however many processes register it) fires a `fan-out` job on the directory's
 * `digest.cron` in the municipality's time zone; the fan-out adds one `deliver` job per manager,
 * with the id digest-<week>-<platform>-<userId>, so a second fan-out for the same week adds
 * nothing and one platform's outage never holds up the other.
 */
import type { Job, JobsOptions, Queue } from 'bullmq';
import { z } from 'zod';
import { withDeliveryOutcome, type DeliveryErrorCounter } from './delivery-outcome.js';
import type { ChartRenderer } from '../src/core/digest/chart.js';
import type { DigestSource } from '../src/core/digest/report.js';
import { digestRecipients } from '../src/core/digest/scope.js';
import { digestMessage } from '../src/core/digest/service.js';
import { addWeeks, formatIsoWeek, parseIsoWeek, weekOf } from '../src/core/digest/week.js';
import type { Directory } from '../src/core/directory.js';
import { localeFrom } from '../src/core/identity.js';
import type { MessageTarget } from '../src/core/messages.js';
import { platformSchema } from '../src/core/model.js';
import { DeliveryError, type Clock, type ConversationRefs, type Messengers } from '../src/core/ports.js';

export const QUEUE = 'digest';
export const SCHEDULER_ID = 'digest-weekly';
export const FAN_OUT = 'fan-out';
export const DELIVER = 'deliver';

export const deliverJobSchema = z.object({
  week: z.string().refine((w) => parseIsoWeek(w) !== null, 'must be an ISO week like 2026-W10'),
  platform: platformSchema,
  userId: z.string().min(1),
});
export type DeliverDigestJob = z.infer<typeof deliverJobSchema>;

/** Kept longer than a week, so a repeated fan-out for the same week finds the id taken. */
const DELIVER_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 8 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export interface DigestWorkflowDeps {
  directory: Directory;
  digests: DigestSource;
  messengers: Messengers;
  /** Where a manager's language is remembered (an adapter's conversation reference with `locale`). */
  conversations: Pick<ConversationRefs, 'getConversationRef'>;
  /** The digest queue, for the fan-out to add deliveries to. */
  queue: Pick<Queue, 'addBulk'>;
  clock?: Clock;
  /** Draws each scope's chart for the digest (src/chart/render.ts); without it the digest is text only. */
  charts?: ChartRenderer;
  onChartError?: (error: unknown) => void;
  /** Runs before a fan-out, e.g. to bring response times up to date. */
  beforeFanOut?: () => Promise<unknown>;
  deliveryErrors?: DeliveryErrorCounter;
}

export const deliverJobId = (job: DeliverDigestJob): string =>
  ['digest', job.week, job.platform, job.userId.replace(/[^A-Za-z0-9_-]/g, '_')].join('-');

/**
 * Registers (or updates) the weekly schedule: the directory's cron in the municipality's time
 * zone. `every` (milliseconds) replaces the cron, for tests.
 */
export async function startDigestScheduler(queue: Queue, directory: Directory, options: { every?: number } = {}): Promise<void> {
  const repeat = options.every ? { every: options.every } : { pattern: directory.digest.cron, tz: directory.municipality.timezone };
  await queue.upsertJobScheduler(SCHEDULER_ID, repeat, {
    name: FAN_OUT,
    data: {},
    opts: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } },
  });
}

/** One delivery job per manager for the ISO week before `firedAt`; returns how many were handed over. */
export async function fanOutDigests(deps: DigestWorkflowDeps, firedAt: Date): Promise<number> {
  await deps.beforeFanOut?.();
  const timezone = deps.directory.municipality.timezone;
  const week = formatIsoWeek(addWeeks(weekOf(firedAt, timezone), -1, timezone));
  const jobs = digestRecipients(deps.directory).map((r) => {
    const data: DeliverDigestJob = { week, platform: r.platform, userId: r.userId };
    return { name: DELIVER, data, opts: { ...DELIVER_OPTIONS, jobId: deliverJobId(data) } };
  });
  if (jobs.length > 0) await deps.queue.addBulk(jobs);
  return jobs.length;
}

export async function deliverDigest(deps: DigestWorkflowDeps, data: unknown): Promise<'sent' | 'skipped'> {
  const job = deliverJobSchema.parse(data);
  const recipient = digestRecipients(deps.directory).find((r) => r.platform === job.platform && r.userId === job.userId);
  const week = parseIsoWeek(job.week);
  // No longer a manager (the directory changed since the fan-out): nothing to send.
  if (!recipient || !week) return 'skipped';
  const remembered = await deps.conversations.getConversationRef(job.platform, job.userId);
  const locale = localeFrom(typeof remembered?.locale === 'string' ? remembered.locale : undefined, deps.directory.municipality.language);
  const message = await digestMessage(deps, recipient.scopes, week, locale);
  if (!message) return 'skipped';
  const messenger = deps.messengers[job.platform];
  if (!messenger) throw new DeliveryError('validation', `${job.platform} is not configured, so the digest cannot reach ${job.userId}`);
  const target: MessageTarget =
    job.platform === 'slack' ? { platform: 'slack', kind: 'user', userId: job.userId } : { platform: 'teams', kind: 'user', userId: job.userId };
  await messenger.send(target, message, locale);
  return 'sent';
}

/** The scheduled time of a scheduler job (BullMQ keeps it as prevMillis), else when it was added. */
function firedAt(job: Job): Date {
  const scheduled = (job.opts as { prevMillis?: number }).prevMillis;
  return new Date(typeof scheduled === 'number' ? scheduled : job.timestamp);
}

export const digestProcessor = (deps: DigestWorkflowDeps) => async (job: Job, token?: string) => {
  if (job.name === FAN_OUT) return fanOutDigests(deps, firedAt(job));
  return withDeliveryOutcome(job, token, () => deliverDigest(deps, job.data), deps.deliveryErrors);
};
