/**
 * The work a command leaves for the workflows, written to the outbox in the command's transaction.
 * Job ids are deterministic so a redelivered effect never runs twice (BullMQ ids must not contain ':').
 */
import type { Effect } from './ports.js';

export type NotifyKind =
  /** A new card for the team (or the backup team) in its channel. */
  | 'team_card'
  /** Re-render every card already posted for the concern. */
  | 'card_update'
  /** Tell the reporter about an event (acknowledged, reply, resolved, reassigned). */
  | 'reporter_event'
  /** Tell the team about an event (information added, withdrawn, note, reminder). */
  | 'team_event'
  /** Tell a team's managers (escalation), one job per manager. */
  | 'manager_event'
  /** Delayed: remind the reporter once of an unanswered question, if it still waits (seq = the asked event's). */
  | 'reporter_reminder';

export interface NotifyJob {
  concernId: string;
  kind: NotifyKind;
  /** The concern version whose event this is about (events carry it as data.seq). */
  seq?: number;
  teamId?: string;
  /** For manager_event: which manager, "platform/userId". */
  recipient?: string;
}

export const routeEffect = (concernId: string): Effect => ({
  queue: 'route',
  jobId: `route-${concernId}`,
  data: { concernId },
});

export function notifyEffect(job: NotifyJob, discriminator: string | number): Effect {
  const parts = ['notify', job.concernId, job.kind, String(discriminator)];
  if (job.teamId) parts.push(job.teamId);
  if (job.recipient) parts.push(job.recipient.replace(/[^A-Za-z0-9_-]/g, '_'));
  return { queue: 'notify', jobId: parts.join('-'), data: { ...job } };
}

export interface EscalateJob {
  concernId: string;
  /** Index into the directory's escalation ladder. */
  step: number;
  /** The SLA clock the step belongs to; a reassignment starts a new epoch and old steps do nothing. */
  epoch: number;
}

export const escalateEffect = (job: EscalateJob, runAt: Date): Effect => ({
  queue: 'escalate',
  jobId: `escalate-${job.concernId}-${job.epoch}-${job.step}`,
  data: { ...job },
  runAt,
});

/**
 * Removes an epoch's pending ladder steps from the queue once they can no longer matter
 * (acknowledged, closed, reassigned). The steps re-check the concern anyway; this keeps Redis tidy.
 */
export const cancelEscalationEffect = (concernId: string, epoch: number, version: number, jobIds: string[]): Effect => ({
  queue: 'escalate',
  jobId: `cancel-escalate-${concernId}-${epoch}-${version}`,
  data: { cancel: jobIds },
});
