/**
 * Cards never stale: random sequences of actions on a concern (fast-check, fixed seed, bounded),
 * and once every delivery has finished, the last version of the card on every surface it was
 * posted to is the card rendered from the concern's stored state. Real Redis, real database.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConcernAction } from '../../src/core/api.js';
import type { Identity } from '../../src/core/identity.js';
import { renderTeamCard } from '../../src/core/render.js';
import { createRecordingMessenger, messageText, type Recorded, type RecordingMessenger } from '../support/recording-messenger.js';
import { startTestService, type TestService } from '../support/service.js';

const JENS = { platform: 'slack' as const, userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', workspaceId: 'T0UQ7C1X54X' };
const JONAS = { platform: 'teams' as const, userId: '4fe33ae6-dcd5-45fa-8d83-f25f798ce1d4', name: 'Jonas Holm' };
const KASPER = { platform: 'slack' as const, userId: 'U0KGWP8NBE3', name: 'Kasper Bundgaard', workspaceId: 'T0UQ7C1X54X' };

type Who = 'reporter' | 'responder' | 'ssp';
const STEPS: { who: Who; action: ConcernAction }[] = [
  { who: 'responder', action: { type: 'ack' } },
  { who: 'responder', action: { type: 'reply', text: 'Vi kigger på det i dag.' } },
  { who: 'responder', action: { type: 'note', text: 'Kendt fra tidligere.' } },
  { who: 'reporter', action: { type: 'add_info', text: 'Han er der igen i aften.' } },
  { who: 'responder', action: { type: 'reassign', teamId: 'ssp', reason: 'Det drejer sig om unge' } },
  { who: 'ssp', action: { type: 'ack' } },
  { who: 'ssp', action: { type: 'resolve', outcome: 'Henvist til gadeplan' } },
  { who: 'reporter', action: { type: 'withdraw' } },
];

describe('every copy of a card shows the stored state after any sequence of changes', () => {
  let service: TestService;
  let slack: RecordingMessenger;
  let teams: RecordingMessenger;
  let people: Record<Who, Identity>;

  beforeAll(async () => {
    slack = createRecordingMessenger('slack');
    teams = createRecordingMessenger('teams');
    service = await startTestService({ messengers: { slack, teams } });
    people = { reporter: service.core.identify(JENS)!, responder: service.core.identify(JONAS)!, ssp: service.core.identify(KASPER)! };
  });
  afterAll(async () => {
    await service?.stop();
  });

  /** Every delivery of the concern finished and no notify job left (card refreshes run inside the job). */
  async function settled(concernId: string) {
    const [row] = await service.database.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries WHERE concern_id = $1 AND state IN ('pending', 'waiting')`,
      [concernId],
    );
    const jobs = await service.workflows.queues.notify.getJobCounts('waiting', 'active', 'delayed');
    const outbox = await service.store.pendingEffects(1000);
    return row?.n === 0 && (jobs.waiting ?? 0) + (jobs.active ?? 0) + (jobs.delayed ?? 0) === 0 && !outbox.some((e) => e.jobId.includes(concernId));
  }

  it('holds for random sequences (seed 20261203)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: STEPS.length - 1 }), { minLength: 1, maxLength: 6 }), async (picks) => {
        const raised = await service.core.submitIntake(people.reporter, {
          category: 'homelessness',
          departmentId: 'havnegaarden',
          address: 'Havnegade 12',
          urgency: 'normal',
          description: `Sekvens ${picks.join(',')}`,
          residentKnows: 'no',
        });
        if (raised.kind !== 'created') throw new Error(raised.kind);
        const concernId = raised.concern.id;
        // Actions follow each other as fast as people could click, without waiting for deliveries.
        for (const pick of picks) await service.core.act(people[STEPS[pick]!.who], concernId, STEPS[pick]!.action);
        await service.waitFor(() => settled(concernId), { timeoutMs: 30_000 });

        const concern = (await service.store.getConcern(concernId))!;
        const events = await service.store.listEvents(concernId);
        const copies = await service.store.listMessageRefs(concernId, 'team_card');
        expect(copies.length).toBeGreaterThanOrEqual(1);
        const records: Recorded[] = [...slack.records, ...teams.records];
        for (const { targetKey, ref } of copies) {
          const shown = records.filter((r) => r.ref.platform === ref.platform && JSON.stringify(r.ref.ref) === JSON.stringify(ref.ref)).at(-1);
          expect(shown, `copy for ${targetKey}`).toBeDefined();
          expect(messageText(shown!.message)).toBe(messageText(renderTeamCard(service.core.context, concern, events, targetKey)));
        }
      }),
      { seed: 20261203, numRuns: 12 },
    );
  }, 300_000);
});
