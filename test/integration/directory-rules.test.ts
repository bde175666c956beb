/**
 * The directory's clocks in the running service. Quiet hours (real Redis, BullMQ and PGlite; recording messengers for the
 * platforms): a normal concern raised on the Saturday of the Easter weekend reaches the team's
 * channel at the next opening, Tuesday 08:00 — an acute one at once. Driven by a controllable
 * clock: the held card's delay is measured against it, and the test moves the clock to the
 * opening and lets BullMQ promote the job, instead of waiting three days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/core/identity.js';
import { deliveryJobId } from '../../src/core/deliveries.js';
import { at } from '../support/calendar.js';
import { createRecordingMessenger, messageText, type RecordingMessenger } from '../support/recording-messenger.js';
import { startTestService, type TestService } from '../support/service.js';

const JENS = { platform: 'slack' as const, userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', workspaceId: 'T0UQ7C1X54X', locale: 'da-DK' };

describe('quiet hours and the eviction clock', () => {
  let service: TestService;
  let teams: RecordingMessenger;
  let jens: Identity;
  let now = at('2026-04-04 21:00'); // Saturday; Monday 6 April is 2. påskedag.

  beforeAll(async () => {
    teams = createRecordingMessenger('teams');
    service = await startTestService({ messengers: { slack: createRecordingMessenger('slack'), teams }, clock: { now: () => now } });
    jens = service.core.identify(JENS)!;
  });
  afterAll(async () => {
    await service?.stop();
  });

  const form = (urgency: string, description: string) => ({
    category: 'homelessness', departmentId: 'havnegaarden', address: 'Havnegade 12', urgency, description, residentKnows: 'no',
  });
  const channelCard = (ref: string) => teams.sent().find((r) => r.target?.kind === 'channel' && messageText(r.message).includes(ref));

  it('holds a normal concern raised at the weekend until the team opens, and sends an acute one at once', async () => {
    const held = await service.core.submitIntake(jens, form('normal', 'En mand sover i opgangen'), 'quiet:1');
    if (held.kind !== 'created') throw new Error(held.kind);
    expect(messageText(held.reply)).toContain('Teamet ser bekymringen, når de åbner tirsdag d. 7. april kl. 08:00.');

    const queue = service.workflows.queues.notify;
    // The team card is a delivery row due at the opening; its job waits in the queue until then.
    const jobId = deliveryJobId(`notify-${held.concern.id}-team_card-1-bolig-indgang`);
    const job = await service.waitFor(async () => ((await (await queue.getJob(jobId))?.isDelayed()) ? queue.getJob(jobId) : undefined));
    const opening = at('2026-04-07 08:00').getTime() - now.getTime();
    expect(job.delay).toBeGreaterThanOrEqual(opening);
    expect(job.delay).toBeLessThan(opening + 30_000);

    const acute = await service.core.submitIntake(jens, form('acute', 'Der lugter af gas i opgangen'), 'quiet:2');
    if (acute.kind !== 'created') throw new Error(acute.kind);
    await service.waitFor(() => channelCard(acute.concern.ref));
    expect(channelCard(held.concern.ref)).toBeUndefined();

    // Tuesday after Easter, the opening: BullMQ promotes the held job when its delay has run out.
    now = at('2026-04-07 08:00');
    await job.promote();
    const card = await service.waitFor(() => channelCard(held.concern.ref));
    expect(messageText(card.message)).toContain('Oprettet lørdag d. 4. april kl. 21:00, uden for åbningstid');
    expect(messageText((await service.waitFor(() => channelCard(acute.concern.ref))).message)).not.toContain('uden for åbningstid');
  });

  it('shows the last day to pay after a rent demand, and makes the concern high when it is close', async () => {
    now = at('2026-11-30 10:00'); // Monday, open
    const demand = { ...form('low', 'Beboeren har fået påkrav og kan ikke betale'), category: 'eviction_risk', rentDemandDate: '2026-11-20' };
    const result = await service.core.submitIntake(jens, demand, 'eviction:1');
    if (result.kind !== 'created') throw new Error(result.kind);
    // 14 days after 20 November: Friday 4 December, 4 days away, so low becomes high.
    expect(result.concern).toMatchObject({ urgency: 'high', rentDemandDate: '2026-11-20' });
    const reply = messageText(result.reply);
    expect(reply).toContain('Sidste frist for betaling efter påkravet: fredag den 4. december 2026.');
    expect(reply).toContain('Hastegraden er sat til mindst Høj');
    const card = await service.waitFor(() => channelCard(result.concern.ref));
    expect(messageText(card.message)).toContain('fredag den 4. december 2026 – 4 dage tilbage');

    const later = await service.core.submitIntake(jens, { ...demand, rentDemandDate: '2026-11-27' }, 'eviction:2');
    expect(later.kind === 'created' && later.concern.urgency).toBe('low');
    const future = await service.core.submitIntake(jens, { ...demand, rentDemandDate: '2026-12-01' }, 'eviction:3');
    expect(future).toEqual({ kind: 'invalid', fieldErrors: { rentDemandDate: 'Påkravet kan ikke være dateret senere end i dag' } });
  });
});
