/**
 * Deliveries: every message the bot owes someone is a row (DESIGN.md "Deliveries"), written in the
 * transaction of the change that owes it. The database alone decides what is owed; queue jobs
 * carry only the delivery id. This file holds the row's shape, the store port and the rule that
 * turns a send attempt into the row's next state.
 */
import { z } from 'zod';
import type { NotifyJob } from './effects.js';
import type { SentMessageRef } from './messages.js';
import { platformSchema, type Platform } from './model.js';
import { DeliveryError, type DeliveryReason } from './ports.js';

export const DELIVERY_STATES = ['pending', 'delivered', 'waiting', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** The job on the `notify` queue: nothing but the row to work on. */
export const deliveryJobSchema = z.object({ deliveryId: z.string().min(1) });
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

/** BullMQ job id of a delivery's job (ids must not contain ':'). */
export const deliveryJobId = (deliveryId: string): string => `delivery-${deliveryId}`;

/** The team cards held for one team until one opening (quiet hours): delivered as one job, oldest first. */
export const releaseSchema = z.object({ teamId: z.string().min(1), releaseAt: z.number().int() });
export type DeliveryRelease = z.infer<typeof releaseSchema>;

/** The `notify` job of a release: the team and the opening, nothing else; the rows say what is owed. */
export const releaseJobSchema = z.object({ release: releaseSchema });

/** BullMQ job id of a release: one per team and opening, whichever card asks for it first. */
export const releaseJobId = (release: DeliveryRelease): string => `release-${release.teamId}-${release.releaseAt}`;

/** An unfinished delivery of a release, with what decides whether it may go now. */
export type ReleaseRow = Pick<Delivery, 'id' | 'state' | 'attempts' | 'dueAt'>;

/** An unfinished delivery as the dispatcher and the reconciler hand it to the queue. */
export interface QueuedDelivery {
  id: string;
  dueAt: Date | null;
  /** Set for a team card held for quiet hours: the release it goes out with. */
  release: DeliveryRelease | null;
}

/**
 * The weekly digest owed to one manager for one finished ISO week (issue 18): not about a concern,
 * so the row has no concern_id. The figures and the chart are drawn when it is sent.
 */
export const digestDeliveryJobSchema = z.object({
  kind: z.literal('digest'),
  /** ISO week, e.g. 2026-W10. */
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  platform: platformSchema,
  userId: z.string().min(1),
});
export type DigestDeliveryJob = z.infer<typeof digestDeliveryJobSchema>;

/** What a delivery row can owe: a message about a concern, or a manager's weekly digest. */
export type OwedJob = NotifyJob | DigestDeliveryJob;

/**
 * Row id of a manager's digest for a week: one row per manager per week, however often the
 * weekly fan-out runs (a repeated id is ignored). No ':' (it becomes part of a BullMQ job id).
 */
export const digestDeliveryId = (job: Pick<DigestDeliveryJob, 'week' | 'platform' | 'userId'>): string =>
  ['digest', job.week, job.platform, job.userId.replace(/[^A-Za-z0-9_-]/g, '_')].join('-');

export interface Delivery {
  id: string;
  concernId: string | null;
  /** What is owed (kind, recipient, the event's seq; for a digest the week and the manager). */
  job: OwedJob;
  state: DeliveryState;
  /** The platform of the recipient, once known (the first attempt resolves it). */
  platform: Platform | null;
  reason: DeliveryReason | null;
  attempts: number;
  /** Not before this moment (quiet hours) and, once tried, the next attempt. */
  dueAt: Date | null;
  /** The platform's message reference once delivered (Slack channel+ts, Teams conversation+activity). */
  messageRef: SentMessageRef | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The next state of a delivery after one attempt. */
export type DeliveryOutcome =
  | { state: 'delivered'; platform: Platform | null; messageRef: SentMessageRef | null }
  /** Nothing to send any more (concern gone, event not found): finished without a message. */
  | { state: 'delivered'; platform: null; messageRef: null; skipped: true }
  | { state: 'pending'; platform: Platform | null; reason: DeliveryReason; dueAt: Date }
  | { state: 'waiting'; platform: Platform | null; reason: DeliveryReason; dueAt: Date }
  | { state: 'failed'; platform: Platform | null; reason: DeliveryReason };

export interface WaitingDelivery {
  id: string;
  concernId: string | null;
  concernRef: string | null;
  kind: string;
  platform: Platform | null;
  reason: DeliveryReason | null;
  attempts: number;
  since: Date;
}

export interface DeliveryCount {
  state: DeliveryState;
  platform: Platform | 'unknown';
  count: number;
}

/** What the workflows need of the database for deliveries (src/store/delivery-store.ts). */
export interface DeliveryStore {
  getDelivery(id: string): Promise<Delivery | null>;
  /**
   * Owes digests (one statement): a row per job with id digestDeliveryId(job), pending, on the
   * manager's platform; ids that exist already are left as they are. Answers how many rows are new.
   */
  oweDigests(jobs: readonly DigestDeliveryJob[]): Promise<number>;
  /** Records one attempt's outcome and appends it to the row's history; one statement. */
  recordDeliveryOutcome(id: string, outcome: DeliveryOutcome, at: Date): Promise<void>;
  /**
   * Unfinished deliveries that have no job in Redis yet (new, or waiting and due again), oldest
   * first, and marks them as handed over in the same statement. `now` decides which waiting rows are due.
   */
  takeUnqueuedDeliveries(now: Date, limit: number): Promise<QueuedDelivery[]>;
  /** Hands rows back when Redis refused the jobs, so the next pass tries again. */
  unmarkQueued(ids: string[]): Promise<void>;
  /** Unfinished deliveries that should have a job in Redis, after `afterId`, for the reconciler. */
  queuedDeliveries(afterId: string, limit: number): Promise<QueuedDelivery[]>;
  /** The unfinished deliveries of a release, in the order their concerns were raised (created_at, then id). */
  releaseDeliveries(release: DeliveryRelease): Promise<ReleaseRow[]>;
  /** Makes waiting deliveries due now (a platform signalled the fix, or start-up); returns how many. */
  releaseWaiting(platform?: Platform): Promise<number>;
  listWaiting(limit: number): Promise<WaitingDelivery[]>;
  countDeliveries(): Promise<DeliveryCount[]>;
}

/** Retry-soon backoff: 2 s doubling to at most 5 minutes (BullMQ-style exponential). */
export function retryDelayMs(attempts: number): number {
  return Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 5 * 60_000);
}

export interface OutcomeOptions {
  now: Date;
  /** Attempts made so far, this one included. */
  attempts: number;
  /** How long a waiting delivery rests before it is tried again (default 5 minutes). */
  waitingRetryMs: number;
  platform: Platform | null;
}

/** Turns a failed attempt into the delivery's next state; anything not a DeliveryError is retried. */
export function failureOutcome(error: unknown, options: OutcomeOptions): DeliveryOutcome {
  const { now, platform } = options;
  if (!(error instanceof DeliveryError)) {
    return { state: 'pending', platform, reason: 'error', dueAt: new Date(now.getTime() + retryDelayMs(options.attempts)) };
  }
  switch (error.disposition) {
    case 'retry': {
      const delay = error.retryAfterMs ?? retryDelayMs(options.attempts);
      return { state: 'pending', platform, reason: error.reason, dueAt: new Date(now.getTime() + delay) };
    }
    case 'wait':
      return { state: 'waiting', platform, reason: error.reason, dueAt: new Date(now.getTime() + options.waitingRetryMs) };
    case 'give_up':
      return { state: 'failed', platform, reason: error.reason };
  }
}
