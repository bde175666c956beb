/**
 * Prometheus metrics. Business figures are read from the database at scrape time, so every web
 * process reports the same truth; queue depths come from Redis.
 */
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DeliveryStore } from '../core/deliveries.js';
import type { Sql } from '../store/sql.js';
import { acknowledgeHistogram, lifecycleCounters, metricCounters } from '../store/metrics-queries.js';

export interface MetricsDeps {
  sql: Sql;
  queues: Record<string, Queue>;
  deliveries?: Pick<DeliveryStore, 'countDeliveries'>;
}

export interface Metrics {
  contentType: string;
  /** The whole exposition: process and gauge metrics, then the database-derived series. */
  text(): Promise<string>;
  /** One finished HTTP request: `route` is the Express route pattern (never the raw URL), seconds. */
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** Delivery failures by reason (the DeliveryError code) and queue; handed to the workflows. */
  deliveryErrors: Counter<'reason' | 'queue'>;
}

export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = createRegistry(deps);
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const deliveryErrors = new Counter({
    name: 'brobygger_delivery_errors_total',
    help: 'Failed deliveries to Slack or Teams by reason (auth, permission, not_found, rate_limited, validation, unavailable) and queue',
    labelNames: ['reason', 'queue'],
    registers: [registry],
  });
  return {
    contentType: registry.contentType,
    observeRequest({ method, route, status }, seconds) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
    deliveryErrors,
    async text() {
      const parts = await Promise.all([registry.metrics(), lifecycleCounters(deps.sql), acknowledgeHistogram(deps.sql)]);
      return `${parts.map((p) => p.trimEnd()).join('\n')}\n`;
    },
  };
}

function createRegistry(deps: MetricsDeps): Registry {
  const registry = new Registry();
  // The standard names (process_cpu_seconds_total, nodejs_heap_size_used_bytes, …) that
  // dashboards for Node services expect; prom-client's defaults already carry their prefixes.
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'brobygger_concerns',
    help: 'Concerns by state, category and team',
    labelNames: ['state', 'category', 'team'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels: [state, category, team], value } of await metricCounters(deps.sql, 'concerns')) this.set({ state, category, team }, value);
    },
  });

  new Gauge({
    name: 'brobygger_events',
    help: 'Recorded concern events by type (created, acknowledged, escalated, resolved, …)',
    labelNames: ['type'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels: [type], value } of await metricCounters(deps.sql, 'events')) this.set({ type }, value);
    },
  });

  new Gauge({
    name: 'brobygger_escalations',
    help: 'Escalation steps that fired, by step of the ladder and whom they notified',
    labelNames: ['step', 'notify'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels: [step, notify], value } of await metricCounters(deps.sql, 'escalations')) this.set({ step, notify }, value);
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
