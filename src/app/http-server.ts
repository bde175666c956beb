/** The one HTTP server: platform endpoints plus health, readiness and metrics. */
import express, { type Express, type Request, type Response, type Router } from 'express';
import type { Metrics } from './metrics.js';
import type { Logger } from './logger.js';

export interface HttpDeps {
  logger: Logger;
  metrics: Metrics;
  /**
   * Resolves when the database and Redis answer, with details for the body (e.g. deliveries
   * waiting for an administrator; still ready); rejects with what is down.
   */
  ready: () => Promise<Record<string, unknown> | void>;
  slackRouter?: Router;
  teamsHandler?: (req: Request, res: Response) => Promise<void>;
}

export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
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
  return app;
}
