import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARIABLES, loadConfig, loadDotEnv, parseDotEnv } from '../../src/app/env.js';

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return Object.fromEntries((err as ConfigError).problems.map((p) => [p.variable, p.message]));
  }
  throw new Error('expected a ConfigError');
}

const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sign' };

describe('loadConfig defaults', () => {
  it('starts with nothing set: port 3978, embedded database under ./data, no platforms', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      logLevel: 'info',
      retentionDays: 180,
      dataDir: './data',
      database: { kind: 'pglite', dataDir: join('./data', 'pg') },
      production: false,
      slack: null,
      teams: null,
    });
    expect(config.redisUrl).toBeUndefined();
    expect(config.directoryFile).toBeUndefined();
  });

  it('treats empty and blank values as unset, like a freshly copied .env.example', () => {
    const config = loadConfig({ PORT: '', LOG_LEVEL: '  ', SLACK_BOT_TOKEN: '', MICROSOFT_APP_TYPE: '', DATABASE_URL: '' });
    expect(config.port).toBe(3978);
    expect(config.logLevel).toBe('info');
    expect(config.slack).toBeNull();
    expect(config.database.kind).toBe('pglite');
  });

  it('ignores variables it does not own', () => {
    expect(() => loadConfig({ HOME: '/root', PATH: '/usr/bin', npm_config_x: '' })).not.toThrow();
  });

  it('reads the given values', () => {
    const config = loadConfig({
      PORT: '8080',
      PUBLIC_URL: 'https://bro.example.dk',
      REDIS_URL: 'redis://cache:6379/2',
      DIRECTORY_FILE: './config/aalborg.yaml',
      LOG_LEVEL: 'debug',
      RETENTION_DAYS: '365',
      DATA_DIR: '/var/lib/brobygger',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://bro.example.dk',
      redisUrl: 'redis://cache:6379/2',
      directoryFile: './config/aalborg.yaml',
      logLevel: 'debug',
      retentionDays: 365,
      dataDir: '/var/lib/brobygger',
      database: { kind: 'pglite', dataDir: join('/var/lib/brobygger', 'pg') },
      production: true,
    });
  });
});

describe('database', () => {
  it('uses PostgreSQL for postgres:// and postgresql:// URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/bro' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db:5432/bro',
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/bro' }).database.kind).toBe('postgres');
  });

  it('uses the embedded database at the path after pglite:', () => {
    expect(loadConfig({ DATABASE_URL: 'pglite:./somewhere/pg' }).database).toEqual({
      kind: 'pglite',
      dataDir: './somewhere/pg',
    });
    expect(loadConfig({ DATABASE_URL: 'pglite:memory://' }).database).toEqual({ kind: 'pglite', dataDir: 'memory://' });
    expect(loadConfig({ DATABASE_URL: 'pglite:', DATA_DIR: '/srv/bro' }).database).toEqual({
      kind: 'pglite',
      dataDir: join('/srv/bro', 'pg'),
    });
  });

  it('refuses other URLs', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://db/bro' })).toHaveProperty('DATABASE_URL');
  });
});

describe('slack', () => {
  it('is on with a bot token and a signing secret', () => {
    expect(loadConfig(slack).slack).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 'sign',
      appToken: undefined,
      apiUrl: undefined,
    });
  });

  it('is on with a bot token and an app token (Socket Mode)', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toMatchObject({
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
    });
  });

  it('takes an API base URL override and ends it with a slash', () => {
    expect(loadConfig({ ...slack, SLACK_API_URL: 'http://127.0.0.1:4000/api' }).slack?.apiUrl).toBe(
      'http://127.0.0.1:4000/api/',
    );
    expect(loadConfig({ ...slack, SLACK_API_URL: 'http://127.0.0.1:4000/api/' }).slack?.apiUrl).toBe(
      'http://127.0.0.1:4000/api/',
    );
  });

  it('refuses a bot token without a way to receive events', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toHaveProperty('SLACK_SIGNING_SECRET');
  });

  it('refuses a signing secret or app token without a bot token', () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: 'sign' })).toHaveProperty('SLACK_BOT_TOKEN');
    expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1' })).toHaveProperty('SLACK_BOT_TOKEN');
  });

  it('refuses an API URL that is not http(s)', () => {
    expect(problemsOf({ ...slack, SLACK_API_URL: 'slack.com/api' })).toHaveProperty('SLACK_API_URL');
  });
});

