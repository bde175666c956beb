/**
 * `brobygger doctor` against a real Redis (the test's own), a real database and a fake Slack:
 * it names each problem with its fix and exits 1, and says "All well." with exit 0 once fixed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyEffect } from '../../src/core/effects.js';
import { runDoctor } from '../../src/cli/doctor-command.js';
import { openStore } from '../../src/store/index.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-web-api.js';
import { startTestRedis } from '../support/service.js';

const SLACK_CHANNELS = ['C0RV4FF682F', 'C0Y3HL92KUD', 'C07VZX78NFD', 'C089ARN7KTQ'];

describe('brobygger doctor', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let admin: Redis;
  let slack: FakeSlack;
  let dataDir: string;
  let env: Record<string, string>;

  async function doctor(extra: Record<string, string> = {}) {
    let out = '';
    const code = await runDoctor({ out: (text) => (out += text), err: () => undefined, env: { ...env, ...extra } });
    return { code, out };
  }

  beforeAll(async () => {
    redis = await startTestRedis();
    admin = new Redis(redis.url);
    slack = await startFakeSlack({ token: 'xoxb-test', channels: SLACK_CHANNELS.map((id) => ({ id })) });
    dataDir = mkdtempSync(join(tmpdir(), 'bb-doctor-'));
    env = {
      DATABASE_URL: `pglite:${join(dataDir, 'pg')}`,
      REDIS_URL: redis.url,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: slack.apiUrl,
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    admin?.disconnect();
    await slack?.close();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says all is well when every check passes', async () => {
    const { code, out } = await doctor();
    expect(out).toContain('✓ Redis: reachable, maxmemory-policy noeviction, persistence on');
    expect(out).toContain('✓ Delivery targets: all');
    expect(out).toContain('All well.');
    expect(code).toBe(0);
    // The first run creates the embedded database folder (initdb in a child process).
  }, 120_000);

  it('names each problem with its fix and exits 1', async () => {
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await admin.config('SET', 'appendonly', 'no');
    await admin.config('SET', 'save', '');
    slack.setChannel({ id: 'C0Y3HL92KUD', isMember: false });
    slack.setChannel({ id: 'C07VZX78NFD', isArchived: true });
    const db = await openStore(env.DATABASE_URL);
    try {
      const id = randomUUID();
      const { concern } = await db.store.createConcern(
        { id, category: 'homelessness', urgency: 'normal', associationId: 'a', departmentId: 'd', districtId: 'x', address: 'Blok 1', description: 'x', residentKnows: 'no', reporter: { platform: 'slack', userId: 'U1', name: 'Jens', organizationId: 'a', locale: 'da' }, createdAt: new Date() },
        [],
        [],
      );
      const card = notifyEffect({ concernId: id, kind: 'team_card', seq: 2, teamId: 'bolig-indgang' }, 2);
      await db.store.appendEvents(id, [], [card]);
      await db.deliveries.recordDeliveryOutcome(card.jobId, { state: 'waiting', platform: 'teams', reason: 'bot_removed', dueAt: new Date(Date.now() + 60_000) }, new Date());
      const { code, out } = await doctor({ TEAMS_ALLOW_UNAUTHENTICATED: '' });
      expect(code).toBe(1);
      expect(out).toContain('✗ Redis: maxmemory-policy is allkeys-lru');
      expect(out).toContain('fix: set maxmemory-policy noeviction');
      expect(out).toContain('✗ Redis: persistence is off');
      expect(out).toMatch(/✗ team \S+ \(Slack C0Y3HL92KUD\): the bot is not a member[^\n]*\n\s+fix: invite the bot/);
      expect(out).toMatch(/✗ team \S+ \(Slack C07VZX78NFD\): Slack channel C07VZX78NFD is archived\n\s+fix: unarchive/);
      expect(out).toMatch(/✗ team bolig-indgang \(Teams [^)]+\): Teams is off[^\n]*\n\s+fix: Teams is off: set MICROSOFT_APP_ID/);
      expect(out).toContain(`✗ delivery team_card of ${concern.ref} (Teams): waiting since`);
      expect(out).toContain('fix: add the Brobygger app to the team again in Teams');
    } finally {
      await db.sql.close();
    }
  }, 60_000);
});
