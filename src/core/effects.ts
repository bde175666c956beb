/**
 * The work a command leaves behind, written in the command's transaction: messages owed (rows in
 * `deliveries`, see deliveries.ts) and timers/steps for the queues (the outbox). The job schemas
 * live here beside the types they carry; workflows parse with them. Ids are deterministic so a
 * repeated effect never runs twice (BullMQ ids must not contain ':').
 */
import { z } from 'zod';
import type { Effect } from './ports.js';

/** Every kind of message a change can owe; written once, used by the schema and the renderer. */
export const NOTIFY_KINDS = [
  /** A new card for the team (or the backup team) in its channel. */
  'team_card',
  /** Re-render every card already posted for the concern. */
  'card_update',
  /** Tell the reporter about an event (acknowledged, reply, resolved, reassigned). */
  'reporter_event',
  /** Tell the team about an event (information added, withdrawn, note, reminder). */
  'team_event',
  /** Tell a team's managers (escalation), one delivery per manager. */
  'manager_event',
  /** Held back: remind the reporter once of an unanswered question, if it still waits (seq = the asked event's). */
  'reporter_reminder',
] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

/** What a delivery row says is owed (its `data`); never the message text, which is rendered at send time. */
export const notifyJobSchema = z.object({
  concernId: z.string().min(1),
  kind: z.enum(NOTIFY_KINDS),
  /** The concern version whose event this is about (events carry it as data.seq). */
  seq: z.number().int().optional(),
  teamId: z.string().optional(),
  /** For manager_event: which manager, "platform/userId". */
  recipient: z.string().optional(),
  /**
   * A team card held for quiet hours: the team's opening (epoch ms) it is released at, together
   * with the other cards held for that team and opening (src/core/quiet-hours.ts).
   */
  releaseAt: z.number().int().optional(),
});
export type NotifyJob = z.infer<typeof notifyJobSchema>;

export const routeJobSchema = z.object({ concernId: z.string().min(1) });
export type RouteJob = z.infer<typeof routeJobSchema>;

export const escalateJobSchema = z.object({
  concernId: z.string().min(1),
  /** Index into the directory's escalation ladder. */
  step: z.number().int().min(0),
  /** The SLA clock the step belongs to; a reassignment starts a new epoch and old steps do nothing. */
  epoch: z.number().int().min(0),
  /**
   * When the epoch's SLA clock started (ISO 8601), so the step need not read the event log to
   * measure elapsed time. Absent in jobs queued before it was added: the step reads the log then.
   */
  clockStartedAt: z.string().datetime({ offset: true }).optional(),
});
export type EscalateJob = z.infer<typeof escalateJobSchema>;

export const routeEffect = (concernId: string): Effect => ({
  queue: 'route',
  jobId: `route-${concernId}`,
  data: { concernId } satisfies RouteJob,
});

/**
 * A message owed: becomes a `deliveries` row (id = the returned jobId) in the same transaction.
 * `notBefore` holds it back (e.g. a team's quiet hours) without losing it.
 */
export function notifyEffect(job: NotifyJob, discriminator: string | number, notBefore?: Date): Effect {
  const parts = ['notify', job.concernId, job.kind, String(discriminator)];
  if (job.teamId) parts.push(job.teamId);
  if (job.recipient) parts.push(job.recipient.replace(/[^A-Za-z0-9_-]/g, '_'));
  return { queue: 'notify', jobId: parts.join('-'), data: { ...job }, ...(notBefore ? { runAt: notBefore } : {}) };
}

export const escalationJobId = (job: EscalateJob): string => `escalate-${job.concernId}-${job.epoch}-${job.step}`;

export const escalateEffect = (job: EscalateJob, runAt: Date): Effect => ({
  queue: 'escalate',
  jobId: escalationJobId(job),
  data: { ...job },
  runAt,
});

/**
 * Removes an epoch's pending ladder step from the queue once it can no longer matter
 * (acknowledged, closed, reassigned). The step re-checks the concern anyway; this keeps Redis tidy.
 */
export const cancelEscalationEffect = (concernId: string, epoch: number, version: number, jobIds: string[]): Effect => ({
  queue: 'escalate',
  jobId: `cancel-escalate-${concernId}-${epoch}-${version}`,
  data: { cancel: jobIds },
});
