/**
 * Scenario 5 — footprint: resident memory (VmRSS from /proc) of `brobygger start` child processes
 * right after start and after a scenario-2 load, for web and worker as separate processes and for
 * `start` (both in one) on PostgreSQL, and for `start` on PGlite (the one-machine default).
 * Reference: the bare Bolt app of scenario 1, idle.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { endToEndLoad } from '../lib/end-to-end-load.js';
import { tempDir } from '../lib/infra.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../lib/intake-requests.js';
import { startBaselineBolt, startBrobygger } from '../lib/processes.js';
import { mib, ms, times, type Row } from '../lib/report.js';
import { withResources } from '../lib/resources.js';
import type { Settings } from '../lib/settings.js';
import { startStack, type Layout } from '../lib/stack.js';
import { ratio } from '../lib/stats.js';
import type { ScenarioOutcome } from './outcome.js';

const SETTLE_MS = 2_000;
const MiB = 1024 * 1024;
const inMib = (bytes: number | null) => (bytes === null ? '–' : (bytes / MiB).toFixed(1));

interface Configuration {
  label: string;
  layout: Layout;
  postgres: boolean;
}

interface ProcessFootprint {
  process: string;
  readySeconds: number;
  afterStart: number | null;
  afterLoad: number | null;
  peak: number | null;
}

export async function footprint(settings: Settings, postgresUrl: string | null): Promise<ScenarioOutcome> {
  const { loadSeconds, rate } = settings.footprint;
  const configurations: Configuration[] = [
    ...(postgresUrl
      ? [
          { label: 'PostgreSQL, split', layout: 'split' as const, postgres: true },
          { label: 'PostgreSQL, start', layout: 'all' as const, postgres: true },
        ]
      : []),
    { label: 'PGlite, start', layout: 'all', postgres: false },
  ];

  const reference = await withResources('footprint reference', async (resources) => {
    const bolt = await startBaselineBolt(resources, { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: 'http://127.0.0.1:9/api/' }, tempDir(resources, 's5-bolt'));
    await sleep(SETTLE_MS);
    return bolt.rss();
  });

  const rows: Row[] = [];
  const measured: Record<string, { processes: ProcessFootprint[]; restart: ProcessFootprint | null; ackP50: number | null; endToEndP50: number | null; endToEndP99: number | null; notified: number; sent: number }> = {};
  for (const configuration of configurations) {
    const result = await withResources(`footprint ${configuration.label}`, async (resources) => {
      const stack = await startStack(resources, { label: 's5', layout: configuration.layout, postgresUrl: configuration.postgres ? postgresUrl : null });
      await sleep(SETTLE_MS);
      const afterStart = stack.processes.map((p) => p.rss());
      const load = await endToEndLoad(stack, { rate, seconds: loadSeconds, settleSeconds: 15, tag: `${Date.now().toString(36)}f` });
      await stack.waitForIdle(20_000);
      const processes = stack.processes.map((p, i) => ({
        process: p.name.replace(/^brobygger-/, '').replace(/^all$/, 'start'),
        readySeconds: Math.round(p.readySeconds * 10) / 10,
        afterStart: afterStart[i] ?? null,
        afterLoad: p.rss(),
        peak: p.peakRss(),
      }));
      // PGlite: the same folder again, as after a restart (the first start initialised it).
      let restart: ProcessFootprint | null = null;
      if (!configuration.postgres) {
        for (const p of stack.processes) await p.stop();
        const again = await startBrobygger(resources, 'all', stack.env, stack.logDir, 'brobygger-restart');
        await sleep(SETTLE_MS);
        restart = { process: 'restart', readySeconds: Math.round(again.readySeconds * 10) / 10, afterStart: again.rss(), afterLoad: null, peak: again.peakRss() };
      }
      return { processes, restart, ackP50: load.ack.p50, endToEndP50: load.endToEnd.p50, endToEndP99: load.endToEnd.p99, notified: load.notified, sent: load.sent };
    });
    measured[configuration.label] = result;
    for (const p of result.processes) {
      rows.push({
        metric: p.process === 'start' ? configuration.label : `${configuration.label}: --role ${p.process}`,
        value: `${inMib(p.afterStart)} → ${inMib(p.afterLoad)} MiB, peak ${inMib(p.peak)}; ready in ${p.readySeconds.toFixed(1)} s`,
        baseline: mib(reference),
        ratio: times(ratio(p.afterLoad, reference)),
      });
    }
    if (result.restart) {
      rows.push({
        metric: `  ${configuration.label} after a restart (folder exists)`,
        value: `${inMib(result.restart.afterStart)} MiB, peak ${inMib(result.restart.peak)}; ready in ${result.restart.readySeconds.toFixed(1)} s`,
        baseline: mib(reference),
        ratio: times(ratio(result.restart.peak, reference)),
      });
    }
    rows.push({
      metric: '  under that load: ack p50, end to end p50 / p99',
      value: `${ms(result.ackP50)}, ${ms(result.endToEndP50)} / ${ms(result.endToEndP99)}${result.notified < result.sent ? ` (${result.sent - result.notified} not notified)` : ''}`,
    });
  }
  return {
    status: 'ok',
    note: `RSS right after start → after scenario 2's intake at ${rate}/s for ${loadSeconds} s, the peak (VmHWM), and the time from spawn to /readyz; baseline = the bare Bolt app of scenario 1, idle; ratio = after load ÷ baseline`,
    rows,
    data: { rate, loadSeconds, referenceBareBoltRssBytes: reference, configurations: measured },
  };
}
