import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Most integration files wait on Redis, a database and timers rather than the CPU, so two run
    // at a time even on a 2-core machine (the default there is one); three starved the outage test.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
