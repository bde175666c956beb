/**
 * Child-process entry: `node pglite-init.js DIR` creates an empty PGlite database in DIR and exits.
 *
 * PGlite runs initdb inside the same WebAssembly instance it later serves from, and keeps the
 * initdb instance and its tarball in memory: a service that initialised its own fresh folder held
 * ~600–800 MiB for good (issue 14, measured with PGlite 0.5.16). Initialising in a short-lived
 * child gives that memory back to the system when the child exits; the service then opens the
 * folder like after any restart. The migrations run here too: creating every table and trigger in
 * the service's own instance left it ~20 MiB larger (bench scenario 5: 318 → 296 MiB after start).
 * Exit code 0 = ready, 1 = failed (the reason on stderr).
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_CONF } from './pglite-conf.js';
import { runMigrations } from './migrations.js';
import { wrap } from './pglite.js';
import { templateDataDir } from './pglite-template.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: pglite-init DIR');
  process.exit(2);
}
try {
  const db = await PGlite.create(dir, { postgresqlconf: PGLITE_CONF, ...templateDataDir() });
  const sql = wrap(db);
  await runMigrations(sql);
  await sql.close();
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
