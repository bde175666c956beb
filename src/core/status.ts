/** "status" / "mine": what a person may see of open concerns — their association's, or their team's queue. */
import { teamName, type CoreContext } from './context.js';
import type { Identity } from './identity.js';
import { categoryLabel, stateLabel, t } from './i18n.js';
import type { MessageBlock, NeutralMessage } from './messages.js';
import type { Concern, Locale } from './model.js';
import { tl } from './loop-i18n.js';
import { formatDuration, formatSince } from './time-format.js';
import { waitingSince } from './waiting.js';

const OPEN_STATES = ['open', 'acknowledged', 'waiting'] as const;
/** Concerns listed per section; the rest are announced, not silently left out. */
const LIMIT = 25;

/**
 * One concern: a waiting one says since when it waits for the reporter's answer, as its card does
 * ("Venter på svar fra viceværten siden 10:42"), which takes its events (one read per waiting concern).
 */
async function line(ctx: CoreContext, locale: Locale, c: Concern): Promise<string> {
  const now = ctx.clock.now();
  const ageMinutes = Math.max(0, Math.round((now.getTime() - c.createdAt.getTime()) / 60_000));
  const since = c.state === 'waiting' ? waitingSince(await ctx.store.listEvents(c.id)) : null;
  const state = since
    ? tl(locale, 'card.waiting', { when: formatSince(locale, since, now, ctx.directory.municipality.timezone) })
    : stateLabel(locale, c.state);
  const base = t(locale, 'status.line', {
    ref: c.ref,
    category: categoryLabel(locale, c.category),
    state,
    age: formatDuration(locale, ageMinutes),
  });
  const overdue = c.state === 'open' && c.acknowledgeDeadline && c.acknowledgeDeadline < ctx.clock.now();
  return `${overdue ? '⏰ ' : ''}${base} · ${teamName(ctx.directory, c.teamId)}`;
}

export async function statusMessage(ctx: CoreContext, identity: Identity): Promise<NeutralMessage> {
  const locale = identity.person.locale;
  const blocks: MessageBlock[] = [];
  // One more than is shown tells whether there are more: a list is never cut without saying so.
  const section = async (title: string, found: Concern[], more: 'status.moreNewest' | 'status.moreOldest') => {
    const concerns = found.slice(0, LIMIT);
    blocks.push({ kind: 'header', text: title });
    if (concerns.length === 0) blocks.push({ kind: 'context', text: t(locale, 'status.none') });
    else blocks.push({ kind: 'text', text: (await Promise.all(concerns.map((c) => line(ctx, locale, c)))).map((l) => `• ${l}`).join('\n') });
    if (found.length > LIMIT) blocks.push({ kind: 'context', text: t(locale, more, { shown: LIMIT }) });
  };
  if (identity.isReporter) {
    const mine = await ctx.store.listConcerns({ associationId: identity.organization.id, states: [...OPEN_STATES], order: 'newest', limit: LIMIT + 1 });
    await section(t(locale, 'status.reporter.title', { org: identity.organization.name }), mine, 'status.moreNewest');
  }
  for (const teamId of identity.responderTeams) {
    const queue = await ctx.store.listConcerns({ teamId, states: [...OPEN_STATES], order: 'oldest', limit: LIMIT + 1 });
    await section(t(locale, 'status.team.title', { team: teamName(ctx.directory, teamId) }), queue, 'status.moreOldest');
  }
  if (blocks.length === 0) blocks.push({ kind: 'text', text: t(locale, 'status.noRole') });
  const first = blocks[0];
  return { summary: first && 'text' in first ? first.text : '', blocks };
}
