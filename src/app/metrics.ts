/**
 * Prometheus metrics. Business figures are read from the database at scrape time, so every web
 * process reports the same truth; queue depths come from Redis.
 */
import type { Queue } from 'bullmq';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeliveryStore } from '../core/deliveries.js';
import type { Sql } from '../store/sql.js';
import { acknowledgeHistogram, lifecycleCounters } from '../store/metrics-queries.js';

export interface MetricsDeps {
  sql: Sql;
  queues: Record<string, Queue>;
  deliveries?: Pick<DeliveryStore, 'countDeliveries'>;
}

export interface Metrics {
  contentType: string;
  /** The whole exposition: process and gauge metrics, then the database-derived series. */
  text(): Promise<string>;
}

export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = createRegistry(deps);
  return {
    contentType: registry.contentType,
    async text() {
      const parts = await Promise.all([registry.metrics(), lifecycleCounters(deps.sql), acknowledgeHistogram(deps.sql)]);
      return `${parts.map((p) => p.trimEnd()).join('\n')}\n`;
    },
  };
}

function createRegistry(deps: MetricsDeps): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'brobygger_process_' });

  new Gauge({
    name: 'brobygger_concerns',
    help: 'Concerns by state, category and team',
    labelNames: ['state', 'category', 'team'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.sql.query<{ state: string; category: string; team: string | null; n: string | number }>(
        `SELECT state, category, team_id AS team, count(*) AS n FROM concerns GROUP BY state, category, team_id`,
      );
      for (const r of rows) this.set({ state: r.state, category: r.category, team: r.team ?? 'unrouted' }, Number(r.n));
    },
  });

  new Gauge({
    name: 'brobygger_events',
    help: 'Recorded concern events by type (created, acknowledged, escalated, resolved, …)',
    labelNames: ['type'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.sql.query<{ type: string; n: string | number }>(
        `SELECT type, count(*) AS n FROM concern_events GROUP BY type`,
      );
      for (const r of rows) this.set({ type: r.type }, Number(r.n));
    },
  });

  new Gauge({
    name: 'brobygger_escalations',
    help: 'Escalation steps that fired, by step of the ladder and whom they notified',
    labelNames: ['step', 'notify'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.sql.query<{ step: string | null; notify: string | null; n: string | number }>(
        `SELECT data->>'step' AS step, data->>'notify' AS notify, count(*) AS n FROM concern_events WHERE type = 'escalated' GROUP BY 1, 2`,
      );
      for (const r of rows) this.set({ step: r.step ?? 'unknown', notify: r.notify ?? 'unknown' }, Number(r.n));
    },
  });

  new Gauge({
    name: 'brobygger_outbox_pending',
    help: 'Work committed in the database but not yet handed to Redis',
    registers: [registry],
    async collect() {
      const rows = await deps.sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL`);
      this.set(Number(rows[0]?.n ?? 0));
    },
  });

  const deliveries = deps.deliveries;
  if (deliveries) {
    new Gauge({
      name: 'brobygger_deliveries',
      help: 'Messages owed, by state (pending, delivered, waiting for an administrator, failed) and platform',
      labelNames: ['state', 'platform'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await deliveries.countDeliveries()) this.set({ state: row.state, platform: row.platform }, row.count);
      },
    });
  }

  new Gauge({
    name: 'brobygger_queue_jobs',
    help: 'BullMQ jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [name, queue] of Object.entries(deps.queues)) {
        try {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
        } catch {
          // Redis away: leave the queue out of this scrape rather than fail it.
        }
      }
    },
  });
  return registry;
}
