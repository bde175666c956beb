import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { digestDeliveryId, type DigestDeliveryJob } from '../../src/core/deliveries.js';
import type { DeliveryAttempt } from '../../src/core/delivery.js';
import type { DigestFigures, DigestQuery, DigestSource } from '../../src/core/digest/report.js';
import { DeliveryError } from '../../src/core/ports.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { digestProcessor, fanOutDigests, sendDigest, type DigestWorkflowDeps } from '../../workflows/digest.js';
import { processMetrics } from '../../workflows/metrics.js';
import { createRecordingMessenger } from '../support/recording-messenger.js';

const directory = loadDirectoryOrThrow();

/** Figures with nothing in them, shaped like the store's answer. */
const emptySource: DigestSource = {
  async figures(query: DigestQuery): Promise<DigestFigures> {
    return {
      weeks: query.weeks.map((w) => ({
        week: w.label,
        raised: 0,
        acknowledged: 0,
        resolved: 0,
        open: 0,
        withinSla: { within: 0, of: 0, share: null },
        timeToAcknowledge: { count: 0, medianMinutes: null, p90Minutes: null },
        timeToResolve: { count: 0, medianMinutes: null, p90Minutes: null },
      })),
      byCategory: [],
      byDistrict: [],
      byAssociation: [],
      byTeam: [],
      escalations: [],
      oldestOpen: [],
      outcomes: [],
    };
  },
};

function deps(overrides: Partial<DigestWorkflowDeps> = {}) {
  const owed: DigestDeliveryJob[] = [];
  const ids = new Set<string>();
  let kicks = 0;
  const d: DigestWorkflowDeps = {
    directory,
    digests: emptySource,
    messengers: { slack: createRecordingMessenger('slack'), teams: createRecordingMessenger('teams') },
    conversations: { getConversationRef: async () => null },
    // Like the table: a repeated id is ignored.
    deliveries: {
      oweDigests: async (jobs) => jobs.filter((j) => !ids.has(digestDeliveryId(j)) && ids.add(digestDeliveryId(j)) && owed.push(j)).length,
    },
    kick: () => void (kicks += 1),
    clock: { now: () => new Date('2026-03-09T06:30:00Z') },
    ...overrides,
  };
  return { deps: d, owed, kicks: () => kicks };
}

const TORBEN: DigestDeliveryJob = { kind: 'digest', week: '2026-W10', platform: 'slack', userId: 'U0FU872VN5G' };

describe('digest fan-out and delivery', () => {
  it('owes one digest per manager for the week before the firing, once however often it fires', async () => {
    const { deps: d, owed, kicks } = deps();
    let refreshed = 0;
    d.beforeFanOut = async () => (refreshed += 1);
    // Monday 9 March 2026, 07:30 in Copenhagen.
    expect(await fanOutDigests(d, new Date('2026-03-09T06:30:00Z'))).toBe(11);
    expect(await fanOutDigests(d, new Date('2026-03-09T06:31:00Z'))).toBe(0);
    expect(refreshed).toBe(2);
    expect(kicks()).toBe(1);
    expect(owed.every((j) => j.kind === 'digest' && j.week === '2026-W10')).toBe(true);
    expect(owed.map(digestDeliveryId)).toContain('digest-2026-W10-slack-U0FU872VN5G');
    expect(new Set(owed.map(digestDeliveryId)).size).toBe(11);
    expect(digestDeliveryId({ week: '2026-W10', platform: 'teams', userId: '29:1abc-def' })).toBe('digest-2026-W10-teams-29_1abc-def');
  });

  it('owes a per-manager job an earlier version left in Redis as a delivery', async () => {
    const { deps: d, owed } = deps();
    const job = { name: 'deliver', data: { week: '2026-W10', platform: 'slack', userId: 'U0FU872VN5G' } } as unknown as Job;
    expect(await digestProcessor(d)(job)).toBe(1);
    expect(owed).toEqual([TORBEN]);
  });

  it('sends nothing to someone who is no longer a manager', async () => {
    const { deps: d } = deps();
    expect(await sendDigest(d, { ...TORBEN, userId: 'U0PG4KAPUT7' })).toBe('skipped');
  });

  it('does not send a digest a week after its week ended: the next one is owed by then', async () => {
    const slack = createRecordingMessenger('slack');
    // Week 10 of 2026 ends Monday 9 March at midnight in Copenhagen.
    const { deps: d } = deps({ messengers: { slack }, clock: { now: () => new Date('2026-03-15T22:59:00Z') } });
    expect(await sendDigest(d, TORBEN)).toBe('sent');
    d.clock = { now: () => new Date('2026-03-15T23:01:00Z') };
    expect(await sendDigest(d, TORBEN)).toBe('skipped');
    expect(slack.sent()).toHaveLength(1);
  });

  it('waits when the platform is not configured', async () => {
    const { deps: d } = deps({ messengers: {} });
    const attempt: DeliveryAttempt = { platform: null, ref: null };
    const error = await sendDigest(d, TORBEN, attempt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ disposition: 'wait', reason: 'platform_off' });
    expect(attempt.platform).toBe('slack');
  });

  it("sends the digest to the manager's DM and keeps the message reference", async () => {
    const slack = createRecordingMessenger('slack');
    const { deps: d } = deps({ messengers: { slack } });
    const attempt: DeliveryAttempt = { platform: null, ref: null };
    expect(await sendDigest(d, TORBEN, attempt)).toBe('sent');
    expect(slack.sent()[0]?.target).toEqual({ platform: 'slack', kind: 'user', userId: 'U0FU872VN5G' });
    expect(attempt).toMatchObject({ platform: 'slack', ref: { platform: 'slack' } });
  });
});

describe('metrics jobs', () => {
  it('records one concern per job and sweeps on the schedule', async () => {
    const calls: string[] = [];
    const recorder = {
      record: async (id: string) => (calls.push(`record ${id}`), true),
      refreshStale: async (limit?: number) => (calls.push(`sweep ${limit}`), 3),
    };
    expect(await processMetrics('metrics', { concernId: 'c1' }, { recorder })).toBe(1);
    expect(await processMetrics('sweep', {}, { recorder })).toBe(3);
    expect(calls).toEqual(['record c1', 'sweep 5000']);
    await expect(processMetrics('metrics', {}, { recorder })).rejects.toThrow();
  });
});
