/**
 * The route step: assign the team, start the SLA clock, announce the concern to the team — at
 * once, or at the team's next opening when quiet hours hold it (quiet-hours.ts).
 */
import { slaFor } from './category-rules.js';
import { findTeam, type CoreContext } from './context.js';
import { holdTeamCard, teamCardReleaseAt } from './quiet-hours.js';
import { acknowledgeDeadline } from './deadline.js';
import { notifyEffect } from './effects.js';
import { armEscalation } from './escalation.js';
import { SYSTEM } from './model.js';
import { routeConcern } from './routing.js';

export async function routeStep(ctx: CoreContext, concernId: string): Promise<'routed' | 'already' | 'missing'> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const concern = await ctx.store.getConcern(concernId);
    if (!concern) return 'missing';
    if (concern.teamId) return 'already';
    const teamId = routeConcern(ctx.directory, concern.category, concern.districtId);
    // The clock starts when the reporter raised it, even if routing ran late (Redis was down).
    const start = concern.createdAt;
    const deadline = acknowledgeDeadline(ctx.calendar, start, slaFor(ctx.directory, concern.category, concern.urgency));
    const seq = concern.version + 1;
    const projected = { ...concern, teamId, slaEpoch: 1 };
    const now = ctx.clock.now();
    const team = findTeam(ctx.directory, teamId);
    const card = notifyEffect({ concernId, kind: 'team_card', seq, teamId }, seq);
    const releaseAt = team ? teamCardReleaseAt(ctx.calendar, concern, team, now) : now;
    const updated = await ctx.store.updateConcern(
      concernId,
      concern.version,
      { teamId, acknowledgeDeadline: deadline, slaEpoch: 1 },
      [{ type: 'routed', actor: SYSTEM, at: now, data: { seq, teamId, deadline: deadline.toISOString() } }],
      [holdTeamCard(card, releaseAt, now), ...armEscalation(ctx, projected, start)],
    );
    if (updated) {
      ctx.kick();
      return 'routed';
    }
  }
  throw new Error(`could not route concern ${concernId}: it kept changing`);
}
