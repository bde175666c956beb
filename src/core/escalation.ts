/**
 * The escalation ladder: delayed steps armed when the SLA clock starts, each re-checking the
 * concern when it fires (Grafana OnCall style) so an acknowledgement or reassignment wins.
 */
import { findTeam, teamName, type CoreContext } from './context.js';
import { escalationDueAt, elapsedMinutes } from './deadline.js';
import { escalateEffect, notifyEffect, routeEffect, type EscalateJob } from './effects.js';
import { SYSTEM, type Concern } from './model.js';
import type { Effect } from './ports.js';

export function armEscalation(ctx: CoreContext, concern: Concern, start: Date): Effect[] {
  const sla = ctx.directory.sla[concern.urgency];
  return ctx.directory.escalation.map((step, index) =>
    escalateEffect(
      { concernId: concern.id, step: index, epoch: concern.slaEpoch },
      escalationDueAt(ctx.calendar, start, sla, step.at),
    ),
  );
}

/** Job ids of the steps armed for an epoch, so an acknowledgement can remove them from the queue. */
export function escalationJobIds(ctx: CoreContext, concern: Concern): string[] {
  return ctx.directory.escalation.map(
    (_step, index) => escalateEffect({ concernId: concern.id, step: index, epoch: concern.slaEpoch }, new Date(0)).jobId,
  );
}

async function clockStart(ctx: CoreContext, concern: Concern): Promise<Date> {
  const events = await ctx.store.listEvents(concern.id);
  const start = [...events].reverse().find((e) => e.type === 'routed' || e.type === 'reassigned' || e.type === 'reopened');
  return start?.at ?? concern.createdAt;
}

export type EscalationOutcome = 'fired' | 'skipped';

export async function fireEscalationStep(ctx: CoreContext, job: EscalateJob): Promise<EscalationOutcome> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const concern = await ctx.store.getConcern(job.concernId);
    const step = ctx.directory.escalation[job.step];
    // The world moved on: acknowledged, closed, reassigned (new epoch) or this step already fired.
    if (!concern || !step || concern.state !== 'open' || concern.slaEpoch !== job.epoch || concern.escalationLevel > job.step) {
      return 'skipped';
    }
    const now = ctx.clock.now();
    const sla = ctx.directory.sla[concern.urgency];
    const elapsed = elapsedMinutes(ctx.calendar, await clockStart(ctx, concern), now, sla.clock);
    const seq = concern.version + 1;
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
    const updated = await ctx.store.updateConcern(
      concern.id,
      concern.version,
      { escalationLevel: job.step + 1 },
      [
        {
          type: 'escalated',
          actor: SYSTEM,
          at: now,
          data: { seq, step: job.step, notify: notified, percent: step.at, elapsedMinutes: elapsed, teamId: concern.teamId, teamName: teamName(ctx.directory, concern.teamId) },
        },
      ],
      effects,
    );
    if (updated) {
      ctx.kick();
      return 'fired';
    }
  }
  throw new Error(`escalation step ${job.step} of ${job.concernId} could not be recorded: the concern kept changing`);
}

/**
 * The queue work an open concern should have right now: its route job while unrouted, and the
 * ladder steps of its current epoch that have not fired. The reconciler re-creates any that are
 * missing from Redis (lost data, a flushed instance).
 */
export async function expectedWork(ctx: CoreContext, concern: Concern): Promise<Effect[]> {
  if (concern.state !== 'open') return [];
  if (!concern.teamId) return [routeEffect(concern.id)];
  const start = await clockStart(ctx, concern);
  return armEscalation(ctx, concern, start).filter((_effect, index) => index >= concern.escalationLevel);
}
