import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DeliveryDedupe, IntakeDrafts } from '../core/ports.js';
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

const draftSchema = z.object({ text: z.string(), filesOffered: z.boolean() });

/** Intake drafts under `${prefix}:draft:<uuid>` with a TTL (SET EX); Redis errors propagate. */
export function createRedisDrafts(redis: Redis, prefix: string): IntakeDrafts {
  return {
    async put(draft, ttlSeconds) {
      const id = randomUUID();
      await redis.set(`${prefix}:draft:${id}`, JSON.stringify(draft), 'EX', ttlSeconds);
      return id;
    },
    async get(id) {
      if (!/^[0-9a-f-]{36}$/.test(id)) return null;
      const raw = await redis.get(`${prefix}:draft:${id}`);
      if (!raw) return null;
      const parsed = draftSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    },
  };
}
