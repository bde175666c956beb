/**
 * The one place where Bot Connector / token failures become DeliveryError codes. The connector
 * client throws RestError-like objects (statusCode, code, response.headers); token acquisition
 * throws MSAL errors (errorCode, AADSTS… messages); the network throws Node system errors.
 */
import { DeliveryError } from '../../src/core/ports.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'REQUEST_SEND_ERROR',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

const DEFAULT_RETRY_AFTER_MS = 2_000;

interface ErrorShape {
  message?: unknown;
  statusCode?: unknown;
  status?: unknown;
  code?: unknown;
  errorCode?: unknown;
  response?: { status?: unknown; headers?: unknown; bodyAsText?: unknown };
  body?: unknown;
}

/** The Bot Connector's error code and message (`{ error: { code, message } }`) wherever the client put them. */
function errorDetail(e: ErrorShape): string {
  const body = typeof e.response?.bodyAsText === 'string' ? e.response.bodyAsText : '';
  return [e.code, e.message, body, e.body ? JSON.stringify(e.body) : ''].filter((v) => typeof v === 'string').join(' ');
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  const value = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number {
  if (!value) return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - now);
}

function statusOf(e: ErrorShape): number | undefined {
  for (const candidate of [e.statusCode, e.status, e.response?.status]) {
    if (typeof candidate === 'number' && candidate >= 100) return candidate;
  }
  return undefined;
}

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e: ErrorShape = error && typeof error === 'object' ? (error as ErrorShape) : { message: String(error) };
  const message = typeof e.message === 'string' && e.message ? e.message : 'Teams delivery failed';
  const status = statusOf(e);
  const code = typeof e.code === 'string' ? e.code : undefined;
  const errorCode = typeof e.errorCode === 'string' ? e.errorCode : undefined;

  if (status !== undefined) {
    if (status === 429) return new DeliveryError('rate_limited', `Teams rate limit: ${message}`, retryAfterMs(headerOf(e.response?.headers, 'retry-after')));
    if (status === 401) return new DeliveryError('auth', `Teams rejected the bot's credentials: ${message}`, undefined, { reason: 'auth' });
    if (status === 403) {
      // https://learn.microsoft.com/microsoftteams/platform/bots/build-conversational-capability#status-codes-from-bot-conversational-apis
      const removed = /BotNotInConversationRoster|ConversationBlockedByUser|BotDisabledByAdmin/i.test(errorDetail(e));
      return new DeliveryError('permission', `Teams refused (bot not in the team/chat, or blocked): ${message}`, undefined, { reason: removed ? 'bot_removed' : 'permission' });
    }
    if (status === 404) return new DeliveryError('not_found', `Teams conversation or message not found: ${message}`, undefined, { reason: 'conversation_not_found' });
    if (status === 408 || status >= 500) return new DeliveryError('unavailable', `Teams is unavailable (${status}): ${message}`);
    if (status >= 400) return new DeliveryError('validation', `Teams refused the message (${status}): ${message}`);
  }
  if ((code && NETWORK_CODES.has(code)) || /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|socket hang up/i.test(message)) {
    return new DeliveryError('unavailable', `Teams could not be reached: ${message}`);
  }
  // Token acquisition (MSAL / Entra ID): wrong id, secret or tenant will not fix itself.
  if (errorCode === 'invalid_client' || errorCode === 'unauthorized_client' || /AADSTS\d+/.test(message)) {
    return new DeliveryError('auth', `Could not get a Bot Framework token: ${message}`, undefined, { reason: 'auth' });
  }
  return new DeliveryError('unavailable', message);
}
