import { UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { DigestFigures, DigestQuery, DigestSource } from '../../src/core/digest/report.js';
import { DeliveryError } from '../../src/core/ports.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { deliverDigest, deliverJobId, digestProcessor, fanOutDigests, type DigestWorkflowDeps } from '../../workflows/digest.js';
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
  const added: { name: string; data: unknown; opts?: { jobId?: string } }[] = [];
  const d: DigestWorkflowDeps = {
    directory,
    digests: emptySource,
    messengers: { slack: createRecordingMessenger('slack'), teams: createRecordingMessenger('teams') },
    conversations: { getConversationRef: async () => null },
    queue: { addBulk: async (jobs) => (added.push(...(jobs as typeof added)), []) },
    clock: { now: () => new Date('2026-03-09T06:30:00Z') },
    ...overrides,
  };
  return { deps: d, added };
}

describe('digest fan-out and delivery', () => {
  it('adds one delivery per manager for the week before the firing, with ids free of colons', async () => {
    const { deps: d, added } = deps();
    let refreshed = 0;
    d.beforeFanOut = async () => (refreshed += 1);
    // Monday 9 March 2026, 07:30 in Copenhagen.
    expect(await fanOutDigests(d, new Date('2026-03-09T06:30:00Z'))).toBe(11);
    expect(refreshed).toBe(1);
    expect(added.every((j) => j.name === 'deliver' && (j.data as { week: string }).week === '2026-W10')).toBe(true);
    expect(added.map((j) => j.opts?.jobId)).toContain('digest-2026-W10-slack-U0FU872VN5G');
    expect(new Set(added.map((j) => j.opts?.jobId)).size).toBe(11);
    expect(deliverJobId({ week: '2026-W10', platform: 'teams', userId: '29:1abc-def' })).toBe('digest-2026-W10-teams-29_1abc-def');
  });

  it('sends nothing to someone who is no longer a manager', async () => {
    const { deps: d } = deps();
    expect(await deliverDigest(d, { week: '2026-W10', platform: 'slack', userId: 'U0PG4KAPUT7' })).toBe('skipped');
  });

  it('fails for good, without retrying, when the platform is not configured', async () => {
    const { deps: d } = deps({ messengers: {} });
    await expect(deliverDigest(d, { week: '2026-W10', platform: 'slack', userId: 'U0FU872VN5G' })).rejects.toBeInstanceOf(DeliveryError);
    const job = { name: 'deliver', data: { week: '2026-W10', platform: 'slack', userId: 'U0FU872VN5G' } } as unknown as Job;
    await expect(digestProcessor(d)(job)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('retries when the platform is unavailable', async () => {
    const slack = createRecordingMessenger('slack');
    slack.failNext(1, new DeliveryError('unavailable', 'Slack is down'));
    const { deps: d } = deps({ messengers: { slack } });
    const job = { name: 'deliver', data: { week: '2026-W10', platform: 'slack', userId: 'U0FU872VN5G' } } as unknown as Job;
    await expect(digestProcessor(d)(job)).rejects.toThrow('Slack is down');
    expect(await digestProcessor(d)(job)).toBe('sent');
    expect(slack.sent()[0]?.target).toEqual({ platform: 'slack', kind: 'user', userId: 'U0FU872VN5G' });
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
