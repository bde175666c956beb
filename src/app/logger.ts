/**
 * Structured logs (pino). Concerns hold sensitive data about third persons, so free text and
 * secrets are redacted wherever they appear in a logged object, up to a few levels deep. Log ids
 * and references (concernRef, team, platform, jobId), never message text.
 */
import { pino } from 'pino';
import type { DestinationStream, Level, LevelWithSilent, Logger } from 'pino';

export type { Logger };

/** Keys that hold what people wrote or what lets someone act as us. */
export const REDACTED_KEYS = [
  // free text of concerns and messages
  'text',
  'description',
  'address',
  'outcome',
  'summary',
  'note',
  'reply',
  'blocks',
  'attachments',
  'body',
  'rawBody',
  // secrets
  'token',
  'botToken',
  'appToken',
  'accessToken',
  'password',
  'appPassword',
  'secret',
  'signingSecret',
  'clientSecret',
  'authorization',
  'cookie',
] as const;

/** How deep under the top level a redacted key is still found (`*.*.text` is depth 2). */
const REDACT_DEPTH = 3;

function redactPaths(): string[] {
  const paths: string[] = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'];
  for (const key of REDACTED_KEYS) {
    for (let depth = 0; depth <= REDACT_DEPTH; depth++) paths.push(`${'*.'.repeat(depth)}${key}`);
  }
  return paths;
}

export const REDACTED = '[redacted]';

/**
 * What an error keeps in a log line. SDK errors carry the request they failed on (Slack's
 * `original.config.data`, Azure's `request.body`, Bot Framework's `response.bodyAsText`), and
 * that request holds message text: only these fields are written, never the rest.
 */
export const LOGGED_ERROR_FIELDS = ['type', 'message', 'stack', 'name', 'code', 'status', 'statusCode', 'retryAfterMs', 'cause'] as const;

function errorSerializer(error: unknown): unknown {
  if (!(error instanceof Error) && (typeof error !== 'object' || error === null)) return error;
  const full = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const field of LOGGED_ERROR_FIELDS) {
    const value = full[field];
    if (value === undefined) continue;
    kept[field] = field === 'cause' ? errorSerializer(value) : typeof value === 'object' ? REDACTED : value;
  }
  return kept;
}

/**
 * A logger at `level` with `bindings` on every line. `destination` is for tests and tools;
 * the default is stdout.
 */
export function createLogger(
  level: LevelWithSilent | Level = 'info',
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const options = { level, redact: { paths: redactPaths(), censor: REDACTED }, serializers: { err: errorSerializer } };
  const root = destination ? pino(options, destination) : pino(options);
  return Object.keys(bindings).length > 0 ? root.child(bindings) : root;
}
