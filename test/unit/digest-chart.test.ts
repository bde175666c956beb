/**
 * The digest chart's spec and alt text from a report (pure), and the PNG the renderer makes of it:
 * a real image of a size and shape a chat client shows well, under the 150 KB budget.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderChartPng } from '../../src/chart/render.js';
import { digestChart } from '../../src/core/digest/chart.js';
import type { DigestReport, WeekFigures } from '../../src/core/digest/report.js';

function week(label: string, raised: number, resolved: number, within: number, of: number): WeekFigures {
  const none = { count: 0, medianMinutes: null, p90Minutes: null };
  return { week: label, raised, acknowledged: of, resolved, open: 0, withinSla: { within, of, share: of > 0 ? within / of : null }, timeToAcknowledge: none, timeToResolve: none };
}

/** Eight weeks across a year boundary: 2025-W51 … 2026-W06. */
const WEEKS = [
  week('2025-W51', 4, 2, 3, 4),
  week('2025-W52', 2, 3, 0, 0),
  week('2026-W01', 6, 1, 2, 5),
  week('2026-W02', 5, 5, 5, 5),
  week('2026-W03', 7, 4, 6, 7),
  week('2026-W04', 3, 6, 1, 3),
  week('2026-W05', 9, 4, 7, 8),
  week('2026-W06', 11, 7, 8, 10),
];

function report(overrides: Partial<DigestReport> = {}): DigestReport {
  return {
    scope: { kind: 'team', id: 'ssp' },
    week: { year: 2026, week: 6 },
    start: new Date('2026-02-01T23:00:00Z'),
    end: new Date('2026-02-08T23:00:00Z'),
    asOf: new Date('2026-02-08T23:00:00Z'),
    current: WEEKS[7]!,
    previous: WEEKS[6]!,
    weeks: WEEKS,
    trend: WEEKS.map((w) => ({ week: w.week, share: w.withinSla.share, count: w.withinSla.of })),
    ...{ byCategory: [], byDistrict: [], byAssociation: [], byTeam: [], escalations: [], oldestOpen: [] },
    outcomes: [
      { category: 'homelessness', outcome: 'action_taken', count: 3 },
      { category: 'homelessness', outcome: 'referred', count: 2 },
      { category: 'youth', outcome: 'not_reachable', count: 1 },
      { category: 'youth', outcome: 'other', count: 1 },
    ],
    ...overrides,
  };
}

type Layer = { data: { values: Record<string, unknown>[] }; mark: unknown; encoding: Record<string, { scale?: { domain?: unknown[]; range?: unknown[] } }> };
const panels = (spec: Record<string, unknown>) => spec.hconcat as [{ layer: Layer[] }, Layer & { title: string }];

