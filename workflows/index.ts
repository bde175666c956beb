/** Starts the queues (producers) and, for worker roles, the workers of every queue. */
import { Queue, Worker, type Processor } from 'bullmq';
import type { Logger } from 'pino';
import type { ConcernStore, Messengers } from '../src/core/ports.js';
import type { WorkflowSteps } from '../src/core/service.js';
import type { ResponseTimesRecorder } from '../src/store/response-times.js';
import { producerConnection, workerConnection, type RedisSettings } from './connection.js';
import * as digest from './digest.js';
import * as escalate from './escalate.js';
import type { DeliveryErrorCounter } from './delivery-outcome.js';
import { DEFAULT_JOB_OPTIONS } from './job-options.js';
import * as metrics from './metrics.js';
import * as notify from './notify.js';
import { createOutboxDispatcher, type OutboxDispatcher } from './outbox.js';
import * as route from './route.js';
import { startReconciler, type Reconciler } from './reconcile.js';
import * as retention from './retention.js';

export type QueueName = typeof route.QUEUE | typeof notify.QUEUE | typeof escalate.QUEUE | typeof metrics.QUEUE;

export interface Workflows {
  queues: Record<QueueName, Queue>;
  outbox: OutboxDispatcher;
  workers: Worker[];
  reconciler: Reconciler | null;
  close(): Promise<void>;
}

export interface WorkflowDeps {
  redis: RedisSettings;
  store: ConcernStore;
  steps: WorkflowSteps;
  messengers: Messengers;
  logger: Logger;
  runWorkers: boolean;
  outboxPollMs?: number;
  reconcileMs?: number;
  concurrency?: number;
  /** Nightly anonymisation of closed concerns; left out in tests that do not need it. */
  retention?: { days: number; timezone: string; anonymiseClosedBefore: (before: Date) => Promise<number> };
  /** Keeps concern_metrics (response times) current for the digest. */
  responseTimes: ResponseTimesRecorder;
  /** The weekly digest to managers; left out in tests that do not need it. */
  digest?: Pick<digest.DigestWorkflowDeps, 'directory' | 'digests' | 'conversations'>;
  /** Counts failed deliveries by reason (the /metrics counter). */
  deliveryErrors?: DeliveryErrorCounter;
}

export function startWorkflows(deps: WorkflowDeps): Workflows {
  const { redis, logger } = deps;
  const makeQueue = (name: QueueName) =>
    new Queue(name, { connection: producerConnection(redis), prefix: redis.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const queues: Record<QueueName, Queue> = {
    route: makeQueue(route.QUEUE),
    notify: makeQueue(notify.QUEUE),
    escalate: makeQueue(escalate.QUEUE),
    metrics: makeQueue(metrics.QUEUE),
  };
  for (const queue of Object.values(queues)) {
    // Errors while Redis is away are expected; the outbox keeps the work.
    queue.on('error', (err) => logger.debug({ component: 'queue', queue: queue.name, err }, 'queue connection error'));
  }
  const outbox = createOutboxDispatcher({ store: deps.store, queues, logger, pollMs: deps.outboxPollMs });

  const workers: Worker[] = [];
  if (deps.runWorkers) {
    const processors: Record<QueueName, Processor> = {
      route: route.routeProcessor({ steps: deps.steps }),
      notify: notify.notifyProcessor({ steps: deps.steps, messengers: deps.messengers, ...(deps.deliveryErrors ? { deliveryErrors: deps.deliveryErrors } : {}) }),
      escalate: escalate.escalateProcessor({ steps: deps.steps }),
      metrics: metrics.metricsProcessor({ recorder: deps.responseTimes }),
    };
    for (const [name, processor] of Object.entries(processors) as [QueueName, Processor][]) {
      const worker = new Worker(name, processor, {
        connection: workerConnection(redis),
        prefix: redis.prefix,
        concurrency: deps.concurrency ?? 8,
      });
      worker.on('failed', (job, err) =>
        logger.warn({ component: 'worker', queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: { message: err.message, name: err.name } }, 'job failed'),
      );
      worker.on('completed', () => outbox.kick());
      worker.on('error', (err) => logger.debug({ component: 'worker', queue: name, err }, 'worker connection error'));
      workers.push(worker);
    }
  }

  const extraQueues: Queue[] = [];
  if (deps.runWorkers && deps.retention) {
    const { days, timezone, anonymiseClosedBefore } = deps.retention;
    const retentionQueue = new Queue(retention.QUEUE, { connection: workerConnection(redis), prefix: redis.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    extraQueues.push(retentionQueue);
    retentionQueue.on('error', (err) => logger.debug({ component: 'queue', queue: retention.QUEUE, err }, 'queue connection error'));
    retention.scheduleRetention(retentionQueue, timezone).catch((err: unknown) => logger.warn({ component: 'retention', err }, 'could not register the nightly retention schedule'));
    workers.push(retention.startRetentionWorker(workerConnection(redis), redis.prefix, { retentionDays: days, anonymiseClosedBefore, logger }));
  }

  if (deps.runWorkers) {
    // Schedules are registered through a worker connection, which waits for Redis instead of failing.
    const metricsSchedule = new Queue(metrics.QUEUE, { connection: workerConnection(redis), prefix: redis.prefix });
    extraQueues.push(metricsSchedule);
    metrics.startMetricsSweep(metricsSchedule).catch((err: unknown) => logger.warn({ component: 'metrics', err }, 'could not register the response-time sweep'));
  }
  if (deps.runWorkers && deps.digest) {
    const digestQueue = new Queue(digest.QUEUE, { connection: workerConnection(redis), prefix: redis.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    extraQueues.push(digestQueue);
    digest.startDigestScheduler(digestQueue, deps.digest.directory).catch((err: unknown) => logger.warn({ component: 'digest', err }, 'could not register the weekly digest schedule'));
    const processor = digest.digestProcessor({
      ...deps.digest,
      messengers: deps.messengers,
      queue: digestQueue,
      ...(deps.deliveryErrors ? { deliveryErrors: deps.deliveryErrors } : {}),
      beforeFanOut: () => deps.responseTimes.refreshStale(50_000),
    });
    const worker = new Worker(digest.QUEUE, processor, { connection: workerConnection(redis), prefix: redis.prefix, concurrency: 4 });
    worker.on('failed', (job, err) =>
      logger.warn({ component: 'worker', queue: digest.QUEUE, jobId: job?.id, attempts: job?.attemptsMade, err: { message: err.message, name: err.name } }, 'job failed'),
    );
    worker.on('error', (err) => logger.debug({ component: 'worker', queue: digest.QUEUE, err }, 'worker connection error'));
    workers.push(worker);
  }

  // After a restart, first restore anything Redis lost, then keep checking now and then.
  const reconciler = deps.runWorkers
    ? startReconciler({ steps: deps.steps, queues, logger, ...(deps.reconcileMs ? { intervalMs: deps.reconcileMs } : {}) })
    : null;
  if (reconciler) setTimeout(() => void reconciler.runOnce(), 2_000).unref();

  return {
    queues,
    outbox,
    workers,
    reconciler,
    async close() {
      // Closing a queue whose connection is still being set up makes ioredis emit an unhandled error.
      await Promise.allSettled([...Object.values(queues), ...extraQueues, ...workers].map((q) => q.waitUntilReady()));
      await reconciler?.stop();
      await outbox.stop();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...Object.values(queues), ...extraQueues].map((q) => q.close()));
    },
  };
}