describe('teams', () => {
  const teams = { MICROSOFT_APP_ID: 'app-id', MICROSOFT_APP_PASSWORD: 'pw' };

  it('is on with an app id and password, multi-tenant by default, authenticated', () => {
    expect(loadConfig(teams).teams).toEqual({
      appId: 'app-id',
      appPassword: 'pw',
      tenantId: undefined,
      appType: 'MultiTenant',
      allowUnauthenticated: false,
    });
  });

  it('is on without Azure when TEAMS_ALLOW_UNAUTHENTICATED=true outside production', () => {
    expect(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', NODE_ENV: 'development' }).teams).toEqual({
      appId: undefined,
      appPassword: undefined,
      tenantId: undefined,
      appType: 'MultiTenant',
      allowUnauthenticated: true,
    });
  });

  it('stays off with TEAMS_ALLOW_UNAUTHENTICATED=false and no app id', () => {
    expect(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'false' }).teams).toBeNull();
  });

  it('refuses unauthenticated Teams in production', () => {
    expect(problemsOf({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', NODE_ENV: 'production' })).toHaveProperty(
      'TEAMS_ALLOW_UNAUTHENTICATED',
    );
  });

  it('refuses other values than true and false', () => {
    expect(problemsOf({ TEAMS_ALLOW_UNAUTHENTICATED: 'yes' })).toEqual({
      TEAMS_ALLOW_UNAUTHENTICATED: 'must be true or false',
    });
  });

  it('needs a password for MultiTenant and SingleTenant', () => {
    expect(problemsOf({ MICROSOFT_APP_ID: 'app-id' })).toHaveProperty('MICROSOFT_APP_PASSWORD');
  });

  it('needs a tenant for SingleTenant', () => {
    expect(problemsOf({ ...teams, MICROSOFT_APP_TYPE: 'SingleTenant' })).toHaveProperty('MICROSOFT_APP_TENANT_ID');
    expect(loadConfig({ ...teams, MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: 't' }).teams).toMatchObject({
      appType: 'SingleTenant',
      tenantId: 't',
    });
  });

  it('takes a user-assigned managed identity with a tenant and without a password', () => {
    const msi = { MICROSOFT_APP_ID: 'client-id', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't' };
    expect(loadConfig(msi).teams).toMatchObject({ appType: 'UserAssignedMSI', appPassword: undefined });
    expect(problemsOf({ ...msi, MICROSOFT_APP_PASSWORD: 'pw' })).toHaveProperty('MICROSOFT_APP_PASSWORD');
    expect(problemsOf({ ...msi, MICROSOFT_APP_TENANT_ID: '' })).toHaveProperty('MICROSOFT_APP_TENANT_ID');
  });

  it('accepts the app type in any letter case', () => {
    expect(loadConfig({ ...teams, MICROSOFT_APP_TYPE: 'multitenant' }).teams?.appType).toBe('MultiTenant');
  });

  it('refuses an unknown app type', () => {
    expect(problemsOf({ ...teams, MICROSOFT_APP_TYPE: 'Global' })).toHaveProperty('MICROSOFT_APP_TYPE');
  });

  it('refuses a password or tenant without an app id', () => {
    expect(problemsOf({ MICROSOFT_APP_PASSWORD: 'pw' })).toHaveProperty('MICROSOFT_APP_ID');
    expect(problemsOf({ MICROSOFT_APP_TENANT_ID: 't' })).toHaveProperty('MICROSOFT_APP_ID');
  });
});

describe('ConfigError', () => {
  it('lists every problem by variable name at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      PUBLIC_URL: 'not a url',
      REDIS_URL: 'http://cache',
      LOG_LEVEL: 'loud',
      RETENTION_DAYS: '0',
      SLACK_BOT_TOKEN: 'xoxb-1',
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      NODE_ENV: 'production',
    });
    expect(Object.keys(problems).sort()).toEqual([
      'LOG_LEVEL',
      'PORT',
      'PUBLIC_URL',
      'REDIS_URL',
      'RETENTION_DAYS',
      'SLACK_SIGNING_SECRET',
      'TEAMS_ALLOW_UNAUTHENTICATED',
    ]);
  });

  it('names the variables in its message but never their values', () => {
    const secret = 'super-secret-password';
    try {
      loadConfig({ PORT: '99999', MICROSOFT_APP_PASSWORD: secret });
      expect.unreachable();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('MICROSOFT_APP_ID');
      expect(message).not.toContain(secret);
      expect(message).not.toContain('99999');
    }
  });

  it('refuses ports and retention periods out of range', () => {
    expect(problemsOf({ PORT: '70000' })).toHaveProperty('PORT');
    expect(problemsOf({ PORT: '-1' })).toHaveProperty('PORT');
    expect(problemsOf({ RETENTION_DAYS: '1.5' })).toHaveProperty('RETENTION_DAYS');
  });
});

describe('.env files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'brobygger-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('parses KEY=VALUE lines with comments, export and quotes, as node --env-file does', () => {
    expect(
      parseDotEnv(
        [
          '# a comment',
          '',
          'PORT=8080',
          'export LOG_LEVEL=debug',
          'SPACED = value with spaces  ',
          'EMPTY=',
          'INLINE=abc # trailing comment',
          'DOUBLE="two words # not a comment"',
          "SINGLE='it\\n stays'",
          'ESCAPED="line1\\nline2"',
          'WINDOWS=crlf\r',
        ].join('\n'),
      ),
    ).toEqual({
      PORT: '8080',
      LOG_LEVEL: 'debug',
      SPACED: 'value with spaces',
      EMPTY: '',
      INLINE: 'abc',
      DOUBLE: 'two words # not a comment',
      SINGLE: 'it\\n stays',
      ESCAPED: 'line1\nline2',
      WINDOWS: 'crlf',
    });
  });

  it('fills in unset variables and never overrides the real environment', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'PORT=8080\nLOG_LEVEL=debug\nSLACK_BOT_TOKEN=from-file\n');
    const env: Record<string, string | undefined> = { PORT: '9000', SLACK_BOT_TOKEN: '' };
    expect(loadDotEnv(file, env).sort()).toEqual(['LOG_LEVEL']);
    expect(env).toEqual({ PORT: '9000', LOG_LEVEL: 'debug', SLACK_BOT_TOKEN: '' });
  });

  it('does nothing when the file is missing', () => {
    const env: Record<string, string | undefined> = {};
    expect(loadDotEnv(join(dir, 'missing.env'), env)).toEqual([]);
    expect(env).toEqual({});
  });

  it('ships a .env.example that documents every variable and starts with the defaults', () => {
    const example = parseDotEnv(readFileSync(new URL('../../.env.example', import.meta.url), 'utf8'));
    expect(Object.keys(example).sort()).toEqual([...ENV_VARIABLES].sort());
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });
});
