/**
 * How much each scenario does: the default run (about 5 minutes on 2 cores) and --quick (about a
 * minute, a smoke run whose numbers are noisier). Every loop in the bench is bounded by these.
 */

export interface Settings {
  quick: boolean;
  ackLatency: {
    rates: number[];
    secondsPerRate: number;
    warmupSeconds: number;
    timeoutMs: number;
  };
  endToEnd: {
    rate: number;
    seconds: number;
    baselineSeconds: number;
    /** How long to wait for the last notifications after sending stops. */
    settleSeconds: number;
  };
  escalation: {
    /** Open concerns with their whole ladder queued (the memory figure). */
    concerns: number;
    /** How many of them have their first step due within the window (the lateness figures). */
    dueInWindow: number;
    windowSeconds: number;
    /** After the window: this many first steps all due at the same moment (how fast the worker catches up). */
    burst: number;
    /** Longest the bench waits for all steps to fire after the window closed. */
    graceSeconds: number;
    /** The baseline runs at the same rate for at most this long. */
    baselineSeconds: number;
  };
  digest: {
    concerns: number;
    eventsPerConcern: number;
    weeks: number;
    repeats: number;
  };
  footprint: {
    loadSeconds: number;
    rate: number;
  };
}

export function settingsFor(quick: boolean): Settings {
  return quick
    ? {
        quick,
        ackLatency: { rates: [50, 200], secondsPerRate: 2, warmupSeconds: 1, timeoutMs: 10_000 },
        endToEnd: { rate: 20, seconds: 10, baselineSeconds: 3, settleSeconds: 15 },
        escalation: { concerns: 2_000, dueInWindow: 250, windowSeconds: 5, burst: 200, graceSeconds: 30, baselineSeconds: 3 },
        digest: { concerns: 10_000, eventsPerConcern: 10, weeks: 12, repeats: 3 },
        footprint: { loadSeconds: 3, rate: 20 },
      }
    : {
        quick,
        ackLatency: { rates: [50, 200], secondsPerRate: 8, warmupSeconds: 2, timeoutMs: 10_000 },
        endToEnd: { rate: 20, seconds: 60, baselineSeconds: 10, settleSeconds: 30 },
        escalation: { concerns: 20_000, dueInWindow: 1_500, windowSeconds: 30, burst: 1_000, graceSeconds: 60, baselineSeconds: 10 },
        digest: { concerns: 100_000, eventsPerConcern: 10, weeks: 12, repeats: 5 },
        footprint: { loadSeconds: 10, rate: 20 },
      };
}
