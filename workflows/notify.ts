/**
 * Queue `notify`: one job per delivery row, carrying only its id, except team cards held for quiet
 * hours: those of one team and opening are one job (a release) that delivers them one after the
 * other, oldest concern first, so the team sees them in the order they were raised whatever the
 * worker's concurrency. The row decides what is owed (a message about a concern, or a manager's
 * weekly digest);
 * the processor sends it and records the outcome on the row: delivered (with the message
 * reference), pending again (retry soon: 429 with its Retry-After, 5xx, network), waiting (an
 * administrator must act; the dispatcher hands it back when due, or at once when the platform
 * signals the fix) or failed (the payload is invalid).
 */
import { DelayedError, UnrecoverableError, type Job, type Queue } from 'bullmq';
import {
  deliveryJobId,
  deliveryJobSchema,
  failureOutcome,
  releaseJobId,
  releaseJobSchema,
  type Delivery,
  type DeliveryOutcome,
  type DeliveryStore,
  type DigestDeliveryJob,
  type QueuedDelivery,
} from '../src/core/deliveries.js';
import type { DeliveryAttempt } from '../src/core/delivery.js';
import { DeliveryError, type Messengers } from '../src/core/ports.js';
import type { DeliveryErrorCounter } from './delivery-outcome.js';
import type { WorkflowSteps } from '../src/core/service.js';

export const QUEUE = 'notify';
export const jobSchema = deliveryJobSchema;

/** Waiting deliveries rest this long between attempts unless the platform signals the fix. */
export const WAITING_RETRY_MS = 5 * 60_000;

export interface NotifyDeps {
  steps: WorkflowSteps;
  messengers: Messengers;
  deliveryErrors?: DeliveryErrorCounter;
  deliveries: DeliveryStore;
  waitingRetryMs?: number;
  /** Sends a manager's weekly digest (workflows/digest.ts sendDigest); without it digests wait. */
  sendDigest?: (job: DigestDeliveryJob, attempt: DeliveryAttempt) => Promise<'sent' | 'skipped'>;
}

/** One attempt at whatever the row owes: a manager's digest, or a message about a concern. */
function attemptDelivery(deps: NotifyDeps, job: Delivery['job'], attempt: DeliveryAttempt): Promise<'sent' | 'skipped'> {
  if (job.kind !== 'digest') return deps.steps.deliver(deps.messengers, job, attempt);
  attempt.platform = job.platform;
  if (!deps.sendDigest) throw new DeliveryError('platform_off', 'this worker does not send digests', undefined, { reason: 'digest_off' });
  return deps.sendDigest(job, attempt);
}

export type ProcessedDelivery = DeliveryOutcome | { state: 'done' };

/** The job that carries a delivery: its own, or its release's (the first of a release adds it, BullMQ drops the rest by id). */
export function notifyJobFor(row: QueuedDelivery, now: number) {
  const delay = row.dueAt ? Math.max(0, row.dueAt.getTime() - now) : 0;
  // The row keeps the history; a finished job only has to free its id for the next round.
  const cleanup = { removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } };
  if (row.release) {
    // Due at the opening; a card resting after a failed attempt holds the release back when it runs.
    const releaseDelay = Math.max(0, row.release.releaseAt - now);
    return { name: 'release', data: { release: row.release }, opts: { jobId: releaseJobId(row.release), delay: releaseDelay, ...cleanup } };
  }
  return { name: 'deliver', data: { deliveryId: row.id }, opts: { jobId: deliveryJobId(row.id), delay, ...cleanup } };
}

/** Hands deliveries to the queue; the row, not the job, says what is owed. */
export async function enqueueDeliveries(queue: Queue, rows: QueuedDelivery[], now = Date.now()): Promise<void> {
  if (rows.length === 0) return;
  const jobs = new Map(rows.map((row) => notifyJobFor(row, now)).map((job) => [job.opts.jobId, job]));
  await queue.addBulk([...jobs.values()]);
}

