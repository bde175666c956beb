/**
 * `GET /charts/<token>.png`: the chart images ChartLinks published. Anything else under /charts,
 * an unknown or expired token included, is a 404 that says nothing about which.
 */
import { Router } from 'express';
import type { ChartLinks } from './chart-links.js';

export function chartRouter(links: Pick<ChartLinks, 'read'>, onError?: (error: unknown) => void): Router {
  const router = Router();
  router.get('/charts/:file', async (req, res) => {
    const match = /^(.+)\.png$/.exec(req.params.file);
    try {
      const png = match?.[1] ? await links.read(match[1]) : null;
      if (!png) return void res.status(404).json({ error: 'not found' });
      res.set({ 'content-type': 'image/png', 'cache-control': 'private, max-age=86400', 'x-content-type-options': 'nosniff' }).send(png);
    } catch (error) {
      onError?.(error);
      res.status(503).json({ error: 'chart store unavailable' });
    }
  });
  return router;
}
