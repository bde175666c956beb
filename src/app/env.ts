/**
 * The process environment, parsed once at start into typed slices. Adapters and stores receive
 * their slice and never read process.env themselves. Every problem is reported at once, by
 * variable name and never with its value (values may be secrets).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { DEFAULT_DATA_DIR, parseDatabaseUrl, type DatabaseLocation } from '../store/location.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const TEAMS_APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type TeamsAppType = (typeof TEAMS_APP_TYPES)[number];
/**
 * Azure creates no new multi-tenant bots since July 2025; a single-tenant bot whose Entra app
 * registration is multi-tenant serves other tenants. https://learn.microsoft.com/azure/bot-service/bot-service-quickstart-registration
 */
export const DEFAULT_TEAMS_APP_TYPE: TeamsAppType = 'SingleTenant';
export const DEFAULT_ADMIN_USER = 'admin';

export const DEFAULT_PORT = 3978;
export const DEFAULT_RETENTION_DAYS = 180;
export { DEFAULT_DATA_DIR };

export const ENV_VARIABLES = [
  'PORT',
  'PUBLIC_URL',
  'DATABASE_URL',
  'REDIS_URL',
  'DIRECTORY_FILE',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'MICROSOFT_APP_ID',
  'MICROSOFT_APP_PASSWORD',
  'MICROSOFT_APP_TENANT_ID',
  'MICROSOFT_APP_TYPE',
  'TEAMS_ALLOW_UNAUTHENTICATED',
  'LOG_LEVEL',
  'RETENTION_DAYS',
  'NODE_ENV',
  'DATA_DIR',
  'MICROSOFT_OPENID_METADATA_URL',
  'MICROSOFT_TOKEN_ISSUER',
  'MICROSOFT_CHANNEL_SERVICE',
  'MICROSOFT_LOGIN_URL',
  'ADMIN_USER',
  'ADMIN_PASSWORD',
] as const;
type EnvVariable = (typeof ENV_VARIABLES)[number];
type RawEnv = Partial<Record<EnvVariable, string>>;

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

const appType = z
  .string()
  .transform((value) => TEAMS_APP_TYPES.find((t) => t.toLowerCase() === value.toLowerCase()))
  .pipe(z.enum(TEAMS_APP_TYPES, { error: `must be one of ${TEAMS_APP_TYPES.join(', ')}` }));

const envSchema = z.object({
  PORT: wholeNumber(0, 65535).default(DEFAULT_PORT),
  PUBLIC_URL: httpUrl.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres|postgresql):\/\/|^pglite:/, 'must start with postgres://, postgresql:// or pglite:')
    .optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  DIRECTORY_FILE: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_API_URL: httpUrl.optional(),
  MICROSOFT_APP_ID: z.string().optional(),
  MICROSOFT_APP_PASSWORD: z.string().optional(),
  MICROSOFT_APP_TENANT_ID: z.string().optional(),
  MICROSOFT_APP_TYPE: appType.default(DEFAULT_TEAMS_APP_TYPE),
  TEAMS_ALLOW_UNAUTHENTICATED: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  MICROSOFT_OPENID_METADATA_URL: httpUrl.optional(),
  MICROSOFT_TOKEN_ISSUER: z.string().optional(),
  MICROSOFT_CHANNEL_SERVICE: httpUrl.optional(),
  MICROSOFT_LOGIN_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  RETENTION_DAYS: wholeNumber(1, 36500).default(DEFAULT_RETENTION_DAYS),
  NODE_ENV: z.string().optional(),
  DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  ADMIN_USER: z.string().default(DEFAULT_ADMIN_USER),
  ADMIN_PASSWORD: z.string().optional(),
});
export type Env = z.infer<typeof envSchema>;

export interface SlackConfig {
  botToken: string;
  signingSecret?: string;
  /** Set: Socket Mode instead of the HTTP endpoint. */
  appToken?: string;
  /** Override of the Web API base URL (ends with a slash), e.g. a local fake in tests. */
  apiUrl?: string;
}

export interface TeamsConfig {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: TeamsAppType;
  /** Sovereign-cloud and test overrides of the Bot Framework authentication endpoints. */
  openIdMetadataUrl?: string;
  tokenIssuer?: string;
  channelService?: string;
  /** The Entra login host for outbound tokens (default: the cloud's, https://login.microsoftonline.com). */
  loginUrl?: string;
  /** Local testing without Azure: requests are not authenticated. Refused in production. */
  allowUnauthenticated: boolean;
}

/** DATABASE_URL, parsed once (store/location.ts); the store opens it as it is. */
export type DatabaseConfig = DatabaseLocation;

export interface Config {
  port: number;
  publicUrl?: string;
  nodeEnv?: string;
  production: boolean;
  logLevel: LogLevel;
  retentionDays: number;
  dataDir: string;
  database: DatabaseConfig;
  /** Unset: start a local redis-server under dataDir. */
  redisUrl?: string;
  /** Unset: the bundled sample directory. */
  directoryFile?: string;
  slack: SlackConfig | null;
  teams: TeamsConfig | null;
  /** Set (ADMIN_PASSWORD): the queue board at /admin/queues behind HTTP basic auth. */
  admin: AdminConfig | null;
}

