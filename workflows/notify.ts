/**
 * Queue `notify`: one job per delivery row, carrying only its id. The row decides what is owed
 * (a message about a concern, or a manager's weekly digest);
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
  type Delivery,
  type DeliveryOutcome,
  type DeliveryStore,
  type DigestDeliveryJob,
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

/** Hands deliveries to the queue; the row, not the job, says what is owed. */
export async function enqueueDeliveries(queue: Queue, rows: { id: string; dueAt: Date | null }[], now = Date.now()): Promise<void> {
  if (rows.length === 0) return;
  await queue.addBulk(
    rows.map((row) => ({
      name: 'deliver',
      data: { deliveryId: row.id },
      opts: {
        jobId: deliveryJobId(row.id),
        delay: row.dueAt ? Math.max(0, row.dueAt.getTime() - now) : 0,
        // The row keeps the history; a finished job only has to free its id for the next round.
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    })),
  );
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

/** BullMQ behaviour of an outcome: retry-soon waits in the delayed set, give-up fails the job. */
export const notifyProcessor = (deps: NotifyDeps) => async (job: Job, token?: string) => {
  const outcome = await processNotify(job.data, deps);
  if (outcome.state === 'pending' && token) {
    await job.moveToDelayed(outcome.dueAt.getTime(), token);
    throw new DelayedError();
  }
  if (outcome.state === 'failed') throw new UnrecoverableError(`delivery given up: ${outcome.reason}`);
  return outcome.state;
};
