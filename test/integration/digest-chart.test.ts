/**
 * The digest chart from a seeded week in the database: the golden spec (figures, not pixels) of
 * 2026-W10 for Boligsocial indgang, outcomes counted per category and id, the chart in the digest
 * message, and `brobygger digest --format png --out FILE`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../src/chart/render.js';
import { runDigestCommand, type CliIo } from '../../src/cli/digest-command.js';
import { digestChart } from '../../src/core/digest/chart.js';
import type { DigestReport } from '../../src/core/digest/report.js';
import { digestMessage, digestReports, type DigestDeps } from '../../src/core/digest/service.js';
import type { Scope } from '../../src/core/identity.js';
import { createDigestSource } from '../../src/store/digest-queries.js';
import { recordResponseTimes } from '../../src/store/response-times.js';
import { testDatabases, type TestDatabase } from '../support/database.js';
import { at, calendar, cliDatabases, directory, writeConcern, writeFixture, type CliDatabase } from '../support/digest-fixture.js';

const W10 = { year: 2026, week: 10 };
const AFTER_W10 = at('2026-03-10 09:00');
const BOLIG: Scope = { kind: 'team', id: 'bolig-indgang' };
const SSP: Scope = { kind: 'team', id: 'ssp' };

type Values = { data: { values: Record<string, unknown>[] } };

describe.each(testDatabases())('digest chart on $name', (backend) => {
  let db: TestDatabase;
  let deps: DigestDeps;
  const report = async (scope: Scope): Promise<DigestReport> => {
    const [result] = await digestReports(deps, [scope], W10);
    if (!result) throw new Error('no report');
    return result;
  };

  beforeAll(async () => {
    db = await backend.open();
    await writeFixture(db.store, db.sql);
    // SSP resolves two youth concerns in W10 with outcome ids from the resolve form.
    for (const [name, outcome] of [['S3', 'referred'], ['S4', 'action_taken']] as const) {
      const concern = await writeConcern(db.store, {
        name, team: 'ssp', category: 'youth', department: 'solgaarden', created: '2026-03-04 09:00', ack: '2026-03-04 09:30', resolved: '2026-03-05 12:00', outcome,
      });
      await recordResponseTimes(db.sql, calendar, concern.id, directory);
    }
    deps = { directory, digests: createDigestSource(db.sql), clock: { now: () => AFTER_W10 } };
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('matches the golden spec of the seeded week', async () => {
    const chart = digestChart(await report(BOLIG), 'Boligsocial indgang', 'da');
    await expect(`${JSON.stringify(chart.spec, null, 2)}\n`).toMatchFileSnapshot('../fixtures/digest-chart/bolig-indgang-2026-W10.da.vl.json');
    // The same figures as the digest's text and JSON (test/integration/digest-cli.test.ts).
    const [trend, outcomes] = chart.spec.hconcat as [{ layer: Values[] }, Values];
    const bars = trend.layer[1]!.data.values;
    expect(bars.filter((b) => b.series === 'Oprettet').map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 3, 8]);
    expect(bars.filter((b) => b.series === 'Afsluttet').map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 1, 3]);
    expect(trend.layer[2]!.data.values).toEqual([
      { week: 'U9', withinSla: 100, label: 'n=2' },
      { week: 'U10', withinSla: 67, label: 'n=6' },
    ]);
    // A, G and P3 were resolved in W10 with free-text outcomes from before the resolve form had ids.
    expect(outcomes.data.values).toEqual([
      { category: 'Risiko for udsættelse', outcome: 'Andet', order: 6, count: 1 },
      { category: 'Hjemløshed', outcome: 'Andet', order: 6, count: 2 },
    ]);
    expect(chart.alt).toContain('Uge 10: 8 oprettet, 3 afsluttet, 67 % kvitteret inden for fristen (4 af 6).');
  });

  it('counts the week\'s outcomes per category and outcome id', async () => {
    expect((await report(SSP)).outcomes).toEqual([
      { category: 'youth', outcome: 'action_taken', count: 1 },
      { category: 'youth', outcome: 'referred', count: 1 },
    ]);
    expect(digestChart(await report(SSP), 'SSP', 'en').alt).toContain('Outcomes in week 10: 1 youth and unrest – action taken, 1 youth and unrest – referred elsewhere.');
  });

  it('puts the chart right under the digest heading, with its alt text', async () => {
    const message = await digestMessage({ ...deps, charts: createChartRenderer() }, [BOLIG, SSP], W10, 'en');
    const images = message?.blocks.filter((b) => b.kind === 'image') ?? [];
    expect(message?.blocks[0]?.kind).toBe('header');
    expect(message?.blocks.slice(1, 3)).toEqual(images);
    expect(images.map((i) => i.kind === 'image' && i.filename)).toEqual(['digest-team-bolig-indgang-2026-W10.png', 'digest-team-ssp-2026-W10.png']);
    expect(images[0]).toMatchObject({ alt: expect.stringContaining('Week 10: 8 raised, 3 resolved') });
  });

  it('goes out without the chart when it cannot be drawn, and says why', async () => {
    const errors: unknown[] = [];
    const broken = { renderPng: () => Promise.reject(new Error('no font')) };
    const message = await digestMessage({ ...deps, charts: broken, onChartError: (e) => errors.push(e) }, [BOLIG], W10, 'da');
    expect(message?.blocks.some((b) => b.kind === 'image')).toBe(false);
    expect(message?.blocks.some((b) => b.kind === 'fields')).toBe(true);
    expect(errors).toHaveLength(1);
  });
});

describe.each(cliDatabases())('brobygger digest --format png on $name', ({ open }) => {
  let db: CliDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'bb-chart-cli-'));
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (text) => out.push(text),
      err: (line) => err.push(line),
      env: { DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'silent' },
      now: () => new Date('2026-03-10T08:00:00Z'),
    };
    const code = await runDigestCommand(args, io);
    return { code, out: out.join(''), err: err.join('\n') };
  };
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the chart to --out and says the figures on stderr', async () => {
    const file = join(dir, 'w10.png');
    const result = await run(['--scope', 'team:bolig-indgang', '--week', '2026-W10', '--format', 'png', '--out', file, '--lang', 'en']);
    expect(result.code).toBe(0);
    expect(result.out).toBe('');
    expect(result.err).toContain('Week 10: 8 raised, 3 resolved, 67% acknowledged within target (4 of 6).');
    const png = readFileSync(file);
    expect(png.byteLength).toBeLessThanOrEqual(150 * 1024);
    expect(PNG.sync.read(png).width).toBeGreaterThan(1000);
  });

  it('refuses png without --out, and an unknown format, as usage errors', async () => {
    const missing = await run(['--scope', 'team:bolig-indgang', '--week', '2026-W10', '--format', 'png']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--format png needs --out FILE');
    const unknown = await run(['--scope', 'team:bolig-indgang', '--format', 'svg', '--out', join(dir, 'x.svg')]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--format must be text, json or png');
  });
});
