/**
 * The bot's Microsoft credentials, checked at start-up the way every outbound call will use them:
 * a client-credentials token request to the Entra login service
 *   POST {login}/{tenant}/oauth2/v2.0/token  grant_type=client_credentials, client_id, client_secret,
 *        scope=https://api.botframework.com/.default
 * (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#bot-to-connector).
 * The tenant is MICROSOFT_APP_TENANT_ID for a SingleTenant bot, botframework.com for MultiTenant.
 * A refusal (wrong id, secret or tenant) is an administrator's to fix before anything can work;
 * a login service that cannot be reached is not proof of bad credentials, so it only warns.
 */
import { z } from 'zod';
import type { BotFrameworkConfig } from './sdk.js';

/** Public cloud, and US Government when MICROSOFT_CHANNEL_SERVICE is https://botframework.azure.us. */
const CLOUDS = {
  public: { login: 'https://login.microsoftonline.com', multiTenant: 'botframework.com', scope: 'https://api.botframework.com/.default' },
  usgov: { login: 'https://login.microsoftonline.us', multiTenant: 'MicrosoftServices.onmicrosoft.com', scope: 'https://api.botframework.us/.default' },
} as const;

const GOV_CHANNEL_SERVICE = 'https://botframework.azure.us';
const CHECK_TIMEOUT_MS = 10_000;
/** One log line stays readable: Entra's sentences are shorter than this. */
const MAX_DETAIL = 400;

/** The login authority outbound tokens come from: MICROSOFT_LOGIN_URL (or the cloud's) + tenant. */
export function loginAuthority(config: Pick<BotFrameworkConfig, 'appType' | 'tenantId' | 'channelService' | 'loginUrl'>): { authority: string; scope: string } {
  const cloud = config.channelService === GOV_CHANNEL_SERVICE ? CLOUDS.usgov : CLOUDS.public;
  const tenant = config.appType === 'SingleTenant' && config.tenantId ? config.tenantId : cloud.multiTenant;
  return { authority: `${(config.loginUrl ?? cloud.login).replace(/\/+$/, '')}/${tenant}`, scope: cloud.scope };
}

/** The login service refused the credentials; `code` is the OAuth error (invalid_client, …). */
export class TeamsCredentialsError extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'TeamsCredentialsError';
  }
}

export type CredentialsCheck = { result: 'accepted' } | { result: 'skipped'; why: string } | { result: 'unreachable'; detail: string };

const oauthError = z.looseObject({ error: z.string(), error_description: z.string().optional() });

/**
 * Requests one token with the configured id and secret. Resolves `accepted`, `skipped` (no secret
 * to check: unauthenticated local mode or a managed identity) or `unreachable`; throws
 * TeamsCredentialsError when the login service refuses them.
 */
export async function checkTeamsCredentials(config: BotFrameworkConfig, timeoutMs = CHECK_TIMEOUT_MS): Promise<CredentialsCheck> {
  if (!config.appId) return { result: 'skipped', why: 'no MICROSOFT_APP_ID (unauthenticated local mode)' };
  if (config.appType === 'UserAssignedMSI' || !config.appPassword) return { result: 'skipped', why: 'a managed identity has no secret to check' };
  const { authority, scope } = loginAuthority(config);
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: config.appId, client_secret: config.appPassword, scope });
  let response: Response;
  try {
    response = await fetch(`${authority}/oauth2/v2.0/token`, { method: 'POST', body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return { result: 'unreachable', detail: `${authority} did not answer (${cause})` };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return { result: 'accepted' };
  if (response.status >= 500 || response.status === 429) return { result: 'unreachable', detail: `${authority} answered HTTP ${response.status}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const refusal = oauthError.safeParse(json);
  // Entra's description starts with the AADSTS code and its sentence; the trace ids after it help nobody here.
  const line = refusal.success ? (refusal.data.error_description ?? refusal.data.error).split(/\r?\n/)[0]! : `HTTP ${response.status}`;
  const detail = line.length <= MAX_DETAIL ? line : `${line.slice(0, MAX_DETAIL - 1)}…`;
  throw new TeamsCredentialsError(refusal.success ? refusal.data.error : `http_${response.status}`, detail);
}
