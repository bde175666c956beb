import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../adapters/slack/errors.js';
import { DeliveryError } from '../../src/core/ports.js';

const platform = (error: string, extra: Record<string, unknown> = {}) =>
  new webApi.WebAPIPlatformError({ ok: false, error, ...extra });

describe('Slack failures as delivery errors', () => {
  it('a 429 is rate_limited with Retry-After in milliseconds', () => {
    const mapped = toDeliveryError(new webApi.WebAPIRateLimitedError(3));
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect(mapped.code).toBe('rate_limited');
    expect(mapped.retryAfterMs).toBe(3000);
    expect(mapped.retryable).toBe(true);
  });

  it.each([
    ['invalid_auth', 'auth'],
    ['token_revoked', 'auth'],
    ['missing_scope', 'permission'],
    ['not_in_channel', 'permission'],
    ['is_archived', 'permission'],
    ['channel_not_found', 'not_found'],
    ['message_not_found', 'not_found'],
    ['invalid_blocks', 'validation'],
    ['too_many_attachments', 'validation'],
    ['msg_too_long', 'validation'],
    ['internal_error', 'unavailable'],
    ['something_new', 'unavailable'],
  ])('platform error %s → %s', (error, code) => {
    expect(toDeliveryError(platform(error)).code).toBe(code);
  });

  it('a rate limit reported in the body uses Slack’s retryAfter when given', () => {
    const mapped = toDeliveryError(platform('ratelimited', { response_metadata: { retryAfter: 5 } }));
    expect(mapped).toMatchObject({ code: 'rate_limited', retryAfterMs: 5000 });
    expect(toDeliveryError(platform('message_limit_exceeded'))).toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
  });

  it('maps HTTP errors by status', () => {
    expect(toDeliveryError(new webApi.WebAPIHTTPError(503, 'Service Unavailable', {})).code).toBe('unavailable');
    expect(toDeliveryError(new webApi.WebAPIHTTPError(401, 'Unauthorized', {})).code).toBe('auth');
    expect(toDeliveryError(new webApi.WebAPIHTTPError(429, 'Too Many', { 'retry-after': '7' }))).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 7000,
    });
  });

  it('treats network failures and anything unknown as unavailable (retried)', () => {
    expect(toDeliveryError(new webApi.WebAPIRequestError(new Error('ECONNREFUSED'))).code).toBe('unavailable');
    expect(toDeliveryError(new Error('boom')).code).toBe('unavailable');
    const already = new DeliveryError('permission', 'x');
    expect(toDeliveryError(already)).toBe(already);
  });

  it.each([
    ['not_in_channel', 'wait', 'not_in_channel'],
    ['channel_not_found', 'wait', 'channel_not_found'],
    ['is_archived', 'wait', 'channel_archived'],
    ['account_inactive', 'wait', 'auth'],
    ['token_revoked', 'wait', 'auth'],
    ['invalid_auth', 'wait', 'auth'],
    ['internal_error', 'retry', 'unavailable'],
    ['ratelimited', 'retry', 'rate_limited'],
    ['invalid_blocks', 'give_up', 'invalid_payload'],
    ['msg_too_long', 'give_up', 'invalid_payload'],
    ['cant_update_message', 'give_up', 'cant_update_message'],
  ] as const)('Slack %s: %s (%s)', (error, disposition, reason) => {
    expect(toDeliveryError(platform(error))).toMatchObject({ disposition, reason });
  });

  it('retries 5xx and network failures soon, waits on 401', () => {
    expect(toDeliveryError(new webApi.WebAPIHTTPError(503, 'Service Unavailable', {})).disposition).toBe('retry');
    expect(toDeliveryError(new webApi.WebAPIRequestError(new Error('ECONNRESET'))).disposition).toBe('retry');
    expect(toDeliveryError(new webApi.WebAPIHTTPError(401, 'Unauthorized', {})).disposition).toBe('wait');
  });
});
