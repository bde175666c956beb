/** Queue `escalate`: delayed ladder steps; each re-checks the concern when it fires. */
import type { Job } from 'bullmq';
import { z } from 'zod';
import type { WorkflowSteps } from '../src/core/service.js';

export const QUEUE = 'escalate';
export const escalateJobSchema = z.object({
  concernId: z.string().min(1),
  step: z.number().int().min(0),
  epoch: z.number().int().min(0),
});

export async function processEscalate(data: unknown, deps: { steps: WorkflowSteps }) {
  return deps.steps.escalate(escalateJobSchema.parse(data));
}

export const escalateProcessor = (deps: { steps: WorkflowSteps }) => (job: Job) => processEscalate(job.data, deps);
