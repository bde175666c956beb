/**
 * Run in a child process of its own (`node --expose-gc --import tsx bench/lib/chart-probe.ts MODE SPEC.json N [CHILD.js]`)
 * so its RSS is the chart's alone: it loads the digest code first (what a digest worker has
 * anyway), then draws the Vega-Lite spec N times and prints one JSON line with its RSS before the
 * first chart, the peak while drawing (sampled every 5 ms), after a final GC, and each chart's time.
 * MODE `in-process` draws here (src/chart/render.ts, as the service did before issue 18);
 * `child` draws through src/chart/render-process.ts in the built chart process CHILD.js (as the
 * service does now), once with the child kept between charts and once with a new child for each of (at most) 5 charts,
 * and also reports the chart process's own RSS.
 */
import { readFileSync } from 'node:fs';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const rss = () => process.memoryUsage().rss;

const [mode, specFile, countText, childFile] = process.argv.slice(2);
if ((mode !== 'in-process' && mode !== 'child') || !specFile) throw new Error('usage: chart-probe.ts in-process|child SPEC.json [N] [CHILD.js]');
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as Record<string, unknown>;
const n = Number(countText ?? 20);

/** VmRSS of another process, from /proc (Linux); null elsewhere. */
function rssOf(pid: number | undefined): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

async function draw(render: (spec: Record<string, unknown>) => Promise<Uint8Array>, between?: () => Promise<void>, times = n) {
  const millis: number[] = [];
  let bytes = 0;
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    bytes = (await render(spec)).byteLength;
    millis.push(performance.now() - t);
    await between?.();
  }
  return { millis, bytes };
}

await import('../../src/core/digest/service.js');
gc();
const before = rss();
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, rss())), 5);
let result: Record<string, unknown>;
if (mode === 'in-process') {
  const { renderChartPng } = await import('../../src/chart/render.js');
  result = await draw((s) => renderChartPng(s));
} else {
  const { createChartProcessRenderer } = await import('../../src/chart/render-process.js');
  const kept = createChartProcessRenderer({ ...(childFile ? { childFile } : {}) });
  let childRss: number | null = null;
  const warm = await draw(async (s) => {
    const png = await kept.renderPng(s);
    childRss = Math.max(childRss ?? 0, rssOf(kept.pid) ?? 0) || null;
    return png;
  });
  await kept.close();
  // A new process per chart: idle at once, and the next chart waits until the last child is gone.
  const fresh = createChartProcessRenderer({ idleMs: 0, ...(childFile ? { childFile } : {}) });
  const cold = await draw((s) => fresh.renderPng(s), () => fresh.close(), Math.min(n, 5));
  result = { ...warm, coldMillis: cold.millis, childRss };
}
clearInterval(sampler);
peak = Math.max(peak, rss());
gc();
process.stdout.write(`${JSON.stringify({ mode, before, peak, after: rss(), ...result })}\n`);
