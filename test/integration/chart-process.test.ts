/**
 * The service draws charts in a child process (src/chart/render-process.ts): the PNG is the same
 * image the in-process renderer makes, a spec that
 * does not compile fails that chart only, and no chart process is left once there is nothing to draw.
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createChartProcessRenderer } from '../../src/chart/render-process.js';
import { waitFor } from '../support/wait.js';

const spec = JSON.parse(readFileSync(new URL('../fixtures/digest-chart/bolig-indgang-2026-W10.da.vl.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('charts drawn in a child process', () => {
  const renderer = createChartProcessRenderer({ idleMs: 500 });
  afterAll(() => renderer.close());
  let firstPid: number | undefined;

  it('answers the digest chart as a PNG drawn in another process', async () => {
    const png = await renderer.renderPng(spec);
    firstPid = renderer.pid;
    expect(firstPid).toBeDefined();
    expect(firstPid).not.toBe(process.pid);
    const image = PNG.sync.read(Buffer.from(png));
    expect(image.width).toBeGreaterThan(600);
    expect(image.height).toBeGreaterThan(300);
    expect(png.byteLength).toBeLessThan(150 * 1024);
  }, 60_000);

  it('fails one chart whose spec does not compile and draws the next', async () => {
    const broken = { ...spec, hconcat: [{ mark: 'no-such-mark' }] };
    const [bad, good] = await Promise.allSettled([renderer.renderPng(broken), renderer.renderPng(spec)]);
    expect(bad.status).toBe('rejected');
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/chart not drawn/);
    expect(good.status).toBe('fulfilled');
  }, 60_000);

  it('leaves no chart process behind once there is nothing to draw', async () => {
    await waitFor(() => renderer.pid === undefined && !alive(firstPid!), { timeoutMs: 10_000 });
  });

  it('ends a chart process that is still waiting for work on close', async () => {
    const own = createChartProcessRenderer({ idleMs: 60_000 });
    await own.renderPng(spec);
    const pid = own.pid!;
    await own.close();
    expect(own.pid).toBeUndefined();
    expect(alive(pid)).toBe(false);
  }, 60_000);
});
