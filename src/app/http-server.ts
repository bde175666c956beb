/** The one HTTP server: platform endpoints plus health, readiness, metrics, public pages and the queue board. */
import express, { type Express, type Request, type Response, type Router } from 'express';
import type { Metrics } from './metrics.js';
import type { Logger } from './logger.js';
import { httpErrorHandler } from './http-errors.js';
import { mountQueueBoard, QUEUE_BOARD_PATH, type QueueBoardOptions } from './queue-board.js';
import { mountSite, type SiteTexts } from './site.js';

export interface HttpDeps {
  logger: Logger;
  metrics: Pick<Metrics, 'contentType' | 'text' | 'observeRequest'>;
  /**
   * Resolves when the database and Redis answer, with details for the body (e.g. deliveries
   * waiting for an administrator; still ready); rejects with what is down.
   */
  ready: () => Promise<Record<string, unknown> | void>;
  slackRouter?: Router;
  teamsHandler?: (req: Request, res: Response) => Promise<void>;
  /** More GET routes, e.g. /charts/<token>.png for the images in Teams cards. */
  routers?: Router[];
  /** GET /, /privacy, /terms; left out in tests that do not need them. */
  site?: SiteTexts;
  /** The queue board at /admin/queues; left out when ADMIN_PASSWORD is not set. */
  admin?: QueueBoardOptions;
}

/**
 * The route label of a finished request: the Express route pattern (`/slack/events`), the mount
 * path of a sub-app (`/admin/queues/*`), or `unmatched` — never the raw URL, whose ids and
 * query strings would make a new time series each.
 */
function routeOf(req: Request, res: Response): string {
  const mounted = res.locals.route as string | undefined;
  if (mounted) return mounted;
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
}

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      deps.metrics.observeRequest({ method: req.method, route: routeOf(req, res), status: res.statusCode }, seconds);
    });
    next();
  });
  if (deps.site) mountSite(app, deps.site);
  if (deps.admin) {
    app.use(QUEUE_BOARD_PATH, (_req, res, next) => {
      res.locals.route = `${QUEUE_BOARD_PATH}/*`;
      next();
    });
    mountQueueBoard(app, deps.admin, deps.logger);
  }
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      const details = await deps.ready();
      res.json({ status: 'ready', ...(details ?? {}) });
    } catch (err) {
      res.status(503).json({ status: 'not ready', reason: err instanceof Error ? err.message : String(err) });
    }
  });
  app.get('/metrics', async (_req, res) => {
    try {
      res.set('Content-Type', deps.metrics.contentType).send(await deps.metrics.text());
    } catch (err) {
      deps.logger.warn({ component: 'http', err }, 'metrics scrape failed');
      res.status(503).send('# metrics unavailable\n');
    }
  });
  for (const router of deps.routers ?? []) app.use(router);
  // Slack verifies signatures over the raw body, so its router parses for itself.
  if (deps.slackRouter) app.use(deps.slackRouter);
  const teams = deps.teamsHandler;
  if (teams) {
    app.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
      try {
        await teams(req, res);
      } catch (err) {
        deps.logger.error({ component: 'teams', err }, 'unhandled error on /api/messages');
        if (!res.headersSent) res.status(500).end();
      }
    });
  }
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(httpErrorHandler(deps.logger));
  return app;
}
