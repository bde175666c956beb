/**
 * The last express error handler. Body parsers signal bad input by passing an error with a 4xx
 * `status` (413 entity.too.large, 400 malformed JSON, 415 unsupported charset): that status is
 * answered with one warning line. Express's own handler would print the stack trace to stderr.
 * See https://expressjs.com/en/guide/error-handling.html and body-parser's error list.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from './logger.js';

function statusOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
  return code !== undefined && code >= 400 && code < 500 ? code : undefined;
}

export function httpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = statusOf(err);
    if (status !== undefined) {
      const type = typeof (err as { type?: unknown }).type === 'string' ? (err as { type: string }).type : undefined;
      logger.warn({ component: 'http', path: req.path, status, type }, 'request refused');
    } else {
      logger.error({ component: 'http', path: req.path, err }, 'unhandled error in an HTTP handler');
    }
    if (res.headersSent) return;
    res.status(status ?? 500).json({ error: status === 413 ? 'payload too large' : status ? 'bad request' : 'internal error' });
  };
}
