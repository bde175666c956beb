/**
 * Concerns raised at a fixed rate through Slack's intake modal, followed to the moment their
 * team card reached the team's channel at the fake Slack or the fake Bot Connector. Shared by
 * scenario 2 (end to end) and scenario 5 (footprint after load).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { intakeRequests, referenceIn } from './intake-requests.js';
import { openLoop } from './open-loop.js';
import type { Stack } from './stack.js';
import { summarize, type Summary } from './stats.js';

export interface EndToEndFigures {
  sent: number;
  /** Answered 200 with the new concern's reference. */
  created: number;
  /** Team cards seen at the fakes for those concerns. */
  notified: number;
  errors: Record<string, number>;
  ack: Summary;
  endToEnd: Summary;
  byPlatform: { slack: Summary; teams: Summary };
}

export async function endToEndLoad(stack: Stack, options: { rate: number; seconds: number; settleSeconds: number; tag: string }): Promise<EndToEndFigures> {
  const run = await openLoop(
    {
      port: stack.web.port,
      ratePerSecond: options.rate,
      count: Math.round(options.rate * options.seconds),
      maxSendMs: options.seconds * 1000 + 2_000,
      timeoutMs: 10_000,
    },
    intakeRequests(stack.directory, options.tag),
  );
  const sentAt = new Map<string, number>();
  const acks: number[] = [];
  for (const sample of run.samples) {
    const ref = sample.status === 200 ? referenceIn(sample.body) : null;
    if (!ref) continue;
    sentAt.set(ref, sample.sentAtMs);
    acks.push(sample.latencyMs);
  }

  const deadline = Date.now() + options.settleSeconds * 1000;
  let arrivals = stack.fakes.teamCardArrivals();
  while ([...sentAt.keys()].some((ref) => !arrivals.has(ref)) && Date.now() < deadline) {
    await sleep(250);
    arrivals = stack.fakes.teamCardArrivals();
  }

  const all: number[] = [];
  const byPlatform = { slack: [] as number[], teams: [] as number[] };
  for (const [ref, sent] of sentAt) {
    const arrival = arrivals.get(ref);
    if (!arrival) continue;
    all.push(arrival.atMs - sent);
    byPlatform[arrival.platform].push(arrival.atMs - sent);
  }
  return {
    sent: run.sent,
    created: sentAt.size,
    notified: all.length,
    errors: run.errors,
    ack: summarize(acks),
    endToEnd: summarize(all),
    byPlatform: { slack: summarize(byPlatform.slack), teams: summarize(byPlatform.teams) },
  };
}
