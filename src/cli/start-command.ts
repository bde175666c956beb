/**
 * `brobygger start`: runs the service until SIGINT or SIGTERM. A start-up failure is one log line
 * saying what failed and what to do (./../app/startup-failure.ts), exit code 1. A signal, also one
 * that arrives during start-up, stops every part in order within STOP_DEADLINE_MS; a second
 * signal or the deadline exits at once (the local redis-server is still told to stop).
 */
import { ConfigError, loadConfig, loadDotEnv, type Config } from '../app/env.js';
import { createLogger, type Logger } from '../app/logger.js';
import { startService, type Role, type RunningService } from '../app/service.js';
import { describeStartupFailure } from '../app/startup-failure.js';
import { parseOptions, UsageError } from './usage.js';

/** Inside the 25 s promised to operators; the stop sequence itself aims for 20 s. */
export const STOP_DEADLINE_MS = 24_000;

const ROLES: Record<string, Role> = { web: 'web', worker: 'worker' };

function fail(logger: Logger, err: unknown): number {
  const failure = describeStartupFailure(err);
  logger.debug({ err }, 'start-up failure details');
  logger.fatal({ component: failure.component, ...(failure.code ? { code: failure.code } : {}) }, failure.message);
  return 1;
}

export async function runStart(args: string[]): Promise<number> {
  const values = parseOptions('start', args, ['role']);
  const role = values.role === undefined ? 'all' : ROLES[values.role];
  if (!role) throw new UsageError('start', `--role must be web or worker (or left out for both), not "${values.role}".`);

  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return fail(createLogger('info', { service: 'brobygger', role }, undefined, { production: process.env.NODE_ENV === 'production' }), err);
  }
  const logger = createLogger(config.logLevel, { service: 'brobygger', role }, undefined, { production: config.production });

  let service: RunningService | undefined;
  let stopping = false;
  const startup = new AbortController();
  const stop = async () => {
    if (!service) return; // still starting: stopped as soon as start-up returns
    await service.stop();
    logger.info({ component: 'service' }, 'stopped');
    process.exit(0);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ component: 'service', signal }, `second ${signal}: exiting without waiting for a clean stop`);
      process.exit(1);
    }
    stopping = true;
    startup.abort();
    logger.info({ component: 'service', signal }, `stopping (${signal})${service ? '' : ' during start-up'}`);
    setTimeout(() => {
      logger.warn({ component: 'service' }, `clean stop took longer than ${STOP_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    void stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    service = await startService({ config, role, logger, signal: startup.signal });
  } catch (err) {
    if (stopping) {
      logger.info({ component: 'service' }, 'stopped');
      return 0;
    }
    return fail(logger, err);
  }
  if (stopping) await stop();
  logger.info({ component: 'service' }, 'ready');
  return new Promise<number>(() => {});
}
