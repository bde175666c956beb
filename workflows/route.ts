/** Queue `route`: assign the concern to a team, record `routed`, owe the team its card. */
import type { Job, Queue } from 'bullmq';
import { routeEffect, routeJobSchema, type RouteJob } from '../src/core/effects.js';
import type { WorkflowSteps } from '../src/core/service.js';

export const QUEUE = 'route';
export const jobSchema = routeJobSchema;

/** For producers outside a transaction; commands use routeEffect through the outbox. */
export async function enqueueRoute(queue: Queue, data: RouteJob): Promise<void> {
  const effect = routeEffect(data.concernId);
  await queue.add(QUEUE, effect.data, { jobId: effect.jobId });
}

export async function processRoute(data: unknown, deps: { steps: WorkflowSteps }) {
  return deps.steps.route(jobSchema.parse(data).concernId);
}

export const routeProcessor = (deps: { steps: WorkflowSteps }) => (job: Job) => processRoute(job.data, deps);
