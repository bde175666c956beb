import { existsSync, readFileSync } from 'node:fs';

/**
 * PGLITE_TEMPLATE: a file written by PGlite's `dumpDataDir()` that every new database (in memory,
 * or a fresh folder in pglite-init.ts) starts from instead of running initdb (seconds of CPU
 * each). The test suite's global setup (test/global-setup.ts) makes one per run; an operator never
 * needs it. Ignored when unset or missing. https://pglite.dev/docs/api#dumpdatadir
 */
export function templateDataDir(): { loadDataDir?: Blob } {
  const file = process.env.PGLITE_TEMPLATE;
  return file && existsSync(file) ? { loadDataDir: new Blob([readFileSync(file)]) } : {};
}
