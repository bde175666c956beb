/**
 * Everything the demo runs on, all on this machine: the real service (in-memory PGlite, its own
 * redis-server in a temporary directory) wired to local stand-ins of Slack's Web API and Teams'
 * Bot Connector. stop() undoes all of it, in reverse order, and removes the temporary directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/app/env.js';
import { createLogger } from '../src/app/logger.js';
import { startLocalRedis } from '../src/app/redis-server.js';
import { startService, type RunningService } from '../src/app/service.js';
import { startFakeBotConnector, type FakeBotConnector } from '../test/fakes/bot-connector.js';
import { startFakeSlack, type FakeSlack, type FakeSlackUser } from '../test/fakes/slack-web-api.js';
import { sampleDirectoryWithTeamsAt } from '../test/support/directories.js';
import { readableLogLine } from './log-lines.js';

export const SLACK_SIGNING_SECRET = 'demo-signing-secret';
const SLACK_BOT_TOKEN = 'xoxb-demo-not-a-real-token';

export interface Stage {
  service: RunningService;
  slack: FakeSlack;
  connector: FakeBotConnector;
  stop(): Promise<void>;
}

export interface StageOptions {
  /** The Slack workspace the stand-in answers for, and the people it knows (users.info). */
  slackWorkspace: string;
  slackUsers: FakeSlackUser[];
  /** Where the service's warnings go, one readable line each. */
  print: (line: string) => void;
}

const TEMP_PREFIX = 'brobygger-demo-';
const SERVICE_STOP_LIMIT_MS = 8_000;

/** A redis-server still runs on a demo directory (a demo is running there now). */
function redisAlive(dir: string): boolean {
  try {
    const pid = Number(readFileSync(join(dir, 'redis', 'redis.pid'), 'utf8').trim());
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server');
  } catch {
    return false;
  }
}

/**
 * A demo killed outright cannot remove its directory (tsx turns a Ctrl-C into SIGKILL when the
 * child does not answer within milliseconds); its redis-server dies with it. The next run removes
 * what it left.
 */
function removeLeftovers(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(dir).mtimeMs > 60_000 && !redisAlive(dir)) rmSync(dir, { recursive: true, force: true });
    } catch {
      // someone else's, or already gone
    }
  }
}

export async function startStage(options: StageOptions): Promise<Stage> {
  removeLeftovers();
  const tempDir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
  // process.exit() (Ctrl-C) skips stop(); the directory still goes.
  const removeTempDir = () => rmSync(tempDir, { recursive: true, force: true });
  process.on('exit', removeTempDir);
  const undo: (() => Promise<void>)[] = [
    async () => {
      removeTempDir();
      process.off('exit', removeTempDir);
    },
  ];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const step of undo.reverse()) await step().catch((err: unknown) => options.print(`(while stopping: ${String(err)})`));
  };

  try {
    const redis = await startLocalRedis({ dataDir: join(tempDir, 'redis') });
    undo.push(() => redis.stop());
    const connector = await startFakeBotConnector({ region: 'emea' });
    undo.push(() => connector.close());
    const slack = await startFakeSlack({ token: SLACK_BOT_TOKEN, teamId: options.slackWorkspace, users: options.slackUsers });
    undo.push(() => slack.close());

    const config = loadConfig({
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: join(tempDir, 'data'),
      DATABASE_URL: 'pglite:memory://',
      REDIS_URL: redis.url,
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    });
    const logger = createLogger(config.logLevel, { service: 'brobygger' }, { write: (line: string) => options.print(readableLogLine(line)) });
    const service = await startService({
      config,
      logger,
      // The sample directory, with its Teams channels reached through the local Bot Connector.
      directory: sampleDirectoryWithTeamsAt(connector.serviceUrl),
      redisPrefix: 'demo',
      outboxPollMs: 200,
    });
    undo.push(async () => {
      // Closing a BullMQ queue whose connection is still starting crashes the process (an 'error'
      // event nobody listens to any more), so an early stop first lets them finish starting.
      // Bounded, because with Redis gone (stopped from outside) both would wait for it forever.
      const { queues, workers } = service.workflows;
      const stopped = Promise.allSettled([...Object.values(queues), ...workers].map((q) => q.waitUntilReady())).then(() => service.stop());
      const gaveUp = await Promise.race([
        stopped.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), SERVICE_STOP_LIMIT_MS).unref()),
      ]);
      if (gaveUp) options.print(`(the service had not stopped after ${SERVICE_STOP_LIMIT_MS / 1000} s, probably because Redis is gone; going on)`);
    });
    return { service, slack, connector, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
