/**
 * Scenario 4 — the weekly digest over a large history in PostgreSQL: one team's and the whole
 * municipality's digest for last week, through the digest code (src/core/digest*.ts and
 * src/store/digest-queries.ts), loaded at run time so the bench still runs where it is missing.
 * Baseline: one plain aggregate (count and median time to acknowledge of the scope's concerns
 * raised that week) on the same tables.
 * The chart is drawn from a probe process standing in for the service (bench/lib/chart-probe.ts),
 * so its RSS is the chart's alone: through the chart process the service uses
 * (src/chart/render-process.ts, the built dist/cli/render-child.js), and, for comparison, in the
 * probe itself as the service did before issue 18. Time per chart against the whole text message;
 * the service's RSS while drawing against the same process before the first chart.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Directory } from '../../src/core/directory.js';
import { runMigrations } from '../../src/store/migrations.js';
import type { Sql } from '../../src/store/sql.js';
import { writeHistory } from '../lib/digest-data.js';
import { writeBenchDirectory } from '../lib/directory.js';
import { benchSchema, tempDir } from '../lib/infra.js';
import { REPO_ROOT } from '../lib/processes.js';
import { count, mib, ms, times, type Row } from '../lib/report.js';
import { withResources } from '../lib/resources.js';
import type { Settings } from '../lib/settings.js';
import { ratio, round, summarize, timed, type Summary } from '../lib/stats.js';
import type { ScenarioOutcome } from './outcome.js';

type Scope = { kind: 'team' | 'org' | 'association'; id: string };
type ScopeFilter = { kind: 'teams'; teamIds: string[] } | { kind: 'association'; associationId: string };
type IsoWeek = { year: number; week: number };

/** The parts of the digest code the bench calls; checked at run time. */
interface DigestCode {
  createDigestSource(sql: Sql): unknown;
  buildDigestReport(source: unknown, scope: Scope, filter: ScopeFilter, week: IsoWeek, timezone: string, now: Date): Promise<unknown>;
  scopeFilter(directory: Directory, scope: Scope): ScopeFilter | null;
  weekOf(at: Date, timezone: string): IsoWeek;
  addWeeks(week: IsoWeek, weeks: number, timezone: string): IsoWeek;
  weekBounds(week: IsoWeek, timezone: string): { start: Date; end: Date };
  /** When present, the whole message a manager gets (figures and rendering). */
  digestMessage?: (deps: { directory: Directory; digests: unknown }, scopes: Scope[], week: IsoWeek, locale: 'da' | 'en') => Promise<unknown>;
  /** When present, the chart's Vega-Lite spec for a report. */
  digestChart?: (report: unknown, scopeName: string, locale: 'da' | 'en') => { spec: Record<string, unknown> };
}

const MODULES = {
  queries: '../../src/store/digest-queries.ts',
  digest: '../../src/core/digest/report.ts',
  scope: '../../src/core/digest/scope.ts',
  week: '../../src/core/digest/week.ts',
  service: '../../src/core/digest/service.ts',
  chart: '../../src/core/digest/chart.ts',
};

