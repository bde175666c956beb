/**
 * The directory's clocks in the running service. Quiet hours (real Redis, BullMQ and PGlite; recording messengers for the
 * platforms): normal concerns raised over the Easter weekend reach the team's channel at the next
 * opening, Tuesday 08:00, in one release, oldest first — an acute one at once. Driven by a
 * controllable clock: the release's delay is measured against it, and the test moves the clock
 * to the opening and lets BullMQ promote the job, instead of waiting three days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/core/identity.js';
import { deliveryJobId, releaseJobId } from '../../src/core/deliveries.js';
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

  it('holds normal concerns raised over Easter until the team opens, then delivers them in one batch, oldest first; acute at once', async () => {
    const raise = async (local: string, urgency: string, description: string, key: string) => {
      now = at(local);
      const result = await service.core.submitIntake(jens, form(urgency, description), key);
      if (result.kind !== 'created') throw new Error(result.kind);
      return result;
    };
    const first = await raise('2026-04-04 21:00', 'normal', 'En mand sover i opgangen', 'quiet:1');
    expect(messageText(first.reply)).toContain('Teamet ser bekymringen, når de åbner tirsdag d. 7. april kl. 08:00.');
    const second = await raise('2026-04-05 10:15', 'low', 'Der ligger sovepose og tæpper i kælderen', 'quiet:2');
    const third = await raise('2026-04-06 14:30', 'high', 'Beboer er sat ud og sover i bilen på p-pladsen', 'quiet:3');
    const held = [first, second, third].map((r) => r.concern);

    // The three held cards are one job: the release of bolig-indgang at Tuesday's opening.
    const opening = at('2026-04-07 08:00');
    const queue = service.workflows.queues.notify;
    const jobId = releaseJobId({ teamId: 'bolig-indgang', releaseAt: opening.getTime() });
    const job = await service.waitFor(async () => ((await (await queue.getJob(jobId))?.isDelayed()) ? queue.getJob(jobId) : undefined));
    expect(job.data).toEqual({ release: { teamId: 'bolig-indgang', releaseAt: opening.getTime() } });
    // Its delay runs out at the opening on the service's clock (measured when it was handed over).
    expect(job.delay).toBeGreaterThan(opening.getTime() - at('2026-04-06 14:30').getTime() - 1);
    expect(job.delay).toBeLessThanOrEqual(opening.getTime() - at('2026-04-04 21:00').getTime());
    for (const c of held) expect(await queue.getJob(deliveryJobId(`notify-${c.id}-team_card-1-bolig-indgang`))).toBeUndefined();

    const acute = await raise('2026-04-06 15:00', 'acute', 'Der lugter af gas i opgangen', 'quiet:4');
    await service.waitFor(() => channelCard(acute.concern.ref));
    for (const c of held) expect(channelCard(c.ref)).toBeUndefined();

    // Redis loses the release; the reconciler re-creates it from the rows, due at the opening on the service's clock.
    await job.remove();
    expect(await service.workflows.reconciler!.runOnce()).toBeGreaterThanOrEqual(held.length);
    const restored = (await queue.getJob(jobId))!;
    expect(await restored.isDelayed()).toBe(true);
    expect(restored.delay).toBe(opening.getTime() - now.getTime());

    // Tuesday after Easter, the opening: BullMQ promotes the release when its delay has run out.
    now = opening;
    await restored.promote();
    await service.waitFor(() => held.every((c) => channelCard(c.ref)));
    const order = teams.sent().filter((r) => r.target?.kind === 'channel' && held.some((c) => messageText(r.message).includes(c.ref)));
    expect(order.map((r) => held.find((c) => messageText(r.message).includes(c.ref))!.ref)).toEqual(held.map((c) => c.ref));
    expect(messageText(channelCard(first.concern.ref)!.message)).toContain('Oprettet lørdag d. 4. april kl. 21:00, uden for åbningstid');
    expect(messageText(channelCard(second.concern.ref)!.message)).toContain('Oprettet søndag d. 5. april kl. 10:15, uden for åbningstid');
    expect(messageText(channelCard(third.concern.ref)!.message)).toContain('Oprettet i går kl. 14:30, uden for åbningstid');
    expect(messageText(channelCard(acute.concern.ref)!.message)).not.toContain('uden for åbningstid');
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
