/**
 * `brobygger start` as an operator runs it: the real CLI in a child process. Every kind of
 * start-up failure ends in one fatal line saying what failed and what to do, exit code 1, nothing
 * on stderr and no redis-server left running; SIGINT and SIGTERM stop every part, step by step.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, closedPort, runCli, type CliProcess, type LogLine } from '../support/cli-process.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.js';
import { startBotFrameworkIssuer, type BotFrameworkIssuer } from '../support/bot-framework-issuer.js';

const FATAL = 60;
const dataDir = () => mkdtempSync(join(tmpdir(), 'bb-start-'));
const base = () => ({ PORT: '0', DATABASE_URL: 'pglite:memory://', DATA_DIR: dataDir(), LOG_LEVEL: 'debug' });
const redisPidOf = (cli: CliProcess) => cli.lines.find((l) => l.msg === 'local redis-server started')?.redisPid as number | undefined;

/** Runs start to its end and checks the shape every failure shares; returns the fatal line. */
async function failedStart(env: Record<string, string>, path?: string): Promise<{ fatal: LogLine; cli: CliProcess }> {
  const cli = runCli(['start'], env, path);
  const { code } = await cli.exited;
  expect(code).toBe(1);
  expect(cli.stderr()).toBe('');
  const fatals = cli.lines.filter((l) => l.level === FATAL);
  expect(fatals).toHaveLength(1);
  // The last line an operator sees (LOG_LEVEL=info) is the fatal one.
  const shown = cli.lines.filter((l) => l.level >= 30);
  expect(shown.at(-1), `the last lines were ${JSON.stringify(shown.slice(-3))}`).toBe(fatals[0]);
  const redisPid = redisPidOf(cli);
  if (redisPid) expect(alive(redisPid)).toBe(false);
  return { fatal: fatals[0]!, cli };
}

