/**
 * One usage line per command, used both by `--help` and by every usage error, so the two always
 * agree. A usage error (unknown option, missing or malformed argument) exits with 2 and prints
 * what was wrong followed by the command's usage, as POSIX utilities do (exit status 2 for
 * incorrect usage: https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap01.html).
 */
import { parseArgs } from 'node:util';

export const COMMANDS = {
  start: {
    usage: 'brobygger start [--role web|worker]',
    about: 'run the service (default: web and workers in one process)',
  },
  directory: {
    usage: 'brobygger directory check FILE',
    about: 'validate a directory file and list every problem',
  },
  digest: {
    usage: 'brobygger digest --scope team:ID|org:ID|association:ID [--week YYYY-Www|last|this] [--format text|json|png --out FILE] [--lang da|en]',
    about: 'the weekly digest for one scope (default: last week)',
  },
  export: {
    usage: 'brobygger export --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]',
    about: 'CSV of the concerns created in the period, for the case system',
  },
  privacy: {
    // The same lines as PRIVACY_USAGE in privacy-command.ts (a test keeps them equal).
    usage: `brobygger privacy search --text WORDS [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--actor NAME]
       brobygger privacy show REF [--without-reporter] [--actor NAME]
       brobygger privacy anonymise REF --reason TEXT [--force] [--actor NAME]`,
    about: 'find, show (access request) or anonymise (erasure) concerns; every use is audited (--actor NAME, default the OS user)',
  },
  doctor: {
    usage: 'brobygger doctor',
    about: "check environment, directory, database, Redis and every team's delivery target; list deliveries waiting for an administrator",
  },
} as const;

export type CommandName = keyof typeof COMMANDS;

/** The whole `brobygger --help` text, built from the same lines. */
export function overallUsage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.about}`);
  return `Usage: brobygger <command> [options]   (brobygger <command> --help for one command)\n\n${lines.join('\n')}\n`;
}

export function commandUsage(command: CommandName): string {
  return `Usage: ${COMMANDS[command].usage}`;
}

/** Wrong use of a command; the CLI prints `message` and the command's usage, and exits 2. */
export class UsageError extends Error {
  constructor(
    readonly command: CommandName,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** True when the arguments ask for help (`--help` or `-h` anywhere). */
export function wantsHelp(args: string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/**
 * String options of `command`; `required` ones must be present (a missing one is named). Throws
 * UsageError for unknown options, positional arguments and missing required options.
 */
export function parseOptions<K extends string>(
  command: CommandName,
  args: string[],
  names: readonly K[],
  required: readonly K[] = [],
): Partial<Record<K, string>> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), strict: true }));
  } catch (error) {
    throw new UsageError(command, (error as Error).message);
  }
  const missing = required.filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new UsageError(command, `${missing.map((m) => `--${m}`).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing.`);
  }
  return values as Partial<Record<K, string>>;
}
