#!/usr/bin/env node
// Runs the built JavaScript (dist/cli/, made by `npm run build`, which `npm run setup` runs) with
// source maps on, so stack traces point at the TypeScript. Development runs the sources through
// tsx instead (`npm run dev -- start`).
import console from 'node:console';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('Brobygger is not built yet (dist/cli/index.js is missing). Run `npm run build` (or `npm run setup`), then try again.');
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(entry.href);