export interface AdminConfig {
  user: string;
  password: string;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid environment (see .env.example):\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Only our variables, trimmed; empty strings count as unset (as in a copied .env.example). */
function pickEnv(env: Record<string, string | undefined>): RawEnv {
  const raw: RawEnv = {};
  for (const name of ENV_VARIABLES) {
    const value = env[name]?.trim();
    if (value) raw[name] = value;
  }
  return raw;
}

/** Rules across variables; checked on the raw values so they are reported with the schema's. */
function crossChecks(raw: RawEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const need = (variable: EnvVariable, message: string) => problems.push({ variable, message });

  if (raw.SLACK_BOT_TOKEN && !raw.SLACK_SIGNING_SECRET && !raw.SLACK_APP_TOKEN) {
    need('SLACK_SIGNING_SECRET', 'required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (!raw.SLACK_BOT_TOKEN && (raw.SLACK_SIGNING_SECRET || raw.SLACK_APP_TOKEN)) {
    need('SLACK_BOT_TOKEN', 'required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
  }

  const appType = TEAMS_APP_TYPES.find((t) => t.toLowerCase() === (raw.MICROSOFT_APP_TYPE ?? DEFAULT_TEAMS_APP_TYPE).toLowerCase());
  if (!raw.MICROSOFT_APP_ID && (raw.MICROSOFT_APP_PASSWORD || raw.MICROSOFT_APP_TENANT_ID)) {
    need('MICROSOFT_APP_ID', 'required when MICROSOFT_APP_PASSWORD or MICROSOFT_APP_TENANT_ID is set');
  }
  if (raw.MICROSOFT_APP_ID && appType) {
    if (appType === 'UserAssignedMSI' && raw.MICROSOFT_APP_PASSWORD) {
      need('MICROSOFT_APP_PASSWORD', 'must not be set when MICROSOFT_APP_TYPE is UserAssignedMSI');
    }
    if (appType !== 'UserAssignedMSI' && !raw.MICROSOFT_APP_PASSWORD) {
      need('MICROSOFT_APP_PASSWORD', `required when MICROSOFT_APP_ID is set and MICROSOFT_APP_TYPE is ${appType}`);
    }
    if (appType !== 'MultiTenant' && !raw.MICROSOFT_APP_TENANT_ID) {
      need('MICROSOFT_APP_TENANT_ID', `required when MICROSOFT_APP_TYPE is ${appType}`);
    }
  }

  if (raw.TEAMS_ALLOW_UNAUTHENTICATED === 'true' && raw.NODE_ENV === 'production') {
    need('TEAMS_ALLOW_UNAUTHENTICATED', 'must not be true when NODE_ENV=production (Teams requests would not be authenticated)');
  }
  return problems;
}

function databaseFrom(env: Env): DatabaseConfig {
  return parseDatabaseUrl(env.DATABASE_URL, env.DATA_DIR);
}

function slackFrom(env: Env): SlackConfig | null {
  if (!env.SLACK_BOT_TOKEN || !(env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) return null;
  return {
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL && (env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`),
  };
}

function teamsFrom(env: Env): TeamsConfig | null {
  if (!env.MICROSOFT_APP_ID && !env.TEAMS_ALLOW_UNAUTHENTICATED) return null;
  return {
    appId: env.MICROSOFT_APP_ID,
    appPassword: env.MICROSOFT_APP_PASSWORD,
    tenantId: env.MICROSOFT_APP_TENANT_ID,
    appType: env.MICROSOFT_APP_TYPE,
    allowUnauthenticated: env.TEAMS_ALLOW_UNAUTHENTICATED,
    ...(env.MICROSOFT_OPENID_METADATA_URL ? { openIdMetadataUrl: env.MICROSOFT_OPENID_METADATA_URL } : {}),
    ...(env.MICROSOFT_TOKEN_ISSUER ? { tokenIssuer: env.MICROSOFT_TOKEN_ISSUER } : {}),
    ...(env.MICROSOFT_CHANNEL_SERVICE ? { channelService: env.MICROSOFT_CHANNEL_SERVICE } : {}),
    ...(env.MICROSOFT_LOGIN_URL ? { loginUrl: env.MICROSOFT_LOGIN_URL } : {}),
  };
}

/** Parses the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = pickEnv(env);
  const parsed = envSchema.safeParse(raw);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(environment)'), message: issue.message }));
  problems.push(...crossChecks(raw));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const e = parsed.data;
  return {
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    nodeEnv: e.NODE_ENV,
    production: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    retentionDays: e.RETENTION_DAYS,
    dataDir: e.DATA_DIR,
    database: databaseFrom(e),
    redisUrl: e.REDIS_URL,
    directoryFile: e.DIRECTORY_FILE,
    slack: slackFrom(e),
    teams: teamsFrom(e),
    admin: e.ADMIN_PASSWORD ? { user: e.ADMIN_USER, password: e.ADMIN_PASSWORD } : null,
  };
}


/**
 * Parses a .env file with Node's own parser (`util.parseEnv`, the rules of `node --env-file`:
 * # comments, optional `export`, single, double or backtick quotes, \n in double quotes).
 * See https://nodejs.org/docs/latest-v20.x/api/util.html#utilparseenvcontent
 */
export function parseDotEnv(text: string): Record<string, string> {
  return parseEnv(text) as Record<string, string>;
}

/**
 * Reads a .env file into `env` without overriding variables already set, so the real environment
 * always wins. Returns the names it set; a missing file sets nothing.
 */
export function loadDotEnv(file = '.env', env: Record<string, string | undefined> = process.env): string[] {
  if (!existsSync(file)) return [];
  const applied: string[] = [];
  for (const [name, value] of Object.entries(parseDotEnv(readFileSync(file, 'utf8')))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    applied.push(name);
  }
  return applied;
}
