/**
 * The one place where @slack/web-api failures become DeliveryErrors. The WebClient runs with
 * rejectRateLimitedCalls, so a 429 surfaces here (with Retry-After) instead of blocking a worker.
 */
import { webApi } from './sdk.js';
import { DeliveryError, type DeliveryErrorCode, type DeliveryErrorDetails } from '../../src/core/ports.js';

const PLATFORM_CODES: Record<string, DeliveryErrorCode> = {
  not_authed: 'auth',
  invalid_auth: 'auth',
  account_inactive: 'auth',
  token_revoked: 'auth',
  token_expired: 'auth',
  no_permission: 'permission',
  missing_scope: 'permission',
  not_allowed_token_type: 'permission',
  access_denied: 'permission',
  ekm_access_denied: 'permission',
  team_access_not_granted: 'permission',
  not_in_channel: 'permission',
  is_archived: 'permission',
  channel_is_archived: 'permission',
  cant_update_message: 'permission',
  edit_window_closed: 'permission',
  restricted_action: 'permission',
  restricted_action_read_only_channel: 'permission',
  restricted_action_thread_only_channel: 'permission',
  restricted_action_non_threadable_channel: 'permission',
  messages_tab_disabled: 'permission',
  cannot_dm_bot: 'permission',
  user_disabled: 'permission',
  channel_not_found: 'not_found',
  message_not_found: 'not_found',
  thread_not_found: 'not_found',
  user_not_found: 'not_found',
  users_not_found: 'not_found',
  user_not_in_channel: 'not_found',
  not_found: 'not_found',
  ratelimited: 'rate_limited',
  rate_limited: 'rate_limited',
  message_limit_exceeded: 'rate_limited',
  invalid_blocks: 'validation',
  invalid_blocks_format: 'validation',
  invalid_arguments: 'validation',
  invalid_arg_name: 'validation',
  invalid_array_arg: 'validation',
  invalid_charset: 'validation',
  invalid_form_data: 'validation',
  invalid_json: 'validation',
  json_not_object: 'validation',
  invalid_metadata_format: 'validation',
  invalid_post_type: 'validation',
  missing_post_type: 'validation',
  msg_too_long: 'validation',
  msg_blocks_too_long: 'validation',
  no_text: 'validation',
  too_many_attachments: 'validation',
  too_many_blocks: 'validation',
  expired_trigger_id: 'validation',
  invalid_trigger_id: 'validation',
  exchanged_trigger_id: 'validation',
  view_too_large: 'validation',
  internal_error: 'unavailable',
  fatal_error: 'unavailable',
  service_unavailable: 'unavailable',
  request_timeout: 'unavailable',
};

/**
 * Failures an administrator must fix get a finer reason (shown by /readyz and `doctor`), and
 * failures no retry can fix are given up even though their code would wait.
 * https://api.slack.com/methods/chat.postMessage#errors
 */
const REASONS: Record<string, DeliveryErrorDetails> = {
  not_in_channel: { reason: 'not_in_channel' },
  channel_not_found: { reason: 'channel_not_found' },
  is_archived: { reason: 'channel_archived' },
  channel_is_archived: { reason: 'channel_archived' },
  not_authed: { reason: 'auth' },
  invalid_auth: { reason: 'auth' },
  account_inactive: { reason: 'auth' },
  token_revoked: { reason: 'auth' },
  token_expired: { reason: 'auth' },
  missing_scope: { reason: 'missing_scope' },
  cant_update_message: { disposition: 'give_up', reason: 'cant_update_message' },
  edit_window_closed: { disposition: 'give_up', reason: 'edit_window_closed' },
  message_not_found: { disposition: 'give_up', reason: 'message_not_found' },
  cannot_dm_bot: { disposition: 'give_up', reason: 'cannot_dm_bot' },
};

/** Slack's advice when it rate-limits without a Retry-After (e.g. message_limit_exceeded). */
const DEFAULT_RETRY_AFTER_MS = 1_000;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function httpCode(status: number): DeliveryErrorCode {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'validation';
  return 'unavailable';
}

function retryAfterHeader(headers: unknown): number | undefined {
  const value = record(headers)?.['retry-after'];
  const seconds = typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** Maps anything a WebClient call throws to a DeliveryError (unknown failures count as unavailable). */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = record(error);
  const code = e?.code;
  const message = error instanceof Error ? error.message : String(error);

  if (code === webApi.ErrorCode.RateLimitedError) {
    const seconds = typeof e?.retryAfter === 'number' ? e.retryAfter : undefined;
    return new DeliveryError(
      'rate_limited',
      'Slack rate limit',
      seconds !== undefined ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS,
    );
  }
  if (code === webApi.ErrorCode.PlatformError) {
    const data = record(e?.data);
    const slackError = typeof data?.error === 'string' ? data.error : 'unknown_error';
    const mapped = PLATFORM_CODES[slackError] ?? 'unavailable';
    if (mapped === 'rate_limited') {
      const seconds = record(data?.response_metadata)?.retryAfter;
      const retryAfterMs = typeof seconds === 'number' ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
      return new DeliveryError('rate_limited', `Slack: ${slackError}`, retryAfterMs);
    }
    return new DeliveryError(mapped, `Slack: ${slackError}`, undefined, REASONS[slackError]);
  }
  if (code === webApi.ErrorCode.HTTPError) {
    const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
    const mapped = httpCode(status);
    return new DeliveryError(
      mapped,
      `Slack HTTP ${status}`,
      mapped === 'rate_limited' ? (retryAfterHeader(e?.headers) ?? DEFAULT_RETRY_AFTER_MS) : undefined,
    );
  }
  if (code === webApi.ErrorCode.RequestError) {
    return new DeliveryError('unavailable', `Slack unreachable: ${message}`);
  }
  return new DeliveryError('unavailable', message);
}

/** The Slack error string of a platform error (e.g. 'not_in_channel'), for local fallbacks. */
export function slackErrorCode(error: unknown): string | undefined {
  const e = record(error);
  if (e?.code !== webApi.ErrorCode.PlatformError) return undefined;
  const slackError = record(e.data)?.error;
  return typeof slackError === 'string' ? slackError : undefined;
}
