import type { ConnectionOptions } from 'bullmq';

export interface RedisSettings {
  url: string;
  /** BullMQ key prefix; tests use their own. */
  prefix: string;
}

/**
 * BullMQ's default backoff grows to 20 s between reconnection attempts after a few seconds of
 * outage; work must resume within seconds of Redis coming back, so retry at most every 2 s.
 */
export const reconnectWithin2s = (times: number): number => Math.min(250 * times, 2_000);

/** Workers wait for Redis forever (BullMQ requires maxRetriesPerRequest null). */
export function workerConnection(settings: RedisSettings): ConnectionOptions {
  return { url: settings.url, maxRetriesPerRequest: null, retryStrategy: reconnectWithin2s };
}

/** Producers fail fast while Redis is down, so the outbox keeps the work and retries. */
export function producerConnection(settings: RedisSettings): ConnectionOptions {
  return {
    url: settings.url,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: reconnectWithin2s,
  };
}
