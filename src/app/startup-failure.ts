/**
 * Start-up failures as one line an operator can act on: what failed, and what to do about it.
 * Each start-up step of the service runs through `startupStep`, so a failure carries the
 * component it happened in; `describeStartupFailure` turns it into that line. Values that may be
 * secrets (passwords in URLs, tokens) never appear in it.
 */
import { ConfigError } from './env.js';
import { DirectoryError } from './directory-file.js';
import { RedisServerMissingError } from './redis-server.js';
import { FolderLockedError } from '../store/index.js';
import { TeamsCredentialsError } from '../../adapters/teams/credentials-check.js';

export type StartupComponent = 'config' | 'directory' | 'data' | 'database' | 'redis' | 'slack' | 'teams' | 'http';

/** A start-up step failed; `cause` is the original error. */
export class StartupError extends Error {
  constructor(
    readonly component: StartupComponent,
    override readonly cause: unknown,
    /** Where the step was pointed, without secrets: a host:port, a port, a path. */
    readonly target?: string,
  ) {
    super(`${component}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StartupError';
  }
}

/** Runs one start-up step, wrapping what it throws in a StartupError for `component`. */
export async function startupStep<T>(component: StartupComponent, run: () => Promise<T> | T, target?: string): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StartupError) throw err;
    throw new StartupError(component, err, target);
  }
}

export interface StartupFailure {
  component: StartupComponent | 'unknown';
  /** The error code (ECONNREFUSED, EADDRINUSE, 28P01, invalid_auth, …) when there is one. */
  code?: string;
  message: string;
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; data?: { error?: unknown }; errors?: unknown[] };
  if (typeof e.data?.error === 'string') return e.data.error; // Slack Web API
  if (typeof e.code === 'string' && e.code) return e.code;
  // Node's AggregateError for a host that resolves to several addresses (localhost: ::1 and 127.0.0.1)
  if (Array.isArray(e.errors)) return codeOf(e.errors[0]);
  return undefined;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]?.trim() || 'unknown error';
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
const SLACK_AUTH = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

function describeDatabase(err: unknown, target: string, code: string | undefined): string {
  if (err instanceof FolderLockedError) return err.message;
  if (code && UNREACHABLE.has(code)) return `database ${target} is unreachable (${code}): start PostgreSQL or fix DATABASE_URL`;
  if (code === '28P01' || code === '28000') return `database ${target} refused the login: fix the user and password in DATABASE_URL`;
  if (code === '3D000') return `database ${target} does not exist: create it (createdb) or fix the database name in DATABASE_URL`;
  if (code === 'ERR_INVALID_URL' || /invalid url/i.test(firstLine(err))) return 'DATABASE_URL is not a valid URL: use postgres://user:password@host:5432/name or pglite:FOLDER';
  if (code === 'EACCES' || code === 'EROFS') return `cannot write the embedded database at ${target} (${code}): set DATA_DIR or DATABASE_URL=pglite:FOLDER to a writable folder`;
  return `database ${target} failed to open: ${firstLine(err)}; check DATABASE_URL`;
}

function describeRedis(err: unknown, target: string | undefined, code: string | undefined): string {
  if (err instanceof RedisServerMissingError) return 'redis-server was not found on PATH: run `npm run setup` to install it, or set REDIS_URL to a Redis you run';
  if (target && code && UNREACHABLE.has(code)) return `Redis at ${target} is unreachable (${code}): start Redis or fix REDIS_URL`;
  if (/NOAUTH|WRONGPASS/.test(firstLine(err))) return `Redis at ${target ?? 'REDIS_URL'} refused the login: fix the password in REDIS_URL`;
  if (!target) return `the local redis-server did not start: ${firstLine(err)}; see its log under DATA_DIR/redis, or set REDIS_URL`;
  return `Redis at ${target} failed: ${firstLine(err)}; check REDIS_URL`;
}

function describeComponent(failure: StartupError): string {
  const { cause, target } = failure;
  const code = codeOf(cause);
  switch (failure.component) {
    case 'config':
      return describeUnwrapped(cause).message;
    case 'directory': {
      if (cause instanceof DirectoryError) {
        const [first, ...rest] = cause.problems;
        const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
        return `the directory file is not valid: ${first ?? 'unknown problem'}${more}; run \`npx brobygger directory check ${target ?? 'FILE'}\` for the full list`;
      }
      return `the directory file ${target ?? ''} could not be read: ${firstLine(cause)}; set DIRECTORY_FILE`;
    }
    case 'data':
      return `cannot use the data folder ${target ?? ''} (${code ?? firstLine(cause)}): set DATA_DIR to a folder this user can write`;
    case 'database':
      return describeDatabase(cause, target ?? 'DATABASE_URL', code);
    case 'redis':
      return describeRedis(cause, target, code);
    case 'slack':
      if (code && SLACK_AUTH.has(code)) return `Slack refused the token (${code}): copy SLACK_BOT_TOKEN (xoxb-…) and SLACK_APP_TOKEN (xapp-…) again from api.slack.com/apps`;
      return `Slack did not start: ${firstLine(cause)}; check the SLACK_* settings`;
    case 'teams':
      if (cause instanceof TeamsCredentialsError) {
        return `Microsoft refused the Teams bot credentials (${cause.code}: ${cause.message}): check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD (a current client secret of the app registration) and MICROSOFT_APP_TENANT_ID`;
      }
      return `Teams did not start: ${firstLine(cause)}; check the MICROSOFT_APP_* settings`;
    case 'http':
      if (code === 'EADDRINUSE') return `port ${target} is in use: set PORT or stop the other process`;
      if (code === 'EACCES') return `port ${target} needs more privileges: set PORT to 1024 or above`;
      return `the HTTP server could not listen on port ${target}: ${firstLine(cause)}; set PORT`;
  }
}

function describeUnwrapped(err: unknown): StartupFailure {
  if (err instanceof ConfigError) {
    const problems = err.problems.map((p) => `${p.variable} ${p.message}`).join('; ');
    return { component: 'config', message: `invalid environment: ${problems}; fix .env or the environment (see .env.example)` };
  }
  if (err instanceof DirectoryError) return describeStartupFailure(new StartupError('directory', err));
  if (err instanceof RedisServerMissingError) return describeStartupFailure(new StartupError('redis', err));
  return { component: 'unknown', message: `start-up failed: ${firstLine(err)}` };
}

/** One line for an error thrown while starting: what failed and what to do. */
export function describeStartupFailure(err: unknown): StartupFailure {
  if (!(err instanceof StartupError)) return describeUnwrapped(err);
  const code = codeOf(err.cause);
  return { component: err.component, ...(code ? { code } : {}), message: describeComponent(err) };
}
