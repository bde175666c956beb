/**
 * `brobygger privacy …`: the data-protection officer's tools for a data subject's rights (GDPR
 * art. 15–17, https://eur-lex.europa.eu/eli/reg/2016/679/oj):
 *   search --text WORDS [--from --to]   concerns whose free text or address mention every word
 *                                       (case- and accent-insensitive): reference, date, team, state
 *   show REF [--without-reporter]       one concern whole, for an access request
 *   anonymise REF --reason TEXT [--force]
 *                                       blank its free text now (refused for open concerns unless --force)
 * Each run writes a privacy audit record (who: --actor or the OS user; when; which concerns) that
 * `privacy show` and `export` include. Bad arguments: a usage line and exit code 2.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { teamName } from '../core/context.js';
import type { Directory } from '../core/directory.js';
import { notifyEffect } from '../core/effects.js';
import { redactCpr } from '../core/redaction.js';
import { searchWords } from '../core/search-fold.js';
import { DEFAULT_DIRECTORY_FILE, loadDirectoryOrThrow } from '../app/directory-file.js';
import { loadConfig } from '../app/env.js';
import { openStore, type OpenedStore } from '../store/index.js';
import { anonymiseConcernNow, auditOf, recordAudit, searchConcerns, type AuditEntry, type PrivacyCommand } from '../store/privacy-queries.js';
import { databaseUrlOf, processIo, type CliIo } from './digest-command.js';
import { renderConcernRecord } from './privacy-show.js';

export const PRIVACY_USAGE = `Usage: brobygger privacy search --text WORDS [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--actor NAME]
       brobygger privacy show REF [--without-reporter] [--actor NAME]
       brobygger privacy anonymise REF --reason TEXT [--force] [--actor NAME]`;

const REF = /^BB-\d{4}-\d{4,}$/i;
const MAX_REASON = 500;

class UsageError extends Error {}

interface Parsed {
  sub: PrivacyCommand;
  ref?: string;
  text?: string;
  from?: string;
  to?: string;
  reason?: string;
  force: boolean;
  withoutReporter: boolean;
  actor?: string;
}

const OPTIONS = {
  text: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  reason: { type: 'string' },
  force: { type: 'boolean' },
  'without-reporter': { type: 'boolean' },
  actor: { type: 'string' },
} as const;

const ALLOWED: Record<PrivacyCommand, (keyof typeof OPTIONS)[]> = {
  search: ['text', 'from', 'to', 'actor'],
  show: ['without-reporter', 'actor'],
  anonymise: ['reason', 'force', 'actor'],
};

function parse(args: string[]): Parsed {
  const [sub, ...rest] = args;
  if (sub !== 'search' && sub !== 'show' && sub !== 'anonymise') throw new UsageError(sub ? `Unknown privacy command "${sub}".` : 'Which privacy command?');
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  for (const key of Object.keys(values) as (keyof typeof OPTIONS)[]) {
    if (!ALLOWED[sub].includes(key)) throw new UsageError(`privacy ${sub} does not take --${key}.`);
  }
  const wantsRef = sub !== 'search';
  if (positionals.length !== (wantsRef ? 1 : 0)) throw new UsageError(wantsRef ? `privacy ${sub} needs exactly one reference, like BB-2026-0042.` : 'privacy search takes no positional arguments; put the words in --text.');
  const ref = positionals[0];
  if (ref !== undefined && !REF.test(ref)) throw new UsageError(`"${ref}" is not a concern reference like BB-2026-0042.`);
  if (sub === 'search' && searchWords(values.text ?? '').length === 0) throw new UsageError('privacy search needs --text with at least one word.');
  if (sub === 'anonymise' && !values.reason?.trim()) throw new UsageError('privacy anonymise needs --reason.');
  if (values.reason && values.reason.length > MAX_REASON) throw new UsageError(`--reason is longer than ${MAX_REASON} characters.`);
  if (values.actor !== undefined && !values.actor.trim()) throw new UsageError('--actor must not be empty.');
  return {
    sub,
    force: values.force ?? false,
    withoutReporter: values['without-reporter'] ?? false,
    ...(ref !== undefined ? { ref: ref.toUpperCase() } : {}),
    ...(values.text !== undefined ? { text: values.text } : {}),
    ...(values.from !== undefined ? { from: values.from } : {}),
    ...(values.to !== undefined ? { to: values.to } : {}),
    ...(values.reason !== undefined ? { reason: values.reason.trim() } : {}),
    ...(values.actor !== undefined ? { actor: values.actor.trim() } : {}),
  };
}

function localDay(text: string | undefined, option: string, timezone: string): DateTime | undefined {
  if (text === undefined) return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? DateTime.fromISO(text, { zone: timezone }) : null;
  if (!day?.isValid) throw new UsageError(`${option} must be a date like 2026-03-01, not "${text}".`);
  return day.startOf('day');
}

/** Who ran the command: the operating-system user (falls back to $USER / $USERNAME). */
export function osUser(env: Record<string, string | undefined> = process.env): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

