import type { Redis } from 'ioredis';
import type { DeliveryDedupe } from '../core/ports.js';
import type { Logger } from './logger.js';

/**
 * Platform redeliveries are recognised by their event id for a while (SET NX EX). If Redis is
 * unreachable we let the delivery through: concern creation is idempotent in the database too.
 */
export function createRedisDedupe(redis: Redis, prefix: string, logger: Logger): DeliveryDedupe {
  return {
    async firstTime(key, ttlSeconds) {
      try {
        const result = await redis.set(`${prefix}:dedupe:${key}`, '1', 'EX', ttlSeconds, 'NX');
        return result === 'OK';
      } catch (err) {
        logger.warn({ component: 'dedupe', err }, 'dedupe unavailable; accepting delivery');
        return true;
      }
    },
  };
}
