/**
 * How a platform delivery failure becomes BullMQ behaviour, for every queue that sends messages:
 * wait out a rate limit (only this job waits; other destinations keep flowing), give up on
 * auth/permission/validation/not-found, back off on the rest.
 */
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { DeliveryError } from '../src/core/ports.js';

/** Counts delivery failures (prom-client's Counter fits); reason is the DeliveryError code. */
export interface DeliveryErrorCounter {
  inc(labels: { reason: string; queue: string }): void;
}

export async function withDeliveryOutcome<T>(
  job: Job,
  token: string | undefined,
  deliver: () => Promise<T>,
  errors?: DeliveryErrorCounter,
): Promise<T> {
  try {
    return await deliver();
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    errors?.inc({ reason: error.code, queue: job.queueName });
    if (error.code === 'rate_limited' && token) {
      await job.moveToDelayed(Date.now() + (error.retryAfterMs ?? 1_000), token);
      throw new DelayedError();
    }
    if (!error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
    throw error;
  }
}