describe('a start-up failure is one line, exit 1, nothing left behind', { timeout: 120_000 }, () => {
  let holder: Server;
  let heldPort: number;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '0.0.0.0', resolve));
    heldPort = (holder.address() as { port: number }).port;
  });
  afterAll(() => holder.close());

  it('port in use: names the port, stops the redis-server it had started', async () => {
    const { fatal, cli } = await failedStart({ ...base(), PORT: String(heldPort) });
    expect(fatal).toMatchObject({ component: 'http', code: 'EADDRINUSE', msg: `port ${heldPort} is in use: set PORT or stop the other process` });
    expect(redisPidOf(cli)).toBeGreaterThan(0);
  });

  it('database unreachable: host and port, never the password', async () => {
    const port = await closedPort();
    const { fatal } = await failedStart({ ...base(), DATABASE_URL: `postgres://bro:hemmeligt@127.0.0.1:${port}/brobygger` });
    expect(fatal).toMatchObject({ component: 'database', code: 'ECONNREFUSED' });
    expect(fatal.msg).toBe(`database postgres 127.0.0.1:${port}/brobygger is unreachable (ECONNREFUSED): start PostgreSQL or fix DATABASE_URL`);
    expect(JSON.stringify(fatal)).not.toContain('hemmeligt');
  });

  it('a DATABASE_URL that is not a URL', async () => {
    const { fatal } = await failedStart({ ...base(), DATABASE_URL: 'postgres://bro:pw@[db:5432/x' });
    expect(fatal.component).toBe('database');
    expect(fatal.msg).toMatch(/^DATABASE_URL is not a valid URL: use postgres:\/\/user:password@host:5432\/name or pglite:FOLDER$/);
  });

  it('Redis unreachable at REDIS_URL', async () => {
    const port = await closedPort();
    const { fatal } = await failedStart({ ...base(), REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(fatal).toMatchObject({ component: 'redis', msg: `Redis at 127.0.0.1:${port} is unreachable (ECONNREFUSED): start Redis or fix REDIS_URL` });
  });

  it('redis-server not installed and no REDIS_URL', async () => {
    // A PATH with node and nothing else.
    const bin = dataDir();
    symlinkSync(process.execPath, join(bin, 'node'));
    const { fatal } = await failedStart(base(), bin);
    expect(fatal).toMatchObject({ component: 'redis' });
    expect(fatal.msg).toBe('redis-server was not found on PATH: run `npm run setup` to install it, or set REDIS_URL to a Redis you run');
  });

  it('a directory file that does not exist, or has problems', async () => {
    const missing = await failedStart({ ...base(), DIRECTORY_FILE: '/nowhere/directory.yaml' });
    expect(missing.fatal).toMatchObject({ component: 'directory' });
    expect(missing.fatal.msg).toBe(
      'the directory file is not valid: /nowhere/directory.yaml: cannot read the directory file: file not found; run `npx brobygger directory check /nowhere/directory.yaml` for the full list',
    );
    const file = join(dataDir(), 'directory.yaml');
    writeFileSync(file, 'municipality:\n  name: Nordfjord\n');
    const broken = await failedStart({ ...base(), DIRECTORY_FILE: file });
    expect(broken.fatal.msg).toMatch(new RegExp(`^the directory file is not valid: ${file}:.*; run \`npx brobygger directory check ${file}\` for the full list$`));
  });

  it('a data folder it cannot create (a file stands in the way)', async () => {
    const file = join(dataDir(), 'not-a-folder');
    writeFileSync(file, '');
    const { fatal } = await failedStart({ ...base(), DATABASE_URL: '', DATA_DIR: file });
    expect(fatal).toMatchObject({ component: 'data', code: 'ENOTDIR' });
    expect(fatal.msg).toBe(`cannot use the data folder ${join(file, 'pg')} (ENOTDIR): set DATA_DIR to a folder this user can write`);
  });

  it('a Slack bot token Slack refuses (HTTP mode): fails before listening', async () => {
    const slack: FakeSlack = await startFakeSlack({ token: 'xoxb-the-real-one' });
    try {
      const env = { ...base(), SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl };
      const { fatal, cli } = await failedStart(env);
      expect(fatal).toMatchObject({
        component: 'slack',
        code: 'invalid_auth',
        msg: 'Slack refused the token (invalid_auth): copy SLACK_BOT_TOKEN (xoxb-…) and SLACK_APP_TOKEN (xapp-…) again from api.slack.com/apps',
      });
      expect(cli.lines.some((l) => /^HTTP: listening/.test(String(l.msg)))).toBe(false);
      expect(redisPidOf(cli)).toBeGreaterThan(0);
    } finally {
      await slack.close();
    }
  });

  describe('Teams credentials, checked against a local login service', () => {
    const APP_ID = '6a0a8e43-4f0c-4d52-a3a6-1b3f0c1e2d9a';
    const TENANT = '96e48123-c98e-4de6-90db-c6e03b4c8d59';
    let login: BotFrameworkIssuer;
    beforeAll(async () => {
      login = await startBotFrameworkIssuer({ audience: APP_ID, serviceUrl: 'http://127.0.0.1:9/', secret: 'the-current-secret', tenants: [TENANT] });
    });
    afterAll(() => login.stop());
    const teams = (password: string, tenant = TENANT) => ({
      ...base(),
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: password,
      MICROSOFT_APP_TENANT_ID: tenant,
      MICROSOFT_LOGIN_URL: login.loginUrl,
    });

    it('a client secret Microsoft refuses: one line naming the three settings', async () => {
      const { fatal } = await failedStart(teams('an-expired-secret'));
      expect(fatal).toMatchObject({
        component: 'teams',
        code: 'invalid_client',
        msg:
          `Microsoft refused the Teams bot credentials (invalid_client: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP_ID}'.): ` +
          'check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD (a current client secret of the app registration) and MICROSOFT_APP_TENANT_ID',
      });
      expect(JSON.stringify(fatal)).not.toContain('an-expired-secret');
    });

    it('a tenant that does not exist', async () => {
      const { fatal } = await failedStart(teams('the-current-secret', 'no-such-tenant'));
      expect(fatal).toMatchObject({ component: 'teams', code: 'invalid_request' });
      expect(fatal.msg).toMatch(/^Microsoft refused the Teams bot credentials \(invalid_request: AADSTS90002: Tenant 'no-such-tenant' not found\.\): check MICROSOFT_APP_ID/);
    });

    it('good credentials: the token is issued from the tenant, and the service starts', async () => {
      const cli = runCli(['start'], teams('the-current-secret'));
      await cli.line((l) => l.msg === 'ready');
      expect(cli.lines.some((l) => l.component === 'teams' && l.msg === 'Teams: bot credentials accepted (token issued)')).toBe(true);
      expect(login.tokenRequests).toContainEqual({ tenant: TENANT, clientId: APP_ID });
      cli.child.kill('SIGTERM');
      expect((await cli.exited).code).toBe(0);
      expect(cli.stderr()).toBe('');
    });
  });

  it('platform settings that do not fit together, all named in one line', async () => {
    const { fatal } = await failedStart({ ...base(), MICROSOFT_APP_ID: '6a0a8e43-4f0c-4d52-a3a6-1b3f0c1e2d9a', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(fatal.component).toBe('config');
    expect(fatal.msg).toBe(
      'invalid environment: SLACK_SIGNING_SECRET required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode); ' +
        'MICROSOFT_APP_PASSWORD required when MICROSOFT_APP_ID is set and MICROSOFT_APP_TYPE is SingleTenant; ' +
        'MICROSOFT_APP_TENANT_ID required when MICROSOFT_APP_TYPE is SingleTenant; fix .env or the environment (see .env.example)',
    );
  });
});

const STOP_STEPS = [
  ['http', 'HTTP closed'],
  ['workers', 'workers closed'],
  ['platforms', 'platforms stopped'],
  ['redis', 'Redis connection closed'],
  ['redis', 'local redis-server stopped'],
  ['database', 'database closed'],
  ['service', 'stopped'],
] as const;

/** The stop steps after the "stopping" line, in order: each done, or logged as not done in time. */
function stopSteps(lines: LogLine[], stoppingMsg: string): string[] {
  const from = lines.findIndex((l) => l.msg === stoppingMsg);
  expect(from).toBeGreaterThan(0);
  const isStep = (l: LogLine) => STOP_STEPS.some(([component, msg]) => l.component === component && l.msg === msg);
  return lines
    .slice(from + 1)
    .filter((l) => l.level >= 30 && (isStep(l) || / did not stop within /.test(l.msg)))
    .map((l) => (isStep(l) ? l.msg : `${String(l.component)} timed out`));
}
const EXPECTED_STEPS = STOP_STEPS.map(([, msg]) => msg);

async function startAndStop(signal: NodeJS.Signals, env: Record<string, string>, waitFor: (l: LogLine) => boolean) {
  const cli = runCli(['start'], env);
  await cli.line(waitFor);
  const redisPid = redisPidOf(cli);
  cli.child.kill(signal);
  const { code } = await cli.exited;
  return { cli, code, redisPid };
}

describe('stopping on a signal', { timeout: 120_000 }, () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: logs each step in order, exits 0, leaves no redis-server`, async () => {
      const { cli, code, redisPid } = await startAndStop(signal, base(), (l) => l.msg === 'ready');
      expect(code).toBe(0);
      expect(cli.stderr()).toBe('');
      expect(stopSteps(cli.lines, `stopping (${signal})`)).toEqual(EXPECTED_STEPS);
      expect(redisPid).toBeGreaterThan(0);
      expect(alive(redisPid!)).toBe(false);
    });
  }

  it('HTTP mode with Slack unreachable: a warning, and the service starts', async () => {
    const slack = await closedPort();
    const env = { ...base(), SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: `http://127.0.0.1:${slack}/api/` };
    const { cli, code } = await startAndStop('SIGTERM', env, (l) => l.msg === 'ready');
    expect(code).toBe(0);
    expect(cli.stderr()).toBe('');
    const warning = cli.lines.find((l) => l.component === 'slack' && l.level === 40);
    expect(warning?.msg).toMatch(/^Slack: could not check the bot token \(.+\); carrying on, Slack calls are retried$/);
  });

  it('Socket Mode with Slack unreachable: HTTP listens anyway, and SIGINT stops it', async () => {
    const slack = await closedPort();
    const env = { ...base(), SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: `http://127.0.0.1:${slack}/api/` };
    const { cli, code } = await startAndStop('SIGINT', env, (l) => l.component === 'http' && /^HTTP: listening/.test(l.msg));
    expect(code).toBe(0);
    expect(cli.stderr()).toBe('');
    expect(stopSteps(cli.lines, 'stopping (SIGINT) during start-up')).toEqual(EXPECTED_STEPS);
  });
});
