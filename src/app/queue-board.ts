/**
 * Bull Board (https://github.com/felixmosh/bull-board) at /admin/queues: every BullMQ queue, its
 * jobs, retries and failures. Mounted only when ADMIN_PASSWORD is set, behind HTTP basic auth
 * (RFC 7617) with a constant-time comparison of the credentials.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response, Router } from 'express';
import type { Logger } from './logger.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

export interface QueueBoardOptions {
  user: string;
  password: string;
  queues: Queue[];
}

/** Hashing first makes both sides the same length, so timingSafeEqual never leaks the length. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The user and password of an `Authorization: Basic …` header, or null. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function requireAdmin(options: QueueBoardOptions, logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = basicCredentials(req.headers.authorization);
    // Both comparisons always run, so a wrong user takes as long as a wrong password.
    const userOk = sameSecret(given?.user ?? '', options.user);
    const passwordOk = sameSecret(given?.password ?? '', options.password);
    if (given && userOk && passwordOk) return next();
    logger.warn({ component: 'http', route: QUEUE_BOARD_PATH, reason: given ? 'wrong credentials' : 'no credentials', ip: req.ip }, 'request refused: queue board');
    res.set('WWW-Authenticate', 'Basic realm="Brobygger queues", charset="UTF-8"').status(401).send('Authentication required\n');
  };
}

/** Mounts the board on `app` under QUEUE_BOARD_PATH. */
export function mountQueueBoard(app: Express, options: QueueBoardOptions, logger: Logger): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: options.queues.map((q) => new BullMQAdapter(q)), serverAdapter, options: { uiConfig: { boardTitle: 'Brobygger' } } });
  app.use(QUEUE_BOARD_PATH, requireAdmin(options, logger), serverAdapter.getRouter() as Router);
}
