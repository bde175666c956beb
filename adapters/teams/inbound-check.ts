/**
 * The least an HTTP body must be before the Bot Framework SDK sees it: a JSON object of sane depth
 * with a string `type`, an http(s) `serviceUrl` (the token's serviceUrl claim is checked against it)
 * and a conversation id. Anything less is answered 400, as CloudAdapter means to but does not for
 * `{"type": null}` or `{"type": 123}`. Activity fields: https://github.com/microsoft/botframework-sdk/blob/main/specs/botframework-activity/botframework-activity.md
 */
import { z } from 'zod';
import { nestsDeeperThan } from '../../src/core/json-depth.js';

const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(100),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  channelId: z.string().optional(),
  conversation: z.looseObject({ id: z.string().min(1) }),
  from: z.looseObject({ id: z.string() }).optional(),
  recipient: z.looseObject({ id: z.string() }).optional(),
});

export type InboundCheck = { ok: true; activity: Record<string, unknown> } | { ok: false; reason: string };

export function checkInboundActivity(body: unknown): InboundCheck {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'the body is not a JSON object' };
  if (nestsDeeperThan(body)) return { ok: false, reason: 'the activity is nested too deeply' };
  const parsed = inboundActivitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `invalid activity: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim() };
  }
  return { ok: true, activity: body as Record<string, unknown> };
}
