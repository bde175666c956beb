import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Most integration files wait on Redis, a database and timers rather than the CPU: three at a
    // time on a 2-core machine finish the suite sooner without starving any of them.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
