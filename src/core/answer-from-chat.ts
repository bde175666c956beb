/**
 * A reporter who replies to a question in the bot chat instead of pressing Answer. The rule:
 * - none of their concerns waits for them: the text is not an answer (null; it is read as usual);
 * - exactly one waits: the text answers it;
 * - several wait: a text that starts with one's reference ("BB-2026-0042: …") answers that one;
 *   otherwise nothing is recorded and they are asked to use the Answer button or the reference,
 *   because guessing would send facts about one resident to the wrong team.
 * "Their" concerns are the ones this person reported, within their own association.
 */
import type { ActionResult } from './api.js';
import { act } from './commands.js';
import type { CoreContext } from './context.js';
import type { Identity } from './identity.js';
import { tl } from './loop-i18n.js';
import { textMessage } from './render.js';

const LEADING_REF = /^\s*(BB-\d{4}-\d+)\s*[:.,-]?\s*/i;

export async function answerFromChat(ctx: CoreContext, identity: Identity, text: string): Promise<ActionResult | null> {
  if (!identity.isReporter) return null;
  const waiting = (
    await ctx.store.listConcerns({ reporterUserId: identity.person.userId, associationId: identity.organization.id, states: ['waiting'], order: 'oldest', limit: 50 })
  ).filter((c) => c.reporter.platform === identity.person.platform);
  if (waiting.length === 0) return null;
  const only = waiting.length === 1 ? waiting[0] : undefined;
  if (only) return act(ctx, identity, only.id, { type: 'answer', text: text.replace(LEADING_REF, (m, ref: string) => (ref.toUpperCase() === only.ref ? '' : m)) });
  const match = LEADING_REF.exec(text);
  const chosen = match ? waiting.find((c) => c.ref === match[1]!.toUpperCase()) : undefined;
  if (chosen) return act(ctx, identity, chosen.id, { type: 'answer', text: text.slice(match![0].length) });
  const refs = waiting.map((c) => c.ref);
  return {
    ok: false,
    code: 'invalid',
    reply: textMessage(tl(identity.person.locale, 'answer.choose', { refs: refs.join(', '), ref: refs[0]! })),
  };
}