/** One attempt at one delivery; a plain function of (data, deps), so it runs without Redis. */
export async function processNotify(data: unknown, deps: NotifyDeps): Promise<ProcessedDelivery> {
  const { deliveryId } = jobSchema.parse(data);
  const delivery = await deps.deliveries.getDelivery(deliveryId);
  if (!delivery || delivery.state === 'delivered' || delivery.state === 'failed') return { state: 'done' };
  // Delivery scheduling runs on real time, whatever clock the concern's SLA uses.
  const now = () => new Date();
  const attempt: DeliveryAttempt = { platform: delivery.platform, ref: null };
  let outcome: DeliveryOutcome;
  try {
    const sent = await attemptDelivery(deps, delivery.job, attempt);
    outcome = sent === 'sent'
      ? { state: 'delivered', platform: attempt.platform, messageRef: attempt.ref }
      : { state: 'delivered', platform: null, messageRef: null, skipped: true };
  } catch (error) {
    outcome = failureOutcome(error, {
      now: now(),
      attempts: delivery.attempts + 1,
      waitingRetryMs: deps.waitingRetryMs ?? WAITING_RETRY_MS,
      platform: attempt.platform,
    });
    if (outcome.state !== 'delivered') deps.deliveryErrors?.inc({ reason: outcome.reason, queue: QUEUE });
  }
  await deps.deliveries.recordDeliveryOutcome(deliveryId, outcome, now());
  if (outcome.state === 'delivered' && attempt.renderedVersion !== undefined && delivery.concernId) {
    // The delivery itself is done; if this refresh fails, the copy waits for the next change's card update.
    await deps.steps.refreshCards(deps.messengers, delivery.concernId, attempt.renderedVersion).catch(() => undefined);
  }
  return outcome;
}

/**
 * A release: the held cards of one team and opening, one after the other, oldest concern first.
 * A card to retry soon stops the release there (the rest keep their order and wait with it, as
 * does the release until that card is due again); a card that waits for an administrator is
 * passed over, so it does not hold back the others. The release job runs at the opening, so a
 * card not yet tried is due; only a retry's due time (real time, as processNotify sets it) counts.
 */
export async function processRelease(data: unknown, deps: NotifyDeps): Promise<{ delivered: number; retryAt?: Date }> {
  const { release } = releaseJobSchema.parse(data);
  let delivered = 0;
  // A card handed over while this job runs finds its job id taken; it is picked up by a further pass.
  const tried = new Set<string>();
  for (;;) {
    const rows = (await deps.deliveries.releaseDeliveries(release)).filter((row) => !tried.has(row.id));
    if (rows.length === 0) return { delivered };
    for (const row of rows) {
      tried.add(row.id);
      const resting = row.attempts > 0 && row.dueAt !== null && row.dueAt.getTime() > Date.now();
      if (resting && row.state === 'pending') return { delivered, retryAt: row.dueAt! };
      if (resting) continue;
      const outcome = await processNotify({ deliveryId: row.id }, deps);
      if (outcome.state === 'pending') return { delivered, retryAt: outcome.dueAt };
      if (outcome.state === 'delivered') delivered += 1;
    }
  }
}

/** BullMQ behaviour of an outcome: retry-soon waits in the delayed set, give-up fails the job. */
export const notifyProcessor = (deps: NotifyDeps) => async (job: Job, token?: string) => {
  if (job.name === 'release') {
    const { retryAt } = await processRelease(job.data, deps);
    if (retryAt && token) {
      await job.moveToDelayed(retryAt.getTime(), token);
      throw new DelayedError();
    }
    return 'released';
  }
  const outcome = await processNotify(job.data, deps);
  if (outcome.state === 'pending' && token) {
    await job.moveToDelayed(outcome.dueAt.getTime(), token);
    throw new DelayedError();
  }
  if (outcome.state === 'failed') throw new UnrecoverableError(`delivery given up: ${outcome.reason}`);
  return outcome.state;
};
