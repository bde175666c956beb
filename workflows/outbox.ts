/**
 * The dispatcher: work committed with a concern's change is handed to BullMQ here — outbox
 * effects (route, next ladder step, metrics) and deliveries that have no job yet (new ones, and
 * waiting ones that are due again). If Redis is down everything stays in the database and is
 * dispatched when it is back, so nothing is lost between the commit and the queue. Job ids make a
 * second hand-over harmless.
 */
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { DeliveryStore } from '../src/core/deliveries.js';
import type { ConcernStore, StoredEffect } from '../src/core/ports.js';
import { enqueueDeliveries } from './notify.js';

export interface OutboxDeps {
  store: ConcernStore;
  deliveries: DeliveryStore;
  queues: Record<StoredEffect['queue'], Queue>;
  logger: Logger;
  /** How often to look for effects nobody kicked (another process wrote them, or Redis was down). */
  pollMs?: number;
  /** The service's clock, which a timer's runAt is measured against (tests drive it). */
  now?: () => Date;
}

export interface OutboxDispatcher {
  kick(): void;
  /** One pass; resolves with how many effects were handed over. */
  dispatchOnce(): Promise<number>;
  stop(): Promise<void>;
}

const BATCH = 200;

/**
 * How long one hand-over to Redis may take. BullMQ adds jobs through ioredis custom (Lua)
 * commands, and with `enableOfflineQueue: false` such a command sent while the connection is
 * down can stay pending forever instead of failing (https://github.com/redis/ioredis/issues/1511):
 * the dispatcher would then hang and nothing more would be dispatched, even after Redis is back.
 * A hand-over that times out counts as refused; a late success is harmless (job ids).
 */
export const HAND_OVER_TIMEOUT_MS = 5_000;

/** `work`, or a rejection after `ms` (the timer does not keep the process alive). */
async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: Redis did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createOutboxDispatcher(deps: OutboxDeps): OutboxDispatcher {
  const { store, queues, logger } = deps;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;
  let redisDown = false;

  async function handOver(effect: StoredEffect) {
    const queue = queues[effect.queue];
    if (Array.isArray(effect.data.cancel)) {
      // A step that is running right now cannot be removed; it re-checks the concern and does nothing.
      for (const jobId of effect.data.cancel as string[]) await queue.remove(jobId).catch(() => 0);
      return;
    }
    const delay = effect.runAt ? Math.max(0, effect.runAt.getTime() - (deps.now?.() ?? new Date()).getTime()) : 0;
    await queue.add(effect.queue, effect.data, { jobId: effect.jobId, delay });
  }

  async function dispatchDeliveries(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await deps.deliveries.takeUnqueuedDeliveries(new Date(), BATCH);
      if (rows.length === 0) break;
      try {
        await within(enqueueDeliveries(queues.notify, rows, (deps.now?.() ?? new Date()).getTime()), HAND_OVER_TIMEOUT_MS, 'adding deliveries');
      } catch (error) {
        await deps.deliveries.unmarkQueued(rows.map((r) => r.id));
        throw error;
      }
      total += rows.length;
      if (rows.length < BATCH) break;
    }
    return total;
  }

  /** Effects of one batch to Redis: cancellations one by one, new jobs with one addBulk per queue. */
  async function handOverAll(effects: StoredEffect[]): Promise<void> {
    const adds = new Map<StoredEffect['queue'], StoredEffect[]>();
    for (const effect of effects) {
      if (Array.isArray(effect.data.cancel)) await handOver(effect);
      else adds.set(effect.queue, [...(adds.get(effect.queue) ?? []), effect]);
    }
    for (const [name, batch] of adds) {
      await queues[name].addBulk(
        batch.map((e) => ({ name, data: e.data, opts: { jobId: e.jobId, delay: e.runAt ? Math.max(0, e.runAt.getTime() - (deps.now?.() ?? new Date()).getTime()) : 0 } })),
      );
    }
  }

  async function dispatchEffects(): Promise<number> {
    const take = store.takeEffects?.bind(store);
    const giveBack = store.returnEffects?.bind(store);
    let total = 0;
    for (;;) {
      // One statement takes and marks a batch; a batch Redis refused is given back.
      const effects = take ? await take(BATCH) : await store.pendingEffects(BATCH);
      if (effects.length === 0) break;
      try {
        await within(handOverAll(effects), HAND_OVER_TIMEOUT_MS, 'adding outbox effects');
      } catch (error) {
        if (take && giveBack) await giveBack(effects.map((e) => e.id));
        throw error;
      }
      if (!take) await store.markEffectsDispatched(effects.map((e) => e.id));
      total += effects.length;
      if (effects.length < BATCH) break;
    }
    return total;
  }

  async function pass(): Promise<number> {
    const total = (await dispatchEffects()) + (await dispatchDeliveries());
    if (redisDown) logger.info({ component: 'outbox' }, 'Redis is reachable again; pending work dispatched');
    redisDown = false;
    return total;
  }

  function run(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((error: unknown) => {
        if (!redisDown) logger.warn({ component: 'outbox', err: error }, 'could not hand work to Redis; it stays in the outbox and is retried');
        redisDown = true;
        return 0;
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void run();
        }
      });
    return running;
  }

  const timer = setInterval(() => void run(), deps.pollMs ?? 1_000);
  timer.unref();

  return {
    kick: () => {
      if (!stopped) void run();
    },
    dispatchOnce: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
