/**
 * `npm run bench [-- --quick] [-- --only N]`: measures Brobygger under load with its own
 * redis-server and PostgreSQL schema, prints a table and writes bench/results/latest.json.
 * See bench/README.md for what each scenario does and how to read the figures.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { postgresReachable } from './lib/infra.js';
import { printTable, writeJson, type ScenarioReport } from './lib/report.js';
import { isInterrupted, releaseOnSignals } from './lib/resources.js';
import { settingsFor, type Settings } from './lib/settings.js';
import { spawnSync } from 'node:child_process';
import { ackLatency } from './scenarios/ack-latency.js';
import { digest } from './scenarios/digest.js';
import { endToEnd } from './scenarios/end-to-end.js';
import { escalationPrecision } from './scenarios/escalation-precision.js';
import { footprint } from './scenarios/footprint.js';
import { readScaling } from './scenarios/read-scaling.js';
import type { ScenarioOutcome } from './scenarios/outcome.js';
import { workPerConcern } from './scenarios/work-per-concern.js';

const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));

interface Scenario {
  id: number;
  name: string;
  run(settings: Settings, postgresUrl: string | null): Promise<ScenarioOutcome>;
}

const SCENARIOS: Scenario[] = [
  { id: 1, name: 'Slack ack latency', run: ackLatency },
  { id: 2, name: 'End to end: intake → team notification', run: endToEnd },
  { id: 3, name: 'Escalation timer precision', run: escalationPrecision },
  { id: 4, name: 'Weekly digest', run: digest },
  { id: 5, name: 'Footprint (RSS)', run: footprint },
  { id: 6, name: 'Work per concern', run: workPerConcern },
  { id: 7, name: 'Read scaling: /metrics and App Home', run: readScaling },
];

const USAGE = `Usage: npm run bench [-- --quick] [-- --only N]

  --quick    a smoke run of about a minute (smaller counts, shorter runs)
  --only N   run scenario N only (${SCENARIOS.map((s) => `${s.id} ${s.name}`).join(', ')})`;

async function main(): Promise<number> {
  let values: { quick?: boolean; only?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const only = values.only === undefined ? null : Number(values.only);
  if (only !== null && !SCENARIOS.some((s) => s.id === only)) {
    console.error(`--only takes a scenario number (1-${SCENARIOS.length}), not "${values.only}"\n\n${USAGE}`);
    return 2;
  }
  releaseOnSignals();
  const settings = settingsFor(values.quick ?? false);
  // The service runs as operators run it: the built JavaScript (bin/brobygger.mjs → dist/), so build the current sources first.
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('npm run build failed; the bench measures the built service.');
    return 1;
  }
  const postgresUrl = await postgresReachable();
  const started = new Date();
  const loadAtStart = loadavg();
  console.log(
    `Brobygger bench (${settings.quick ? 'quick' : 'full'}) on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `database: ${postgresUrl ? 'PostgreSQL (own schema per scenario)' : 'PGlite (PostgreSQL not reachable)'}`,
  );

  const reports: ScenarioReport[] = [];
  for (const scenario of SCENARIOS) {
    if (only !== null && scenario.id !== only) continue;
    console.log(`\n[${scenario.id}] ${scenario.name}…`);
    const t0 = performance.now();
    let outcome: ScenarioOutcome;
    try {
      outcome = await scenario.run(settings, postgresUrl);
    } catch (error) {
      // Interrupted: the signal handler releases everything and exits; report nothing half-done.
      if (isInterrupted()) await new Promise(() => {});
      console.error(error);
      outcome = { status: 'failed', note: error instanceof Error ? error.message.split('\n')[0] : String(error), rows: [], data: {} };
    }
    const report: ScenarioReport = { id: scenario.id, name: scenario.name, ...outcome, seconds: (performance.now() - t0) / 1000 };
    reports.push(report);
    console.log(printTable([report]));
  }

  const seconds = (Date.now() - started.getTime()) / 1000;
  const loadAtEnd = loadavg();
  console.log(`\nSummary (${seconds.toFixed(0)} s)\n${printTable(reports)}`);
  // Other work on the machine shows up as latency: say so rather than let the figures speak alone.
  if (loadAtStart[0]! > cpus().length * 0.5) {
    console.log(`\nNote: the machine was already busy when the bench started (load average ${loadAtStart[0]!.toFixed(1)} on ${cpus().length} cores); expect noisier figures.`);
  }
  writeJson(RESULTS_FILE, {
    startedAt: started.toISOString(),
    seconds,
    mode: settings.quick ? 'quick' : 'full',
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model,
      memoryBytes: totalmem(),
      node: process.version,
      platform: process.platform,
      loadAverageAtStart: loadAtStart.map((l) => Math.round(l * 100) / 100),
      loadAverageAtEnd: loadAtEnd.map((l) => Math.round(l * 100) / 100),
    },
    database: postgresUrl ? 'postgres' : 'pglite',
    settings,
    scenarios: reports,
  });
  console.log(`\nJSON: ${RESULTS_FILE}`);
  return reports.some((r) => r.status === 'failed') ? 1 : 0;
}

// Child processes are stopped by the scenarios; exit explicitly so stray timers cannot keep us alive.
process.exit(await main());
