/**
 * Queue `digest`: the weekly digest to every manager. One job scheduler with a fixed id (so one
 * schedule however many processes register it) fires a `fan-out` job on the directory's
 * `digest.cron` in the municipality's time zone. The fan-out owes each manager that week's digest:
 * one `deliveries` row per manager, id digest-<week>-<platform>-<userId>, written in one
 * statement, so a second fan-out for the same week owes nothing more (DESIGN.md "Deliveries").
 * From there a digest is a delivery like any other: the `notify` worker sends it (sendDigest),
 * a platform that fails makes it retry or wait, and the reconciler re-creates a job Redis lost.
 */
import type { Job, Queue } from 'bullmq';
import type { ChartRenderer } from '../src/core/digest/chart.js';
import type { DigestSource } from '../src/core/digest/report.js';
import { digestRecipients } from '../src/core/digest/scope.js';
import { digestMessage } from '../src/core/digest/service.js';
import { addWeeks, formatIsoWeek, parseIsoWeek, weekBounds, weekOf } from '../src/core/digest/week.js';
import { digestDeliveryJobSchema, type DeliveryStore, type DigestDeliveryJob } from '../src/core/deliveries.js';
import { messengerFor, type DeliveryAttempt } from '../src/core/delivery.js';
import type { Directory } from '../src/core/directory.js';
import { localeFrom } from '../src/core/identity.js';
import type { MessageTarget } from '../src/core/messages.js';
import { systemClock, type Clock, type ConversationRefs, type Messengers } from '../src/core/ports.js';

export const QUEUE = 'digest';
export const SCHEDULER_ID = 'digest-weekly';
export const FAN_OUT = 'fan-out';
/**
 * A digest not delivered within a week of its week's end (its manager unreachable all that time)
 * is not sent any more: by then the next week's digest is owed and says more.
 */
export const DIGEST_STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

/** The per-manager job name before digests became deliveries (issue 18). */
export const LEGACY_DELIVER = 'deliver';

export interface DigestWorkflowDeps {
  directory: Directory;
  digests: DigestSource;
  messengers: Messengers;
  /** Where a manager's language is remembered (an adapter's conversation reference with `locale`). */
  conversations: Pick<ConversationRefs, 'getConversationRef'>;
  /** Where the fan-out owes the digests. */
  deliveries: Pick<DeliveryStore, 'oweDigests'>;
  /** Hands new deliveries to the queue at once (the dispatcher also finds them on its own). */
  kick?: () => void;
  clock?: Clock;
  /** Draws each scope's chart for the digest (src/chart/render.ts); without it the digest is text only. */
  charts?: ChartRenderer;
  onChartError?: (error: unknown) => void;
  /** Runs before a fan-out, e.g. to bring response times up to date. */
  beforeFanOut?: () => Promise<unknown>;
}

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

/** Owes every manager the digest of the ISO week before `firedAt`; returns how many were newly owed. */
export async function fanOutDigests(deps: DigestWorkflowDeps, firedAt: Date): Promise<number> {
  await deps.beforeFanOut?.();
  const timezone = deps.directory.municipality.timezone;
  const week = formatIsoWeek(addWeeks(weekOf(firedAt, timezone), -1, timezone));
  const jobs = digestRecipients(deps.directory).map((r): DigestDeliveryJob => ({ kind: 'digest', week, platform: r.platform, userId: r.userId }));
  const owed = await deps.deliveries.oweDigests(jobs);
  if (owed > 0) deps.kick?.();
  return owed;
}

/**
 * One attempt at a manager's digest, for the notify worker: the message for their scopes in their
 * language, with the chart, to their DM. Skipped when they are no longer a manager, none of
 * their scopes exists, or it is stale (DIGEST_STALE_AFTER_MS); a platform that is off makes the delivery wait (messengerFor). Fills in
 * `attempt` (platform, message reference) like every delivery.
 */
export async function sendDigest(
  deps: Omit<DigestWorkflowDeps, 'deliveries'>,
  data: unknown,
  attempt: DeliveryAttempt = { platform: null, ref: null },
): Promise<'sent' | 'skipped'> {
  const job = digestDeliveryJobSchema.parse(data);
  const recipient = digestRecipients(deps.directory).find((r) => r.platform === job.platform && r.userId === job.userId);
  const week = parseIsoWeek(job.week);
  // No longer a manager (the directory changed since the fan-out): nothing to send.
  if (!recipient || !week) return 'skipped';
  const now = (deps.clock ?? systemClock).now();
  if (now.getTime() - weekBounds(week, deps.directory.municipality.timezone).end.getTime() > DIGEST_STALE_AFTER_MS) return 'skipped';
  const messenger = messengerFor(deps.messengers, job.platform, attempt);
  const remembered = await deps.conversations.getConversationRef(job.platform, job.userId);
  const locale = localeFrom(typeof remembered?.locale === 'string' ? remembered.locale : undefined, deps.directory.municipality.language);
  const message = await digestMessage(deps, recipient.scopes, week, locale);
  if (!message) return 'skipped';
  const target: MessageTarget =
    job.platform === 'slack' ? { platform: 'slack', kind: 'user', userId: job.userId } : { platform: 'teams', kind: 'user', userId: job.userId };
  attempt.ref = await messenger.send(target, message, locale);
  return 'sent';
}

/** The scheduled time of a scheduler job (BullMQ keeps it as prevMillis), else when it was added. */
function firedAt(job: Job): Date {
  const scheduled = (job.opts as { prevMillis?: number }).prevMillis;
  return new Date(typeof scheduled === 'number' ? scheduled : job.timestamp);
}

export const digestProcessor = (deps: DigestWorkflowDeps) => async (job: Job) => {
  if (job.name === FAN_OUT) return fanOutDigests(deps, firedAt(job));
  // A per-manager job an earlier version left in Redis: owed as a delivery row like the rest.
  if (job.name === LEGACY_DELIVER) return deps.deliveries.oweDigests([digestDeliveryJobSchema.parse({ kind: 'digest', ...(job.data as object) })]);
  return 0;
};
