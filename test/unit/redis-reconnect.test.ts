import { describe, expect, it } from 'vitest';
import { producerConnection, reconnectWithin2s, workerConnection } from '../../workflows/connection.js';

const settings = { url: 'redis://127.0.0.1:1', prefix: 'test' };

describe('reconnecting to Redis after an outage', () => {
  it('waits longer after each failed attempt, but never more than 2 s', () => {
    expect([1, 2, 3, 4].map(reconnectWithin2s)).toEqual([250, 500, 750, 1_000]);
    expect(reconnectWithin2s(8)).toBe(2_000);
    // BullMQ's default would wait up to 20 s after a few minutes of outage.
    expect(reconnectWithin2s(500)).toBe(2_000);
  });

  it('is the strategy of both the workers and the producers', () => {
    const worker = workerConnection(settings) as { retryStrategy: (n: number) => number; maxRetriesPerRequest: null };
    const producer = producerConnection(settings) as { retryStrategy: (n: number) => number; enableOfflineQueue: boolean };
    expect(worker.retryStrategy(100)).toBe(2_000);
    expect(producer.retryStrategy(100)).toBe(2_000);
    // Workers wait for Redis forever; producers fail fast so the outbox keeps the work.
    expect(worker.maxRetriesPerRequest).toBeNull();
    expect(producer.enableOfflineQueue).toBe(false);
  });
});
