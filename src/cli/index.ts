/**
 * `npx brobygger …`: start the service, check a directory file (digest and export come with the
 * digest issue). Problems are printed as sentences, never as stack traces.
 */
import { parseArgs } from 'node:util';
import { runDigestCommand } from './digest-command.js';
import { runExportCommand } from './export-command.js';
import { runPrivacyCommand } from './privacy-command.js';
import { runDirectoryCheck } from './directory-check-command.js';
import { runDoctor } from './doctor-command.js';
import { DirectoryError } from '../app/directory-file.js';
import { ConfigError, loadConfig, loadDotEnv } from '../app/env.js';
import { RedisServerMissingError } from '../app/redis-server.js';
import { startService, type Role } from '../app/service.js';

const USAGE = `Usage: brobygger <command>

  start [--role web|worker]     run the service (default: web and workers in one process)
  directory check FILE          validate a directory file and list every problem
  digest --scope team:ID|org:ID|association:ID [--week YYYY-Www] [--format text|json] [--lang da|en]
                                the weekly digest for one scope (default: last week)
  export --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]
                                CSV of the concerns created in the period, for the case system
  privacy search --text WORDS [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                                concerns whose free text or address mention every word
                                (case- and accent-insensitive): reference, date, team, state
  privacy show REF [--without-reporter]
                                one concern whole (fields, events, privacy audit) for an access request
  privacy anonymise REF --reason TEXT [--force]
                                blank one concern's free text now; open concerns only with --force
                                (every privacy command is audited: --actor NAME, default the OS user)
  doctor                        check environment, directory, database, Redis and every team's
                                delivery target; list deliveries waiting for an administrator
`;

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { role: { type: 'string' } } });
  const role = (values.role ?? 'all') as Role;
  if (!['all', 'web', 'worker'].includes(role)) {
    console.error(`--role must be web or worker (or left out for both), not "${role}"`);
    return 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const service = await startService({ config, role });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      service.logger.warn(`Second ${signal}: exiting without waiting for a clean stop.`);
      process.exit(1);
    }
    stopping = true;
    service.logger.info(`Stopping (${signal})…`);
    // Running jobs get a while to finish; an unreachable Redis must not keep the process alive.
    const timeout = setTimeout(() => {
      service.logger.warn('Clean stop took longer than 30 s; exiting.');
      process.exit(1);
    }, 30_000);
    timeout.unref();
    await service.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return new Promise<number>(() => {});
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await start(rest);
      case 'directory': {
        const [sub, file] = rest;
        if (sub !== 'check' || !file) {
          console.error('Usage: brobygger directory check FILE');
          return 2;
        }
        return runDirectoryCheck(file, (line) => console.log(line));
      }
      case 'digest':
        loadDotEnv();
        return await runDigestCommand(rest);
      case 'export':
        loadDotEnv();
        return await runExportCommand(rest);
      case 'privacy':
        loadDotEnv();
        return await runPrivacyCommand(rest);
      case 'doctor':
        loadDotEnv();
        return await runDoctor();
      case undefined:
      case 'help':
      case '--help':
        console.log(USAGE);
        return command ? 0 : 2;
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof DirectoryError) {
      console.error(`The directory file has problems; not starting:\n${err.problems.map((p) => `  ${p}`).join('\n')}`);
      return 1;
    }
    if (err instanceof ConfigError || err instanceof RedisServerMissingError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

const code = await main(process.argv.slice(2));
process.exit(code);
