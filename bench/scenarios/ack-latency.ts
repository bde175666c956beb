/**
 * Scenario 1 — Slack ack latency: signed intake `view_submission`s at a fixed rate against
 * POST /slack/events of `brobygger start` (PostgreSQL, real Redis, workers running), time to the
 * HTTP 200. Baseline: a bare Bolt app that only acknowledges the same requests.
 */
import { intakeRequests, referenceIn } from '../lib/intake-requests.js';
import { openLoop, type OpenLoopResult } from '../lib/open-loop.js';
import { startBaselineBolt } from '../lib/processes.js';
import { count, ms, times, type Row } from '../lib/report.js';
import { withResources } from '../lib/resources.js';
import type { Settings } from '../lib/settings.js';
import { startStack } from '../lib/stack.js';
import { ratio, round, summarize, type Summary } from '../lib/stats.js';
import type { ScenarioOutcome } from './outcome.js';

interface RunFigures {
  sent: number;
  ok: number;
  /** Service only: answers that carried the new concern's reference. */
  created?: number;
  /** HTTP status → how many (Bolt answers a listener that did not ack within 3 s itself). */
  statuses: Record<string, number>;
  errors: Record<string, number>;
  latency: Summary;
  sendLag: Summary;
  /** CPU time the process used per request sent (the service's includes its workers' share), ms. */
  cpuMsPerRequest?: number | null;
}

const cpuMsPer = (before: number | null, after: number | null, requests: number) =>
  before === null || after === null || requests === 0 ? null : round(((after - before) * 1000) / requests);

function figures(run: OpenLoopResult, expectReference: boolean): RunFigures {
  const ok = run.samples.filter((s) => s.status === 200);
  const statuses: Record<string, number> = {};
  for (const sample of run.samples) statuses[String(sample.status)] = (statuses[String(sample.status)] ?? 0) + 1;
  return {
    statuses,
    sent: run.sent,
    ok: ok.length,
    ...(expectReference ? { created: ok.filter((s) => referenceIn(s.body) !== null).length } : {}),
    errors: run.errors,
    latency: summarize(ok.map((s) => s.latencyMs)),
    sendLag: run.sendLag,
  };
}

export async function ackLatency(settings: Settings, postgresUrl: string | null): Promise<ScenarioOutcome> {
  const { rates, secondsPerRate, warmupSeconds, timeoutMs } = settings.ackLatency;
  return withResources('ack latency', async (resources) => {
    const stack = await startStack(resources, { label: 's1', layout: 'all', postgresUrl });
    const baseline = await startBaselineBolt(
      resources,
      { SLACK_SIGNING_SECRET: stack.env.SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN: stack.env.SLACK_BOT_TOKEN, SLACK_API_URL: stack.env.SLACK_API_URL },
      stack.logDir,
    );
    const tag = Date.now().toString(36);
    const run = (port: number, rate: number, seconds: number, label: string) =>
      openLoop(
        { port, ratePerSecond: rate, count: Math.round(rate * seconds), maxSendMs: seconds * 1000 + 2_000, timeoutMs },
        intakeRequests(stack.directory, `${tag}${label}`),
      );

    // Warm both up (JIT, connection pools, caches) before anything is recorded.
    await run(baseline.port, 20, warmupSeconds, 'wb');
    await run(stack.web.port, 20, warmupSeconds, 'ws');
    await stack.waitForIdle(30_000);

    const rows: Row[] = [];
    const perRate: Record<string, { service: RunFigures; baseline: RunFigures; drained: boolean }> = {};
    let problems = 0;
    for (const rate of rates) {
      const baseCpu = baseline.cpuSeconds();
      const base = figures(await run(baseline.port, rate, secondsPerRate, `b${rate}x`), false);
      base.cpuMsPerRequest = cpuMsPer(baseCpu, baseline.cpuSeconds(), base.sent);
      const serviceCpu = stack.web.cpuSeconds();
      const service = figures(await run(stack.web.port, rate, secondsPerRate, `s${rate}x`), true);
      // The workers finish this rate's concerns before the next rate starts.
      const drained = await stack.waitForIdle(60_000);
      service.cpuMsPerRequest = cpuMsPer(serviceCpu, stack.web.cpuSeconds(), service.sent);
      perRate[String(rate)] = { service, baseline: base, drained };
      if (service.created !== service.sent || base.ok !== base.sent) problems += 1;
      rows.push(
        { metric: `${rate} req/s p50`, value: ms(service.latency.p50), baseline: ms(base.latency.p50), ratio: times(ratio(service.latency.p50, base.latency.p50)) },
        { metric: `${rate} req/s p99`, value: ms(service.latency.p99), baseline: ms(base.latency.p99), ratio: times(ratio(service.latency.p99, base.latency.p99)) },
        {
          metric: `${rate} req/s answered 200 (created) / sent`,
          value: `${count(service.ok)} (${count(service.created ?? 0)}) / ${count(service.sent)}`,
          baseline: `${count(base.ok)} / ${count(base.sent)}`,
        },
        {
          metric: `${rate} req/s CPU per request (service: with its workers)`,
          value: ms(service.cpuMsPerRequest),
          baseline: ms(base.cpuMsPerRequest),
          ratio: times(ratio(service.cpuMsPerRequest ?? null, base.cpuMsPerRequest ?? null)),
        },
      );
    }
    return {
      status: 'ok',
      ...(problems > 0 ? { note: 'not every request was answered 200 with a new concern (the service fell behind the offered rate): perRate.*.statuses and errors in the JSON' } : {}),
      rows,
      data: {
        rates,
        secondsPerRate,
        database: stack.databaseKind,
        layout: 'start (web + workers in one process)',
        perRate,
      },
    };
  });
}
