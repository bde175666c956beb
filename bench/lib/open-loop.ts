/**
 * An open-loop sender: request i is sent at start + i/rate whether or not earlier ones were
 * answered (a closed loop would slow down with the server and hide its queueing). Bounded by a
 * count and a time limit; every request has its own timeout. Only 127.0.0.1 is ever targeted.
 */
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarize, type Summary } from './stats.js';

export interface OutgoingRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Sample {
  index: number;
  /** Date.now() when it was sent (to line up with the fakes' clocks). */
  sentAtMs: number;
  /** performance.now() based, from send to the end of the response body. */
  latencyMs: number;
  status: number;
  body: string;
}

export interface OpenLoopPlan {
  port: number;
  ratePerSecond: number;
  count: number;
  /** Stop sending after this long even if count was not reached. */
  maxSendMs: number;
  timeoutMs: number;
}

export interface OpenLoopResult {
  samples: Sample[];
  /** Requests that failed (connection error or timeout), by message. */
  errors: Record<string, number>;
  sent: number;
  sendDurationMs: number;
  /** How far behind schedule requests left (the sender's own lag, not the server's). */
  sendLag: Summary;
}

export async function openLoop(plan: OpenLoopPlan, build: (index: number) => OutgoingRequest): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const samples: Sample[] = [];
  const errors: Record<string, number> = {};
  const lags: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const interval = 1000 / plan.ratePerSecond;

  const send = (index: number) => {
    const outgoing = build(index);
    const sentAtMs = Date.now();
    const t0 = performance.now();
    const done = new Promise<void>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: plan.port,
          method: 'POST',
          path: outgoing.path,
          agent,
          headers: { ...outgoing.headers, 'content-length': String(Buffer.byteLength(outgoing.body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            samples.push({
              index,
              sentAtMs,
              latencyMs: performance.now() - t0,
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            });
            resolve();
          });
          res.on('error', (error) => {
            errors[error.message] = (errors[error.message] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.setTimeout(plan.timeoutMs, () => req.destroy(new Error(`no answer within ${plan.timeoutMs} ms`)));
      req.on('error', (error) => {
        errors[error.message] = (errors[error.message] ?? 0) + 1;
        resolve();
      });
      req.end(outgoing.body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  const start = performance.now();
  let sent = 0;
  for (let index = 0; index < plan.count; index++) {
    const due = start + index * interval;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    const now = performance.now();
    if (now - start > plan.maxSendMs) break;
    lags.push(Math.max(0, now - due));
    send(index);
    sent += 1;
  }
  const sendDurationMs = performance.now() - start;
  await Promise.all([...inFlight]);
  agent.destroy();
  samples.sort((a, b) => a.index - b.index);
  return { samples, errors, sent, sendDurationMs, sendLag: summarize(lags) };
}
