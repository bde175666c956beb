/**
 * The service's logger writes what an operator needs (what failed, its code, where) and never the
 * free text or secrets an SDK error drags along from the request it failed on.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('trace', { service: 'test' }, { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join('') };
}

const SECRET_TEXT = 'Manden i kælderen hedder Ole';

describe('createLogger', () => {
  it('keeps an error\'s message, code and stack but not the request it carries', () => {
    const { logger, text } = capture();
    const error = Object.assign(new Error('An API error occurred: request failed'), {
      code: 'slack_webapi_request_error',
      original: { config: { data: `{"text":"${SECRET_TEXT}","token":"xoxb-1"}` } },
      request: { body: SECRET_TEXT },
      response: { bodyAsText: SECRET_TEXT, status: 502 },
      statusCode: 502,
    });
    logger.error({ err: error, platform: 'slack' }, 'views.open failed');
    const line = JSON.parse(text()) as { err: Record<string, unknown>; msg: string };
    expect(line.msg).toBe('views.open failed');
    expect(line.err).toMatchObject({ message: 'An API error occurred: request failed', code: 'slack_webapi_request_error', statusCode: 502, type: 'Error' });
    expect(line.err.stack).toContain('logger.test.ts');
    expect(text()).not.toContain(SECRET_TEXT);
    expect(text()).not.toContain('xoxb-1');
  });

  it('does the same for the cause of an error, in child loggers and at every level', () => {
    const { logger, text } = capture();
    const cause = Object.assign(new Error('socket hang up'), { config: { data: SECRET_TEXT } });
    const child = logger.child({ component: 'worker' });
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) {
      child[level]({ err: new Error('delivery failed', { cause }) }, 'job failed');
    }
    const errors = text().trim().split('\n').map((l) => (JSON.parse(l) as { err: { message: string; stack: string } }).err);
    expect(errors).toHaveLength(6);
    for (const err of errors) expect(err.message).toBe('delivery failed: socket hang up');
    expect(text()).not.toContain(SECRET_TEXT);
  });

  it('still redacts free text under the known keys', () => {
    const { logger, text } = capture();
    logger.info({ concern: { description: SECRET_TEXT, address: SECRET_TEXT }, payload: { view: { blocks: [SECRET_TEXT] } } }, 'x');
    expect(text()).not.toContain(SECRET_TEXT);
  });
});