interface Context {
  io: CliIo;
  args: Parsed;
  directory: Directory;
  database: OpenedStore;
  audit: (detail: Record<string, unknown>) => AuditEntry;
}

async function search({ io, args, directory, database, audit }: Context, period: { from?: DateTime; to?: DateTime }): Promise<number> {
  const words = searchWords(args.text ?? '');
  const hits = await searchConcerns(database.sql, words, {
    ...(period.from ? { from: period.from.toJSDate() } : {}),
    ...(period.to ? { to: period.to.plus({ days: 1 }).toJSDate() } : {}),
  });
  const detail = { words: words.length, matches: hits.length, ...(args.from ? { from: args.from } : {}), ...(args.to ? { to: args.to } : {}) };
  await database.sql.transaction((tx) => recordAudit(tx, audit(detail), hits.map((h) => h.id)));
  const tz = directory.municipality.timezone;
  for (const hit of hits) {
    const day = DateTime.fromJSDate(hit.createdAt, { zone: tz }).toISODate() ?? '';
    io.out(`${[hit.ref, day, hit.teamId ? teamName(directory, hit.teamId) : '—', hit.state].join('\t')}\n`);
  }
  io.err(`${hits.length} concern${hits.length === 1 ? '' : 's'} mention${hits.length === 1 ? 's' : ''} all ${words.length} word${words.length === 1 ? '' : 's'}. Recorded in the privacy audit.`);
  return 0;
}

async function show({ io, args, directory, database, audit }: Context, concernId: string): Promise<number> {
  await database.sql.transaction((tx) => recordAudit(tx, audit({ withoutReporter: args.withoutReporter }), [concernId]));
  const concern = await database.store.getConcern(concernId);
  if (!concern) throw new Error(`concern ${concernId} vanished`);
  const record = { concern, events: await database.store.listEvents(concernId), audit: await auditOf(database.sql, concernId) };
  io.out(`${renderConcernRecord(directory, record, args.withoutReporter)}\n`);
  return 0;
}

async function anonymise({ io, args, database, audit }: Context, concernId: string, at: Date, actor: string): Promise<number> {
  const reason = redactCpr(args.reason ?? '').text;
  const outcome = await anonymiseConcernNow(database.sql, concernId, {
    actor: { kind: 'administrator', name: actor },
    reason,
    at,
    force: args.force,
    audit: audit({ reason, forced: args.force }),
    // Every card already posted is re-rendered without the text.
    effects: (version) => [notifyEffect({ concernId, kind: 'card_update', seq: version }, version)],
  });
  switch (outcome.kind) {
    case 'anonymised':
      io.err(`Anonymised ${args.ref}${outcome.state === 'resolved' || outcome.state === 'withdrawn' ? '' : ` (still ${outcome.state}, forced)`}: its free text is blanked; the statistics stay.`);
      return 0;
    case 'already':
      io.err(`${args.ref} was already anonymised on ${outcome.anonymisedAt.toISOString()}; nothing changed.`);
      return 0;
    case 'open':
      io.err(`${args.ref} is still ${outcome.state}: anonymising it would blank a concern people are working on. Close it first, or add --force.`);
      return 1;
    case 'missing':
      io.err(`${args.ref} disappeared while anonymising.`);
      return 1;
  }
}

export async function runPrivacyCommand(argv: string[], io: CliIo = processIo): Promise<number> {
  let args: Parsed;
  let config: ReturnType<typeof loadConfig>;
  let directory: Directory;
  let period: { from?: DateTime; to?: DateTime };
  try {
    args = parse(argv);
    config = loadConfig(io.env ?? process.env);
    directory = loadDirectoryOrThrow(config.directoryFile ?? DEFAULT_DIRECTORY_FILE);
    const tz = directory.municipality.timezone;
    const from = localDay(args.from, '--from', tz);
    const to = localDay(args.to, '--to', tz);
    if (from && to && to < from) throw new UsageError(`--to (${args.to}) is before --from (${args.from}).`);
    period = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n${PRIVACY_USAGE}`);
    return 2;
  }
  const at = io.now?.() ?? new Date();
  const os = osUser(io.env ?? process.env);
  const actor = args.actor ?? os;
  const database = await openStore(databaseUrlOf(config), { timezone: directory.municipality.timezone });
  try {
    const ctx: Context = { io, args, directory, database, audit: (detail) => ({ at, actor, osUser: os, command: args.sub, detail }) };
    if (args.sub === 'search') return await search(ctx, period);
    const concern = await database.store.findConcernByRef(args.ref ?? '');
    if (!concern) {
      await database.sql.transaction((tx) => recordAudit(tx, ctx.audit({ ref: args.ref, found: false }), []));
      io.err(`No concern ${args.ref}.`);
      return 1;
    }
    return args.sub === 'show' ? await show(ctx, concern.id) : await anonymise(ctx, concern.id, at, actor);
  } finally {
    await database.sql.close();
  }
}
