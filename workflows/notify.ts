/**
 * Queue `notify`: one job per destination. Delivery errors become BullMQ behaviour: no retry for
 * auth/permission/validation/not-found, wait for a platform's rate limit, back off for the rest.
 */
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { DeliveryError, type Messengers } from '../src/core/ports.js';
import type { WorkflowSteps } from '../src/core/service.js';

export const QUEUE = 'notify';
export const notifyJobSchema = z.object({
  concernId: z.string().min(1),
  kind: z.enum(['team_card', 'card_update', 'reporter_event', 'team_event', 'manager_event']),
  seq: z.number().int().optional(),
  teamId: z.string().optional(),
  recipient: z.string().optional(),
});

export interface NotifyDeps {
  steps: WorkflowSteps;
  messengers: Messengers;
}

export async function processNotify(data: unknown, deps: NotifyDeps) {
  return deps.steps.deliver(deps.messengers, notifyJobSchema.parse(data));
}

export const notifyProcessor = (deps: NotifyDeps) => async (job: Job, token?: string) => {
  try {
    return await processNotify(job.data, deps);
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    if (error.code === 'rate_limited' && token) {
      // Only this job waits; other destinations (the other platform) keep flowing.
      await job.moveToDelayed(Date.now() + (error.retryAfterMs ?? 1_000), token);
      throw new DelayedError();
    }
    if (!error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
    throw error;
  }
};
