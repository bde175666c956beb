/**
 * Scenario 2 — end to end: concerns raised through Slack at a fixed rate against `brobygger start`
 * (PostgreSQL, real Redis), timed from the intake request to the team card arriving at the fake
 * Slack (Slack teams) or the fake Bot Connector (Teams teams). Baseline: a bare BullMQ
 * add → process round trip on the same Redis.
 */
import { roundTrip } from '../lib/bullmq-baseline.js';
import { endToEndLoad } from '../lib/end-to-end-load.js';
import { count, mib, ms, times, type Row } from '../lib/report.js';
import { withResources } from '../lib/resources.js';
import type { Settings } from '../lib/settings.js';
import { startStack } from '../lib/stack.js';
import { ratio, round } from '../lib/stats.js';
import type { ScenarioOutcome } from './outcome.js';

export async function endToEnd(settings: Settings, postgresUrl: string | null): Promise<ScenarioOutcome> {
  const { rate, seconds, baselineSeconds, settleSeconds } = settings.endToEnd;
  return withResources('end to end', async (resources) => {
    const stack = await startStack(resources, { label: 's2', layout: 'all', postgresUrl });
    const tag = Date.now().toString(36);
    // A short warm-up so the first concerns do not pay for JIT and connection set-up.
    await endToEndLoad(stack, { rate: 10, seconds: 2, settleSeconds: 10, tag: `${tag}w` });
    await stack.waitForIdle(30_000);
    const rssAfterStart = stack.web.rss();

    const cpuBefore = stack.web.cpuSeconds();
    const figures = await endToEndLoad(stack, { rate, seconds, settleSeconds, tag: `${tag}m` });
    const rssAfterLoad = stack.web.rss();
    await stack.waitForIdle(30_000);
    const cpuMsPerConcern = cpuBefore === null || figures.sent === 0 ? null : (((stack.web.cpuSeconds() ?? cpuBefore) - cpuBefore) * 1000) / figures.sent;
    const baseline = await roundTrip(stack.redis, rate, baselineSeconds);

    const e2e = figures.endToEnd;
    const rows: Row[] = [
      { metric: `p50 at ${rate}/s for ${seconds} s`, value: ms(e2e.p50), baseline: ms(baseline.p50), ratio: times(ratio(e2e.p50, baseline.p50)) },
      { metric: `p99`, value: ms(e2e.p99), baseline: ms(baseline.p99), ratio: times(ratio(e2e.p99, baseline.p99)) },
      { metric: `max`, value: ms(e2e.max), baseline: ms(baseline.max) },
      { metric: `  Slack teams p50 / p99 (n)`, value: `${ms(figures.byPlatform.slack.p50)} / ${ms(figures.byPlatform.slack.p99)} (${figures.byPlatform.slack.count})` },
      { metric: `  Teams teams p50 / p99 (n)`, value: `${ms(figures.byPlatform.teams.p50)} / ${ms(figures.byPlatform.teams.p99)} (${figures.byPlatform.teams.count})` },
      { metric: `ack p50 / p99 meanwhile`, value: `${ms(figures.ack.p50)} / ${ms(figures.ack.p99)}` },
      { metric: `notified / created / sent`, value: `${count(figures.notified)} / ${count(figures.created)} / ${count(figures.sent)}` },
      { metric: `CPU of the process per concern`, value: ms(cpuMsPerConcern) },
      { metric: `RSS of the process after warm-up → after load`, value: `${mib(rssAfterStart)} → ${mib(rssAfterLoad)}` },
    ];
    const missing = figures.sent - figures.notified;
    return {
      status: 'ok',
      ...(missing > 0 ? { note: `${missing} concern(s) had no team card within ${settleSeconds} s of the last request` } : {}),
      rows,
      data: {
        rate,
        seconds,
        database: stack.databaseKind,
        layout: 'start (web + workers in one process)',
        figures,
        baseline: { kind: 'bare BullMQ add → process, same Redis, concurrency 8', rate, seconds: baselineSeconds, latency: baseline },
        rssBytes: { afterWarmup: rssAfterStart, afterLoad: rssAfterLoad },
        cpuMsPerConcern: round(cpuMsPerConcern),
      },
    };
  });
}
