/**
 * `brobygger export --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]`: one CSV row (RFC 4180) per
 * concern created in the period, for the municipality's case system. Dates are local
 * (municipality time zone) and both ends are included. No description, address or names of
 * people; the outcome only while a concern is not anonymised.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { createBusinessCalendar } from '../core/calendar.js';
import { departmentName, districtName, organizationName, teamName } from '../core/context.js';
import { kleFor } from '../core/category-rules.js';
import type { Directory } from '../core/directory.js';
import type { Category } from '../core/model.js';
import { DEFAULT_DIRECTORY_FILE, loadDirectoryOrThrow } from '../app/directory-file.js';
import { loadConfig } from '../app/env.js';
import { exportRows, type ExportRow } from '../store/export-query.js';
import { openDatabase } from '../store/index.js';
import { refreshStaleResponseTimes } from '../store/response-times.js';
import { processIo, type CliIo } from './digest-command.js';
import { commandUsage, parseOptions } from './usage.js';
import { countOf } from '../core/plural.js';

export const EXPORT_USAGE = commandUsage('export');

export const CSV_COLUMNS = [
  'ref',
  'created_at',
  'category',
  'urgency',
  'district',
  'association',
  'department',
  'team',
  'state',
  'acknowledged_at',
  'acknowledge_minutes_wall',
  'acknowledge_minutes_business',
  'first_reply_at',
  'first_reply_minutes_wall',
  'first_reply_minutes_business',
  'resolved_at',
  'resolve_minutes_wall',
  'resolve_minutes_business',
  'escalation_level',
  'sla_met',
  'outcome',
  'waiting_minutes_wall',
  'waiting_minutes_business',
  'reopened',
  'helpful',
  /** How often the reporter offered a file or picture (never forwarded; only the offer is kept). */
  'files_offered',
  'privacy_audit',
  /** The category's KLE code from the directory (`categories[].kle`); empty when it has none. */
  'kle',
] as const;

/** RFC 4180: quote a field holding a comma, quote, CR or LF, and double the quotes inside. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvLine = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

/** Free text that a spreadsheet would run as a formula is kept as text. */
const notAFormula = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function csvRow(directory: Directory, row: ExportRow): string[] {
  const tz = directory.municipality.timezone;
  const time = (d: Date | null) => (d ? (DateTime.fromJSDate(d, { zone: tz }).toISO({ suppressMilliseconds: true }) ?? '') : '');
  const minutes = (m: number | null) => (m === null ? '' : String(Math.round(m)));
  return [
    row.ref,
    time(row.createdAt),
    row.category,
    row.urgency,
    districtName(directory, row.districtId),
    organizationName(directory, row.associationId),
    departmentName(directory, row.associationId, row.departmentId),
    row.teamId ? teamName(directory, row.teamId) : '',
    row.state,
    time(row.acknowledgedAt),
    minutes(row.acknowledgedMinutesWall),
    minutes(row.acknowledgedMinutesBusiness),
    time(row.firstReplyAt),
    minutes(row.firstReplyMinutesWall),
    minutes(row.firstReplyMinutesBusiness),
    time(row.resolvedAt),
    minutes(row.resolvedMinutesWall),
    minutes(row.resolvedMinutesBusiness),
    String(row.escalationLevel),
    row.slaMet === null ? '' : String(row.slaMet),
    row.outcome ? notAFormula(row.outcome) : '',
    minutes(row.waitingMinutesWall),
    minutes(row.waitingMinutesBusiness),
    String(row.reopened),
    row.helpful === null ? '' : String(row.helpful),
    String(row.filesOffered),
    // "2026-03-05T11:00:00+01:00 show by dpo; …": who used a privacy command on the concern.
    row.privacyAudit.map((a) => `${time(a.at)} ${a.command} by ${a.actor}`).join('; '),
    kleFor(directory, row.category as Category),
  ];
}

function localDay(text: string | undefined, timezone: string): DateTime | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const day = DateTime.fromISO(text, { zone: timezone });
  return day.isValid ? day.startOf('day') : null;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function runExportCommand(args: string[], io: CliIo = processIo): Promise<number> {
  const usageError = (message: string) => {
    io.err(`${message}\n${EXPORT_USAGE}`);
    return 2;
  };
  let values: Partial<Record<'from' | 'to' | 'out', string>>;
  try {
    values = parseOptions('export', args, ['from', 'to', 'out'], ['from', 'to']);
  } catch (error) {
    return usageError((error as Error).message);
  }
  // The form first: a usage error needs no configuration (the time zone only sets the day's bounds).
  if (!localDay(values.from, 'UTC') || !localDay(values.to, 'UTC')) return usageError('--from and --to must be dates like 2026-03-01.');
  if ((values.to ?? '') < (values.from ?? '')) return usageError(`--to (${values.to}) is before --from (${values.from}).`);
  const config = loadConfig(io.env ?? process.env);
  const directory = loadDirectoryOrThrow(config.directoryFile ?? DEFAULT_DIRECTORY_FILE);
  const timezone = directory.municipality.timezone;
  const from = localDay(values.from, timezone);
  const to = localDay(values.to, timezone);
  if (!from || !to) return usageError('--from and --to must be dates like 2026-03-01.');

  const file = values.out ? createWriteStream(values.out) : null;
  if (file) {
    try {
      await once(file, 'open');
    } catch (error) {
      io.err(`Cannot write ${values.out}: ${(error as Error).message}`);
      return 1;
    }
  }
  const database = await openDatabase(config.database, { timezone });
  let count = 0;
  try {
    await refreshStaleResponseTimes(database.sql, createBusinessCalendar(directory.municipality), directory);
    const sink: Writable | null = file;
    const emit = (text: string) => (sink ? write(sink, text) : Promise.resolve(io.out(text)));
    await emit(csvLine(CSV_COLUMNS));
    for await (const row of exportRows(database.sql, from.toJSDate(), to.plus({ days: 1 }).toJSDate())) {
      await emit(csvLine(csvRow(directory, row)));
      count += 1;
    }
  } finally {
    if (file) {
      file.end();
      await once(file, 'close');
    }
    await database.sql.close();
  }
  io.err(`Exported ${countOf('en', count, { one: 'concern', other: 'concerns' })} created ${values.from} to ${values.to}${values.out ? ` to ${values.out}` : ''}.`);
  return 0;
}
