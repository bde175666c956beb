/**
 * A release of cards held for quiet hours (workflows/notify.ts): delivered one after the other in
 * the order the store gives (oldest concern first); a card to retry soon stops the release so
 * the ones after it keep their place; a card that waits for an administrator does not hold back
 * the rest. Also: every held card of one team and opening maps to one job.
 */
import { describe, expect, it } from 'vitest';
import type { Delivery, DeliveryOutcome, DeliveryStore, ReleaseRow } from '../../src/core/deliveries.js';
import type { NotifyJob } from '../../src/core/effects.js';
import { DeliveryError } from '../../src/core/ports.js';
import type { WorkflowSteps } from '../../src/core/service.js';
import { notifyJobFor, processRelease, type NotifyDeps } from '../../workflows/notify.js';

const release = { teamId: 'bolig-indgang', releaseAt: Date.parse('2026-04-07T06:00:00Z') };
/** A card of the release not yet tried. */
const fresh = (id: string): ReleaseRow => ({ id, state: 'pending', attempts: 0, dueAt: new Date(release.releaseAt) });

function fakeDeps(ids: string[], failures: Record<string, DeliveryError> = {}) {
  const sent: string[] = [];
  const outcomes: Record<string, DeliveryOutcome['state']> = {};
  const row = (id: string): Delivery => ({
    id, concernId: id, job: { concernId: id, kind: 'team_card', seq: 1, teamId: release.teamId, releaseAt: release.releaseAt },
    state: 'pending', platform: null, reason: null, attempts: 0, dueAt: new Date(release.releaseAt), messageRef: null,
    createdAt: new Date(), updatedAt: new Date(),
  });
  const deliveries = {
    getDelivery: async (id: string) => row(id),
    recordDeliveryOutcome: async (id: string, outcome: DeliveryOutcome) => {
      outcomes[id] = outcome.state;
    },
    releaseDeliveries: async () => ids.map(fresh),
  } as unknown as DeliveryStore;
  const steps = {
    deliver: async (_messengers: unknown, job: NotifyJob) => {
      const failure = failures[job.concernId];
      if (failure) throw failure;
      sent.push(job.concernId);
      return 'sent' as const;
    },
    refreshCards: async () => undefined,
  } as unknown as WorkflowSteps;
  const deps: NotifyDeps = { steps, messengers: {}, deliveries };
  return { deps, sent, outcomes };
}

describe('a release of held team cards', () => {
  it('delivers the cards in the order given, one after the other', async () => {
    const { deps, sent } = fakeDeps(['friday', 'saturday', 'sunday']);
    expect(await processRelease({ release }, deps)).toEqual({ delivered: 3 });
    expect(sent).toEqual(['friday', 'saturday', 'sunday']);
  });

  it('stops at a card to retry soon, so the later ones wait behind it', async () => {
    const { deps, sent, outcomes } = fakeDeps(['friday', 'saturday', 'sunday'], { saturday: new DeliveryError('rate_limited', '429', 3_000) });
    const result = await processRelease({ release }, deps);
    expect(result.delivered).toBe(1);
    expect(result.retryAt).toBeInstanceOf(Date);
    expect(sent).toEqual(['friday']);
    expect(outcomes).toEqual({ friday: 'delivered', saturday: 'pending' });
  });

  it('also delivers a card that joined the release while it ran', async () => {
    const { deps, sent } = fakeDeps(['friday', 'saturday']);
    const passes = [['friday', 'saturday'], ['friday', 'saturday', 'late'], ['friday', 'saturday', 'late']];
    deps.deliveries.releaseDeliveries = async () => (passes.shift() ?? []).map(fresh);
    expect(await processRelease({ release }, deps)).toEqual({ delivered: 3 });
    expect(sent).toEqual(['friday', 'saturday', 'late']);
  });

  it('waits behind a card resting before its retry, and passes over one resting for an administrator', async () => {
    const retryAt = new Date(Date.now() + 60_000);
    const resting = (id: string, state: 'pending' | 'waiting'): ReleaseRow => ({ id, state, attempts: 1, dueAt: retryAt });
    const first = fakeDeps([]);
    first.deps.deliveries.releaseDeliveries = async () => [resting('friday', 'pending'), fresh('saturday')];
    expect(await processRelease({ release }, first.deps)).toEqual({ delivered: 0, retryAt });
    expect(first.sent).toEqual([]);
    const second = fakeDeps([]);
    second.deps.deliveries.releaseDeliveries = async () => [resting('friday', 'waiting'), fresh('saturday')];
    expect(await processRelease({ release }, second.deps)).toEqual({ delivered: 1 });
    expect(second.sent).toEqual(['saturday']);
  });

  it('goes on past a card that waits for an administrator', async () => {
    const { deps, sent, outcomes } = fakeDeps(['friday', 'saturday', 'sunday'], { saturday: new DeliveryError('permission', 'not in channel') });
    expect(await processRelease({ release }, deps)).toEqual({ delivered: 2 });
    expect(sent).toEqual(['friday', 'sunday']);
    expect(outcomes.saturday).toBe('waiting');
  });

  it('is one job for every held card of the team and opening, due at the opening', () => {
    const now = release.releaseAt - 60_000;
    const jobs = ['a', 'b'].map((id) => notifyJobFor({ id, dueAt: new Date(release.releaseAt), release }, now));
    expect(new Set(jobs.map((j) => j.opts.jobId))).toEqual(new Set([`release-bolig-indgang-${release.releaseAt}`]));
    expect(jobs[0]).toMatchObject({ name: 'release', data: { release }, opts: { delay: 60_000 } });
    expect(notifyJobFor({ id: 'c', dueAt: null, release: null }, now)).toMatchObject({ name: 'deliver', data: { deliveryId: 'c' }, opts: { jobId: 'delivery-c', delay: 0 } });
  });
});