async function loadDigestCode(): Promise<DigestCode | string> {
  const paths = Object.values(MODULES).map((m) => fileURLToPath(new URL(m, import.meta.url)));
  const missing = paths.filter((p, i) => !existsSync(p) && !['service', 'chart'].includes(Object.keys(MODULES)[i] ?? ''));
  if (missing.length > 0) return `the digest code is not there yet (${missing.map((p) => p.replace(/.*\/src\//, 'src/')).join(', ')})`;
  const load = async (key: keyof typeof MODULES): Promise<Record<string, unknown>> => {
    const url = new URL(MODULES[key].replace(/\.ts$/, '.js'), import.meta.url).href;
    try {
      return (await import(url)) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const code = { ...(await load('week')), ...(await load('scope')), ...(await load('digest')), ...(await load('queries')), ...(await load('service')), ...(await load('chart')) };
  const needed = ['createDigestSource', 'buildDigestReport', 'scopeFilter', 'weekOf', 'addWeeks', 'weekBounds'];
  const absent = needed.filter((name) => typeof code[name] !== 'function');
  if (absent.length > 0) return `the digest code does not export ${absent.join(', ')}`;
  return code as unknown as DigestCode;
}

export async function digest(settings: Settings, postgresUrl: string | null): Promise<ScenarioOutcome> {
  const code = await loadDigestCode();
  if (typeof code === 'string') return { status: 'skipped', note: `not available: ${code}`, rows: [], data: {} };
  if (!postgresUrl) return { status: 'skipped', note: 'needs PostgreSQL', rows: [], data: {} };
  const { concerns, eventsPerConcern, weeks, repeats } = settings.digest;

  return withResources('digest', async (resources) => {
    const { directory } = writeBenchDirectory(tempDir(resources, 's4'), 'http://127.0.0.1:9/unused/');
    const db = await benchSchema(resources, postgresUrl, 's4');
    await runMigrations(db.sql, { schema: db.schema });
    const writeStarted = performance.now();
    await writeHistory(db.sql, directory, { concerns, weeks, eventsPerConcern });
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    const [sizes] = await db.sql.query<{ concerns: number; events: number }>(
      'SELECT (SELECT count(*) FROM concerns)::int AS concerns, (SELECT count(*) FROM concern_events)::int AS events',
    );

    const timezone = directory.municipality.timezone;
    const week = code.addWeeks(code.weekOf(new Date(), timezone), -1, timezone);
    const bounds = code.weekBounds(week, timezone);
    const source = code.createDigestSource(db.sql);
    // The team with the most concerns, and the municipality as a whole.
    const [busiest] = await db.sql.query<{ team_id: string }>('SELECT team_id FROM concerns GROUP BY team_id ORDER BY count(*) DESC LIMIT 1');
    const municipality = directory.organizations.find((o) => o.kind === 'municipality');
    if (!busiest || !municipality) throw new Error('no team or municipality to take a digest of');
    const scopes: { label: string; scope: Scope }[] = [
      { label: `team:${busiest.team_id}`, scope: { kind: 'team', id: busiest.team_id } },
      { label: `org:${municipality.id}`, scope: { kind: 'org', id: municipality.id } },
    ];

    const rows: Row[] = [];
    const results: Record<string, unknown> = {};
    for (const { label, scope } of scopes) {
      const filter = code.scopeFilter(directory, scope);
      if (!filter || filter.kind !== 'teams') throw new Error(`the directory has no ${label}`);
      const figures = await timed(repeats, () => code.buildDigestReport(source, scope, filter, week, timezone, new Date()));
      const message = code.digestMessage
        ? await timed(repeats, () => code.digestMessage!({ directory, digests: source }, [scope], week, 'da'))
        : null;
      const baseline = await timed(repeats, () =>
        db.sql.query(
          `SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY m.acknowledged_minutes_business)
           FROM concerns c LEFT JOIN concern_metrics m ON m.concern_id = c.id
           WHERE c.team_id = ANY($1::text[]) AND c.created_at >= $2 AND c.created_at < $3`,
          [filter.teamIds, bounds.start, bounds.end],
        ),
      );
      const [raised] = await db.sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM concerns WHERE team_id = ANY($1::text[]) AND created_at >= $2 AND created_at < $3',
        [filter.teamIds, bounds.start, bounds.end],
      );
      rows.push(
        { metric: `${label} (${count(raised?.n ?? 0)} raised that week): figures p50`, value: ms(figures.warm.p50), baseline: ms(baseline.warm.p50), ratio: times(ratio(figures.warm.p50, baseline.warm.p50)) },
        { metric: `  first run (cold)`, value: ms(round(figures.first)), baseline: ms(round(baseline.first)) },
      );
      if (message) rows.push({ metric: `  whole message (figures + rendering) p50`, value: ms(message.warm.p50) });
      results[label] = { raisedThatWeek: raised?.n ?? 0, figures, message, baseline };
    }
    const chart = code.digestChart ? await chartFigures(code, source, directory, scopes[0]!.scope, week, tempDir(resources, 's4-chart')) : null;
    if (chart) {
      const text = (results[scopes[0]!.label] as { message: { warm: Summary } | null }).message;
      const { child, inProcess } = chart;
      rows.push(
        { metric: `chart PNG (${(child.bytes / 1024).toFixed(0)} KB) in the chart process, per chart p50, ${child.millis.count} charts`, value: ms(child.millis.p50), baseline: ms(text?.warm.p50), ratio: times(ratio(child.millis.p50, text?.warm.p50 ?? null)) },
        { metric: `  first chart (starts the process, loads Vega and resvg)`, value: ms(child.first) },
        { metric: `  a new process for every chart, p50 of ${child.cold.count}`, value: ms(child.cold.p50) },
        { metric: `  extra RSS of the service while drawing (peak − before)`, value: mib(child.peak - child.before), baseline: mib(child.before) },
        { metric: `  RSS of the chart process itself (gone when idle)`, value: mib(child.childRss) },
        { metric: `before issue 18, drawn in the service: per chart p50`, value: ms(inProcess.millis.p50), baseline: ms(text?.warm.p50), ratio: times(ratio(inProcess.millis.p50, text?.warm.p50 ?? null)) },
        { metric: `  first chart (loads Vega and resvg)`, value: ms(inProcess.first) },
        { metric: `  extra RSS of the service while drawing (peak − before)`, value: mib(inProcess.peak - inProcess.before), baseline: mib(inProcess.before) },
        { metric: `  extra RSS after a GC`, value: mib(inProcess.after - inProcess.before) },
      );
      results.chart = chart;
    }
    return {
      status: 'ok',
      note: `chart baseline: the whole text message (time) and the probe process before its first chart (RSS); history of ${count(sizes?.concerns ?? 0)} concerns and ${count(sizes?.events ?? 0)} events over ${weeks} weeks, written in ${writeSeconds.toFixed(1)} s; digest of ${week.year}-W${String(week.week).padStart(2, '0')}`,
      rows,
      data: {
        concerns: sizes?.concerns,
        events: sizes?.events,
        weeks,
        writeSeconds: round(writeSeconds),
        digestWeek: `${week.year}-W${String(week.week).padStart(2, '0')}`,
        repeats,
        baseline: { kind: 'one aggregate: count and median time to acknowledge of the scope’s concerns raised that week' },
        results,
      },
    };
  });
}

/**
 * Draws the busiest team's chart in a probe process standing in for the service: through the
 * built chart process (as the service does now) and in the probe itself (as it did before).
 */
async function chartFigures(code: DigestCode, source: unknown, directory: Directory, scope: Scope, week: IsoWeek, dir: string) {
  const filter = code.scopeFilter(directory, scope);
  if (!filter || !code.digestChart) return null;
  const report = await code.buildDigestReport(source, scope, filter, week, directory.municipality.timezone, new Date());
  const specFile = join(dir, 'digest-chart.vl.json');
  writeFileSync(specFile, JSON.stringify(code.digestChart(report, scope.id, 'da').spec));
  const probe = fileURLToPath(new URL('../lib/chart-probe.ts', import.meta.url));
  const builtChild = join(REPO_ROOT, 'dist', 'cli', 'render-child.js');
  const run = async (mode: 'child' | 'in-process') => {
    const args = ['--expose-gc', '--import', 'tsx', probe, mode, specFile, '20', ...(mode === 'child' && existsSync(builtChild) ? [builtChild] : [])];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: REPO_ROOT });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      before: number; peak: number; after: number; millis: number[]; bytes: number; coldMillis?: number[]; childRss?: number | null;
    };
    const [first = 0, ...warm] = result.millis;
    return { ...result, first: round(first) ?? 0, millis: summarize(warm), cold: summarize(result.coldMillis ?? []) };
  };
  return { child: await run('child'), inProcess: await run('in-process') };
}
