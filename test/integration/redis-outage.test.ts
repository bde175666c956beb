/**
 * "Nothing may be lost": a concern raised while Redis is down is committed in the database and
 * routed once Redis is back. That it happens within seconds (not after BullMQ's default backoff
 * of up to 20 s) is the reconnection strategy's job, unit-tested in test/unit/redis-reconnect.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedis } from '../../src/app/redis-server.js';
import { createRecordingMessenger, messageText } from '../support/recording-messenger.js';
import { startTestRedis, startTestService, type TestService } from '../support/service.js';

describe('Redis outage', () => {
  let service: TestService;
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  const teams = createRecordingMessenger('teams');
  const slack = createRecordingMessenger('slack');

  beforeAll(async () => {
    redis = await startTestRedis();
    service = await startTestService({ redis, messengers: { teams, slack } });
  });
  afterAll(async () => {
    await service?.stop();
    await redis?.stop();
  });

  it('routes a concern created while Redis was down once Redis is back', async () => {
    const reporter = service.core.identify({ platform: 'slack', userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', workspaceId: 'T0UQ7C1X54X' })!;
    await redis.stop();

    const result = await service.core.submitIntake(reporter, {
      category: 'homelessness',
      departmentId: 'havnegaarden',
      address: 'Havnegade 12',
      urgency: 'high',
      description: 'En mand sover i opgangen hver nat',
      residentKnows: 'unknown',
    });
    expect(result.kind).toBe('created');
    if (result.kind !== 'created') return;
    // Committed even though no queue could take it.
    expect((await service.store.getConcern(result.concern.id))?.ref).toBe(result.concern.ref);
    expect(teams.sent()).toHaveLength(0);

    const again = await startLocalRedis({ dataDir: redis.dataDir, port: redis.port });
    redis.stop = again.stop;
    const card = await service.waitFor(() => teams.sent().find((r) => messageText(r.message).includes(result.concern.ref)), { timeoutMs: 45_000 });
    expect(card.target).toMatchObject({ kind: 'channel', platform: 'teams' });
    expect((await service.store.getConcern(result.concern.id))?.teamId).toBe('bolig-indgang');
  }, 60_000);
});
