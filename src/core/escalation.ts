/**
 * The escalation ladder: delayed steps armed when the SLA clock starts, each re-checking the
 * concern when it fires (Grafana OnCall style) so an acknowledgement or reassignment wins.
 */
import { slaFor } from './category-rules.js';
import { findTeam, teamName, type CoreContext } from './context.js';
import { escalationDueAt, elapsedMinutes } from './deadline.js';
import { escalateEffect, escalationJobId, notifyEffect, routeEffect, type EscalateJob } from './effects.js';
import type { Directory } from './directory.js';
import { SYSTEM, type Concern, type ConcernEvent } from './model.js';
import type { Effect } from './ports.js';

/**
 * Whether the current epoch's ladder has fired a step that notifies the backup team (DESIGN.md
 * "Routing, SLA, escalation": the backup team at 150 %). From then on, and not before, the backup
 * team's members may act on the concern; a reminder to the team alone does not open it to them.
 */
export function hasEscalatedToBackup(directory: Pick<Directory, 'escalation'>, concern: Pick<Concern, 'escalationLevel'>): boolean {
  return directory.escalation.slice(0, concern.escalationLevel).some((step) => step.notify === 'backup');
}

/**
 * Only the next ladder step is queued (one delayed job per open concern); when it fires it
 * schedules the following one in the same transaction, so the outbox hands it over after commit.
 * Returns nothing when the ladder has no step `step`.
 */
export function nextEscalation(ctx: CoreContext, concern: Pick<Concern, 'id' | 'category' | 'urgency' | 'slaEpoch'>, start: Date, step: number): Effect[] {
  const rung = ctx.directory.escalation[step];
  if (!rung) return [];
  const sla = slaFor(ctx.directory, concern.category, concern.urgency);
  const job = { concernId: concern.id, step, epoch: concern.slaEpoch, clockStartedAt: start.toISOString() };
  return [escalateEffect(job, escalationDueAt(ctx.calendar, start, sla, rung.at))];
}

/** Arms the ladder when the SLA clock (re)starts: its first step. */
export function armEscalation(ctx: CoreContext, concern: Pick<Concern, 'id' | 'category' | 'urgency' | 'slaEpoch'>, start: Date): Effect[] {
  return nextEscalation(ctx, concern, start, 0);
}

/** Job id of the step waiting in the queue for an epoch, so an acknowledgement can remove it. */
export function escalationJobIds(_ctx: CoreContext, concern: Concern): string[] {
  return [escalationJobId({ concernId: concern.id, step: concern.escalationLevel, epoch: concern.slaEpoch })];
}

/**
 * When the current epoch's clock started: the job carries it; for a job queued without it, the
 * log's last reassignment or reopening, else creation (routing starts it there).
 */
function clockStart(job: EscalateJob, log: readonly ConcernEvent[] | null, concern: Concern): Date {
  if (job.clockStartedAt) return new Date(job.clockStartedAt);
  const start = [...(log ?? [])].reverse().find((e) => e.type === 'reassigned' || e.type === 'reopened');
  return start?.at ?? concern.createdAt;
}

export type EscalationOutcome = 'fired' | 'skipped';

/**
 * Fires a ladder step: one transaction that raises the concern's level only while it is still
 * open in the job's epoch below this step (an acknowledgement, reassignment or an earlier firing
 * wins, and the step is skipped), records the `escalated` event, the messages it owes and the
 * next step.
 */
export async function fireEscalationStep(ctx: CoreContext, job: EscalateJob): Promise<EscalationOutcome> {
  const step = ctx.directory.escalation[job.step];
  if (!step) return 'skipped';
  const log = job.clockStartedAt ? null : await ctx.store.listEvents(job.concernId);
  const now = ctx.clock.now();
  const updated = await ctx.store.escalateConcern(job.concernId, { epoch: job.epoch, step: job.step }, now, (concern) => {
    const sla = slaFor(ctx.directory, concern.category, concern.urgency);
    const start = clockStart(job, log, concern);
    const elapsed = elapsedMinutes(ctx.calendar, start, now, sla.clock);
    // The row as returned already has the new version: the sequence number of this change.
    const seq = concern.version;
    const team = findTeam(ctx.directory, concern.teamId);
    const effects: Effect[] = [notifyEffect({ concernId: concern.id, kind: 'card_update', seq }, seq)];
    let notified: string = step.notify;
    if (step.notify === 'team' || (step.notify === 'backup' && !team?.backup)) {
      notified = 'team';
      effects.push(notifyEffect({ concernId: concern.id, kind: 'team_event', seq, teamId: concern.teamId ?? undefined }, seq));
    } else if (step.notify === 'backup' && team?.backup) {
      effects.push(notifyEffect({ concernId: concern.id, kind: 'team_card', seq, teamId: team.backup }, seq));
    } else if (step.notify === 'managers' && team) {
      for (const platform of ['slack', 'teams'] as const) {
        for (const userId of team.managers[platform]) {
          effects.push(notifyEffect({ concernId: concern.id, kind: 'manager_event', seq, recipient: `${platform}/${userId}` }, seq));
        }
      }
    }
    effects.push(...nextEscalation(ctx, concern, start, job.step + 1));
    const data = { seq, step: job.step, notify: notified, percent: step.at, elapsedMinutes: elapsed, teamId: concern.teamId, teamName: teamName(ctx.directory, concern.teamId) };
    return { events: [{ type: 'escalated', actor: SYSTEM, at: now, data }], effects };
  });
  if (!updated) return 'skipped';
  ctx.kick();
  return 'fired';
}

/**
 * The id of the job expectedWork would give and its queue, without the calendar arithmetic: the
 * reconciler asks Redis for these ids first and computes the work only for the missing ones.
 * Null when the concern should have no job (not open, or its ladder has no further step).
 */
export function expectedJob(ctx: CoreContext, concern: Pick<Concern, 'id' | 'state' | 'teamId' | 'slaEpoch' | 'escalationLevel'>): { queue: 'route' | 'escalate'; jobId: string } | null {
  if (concern.state !== 'open') return null;
  if (!concern.teamId) return { queue: 'route', jobId: routeEffect(concern.id).jobId };
  if (!ctx.directory.escalation[concern.escalationLevel]) return null;
  return { queue: 'escalate', jobId: escalationJobId({ concernId: concern.id, step: concern.escalationLevel, epoch: concern.slaEpoch }) };
}

/**
 * The queue work an open concern should have right now: its route job while unrouted, else the
 * next ladder step of its current epoch. `clockStartedAt` is when the epoch's clock started (its
 * reassignment, else its creation: routing starts the clock at creation). The reconciler
 * re-creates whatever is missing from Redis.
 */
export function expectedWork(ctx: CoreContext, concern: Concern, clockStartedAt: Date): Effect[] {
  if (concern.state !== 'open') return [];
  if (!concern.teamId) return [routeEffect(concern.id)];
  return nextEscalation(ctx, concern, clockStartedAt, concern.escalationLevel);
}
