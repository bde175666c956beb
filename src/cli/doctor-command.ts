/**
 * `brobygger doctor`: checks what the service needs — environment, directory, database, Redis
 * (reachable, `noeviction`, persistence for a Redis we did not start), every team's delivery
 * target — and lists deliveries waiting for an administrator. Prints ✓/✗ lines with a fix for
 * each problem; exit code 1 when there is any.
 */
import { Redis } from 'ioredis';
import type { Directory } from '../core/directory.js';
import { checkDeliveryTargets, checkRedisForQueues, checkWaitingDeliveries, type Problem } from '../app/checks.js';
import { DEFAULT_DIRECTORY_FILE, loadDirectory } from '../app/directory-file.js';
import { ConfigError, loadConfig, type Config } from '../app/env.js';
import { openStore } from '../store/index.js';
import { databaseUrlOf, processIo, type CliIo } from './digest-command.js';

type Check = { ok: string } | { problems: Problem[] };

async function redisCheck(config: Config): Promise<Check> {
  if (!config.redisUrl) return { ok: 'Redis: REDIS_URL unset, the service starts its own redis-server (AOF on, noeviction)' };
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const problems = await checkRedisForQueues(redis, { startedByUs: false });
    return problems.length > 0 ? { problems } : { ok: 'Redis: reachable, maxmemory-policy noeviction, persistence on' };
  } catch (err) {
    return { problems: [{ subject: 'Redis', problem: `not reachable at REDIS_URL: ${err instanceof Error ? err.message : String(err)}`, fix: 'start Redis or correct REDIS_URL' }] };
  } finally {
    redis.disconnect();
  }
}

async function targetCheck(config: Config, directory: Directory): Promise<Check> {
  let slackChannel: ((channel: string) => Promise<import('../core/ports.js').TargetProblem | null>) | undefined;
  if (config.slack) {
    const { createSlackTargetCheck } = await import('../../adapters/slack/target-check.js');
    slackChannel = createSlackTargetCheck(config.slack);
  }
  const problems = await checkDeliveryTargets(directory, { platformsOn: { slack: !!config.slack, teams: !!config.teams }, ...(slackChannel ? { slackChannel } : {}) });
  return problems.length > 0 ? { problems } : { ok: `Delivery targets: all ${directory.teams.length} teams reachable` };
}

/** Runs every check and prints the verdict; returns the exit code (0 all well, 1 any problem). */
export async function runDoctor(io: CliIo = processIo): Promise<number> {
  const lines: string[] = [];
  let problems = 0;
  const report = (check: Check) => {
    if ('ok' in check) return void lines.push(`✓ ${check.ok}`);
    for (const p of check.problems) {
      problems += 1;
      lines.push(`✗ ${p.subject}: ${p.problem}\n    fix: ${p.fix}`);
    }
  };
  const flush = () => io.out(`${lines.join('\n')}\n`);

  let config: Config;
  try {
    config = loadConfig(io.env ?? process.env);
    report({ ok: 'Environment: valid' });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    report({ problems: err.problems.map((p) => ({ subject: p.variable, problem: p.message, fix: 'correct it in .env (see .env.example)' })) });
    flush();
    return 1;
  }
  const file = config.directoryFile ?? DEFAULT_DIRECTORY_FILE;
  const loaded = loadDirectory(file);
  if (loaded.ok) report({ ok: `Directory: ${file}, ${loaded.directory.teams.length} teams` });
  else report({ problems: loaded.problems.map((p) => ({ subject: `directory ${file}`, problem: p, fix: 'correct the file (brobygger directory check FILE lists every problem)' })) });

  let database: Awaited<ReturnType<typeof openStore>> | null = null;
  try {
    database = await openStore(databaseUrlOf(config));
    report({ ok: `Database: ${database.describe}` });
  } catch (err) {
    report({ problems: [{ subject: 'database', problem: err instanceof Error ? err.message : String(err), fix: 'check DATABASE_URL and that the database is running' }] });
  }
  try {
    report(await redisCheck(config));
    if (loaded.ok) report(await targetCheck(config, loaded.directory));
    if (database) {
      const waiting = await checkWaitingDeliveries(database.deliveries);
      report(waiting.length > 0 ? { problems: waiting } : { ok: 'Deliveries: none waiting for an administrator' });
    }
  } finally {
    await database?.sql.close();
  }
  lines.push(problems === 0 ? 'All well.' : `${problems} problem${problems === 1 ? '' : 's'} to fix.`);
  flush();
  return problems === 0 ? 0 : 1;
}
