/** Percentiles and summaries of latency samples (milliseconds). */

export interface Summary {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Nearest-rank percentile of sorted values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? null;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? null),
    mean: round(sorted.length > 0 ? sum / sorted.length : null),
  };
}

export function round(value: number | null, digits = 2): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** service / baseline, or null when either is missing or the baseline is zero. */
export function ratio(service: number | null, baseline: number | null): number | null {
  if (service === null || baseline === null || baseline <= 0) return null;
  return round(service / baseline, 1);
}

/** Runs fn once (the cold first call), then `repeats` times more (the warm summary), in milliseconds. */
export async function timed(repeats: number, fn: () => Promise<unknown>): Promise<{ first: number; warm: Summary }> {
  const t0 = performance.now();
  await fn();
  const first = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await fn();
    warm.push(performance.now() - t);
  }
  return { first, warm: summarize(warm) };
}
