/**
 * `npx brobygger …`: start the service, check a directory file, print a digest, export CSV,
 * privacy requests, doctor.
 * Problems are printed as sentences, never as stack traces; usage errors exit 2 (./usage.ts).
 */
import { runDigestCommand } from './digest-command.js';
import { runExportCommand } from './export-command.js';
import { runPrivacyCommand } from './privacy-command.js';
import { runDirectoryCheck } from './directory-check-command.js';
import { runStart } from './start-command.js';
import { COMMANDS, commandUsage, overallUsage, UsageError, wantsHelp, type CommandName } from './usage.js';
import { runDoctor } from './doctor-command.js';
import { DirectoryError } from '../app/directory-file.js';
import { ConfigError, loadDotEnv } from '../app/env.js';
import { RedisServerMissingError } from '../app/redis-server.js';
import { FolderLockedError } from '../store/index.js';

async function run(command: CommandName, args: string[]): Promise<number> {
  switch (command) {
    case 'start':
      return runStart(args);
    case 'directory': {
      const [sub, file, ...extra] = args;
      if (sub !== 'check') throw new UsageError('directory', sub ? `Unknown directory command "${sub}".` : 'The directory command is missing.');
      if (!file) throw new UsageError('directory', 'FILE is missing.');
      if (extra.length > 0) throw new UsageError('directory', `Unexpected argument "${extra[0]}".`);
      return runDirectoryCheck(file, (line) => console.log(line));
    }
    case 'digest':
      loadDotEnv();
      return runDigestCommand(args);
    case 'export':
      loadDotEnv();
      return runExportCommand(args);
    case 'privacy':
      loadDotEnv();
      return runPrivacyCommand(args);
    case 'doctor':
      if (args.length > 0) throw new UsageError('doctor', `Unexpected argument "${args[0]}".`);
      loadDotEnv();
      return runDoctor();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    console.error(`The command is missing.\n\n${overallUsage()}`);
    return 2;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(overallUsage());
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    console.error(`Unknown command "${command}".\n\n${overallUsage()}`);
    return 2;
  }
  const name = command as CommandName;
  if (wantsHelp(rest)) {
    console.log(`${commandUsage(name)}\n  ${COMMANDS[name].about}`);
    return 0;
  }
  try {
    return await run(name, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${commandUsage(err.command)}`);
      return 2;
    }
    if (err instanceof DirectoryError) {
      console.error(`The directory file has problems:\n${err.problems.map((p) => `  ${p}`).join('\n')}`);
      return 1;
    }
    if (err instanceof ConfigError || err instanceof RedisServerMissingError || err instanceof FolderLockedError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

const code = await main(process.argv.slice(2));
process.exit(code);
