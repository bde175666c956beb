/**
 * Chart images served by the bot, for clients that fetch pictures by URL (a Teams Adaptive Card
 * `Image`): `publish(png)` stores the bytes in Redis under an unguessable token (32 random bytes,
 * base64url) with an expiry and answers `${PUBLIC_URL}/charts/<token>.png`; `read(token)` gives
 * them back until they expire. Redis suits: the image is a copy the database can always draw again,
 * every web process behind a load balancer sees it, and PX lets Redis drop it by itself. The expiry
 * is also written beside the bytes and checked against the clock, so it holds to the millisecond.
 * `linkFor(key, draw)` reuses a live link for the same chart (the Slack App Home shows the same
 * finished week every time it is opened), so a chart is drawn and stored once per half expiry.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ChartLinker, ChartRenderer } from '../core/digest/chart.js';
import { systemClock, type Clock } from '../core/ports.js';

/** Long enough to look at last week's digest again; short enough not to keep pictures around. */
export const CHART_LINK_TTL_MS = 14 * 24 * 3600 * 1000;

export const CHART_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface ChartLinks {
  /** Stores the PNG and answers its public URL. */
  publish(png: Uint8Array): Promise<string>;
  /** The PNG while it has not expired; null for unknown, expired or malformed tokens. */
  read(token: string): Promise<Buffer | null>;
  /**
   * A link to the chart `key` names (e.g. its spec as JSON): one published earlier with at least
   * half its life left, else `draw()` is published now. Links stay unguessable: the key only
   * finds the token, it is never part of the URL.
   */
  linkFor(key: string, draw: () => Promise<Uint8Array>): Promise<string>;
}

export interface ChartLinksOptions {
  redis: Pick<Redis, 'set' | 'get' | 'getBuffer'>;
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
  const keyOf = (name: string) => `${options.prefix}:chart-of:${createHash('sha256').update(name).digest('base64url')}`;
  const urlOf = (token: string) => `${base}/charts/${token}.png`;
  async function store(png: Uint8Array): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const expiry = Buffer.alloc(EXPIRY_BYTES);
    expiry.writeBigInt64BE(BigInt(clock.now().getTime() + ttlMs));
    await options.redis.set(key(token), Buffer.concat([expiry, png]), 'PX', ttlMs);
    return token;
  }
  return {
    publish: async (png) => urlOf(await store(png)),
    async linkFor(name, draw) {
      // "<token> <published at, ms>": reused while it has at least half its life left.
      const [known, at] = (await options.redis.get(keyOf(name)))?.split(' ') ?? [];
      if (known && CHART_TOKEN.test(known) && clock.now().getTime() - Number(at) < ttlMs / 2) return urlOf(known);
      const token = await store(await draw());
      await options.redis.set(keyOf(name), `${token} ${clock.now().getTime()}`, 'PX', Math.ceil(ttlMs / 2));
      return urlOf(token);
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

/** The core's ChartLinker: a chart is known by its spec, drawn by `renderer` only when no live link exists. */
export function chartLinker(links: Pick<ChartLinks, 'linkFor'>, renderer: ChartRenderer): ChartLinker {
  return { urlOf: (spec) => links.linkFor(JSON.stringify(spec), () => renderer.renderPng(spec)) };
}
