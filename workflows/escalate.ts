/** Queue `escalate`: the next delayed ladder step of each open concern; it re-checks the concern when it fires. */
import type { Job, Queue } from 'bullmq';
import { escalateEffect, escalateJobSchema, type EscalateJob } from '../src/core/effects.js';
import type { WorkflowSteps } from '../src/core/service.js';

export const QUEUE = 'escalate';
export const jobSchema = escalateJobSchema;

/** For producers outside a transaction; the core writes escalateEffect through the outbox. */
export async function enqueueEscalation(queue: Queue, data: EscalateJob, runAt: Date): Promise<void> {
  const effect = escalateEffect(data, runAt);
  await queue.add(QUEUE, effect.data, { jobId: effect.jobId, delay: Math.max(0, runAt.getTime() - Date.now()) });
}

export async function processEscalate(data: unknown, deps: { steps: WorkflowSteps }) {
  return deps.steps.escalate(jobSchema.parse(data));
}

export const escalateProcessor = (deps: { steps: WorkflowSteps }) => (job: Job) => processEscalate(job.data, deps);
