/**
 * Bot Framework authentication with real signed tokens: the service's Teams endpoints point at a
 * local OpenID configuration and JWKS (MICROSOFT_OPENID_METADATA_URL, MICROSOFT_TOKEN_ISSUER), and
 * tokens are signed with jose. A valid token is accepted; every kind of bad token gets 401, one
 * structured warning line, no stack trace on stderr, and nothing is stored.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeBotConnector, type FakeBotConnector } from '../fakes/bot-connector.js';
import { sampleDirectoryWithTeamsAt } from '../support/directories.js';
import { startBotFrameworkIssuer, type BotFrameworkIssuer, type TokenOptions } from '../support/bot-framework-issuer.js';
import { startTestService, type TestService } from '../support/service.js';
import { teamInstall, type TeamsPerson } from '../support/teams-activities.js';

const APP_ID = '6a0a8e43-4f0c-4d52-a3a6-1b3f0c1e2d9a';
const LARS: TeamsPerson = { aadObjectId: '3033cc50-64d9-402a-9710-196e4de65a07', name: 'Lars Jakobsen' };
const CHANNEL = '19:a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6@thread.tacv2';

describe('Teams authentication against a local Bot Framework key server', () => {
  let connector: FakeBotConnector;
  let issuer: BotFrameworkIssuer;
  let service: TestService;
  const lines: Array<Record<string, unknown>> = [];
  let tenantCounter = 0;

  beforeAll(async () => {
    connector = await startFakeBotConnector();
    issuer = await startBotFrameworkIssuer({ audience: APP_ID, serviceUrl: connector.serviceUrl, secret: 'not-used-by-these-tests', tenants: ['tenant-kommune'] });
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    service = await startTestService({
      directory: sampleDirectoryWithTeamsAt(connector.serviceUrl),
      logger: pino({ level: 'warn' }, sink),
      env: {
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: 'not-used-by-these-tests',
        MICROSOFT_APP_TENANT_ID: 'tenant-kommune',
        MICROSOFT_OPENID_METADATA_URL: issuer.openIdMetadataUrl,
        MICROSOFT_TOKEN_ISSUER: 'https://api.botframework.com',
        MICROSOFT_LOGIN_URL: issuer.loginUrl,
      },
    });
  });

  afterAll(async () => {
    await service?.stop();
    await issuer?.stop();
    await connector?.close();
  });

  /** A team install by a known caretaker: accepted, it stores the tenant's service hint and sends nothing. */
  async function send(authorization: string | undefined) {
    const tenantId = `tenant-auth-${(tenantCounter += 1)}`;
    const activity = teamInstall({ serviceUrl: connector.serviceUrl, tenantId, user: LARS, channelId: CHANNEL });
    const response = await fetch(`${service.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });
    const stored = await service.store.getConversationRef('teams', `~service:${tenantId}`);
    return { status: response.status, stored };
  }

  it('accepts a token signed by the published key for this bot and this service URL', async () => {
    const { status, stored } = await send(`Bearer ${await issuer.token({})}`);
    expect(status).toBe(200);
    expect(stored).toMatchObject({ serviceUrl: connector.serviceUrl });
  });

  const now = () => Math.floor(Date.now() / 1000);
  const bad: Array<[string, () => Promise<string | undefined>]> = [
    ['no Authorization header', async () => undefined],
    ['a header that is not a bearer token', async () => 'Basic YWRtaW46YWRtaW4='],
    ['a bearer token that is not a JWT', async () => 'Bearer not.a.jwt'],
    ['another bot\'s audience', async () => `Bearer ${await issuer.token({ audience: '00000000-0000-0000-0000-000000000000' })}`],
    ['another issuer', async () => `Bearer ${await issuer.token({ issuer: 'https://evil.example' })}`],
    ['an expired token', async () => `Bearer ${await issuer.token({ expiresAt: now() - 3600, notBefore: now() - 7200 })}`],
    ['a token not yet valid', async () => `Bearer ${await issuer.token({ notBefore: now() + 3600, expiresAt: now() + 7200 })}`],
    ['alg none', async () => `Bearer ${issuer.unsignedToken({})}`],
    ['HS256 (a shared secret instead of the key)', async () => `Bearer ${await issuer.token({ alg: 'HS256' })}`],
    ['PS256 (an algorithm Bot Framework does not use)', async () => `Bearer ${await issuer.token({ alg: 'PS256' })}`],
    ['a key the JWKS does not publish', async () => `Bearer ${await issuer.token({ foreignKey: true })}`],
    ['an unknown key id', async () => `Bearer ${await issuer.token({ kid: 'someone-elses-key' })}`],
    ['another service URL', async () => `Bearer ${await issuer.token({ serviceUrl: 'https://smba.evil.example/teams/' })}`],
  ];

  it.each(bad)('refuses %s with 401, one warning line, no stack trace, and stores nothing', async (_name, token) => {
    const authorization = await token();
    const stderr = vi.spyOn(process.stderr, 'write');
    const consoleError = vi.spyOn(console, 'error');
    const before = lines.length;
    try {
      const { status, stored } = await send(authorization);
      expect(status).toBe(401);
      expect(stored).toBeNull();
      const added = lines.slice(before);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({ level: 40, component: 'teams', msg: 'Teams request refused: invalid Bot Framework token' });
      expect(added[0]).not.toHaveProperty('err');
      expect(stderr).not.toHaveBeenCalled();
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
      consoleError.mockRestore();
    }
  });

  it('answers 400 before authentication for bodies that are no activity at all', async () => {
    for (const body of ['{}', '{"type":null}', '{"type":123}', '[]', 'null', '"text"', '{"type":"message"}']) {
      const response = await fetch(`${service.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await issuer.token({} satisfies TokenOptions)}` },
        body,
      });
      expect(response.status, body).toBe(400);
    }
  });
});
