/**
 * In front of Bolt on POST /slack/events: reads the body once (limit → 413), and for requests
 * whose signature is valid refuses what Bolt would answer with 500 or accept unsafely:
 * - a timestamp more than 5 minutes in the future (Bolt checks only the past; Slack's rule is
 *   "more than five minutes from local time", https://docs.slack.dev/authentication/verifying-requests-from-slack);
 * - bodies that are not a JSON object (`payload=null`, a JSON `null`), nested absurdly deep, or an
 *   interactive payload without `user.id` (Bolt reads `body.user.id` unchecked) → 400.
 * Unsigned requests go on to Bolt, which answers 401. Bolt reads the same bytes from `req.rawBody`.
 */
import { parse as parseQuery } from 'node:querystring';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { nestsDeeperThan } from '../../src/core/json-depth.js';
import { isValidSlackRequest } from './sdk.js';

/** Slack's own bodies are small; a modal's whole state stays well under this. */
export const SLACK_BODY_LIMIT = '1mb';
const MAX_SKEW_SECONDS = 5 * 60;

/**
 * What Bolt 5.1 dereferences before any listener runs (App.processEvent → getTypeAndConversation,
 * buildSource, isBodyWithTypeEnterpriseInstall): when present these must be objects, not null.
 */
const boltReadsSchema = z.looseObject({
  event: z.looseObject({ channel: z.union([z.string(), z.looseObject({})]).optional(), item: z.looseObject({}).optional() }).optional(),
  authorizations: z.array(z.looseObject({})).optional(),
  team: z.looseObject({}).nullish(),
  enterprise: z.looseObject({}).nullish(),
  channel: z.looseObject({}).optional(),
  view: z.looseObject({}).optional(),
  user: z.looseObject({}).optional(),
});

const slackBodySchema = z.union([
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string() }),
  z.looseObject({ ssl_check: z.string() }),
  z.looseObject({ type: z.literal('event_callback'), event: z.looseObject({ type: z.string() }) }),
  z.looseObject({ type: z.literal('app_rate_limited') }),
  z.looseObject({ command: z.string().min(1), user_id: z.string().min(1) }),
  z.looseObject({ type: z.string().min(1), user: z.looseObject({ id: z.string().min(1) }) }),
]);
const viewActionSchema = z.looseObject({ type: z.enum(['view_submission', 'view_closed']), view: z.looseObject({}) });

/** Bolt's own parsing rule (ExpressReceiver parseRequestBody), so we judge what Bolt will see. */
function parseLikeBolt(body: string, contentType: string | undefined): unknown {
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = parseQuery(body);
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  }
  return JSON.parse(body);
}

/** Why a signed body cannot be handled, or null when Bolt may have it. */
export function slackBodyProblem(body: string, contentType: string | undefined): string | null {
  let parsed: unknown;
  try {
    parsed = parseLikeBolt(body, contentType);
  } catch {
    return 'body is not JSON or form data';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'body is not an object';
  if (nestsDeeperThan(parsed)) return 'body is nested too deeply';
  if (!boltReadsSchema.safeParse(parsed).success || !slackBodySchema.safeParse(parsed).success) return 'not a Slack request we know';
  const type = (parsed as { type?: unknown }).type;
  if ((type === 'view_submission' || type === 'view_closed') && !viewActionSchema.safeParse(parsed).success) return 'a view action without a view';
  return null;
}

export function slackRequestGuard(signingSecret: string, logger: Logger, nowSeconds: () => number = () => Date.now() / 1000) {
  const read = express.raw({ type: () => true, limit: SLACK_BODY_LIMIT });
  const check = (req: Request, res: Response, next: NextFunction) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    (req as Request & { rawBody?: Buffer }).rawBody = raw;
    const body = raw.toString('utf8');
    const signature = req.header('x-slack-signature');
    const timestamp = Number(req.header('x-slack-request-timestamp'));
    const signed = !!signature && Number.isFinite(timestamp) &&
      isValidSlackRequest({ signingSecret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } });
    if (!signed) return next();
    if (timestamp > nowSeconds() + MAX_SKEW_SECONDS) {
      logger.warn({ component: 'slack', reason: 'timestamp in the future' }, 'Slack request refused');
      res.status(401).end();
      return;
    }
    const problem = slackBodyProblem(body, req.header('content-type'));
    if (problem) {
      logger.warn({ component: 'slack', reason: problem }, 'Slack request refused: malformed body');
      res.status(400).end();
      return;
    }
    next();
  };
  return [read, check];
}
