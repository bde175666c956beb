/**
 * Run in a child process of its own (`node --expose-gc --import tsx bench/lib/chart-probe.ts SPEC.json N`)
 * so its RSS is the chart's alone: loads the digest code first (the baseline a digest worker has
 * anyway), then renders the Vega-Lite spec N times and prints one JSON line with the RSS before
 * the chart libraries, the peak while drawing, after a final GC, and the time of each chart.
 */
import { readFileSync } from 'node:fs';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const rss = () => process.memoryUsage().rss;

const [specFile, countText] = process.argv.slice(2);
if (!specFile) throw new Error('usage: chart-probe.ts SPEC.json [N]');
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as Record<string, unknown>;
const n = Number(countText ?? 20);

await import('../../src/core/digest/service.js');
gc();
const before = rss();
const { renderChartPng } = await import('../../src/chart/render.js');
let peak = before;
const millis: number[] = [];
let bytes = 0;
for (let i = 0; i < n; i++) {
  const t = performance.now();
  const png = await renderChartPng(spec);
  millis.push(performance.now() - t);
  bytes = png.byteLength;
  peak = Math.max(peak, rss());
}
gc();
process.stdout.write(`${JSON.stringify({ before, peak, after: rss(), millis, bytes })}\n`);
