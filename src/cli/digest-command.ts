/**
 * `brobygger digest --scope team:ID|org:ID|association:ID --week YYYY-Www [--format text|json] [--lang da|en]`:
 * the weekly digest for one scope, from the database in DATABASE_URL, as text or JSON.
 */
import { parseArgs } from 'node:util';
import { createBusinessCalendar } from '../core/calendar.js';
import { digestJson } from '../core/digest/json.js';
import { renderDigest } from '../core/digest/render.js';
import { formatScope, knownScopes, parseScope, scopeFilter } from '../core/digest/scope.js';
import { digestReports } from '../core/digest/service.js';
import { addWeeks, parseIsoWeek, weekOf, type IsoWeek } from '../core/digest/week.js';
import type { Locale } from '../core/model.js';
import { DEFAULT_DIRECTORY_FILE, loadDirectoryOrThrow } from '../app/directory-file.js';
import { loadConfig, type Config } from '../app/env.js';
import { createDigestSource } from '../store/digest-queries.js';
import { openStore } from '../store/index.js';
import { refreshStaleResponseTimes } from '../store/response-times.js';
import { countOf } from '../core/plural.js';
import { plainText } from '../core/plain-text.js';

export interface CliIo {
  /** Standard output (the result): written as given. */
  out: (text: string) => void;
  /** Standard error: one line per call. */
  err: (line: string) => void;
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (line) => console.error(line),
};

export const DIGEST_USAGE = 'Usage: brobygger digest --scope team:ID|org:ID|association:ID --week YYYY-Www [--format text|json] [--lang da|en]';

/** The database the service itself would use (same rules as src/app/service.ts). */
export function databaseUrlOf(config: Config): string {
  if (config.database.kind === 'postgres') return config.database.url;
  const dir = config.database.dataDir;
  return dir === 'memory' || dir === 'memory://' ? 'pglite:memory' : `pglite:${dir}`;
}

function weekFrom(text: string | undefined, now: Date, timezone: string): IsoWeek | null {
  if (text === undefined || text === 'last') return addWeeks(weekOf(now, timezone), -1, timezone);
  if (text === 'this') return weekOf(now, timezone);
  return parseIsoWeek(text);
}

export async function runDigestCommand(args: string[], io: CliIo = processIo): Promise<number> {
  let values: { scope?: string; week?: string; format?: string; lang?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { scope: { type: 'string' }, week: { type: 'string' }, format: { type: 'string' }, lang: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${DIGEST_USAGE}`);
    return 2;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.err(`--format must be text or json, not "${format}"`);
    return 2;
  }
  if (values.lang !== undefined && values.lang !== 'da' && values.lang !== 'en') {
    io.err(`--lang must be da or en, not "${values.lang}"`);
    return 2;
  }
  if (!values.scope) {
    io.err(`--scope is required.\n${DIGEST_USAGE}`);
    return 2;
  }
  const scope = parseScope(values.scope);
  if (!scope) {
    io.err(`--scope "${values.scope}" must look like team:ID, org:ID or association:ID.`);
    return 1;
  }

  const env = io.env ?? process.env;
  const config = loadConfig(env);
  const directory = loadDirectoryOrThrow(config.directoryFile ?? DEFAULT_DIRECTORY_FILE);
  if (!scopeFilter(directory, scope)) {
    const known = knownScopes(directory).map(formatScope).join(', ');
    io.err(`Unknown scope "${formatScope(scope)}": the directory has no such ${scope.kind === 'org' ? 'municipal organisation' : scope.kind}. Known scopes: ${known}`);
    return 1;
  }
  const timezone = directory.municipality.timezone;
  const now = io.now?.() ?? new Date();
  const week = weekFrom(values.week, now, timezone);
  if (!week) {
    io.err(`--week "${values.week}" must be an ISO week like 2026-W10 (or "last" / "this").`);
    return 1;
  }

  const database = await openStore(databaseUrlOf(config), { timezone });
  try {
    // Response times of concerns no worker has measured yet (e.g. right after an upgrade).
    const measured = await refreshStaleResponseTimes(database.sql, createBusinessCalendar(directory.municipality), directory.sla);
    if (measured > 0) io.err(`Computed response times for ${countOf('en', measured, { one: 'concern', other: 'concerns' })} first.`);
    const deps = { directory, digests: createDigestSource(database.sql), clock: { now: () => now } };
    const [report] = await digestReports(deps, [scope], week);
    if (!report) throw new Error('no report for a known scope');
    if (format === 'json') {
      io.out(`${JSON.stringify(digestJson(report), null, 2)}\n`);
    } else {
      const locale: Locale = (values.lang as Locale | undefined) ?? directory.municipality.language;
      io.out(`${plainText(renderDigest(directory, [report], locale), { underlineHeaders: true })}\n`);
    }
    return 0;
  } finally {
    await database.sql.close();
  }
}
