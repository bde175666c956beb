// @ts-check
/**
 * `npm run test:mutation`: mutation testing of src/core against the unit tests only
 * (vitest.unit.config.ts). Not part of CI or `npm test`: it runs the unit tests once per mutant.
 * One file at a time keeps a run short: `npm run test:mutation -- --mutate src/core/deadline.ts`.
 * Reports land in reports/mutation/ (HTML and JSON).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.unit.config.ts', related: true },
  mutate: ['src/core/**/*.ts'],
  coverageAnalysis: 'perTest',
  // The machine is shared: one test process at a time.
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 10_000,
};
