import type { ConnectionOptions } from 'bullmq';

export interface RedisSettings {
  url: string;
  /** BullMQ key prefix; tests use their own. */
  prefix: string;
}

/** Workers wait for Redis forever (BullMQ requires maxRetriesPerRequest null). */
export function workerConnection(settings: RedisSettings): ConnectionOptions {
  return { url: settings.url, maxRetriesPerRequest: null };
}

/** Producers fail fast while Redis is down, so the outbox keeps the work and retries. */
export function producerConnection(settings: RedisSettings): ConnectionOptions {
  return { url: settings.url, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
}
