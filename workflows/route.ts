/** Queue `route`: assign the concern to a team, record `routed`, leave the notifications in the outbox. */
import type { Job } from 'bullmq';
import { z } from 'zod';
import type { WorkflowSteps } from '../src/core/service.js';

export const QUEUE = 'route';
export const routeJobSchema = z.object({ concernId: z.string().min(1) });
export type RouteJob = z.infer<typeof routeJobSchema>;

export async function processRoute(data: unknown, deps: { steps: WorkflowSteps }) {
  const job = routeJobSchema.parse(data);
  return deps.steps.route(job.concernId);
}

export const routeProcessor = (deps: { steps: WorkflowSteps }) => (job: Job) => processRoute(job.data, deps);
