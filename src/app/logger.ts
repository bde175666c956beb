/**
 * Structured logs (pino). Concerns hold sensitive data about third persons, so free text and
 * secrets are redacted wherever they appear in a logged object, up to a few levels deep. Log ids
 * and references (concernRef, team, platform, jobId), never message text.
 *
 * One JSON object per line with an ISO-8601 `time` in production and whenever stdout is not a
 * terminal (a log collector reads it); human-readable lines through pino-pretty when a person
 * watches a terminal. A key is bound once: child loggers add keys their parent does not have.
 */
import { pino, stdTimeFunctions } from 'pino';
import type { DestinationStream, Level, LevelWithSilent, Logger } from 'pino';
import { createRequire } from 'node:module';

/** pino-pretty is loaded only when a terminal is watching: production never pays for it. */
function prettyStream(): DestinationStream {
  const build = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return build({ colorize: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l o', ignore: 'pid,hostname,service', sync: true });
}

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

const boundKeys = new WeakMap<object, Set<string>>();

/**
 * pino writes a key once per binding and once more per logged object, so `{ platform }` logged
 * on a logger bound to a platform would print the key twice; the binding wins.
 */
function withoutBoundKeys(this: Logger, args: unknown[], method: (...args: unknown[]) => void): void {
  const [first] = args;
  if (first && typeof first === 'object' && !(first instanceof Error)) {
    let bound = boundKeys.get(this);
    // bindings() leaves out pino's own pid and hostname, which every line carries.
    if (!bound) boundKeys.set(this, (bound = new Set(['pid', 'hostname', ...Object.keys(this.bindings())])));
    if (Object.keys(first).some((key) => bound.has(key))) {
      args[0] = Object.fromEntries(Object.entries(first).filter(([key]) => !bound.has(key)));
    }
  }
  method.apply(this, args);
}

export interface LogFormatOptions {
  /** NODE_ENV=production: always JSON. */
  production?: boolean;
  /** Whether stdout is a terminal (default: process.stdout.isTTY). */
  tty?: boolean;
}

/** True when lines should be pretty-printed for a person rather than JSON for a collector. */
export function wantsPretty(options: LogFormatOptions = {}): boolean {
  return !options.production && (options.tty ?? process.stdout.isTTY === true);
}

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
 * the default is stdout, pretty-printed when `wantsPretty(format)`.
 */
export function createLogger(
  level: LevelWithSilent | Level = 'info',
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
  format: LogFormatOptions = {},
): Logger {
  const options = {
    level,
    timestamp: stdTimeFunctions.isoTime,
    hooks: { logMethod: withoutBoundKeys },
    serializers: { err: errorSerializer },
    redact: { paths: redactPaths(), censor: REDACTED },
  };
  const stream =
    destination ??
    (wantsPretty(format) ? prettyStream() : undefined);
  const root = stream ? pino(options, stream) : pino(options);
  return Object.keys(bindings).length > 0 ? root.child(bindings) : root;
}
