/**
 * Chart images served by the bot, for clients that fetch pictures by URL (a Teams Adaptive Card
 * `Image`): `publish(png)` stores the bytes in Redis under an unguessable token (32 random bytes,
 * base64url) with an expiry and answers `${PUBLIC_URL}/charts/<token>.png`; `read(token)` gives
 * them back until they expire. Redis suits: the image is a copy the database can always draw again,
 * every web process behind a load balancer sees it, and PX lets Redis drop it by itself. The expiry
 * is also written beside the bytes and checked against the clock, so it holds to the millisecond.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { systemClock, type Clock } from '../core/ports.js';

/** Long enough to look at last week's digest again; short enough not to keep pictures around. */
export const CHART_LINK_TTL_MS = 14 * 24 * 3600 * 1000;

export const CHART_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface ChartLinks {
  /** Stores the PNG and answers its public URL. */
  publish(png: Uint8Array): Promise<string>;
  /** The PNG while it has not expired; null for unknown, expired or malformed tokens. */
  read(token: string): Promise<Buffer | null>;
}

export interface ChartLinksOptions {
  redis: Pick<Redis, 'set' | 'getBuffer'>;
  /** Key prefix shared with the queues (e.g. "bb"). */
  prefix: string;
  /** PUBLIC_URL: where Teams reaches this bot. */
  publicUrl: string;
  ttlMs?: number;
  clock?: Clock;
}

const EXPIRY_BYTES = 8;

export function createChartLinks(options: ChartLinksOptions): ChartLinks {
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? CHART_LINK_TTL_MS;
  const base = options.publicUrl.replace(/\/+$/, '');
  const key = (token: string) => `${options.prefix}:chart:${token}`;
  return {
    async publish(png) {
      const token = randomBytes(32).toString('base64url');
      const expiry = Buffer.alloc(EXPIRY_BYTES);
      expiry.writeBigInt64BE(BigInt(clock.now().getTime() + ttlMs));
      await options.redis.set(key(token), Buffer.concat([expiry, png]), 'PX', ttlMs);
      return `${base}/charts/${token}.png`;
    },
    async read(token) {
      if (!CHART_TOKEN.test(token)) return null;
      const stored = await options.redis.getBuffer(key(token));
      if (!stored || stored.length <= EXPIRY_BYTES) return null;
      if (Number(stored.readBigInt64BE(0)) <= clock.now().getTime()) return null;
      return stored.subarray(EXPIRY_BYTES);
    },
  };
}
