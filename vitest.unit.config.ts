import { defineConfig } from 'vitest/config';

/**
 * The unit tests alone: no Redis, no database, no child processes. Used by mutation testing
 * (stryker.config.json), which runs them once per mutant, so they must stay fast.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
