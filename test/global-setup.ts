/**
 * Once per run: an initialised, migrated PGlite database dumped to a file, which every new
 * embedded database of the run (in memory or a fresh folder; in the test processes and in CLI
 * children, through the environment) loads instead of running initdb and the migrations again
 * (see PGLITE_TEMPLATE in src/store/pglite-template.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { runMigrations } from '../src/store/migrations.js';
import { wrap } from '../src/store/pglite.js';
import { PGLITE_CONF } from '../src/store/pglite-conf.js';

export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'bb-pglite-template-'));
  const db = await PGlite.create('memory://', { postgresqlconf: PGLITE_CONF });
  await runMigrations(wrap(db));
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer()));
  await db.close();
  process.env.PGLITE_TEMPLATE = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