describe('digest chart spec', () => {
  it('puts the eight weeks in calendar order across the new year, with raised and resolved bars and the SLA share with its n', () => {
    const { spec } = digestChart(report(), 'SSP Nordfjord', 'en');
    const [trend] = panels(spec);
    const bars = trend.layer[1]!;
    expect(bars.encoding.x).toMatchObject({ sort: ['W51', 'W52', 'W1', 'W2', 'W3', 'W4', 'W5', 'W6'] });
    expect(bars.data.values.filter((v) => v.series === 'Raised').map((v) => v.count)).toEqual([4, 2, 6, 5, 7, 3, 9, 11]);
    expect(bars.data.values.filter((v) => v.series === 'Resolved').map((v) => v.count)).toEqual([2, 3, 1, 5, 4, 6, 4, 7]);
    // W52 acknowledged nothing: no point, rather than a misleading 0 %.
    const line = trend.layer[2]!;
    expect(line.data.values).toEqual([
      { week: 'W51', withinSla: 75, label: 'n=4' },
      { week: 'W1', withinSla: 40, label: 'n=5' },
      { week: 'W2', withinSla: 100, label: 'n=5' },
      { week: 'W3', withinSla: 86, label: 'n=7' },
      { week: 'W4', withinSla: 33, label: 'n=3' },
      { week: 'W5', withinSla: 88, label: 'n=8' },
      { week: 'W6', withinSla: 80, label: 'n=10' },
    ]);
    expect(trend.layer[0]!.data.values).toEqual([{ week: 'W6' }]);
  });

  it('colours with the Okabe–Ito palette and gives each outcome the same colour every week', () => {
    const { spec } = digestChart(report(), 'SSP Nordfjord', 'da');
    const [trend, outcomes] = panels(spec);
    expect(trend.layer[1]!.encoding.color!.scale).toEqual({ domain: ['Oprettet', 'Afsluttet'], range: ['#E69F00', '#0072B2'] });
    expect(outcomes.encoding.color!.scale).toEqual({
      domain: ['Der er handlet', 'Henvist til anden instans', 'Borgeren kunne ikke træffes', 'Andet'],
      range: ['#009E73', '#56B4E9', '#000000', '#999999'],
    });
    expect(outcomes.data.values).toContainEqual({ category: 'Hjemløshed', outcome: 'Henvist til anden instans', order: 1, count: 2 });
    expect(outcomes.title).toBe('Udfald i uge 6');
  });

  it('says so when nothing was resolved in the week', () => {
    const { spec, alt } = digestChart(report({ outcomes: [] }), 'SSP Nordfjord', 'en');
    expect(panels(spec)[1].data.values).toEqual([{ text: 'None resolved this week' }]);
    expect(alt).toContain('No concerns were resolved in week 6.');
  });

  it('states the key figures in words, in Danish and in English', () => {
    expect(digestChart(report(), 'SSP Nordfjord', 'da').alt).toBe(
      'Diagram for SSP Nordfjord, de seneste 8 uger (uge 51 til 6). ' +
        'Uge 6: 11 oprettet, 7 afsluttet, 80 % kvitteret inden for fristen (8 af 10). ' +
        'Ugen før: 9 oprettet, 4 afsluttet, 88 % kvitteret inden for fristen (7 af 8). ' +
        'I alt over de 8 uger: 47 oprettet og 32 afsluttet. ' +
        'Udfald i uge 6: 3 hjemløshed – der er handlet, 2 hjemløshed – henvist til anden instans, 1 unge og uro – borgeren kunne ikke træffes, 1 unge og uro – andet.',
    );
    const en = digestChart(report(), 'SSP Nordfjord', 'en').alt;
    expect(en).toContain('Week 6: 11 raised, 7 resolved, 80% acknowledged within target (8 of 10).');
    expect(en).toContain('In all over the 8 weeks: 47 raised and 32 resolved.');
  });

  it('keeps the alt text within what Slack accepts', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ category: 'homelessness' as const, outcome: 'other' as const, count: i }));
    expect(digestChart(report({ outcomes: many }), 'SSP Nordfjord', 'da').alt.length).toBeLessThanOrEqual(1000); // Slack's alt_txt limit
  });

  it('names the file after scope and week', () => {
    expect(digestChart(report(), 'SSP Nordfjord', 'da').filename).toBe('digest-team-ssp-2026-W06.png');
  });
});

describe('digest chart PNG', () => {
  it('is a PNG of at most 150 KB, wide enough for two panels and sharp at twice the size', async () => {
    const png = await renderChartPng(digestChart(report(), 'SSP Nordfjord', 'da').spec);
    expect(png.byteLength).toBeLessThanOrEqual(150 * 1024);
    expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    const image = PNG.sync.read(Buffer.from(png));
    expect(image.width).toBeGreaterThanOrEqual(1400);
    expect(image.width).toBeLessThanOrEqual(2000);
    expect(image.height).toBeGreaterThanOrEqual(500);
    expect(image.width / image.height).toBeGreaterThan(2);
    // Rendered, not blank: the orange of the "raised" bars is in the picture.
    let orange = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      if (image.data[i] === 0xe6 && image.data[i + 1] === 0x9f && image.data[i + 2] === 0x00) orange++;
    }
    expect(orange).toBeGreaterThan(1000);
  });

  it('refuses a spec that is not Vega-Lite', async () => {
    await expect(renderChartPng({ mark: 'no-such-mark' })).rejects.toThrow();
  });
});
