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
 * A logger at `level` with `bindings` on every line. `destination` is for tests and tools;
 * the default is stdout.
 */
export function createLogger(
  level: LevelWithSilent | Level = 'info',
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const options = { level, redact: { paths: redactPaths(), censor: REDACTED } };
  const root = destination ? pino(options, destination) : pino(options);
  return Object.keys(bindings).length > 0 ? root.child(bindings) : root;
}
