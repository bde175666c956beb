#!/usr/bin/env node
// Bundles the service and the CLI to plain JavaScript in dist/cli/ (npm run build; npm run setup
// runs it). Production runs this output with --enable-source-maps; tsx is for development only.
//
// Why esbuild and a bundle rather than tsc: the bundle starts in ~1.1 s and ~160 MiB where tsx at
// run time needed ~1.7 s and ~230 MiB (issue 14), and tsc would emit hundreds of files to resolve
// at start. npm packages stay external (loaded from node_modules as usual); code splitting keeps
// each platform adapter in a chunk of its own, loaded only when its platform is on.
//
// The output sits two folders below the repository root (dist/cli/), as the sources do (src/app/),
// so paths written relative to import.meta.url (e.g. the sample directory) stay right.
import console from 'node:console';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(root, 'dist', 'cli');

rmSync(OUT_DIR, { recursive: true, force: true });
const started = Date.now();
const common = {
  absWorkingDir: root,
  outdir: OUT_DIR,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
};
try {
  await build({
    absWorkingDir: root,
    ...common,
    entryPoints: { index: 'src/cli/index.ts', 'pglite-init': 'src/store/pglite-init.ts' },
    splitting: true,
    packages: 'external',
    chunkNames: '[name]-[hash]',
  });
  // The chart process (src/chart/render-process.ts) starts once per batch of charts: with Vega and
  // Vega-Lite bundled in, it loads in ~0.1 s instead of ~0.3–0.4 s resolving their ~100 packages
  // one by one. resvg stays external: it is a native binary picked per platform at run time.
  await build({
    ...common,
    entryPoints: { 'render-child': 'src/chart/render-child.ts' },
    external: ['@resvg/resvg-js'],
    // Some of Vega's dependencies are CommonJS and call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
} catch {
  // esbuild has already printed the errors.
  console.error('Build failed.');
  process.exit(1);
}
console.log(`Built dist/cli/ in ${Date.now() - started} ms.`);
