import { describe, expect, it } from 'vitest';
import { retryAfterMs, toDeliveryError } from '../../adapters/teams/errors.js';
import { DeliveryError } from '../../src/core/ports.js';

/** Shaped like the RestError the Bot Framework connector client throws. */
function restError(statusCode: number, headers: Record<string, string> = {}) {
  const error = new Error('fake connector failure') as Error & Record<string, unknown>;
  error.name = 'RestError';
  error.statusCode = statusCode;
  error.code = 'x';
  error.response = { status: statusCode, headers: { get: (name: string) => headers[name.toLowerCase()] } };
  return error;
}

describe('Teams delivery errors', () => {
  it.each([
    [400, 'validation'],
    [401, 'auth'],
    [403, 'permission'],
    [404, 'not_found'],
    [413, 'validation'],
    [500, 'unavailable'],
    [502, 'unavailable'],
    [503, 'unavailable'],
  ] as const)('maps HTTP %i to %s', (status, code) => {
    expect(toDeliveryError(restError(status)).code).toBe(code);
  });

  it('maps 429 to rate_limited with the wait Teams asked for', () => {
    const error = toDeliveryError(restError(429, { 'retry-after': '7' }));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.retryable).toBe(true);
  });

  it('waits a little when Teams gives no Retry-After', () => {
    expect(toDeliveryError(restError(429)).retryAfterMs).toBeGreaterThan(0);
  });

  it('reads Retry-After as an HTTP date too', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(retryAfterMs('Mon, 02 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
  });

  it('treats an unreachable connector as unavailable', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(toDeliveryError(error).code).toBe('unavailable');
  });

  it('treats a refused bot secret as auth (no retry)', () => {
    const error = Object.assign(new Error('AADSTS7000215: Invalid client secret provided.'), { errorCode: 'invalid_client' });
    const mapped = toDeliveryError(error);
    expect(mapped.code).toBe('auth');
    expect(mapped.retryable).toBe(false);
  });

  it('passes DeliveryErrors through unchanged', () => {
    const original = new DeliveryError('not_found', 'no chat');
    expect(toDeliveryError(original)).toBe(original);
  });

  it('waits for an administrator when the bot was removed from the team, with that reason', () => {
    const removed = restError(403);
    removed.code = 'BotNotInConversationRoster';
    expect(toDeliveryError(removed)).toMatchObject({ code: 'permission', disposition: 'wait', reason: 'bot_removed' });
    const inBody = restError(403);
    (inBody.response as Record<string, unknown>).bodyAsText = '{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}';
    expect(toDeliveryError(inBody)).toMatchObject({ disposition: 'wait', reason: 'bot_removed' });
    expect(toDeliveryError(restError(401))).toMatchObject({ disposition: 'wait', reason: 'auth' });
    expect(toDeliveryError(restError(403))).toMatchObject({ disposition: 'wait', reason: 'permission' });
  });

  it('retries 429 and 5xx soon and gives up on an invalid payload', () => {
    expect(toDeliveryError(restError(429)).disposition).toBe('retry');
    expect(toDeliveryError(restError(503)).disposition).toBe('retry');
    expect(toDeliveryError(restError(400))).toMatchObject({ disposition: 'give_up', reason: 'invalid_payload' });
  });
});
