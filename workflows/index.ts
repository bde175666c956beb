/**
 * Starts the queues (producers) and, for worker roles, every queue's worker and schedule in one
 * loop; then the dispatcher (outbox + deliveries → Redis) and the reconciler (Redis ← database).
 */
import { Queue, Worker, type Processor } from 'bullmq';
import type { Logger } from 'pino';
import type { DeliveryStore } from '../src/core/deliveries.js';
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
import { startReconciler, type OpenConcerns, type Reconciler } from './reconcile.js';
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
  deliveries: DeliveryStore;
  /** Open concerns page by page, for the reconciler (src/store/reconcile-queries.ts). */
  openConcerns: OpenConcerns;
  steps: WorkflowSteps;
  messengers: Messengers;
  logger: Logger;
  runWorkers: boolean;
  outboxPollMs?: number;
  /** The service's clock; timers (escalation steps, held team cards) are delayed against it. */
  now?: () => Date;
  reconcileMs?: number;
  /** How long a waiting delivery rests before it is tried again (default 5 minutes). */
  waitingRetryMs?: number;
  concurrency?: number;
  /** Nightly anonymisation of closed concerns; left out in tests that do not need it. */
  retention?: Pick<retention.RetentionDeps, 'categoryDays' | 'anonymiseClosedBefore'> & { days: number; timezone: string };
  /** Keeps concern_metrics (response times) current for the digest. */
  responseTimes: ResponseTimesRecorder;
  /** The weekly digest to managers; left out in tests that do not need it. */
  digest?: Pick<digest.DigestWorkflowDeps, 'directory' | 'digests' | 'conversations' | 'charts' | 'onChartError'>;
  /** Counts failed deliveries by reason (the /metrics counter). */
  deliveryErrors?: DeliveryErrorCounter;
}

/** One queue's worker: its processor, how many jobs at once, and the schedule it registers at boot. */
interface WorkerSpec {
  name: string;
  processor: Processor;
  concurrency: number;
  schedule?: (queue: Queue) => Promise<void>;
}

function workerSpecs(deps: WorkflowDeps, kick: () => void): WorkerSpec[] {
  const concurrency = deps.concurrency ?? 8;
  const { steps, logger } = deps;
  const digestDeps = deps.digest ? { ...deps.digest, messengers: deps.messengers, deliveries: deps.deliveries, kick } : undefined;
  const specs: WorkerSpec[] = [
    { name: route.QUEUE, processor: route.routeProcessor({ steps }), concurrency },
    {
      name: notify.QUEUE,
      processor: notify.notifyProcessor({
        steps,
        messengers: deps.messengers,
        deliveries: deps.deliveries,
        ...(deps.waitingRetryMs ? { waitingRetryMs: deps.waitingRetryMs } : {}),
        ...(deps.deliveryErrors ? { deliveryErrors: deps.deliveryErrors } : {}),
        ...(digestDeps ? { sendDigest: (job, attempt) => digest.sendDigest(digestDeps, job, attempt) } : {}),
      }),
      concurrency,
    },
    { name: escalate.QUEUE, processor: escalate.escalateProcessor({ steps }), concurrency },
    {
      name: metrics.QUEUE,
      processor: metrics.metricsProcessor({ recorder: deps.responseTimes }),
      concurrency,
      schedule: (queue) => metrics.startMetricsSweep(queue),
    },
  ];
  if (deps.retention) {
    const { days, timezone, anonymiseClosedBefore, categoryDays } = deps.retention;
    const retentionDeps = { retentionDays: days, categoryDays, anonymiseClosedBefore, logger };
    specs.push({
      name: retention.QUEUE,
      processor: (job) => retention.processRetention(job.data, retentionDeps),
      concurrency: 1,
      schedule: (queue) => retention.scheduleRetention(queue, timezone),
    });
  }
  if (digestDeps) {
    specs.push({
      name: digest.QUEUE,
      processor: digest.digestProcessor({ ...digestDeps, beforeFanOut: () => deps.responseTimes.refreshStale(50_000) }),
      concurrency: 1,
      schedule: (queue) => digest.startDigestScheduler(queue, digestDeps.directory),
    });
  }
  return specs;
}

export function startWorkflows(deps: WorkflowDeps): Workflows {
  const { redis, logger } = deps;
  const makeQueue = (name: string, connection = producerConnection(redis)) => {
    const queue = new Queue(name, { connection, prefix: redis.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    // Errors while Redis is away are expected; the database keeps the work.
    queue.on('error', (err) => logger.debug({ component: 'queue', queue: name, err }, 'queue connection error'));
    return queue;
  };
  const queues: Record<QueueName, Queue> = {
    route: makeQueue(route.QUEUE),
    notify: makeQueue(notify.QUEUE),
    escalate: makeQueue(escalate.QUEUE),
    metrics: makeQueue(metrics.QUEUE),
  };
  const outbox = createOutboxDispatcher({ store: deps.store, deliveries: deps.deliveries, queues, logger, pollMs: deps.outboxPollMs, ...(deps.now ? { now: deps.now } : {}) });

  const workers: Worker[] = [];
  const scheduleQueues: Queue[] = [];
  if (deps.runWorkers) {
    for (const spec of workerSpecs(deps, () => outbox.kick())) {
      const worker = new Worker(spec.name, spec.processor, { connection: workerConnection(redis), prefix: redis.prefix, concurrency: spec.concurrency });
      worker.on('failed', (job, err) =>
        logger.warn({ component: 'worker', queue: spec.name, jobId: job?.id, attempts: job?.attemptsMade, err: { message: err.message, name: err.name } }, 'job failed'),
      );
      worker.on('completed', () => outbox.kick());
      worker.on('error', (err) => logger.debug({ component: 'worker', queue: spec.name, err }, 'worker connection error'));
      workers.push(worker);
      if (spec.schedule) {
        // Schedules are registered through a worker connection, which waits for Redis instead of failing.
        const scheduleQueue = makeQueue(spec.name, workerConnection(redis));
        scheduleQueues.push(scheduleQueue);
        spec.schedule(scheduleQueue).catch((err: unknown) => logger.warn({ component: spec.name, err }, `could not register the ${spec.name} schedule`));
      }
    }
  }

  // After a restart, first restore anything Redis lost, then keep checking now and then.
  const reconciler = deps.runWorkers
    ? startReconciler({
        steps: deps.steps,
        openConcerns: deps.openConcerns,
        deliveries: deps.deliveries,
        queues,
        logger,
        ...(deps.reconcileMs ? { intervalMs: deps.reconcileMs } : {}),
        ...(deps.now ? { now: deps.now } : {}),
      })
    : null;
  if (reconciler) setTimeout(() => void reconciler.runOnce(), 2_000).unref();

  const closeable = [...Object.values(queues), ...scheduleQueues];
  return {
    queues,
    outbox,
    workers,
    reconciler,
    async close() {
      // Closing a queue whose connection is still being set up makes ioredis emit an unhandled error.
      await Promise.allSettled([...closeable, ...workers].map((q) => q.waitUntilReady()));
      await reconciler?.stop();
      await outbox.stop();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(closeable.map((q) => q.close()));
    },
  };
}
