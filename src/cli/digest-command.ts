/**
 * `brobygger digest` (usage in ./usage.ts): the weekly digest for one scope, from the database in
 * DATABASE_URL, as text, JSON or the chart managers get with it (PNG, written to --out).
 */
import { writeFile } from 'node:fs/promises';
import { renderChartPng } from '../chart/render.js';
import { digestChart } from '../core/digest/chart.js';
import { createBusinessCalendar } from '../core/calendar.js';
import { digestJson } from '../core/digest/json.js';
import { renderDigest } from '../core/digest/render.js';
import { formatScope, knownScopes, parseScope, scopeFilter, scopeName } from '../core/digest/scope.js';
import { digestReports } from '../core/digest/service.js';
import { addWeeks, parseIsoWeek, weekOf, type IsoWeek } from '../core/digest/week.js';
import type { Locale } from '../core/model.js';
import { DEFAULT_DIRECTORY_FILE, loadDirectoryOrThrow } from '../app/directory-file.js';
import { loadConfig } from '../app/env.js';
import { createDigestSource } from '../store/digest-queries.js';
import { openDatabase } from '../store/index.js';
import { refreshStaleResponseTimes } from '../store/response-times.js';
import { commandUsage, parseOptions } from './usage.js';
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

export const DIGEST_USAGE = commandUsage('digest');

function weekFrom(text: string | undefined, now: Date, timezone: string): IsoWeek | null {
  if (text === undefined || text === 'last') return addWeeks(weekOf(now, timezone), -1, timezone);
  if (text === 'this') return weekOf(now, timezone);
  return parseIsoWeek(text);
}

export async function runDigestCommand(args: string[], io: CliIo = processIo): Promise<number> {
  const usageError = (message: string) => {
    io.err(`${message}\n${DIGEST_USAGE}`);
    return 2;
  };
  let values: Partial<Record<'scope' | 'week' | 'format' | 'lang' | 'out', string>>;
  try {
    values = parseOptions('digest', args, ['scope', 'week', 'format', 'lang', 'out'], ['scope']);
  } catch (error) {
    return usageError((error as Error).message);
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'png') return usageError(`--format must be text, json or png, not "${format}".`);
  if (format === 'png' && !values.out) return usageError('--format png needs --out FILE (an image is not written to the terminal).');
  if (values.lang !== undefined && values.lang !== 'da' && values.lang !== 'en') return usageError(`--lang must be da or en, not "${values.lang}".`);
  const scope = parseScope(values.scope ?? '');
  if (!scope) return usageError(`--scope "${values.scope}" must look like team:ID, org:ID or association:ID.`);
  if (values.week !== undefined && !weekFrom(values.week, new Date(), 'UTC')) {
    return usageError(`--week "${values.week}" must be an ISO week like 2026-W10 (or "last" / "this").`);
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
  if (!week) return usageError(`--week "${values.week}" must be an ISO week like 2026-W10 (or "last" / "this").`);

  const database = await openDatabase(config.database, { timezone });
  try {
    // Response times of concerns no worker has measured yet (e.g. right after an upgrade).
    const measured = await refreshStaleResponseTimes(database.sql, createBusinessCalendar(directory.municipality), directory);
    if (measured > 0) io.err(`Computed response times for ${countOf('en', measured, { one: 'concern', other: 'concerns' })} first.`);
    const deps = { directory, digests: createDigestSource(database.sql), clock: { now: () => now } };
    const [report] = await digestReports(deps, [scope], week);
    if (!report) throw new Error('no report for a known scope');
    const locale: Locale = (values.lang as Locale | undefined) ?? directory.municipality.language;
    if (format === 'json') {
      io.out(`${JSON.stringify(digestJson(report), null, 2)}\n`);
    } else if (format === 'png' && values.out) {
      const chart = digestChart(report, scopeName(directory, scope), locale);
      const png = await renderChartPng(chart.spec);
      await writeFile(values.out, png);
      io.err(`Wrote ${values.out} (${png.byteLength} bytes). ${chart.alt}`);
    } else {
      io.out(`${plainText(renderDigest(directory, [report], locale), { underlineHeaders: true })}\n`);
    }
    return 0;
  } finally {
    await database.sql.close();
  }
}
