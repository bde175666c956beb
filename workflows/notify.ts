/**
 * Queue `notify`: one job per destination; delivery errors become BullMQ behaviour in
 * delivery-outcome.ts.
 */
import type { Job } from 'bullmq';
import { z } from 'zod';
import type { Messengers } from '../src/core/ports.js';
import { withDeliveryOutcome } from './delivery-outcome.js';
import type { WorkflowSteps } from '../src/core/service.js';

export const QUEUE = 'notify';
export const notifyJobSchema = z.object({
  concernId: z.string().min(1),
  kind: z.enum(['team_card', 'card_update', 'reporter_event', 'team_event', 'manager_event', 'reporter_reminder']),
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

export const notifyProcessor = (deps: NotifyDeps) => (job: Job, token?: string) =>
  withDeliveryOutcome(job, token, () => processNotify(job.data, deps));
