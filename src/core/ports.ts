/**
 * The core's ports: what it needs from the outside world (store, clock, messengers) and the
 * typed errors adapters map their SDK failures to. Implementations live in src/store, adapters/.
 */
import type {
  Actor,
  Concern,
  ConcernEvent,
  ConcernState,
  EventType,
  Locale,
  Platform,
} from './model.js';
import type { MessageTarget, NeutralMessage, SentMessageRef } from './messages.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

// ---------------------------------------------------------------------------------------------
// Store

export type NewConcern = Pick<
  Concern,
  | 'id'
  | 'category'
  | 'urgency'
  | 'associationId'
  | 'departmentId'
  | 'districtId'
  | 'address'
  | 'description'
  | 'residentKnows'
  | 'reporter'
  | 'createdAt'
  | 'rentDemandDate'
> &
  /** Routed at intake, in the same transaction (the SLA clock starts at creation). */
  Partial<Pick<Concern, 'teamId' | 'acknowledgeDeadline' | 'slaEpoch'>>;

export interface NewEvent {
  type: EventType;
  actor: Actor;
  at: Date;
  data?: Record<string, unknown>;
}

/** Work that must happen after a commit; written in the same transaction (outbox) so none is lost. */
export interface Effect {
  queue: 'route' | 'notify' | 'escalate' | 'metrics';
  /** Deterministic, without ':' (BullMQ); a second effect with the same id is ignored. */
  jobId: string;
  data: Record<string, unknown>;
  /** For timers: not before this moment. */
  runAt?: Date;
}

export interface StoredEffect extends Effect {
  id: number;
  createdAt: Date;
}

export type ConcernPatch = Partial<
  Pick<
    Concern,
    | 'state'
    | 'teamId'
    | 'urgency'
    | 'escalationLevel'
    | 'slaEpoch'
    | 'acknowledgeDeadline'
    | 'acknowledgedAt'
    | 'acknowledgedBy'
    | 'resolvedAt'
    | 'outcome'
    | 'description'
    | 'address'
    | 'anonymisedAt'
  >
>;

export interface ConcernFilter {
  associationId?: string;
  teamId?: string;
  reporterUserId?: string;
  states?: ConcernState[];
  createdFrom?: Date;
  createdBefore?: Date;
  order?: 'oldest' | 'newest';
  limit?: number;
}

export interface ConcernStore {
  /**
   * Creates the concern with the next reference of its year (BB-YYYY-NNNN), its events and its
   * effects in one transaction. A dedupeKey seen before returns the existing concern, created=false.
   */
  createConcern(
    input: NewConcern,
    events: NewEvent[],
    effects: Effect[],
    dedupeKey?: string,
  ): Promise<{ concern: Concern; created: boolean }>;
  getConcern(id: string): Promise<Concern | null>;
  findConcernByRef(ref: string): Promise<Concern | null>;
  /**
   * Applies the patch only if the concern still has expectedVersion (then version+1), appends the
   * events and effects, all in one transaction. Returns null when the version moved on.
   */
  /**
   * The escalation step's write, without reading the concern first: raises escalation_level to
   * `step + 1` (version+1, updated_at = `at`) only while the concern is open in `epoch` with a
   * level ≤ `step`, then appends what `change(updated)` returns — all in one transaction.
   * Returns null (nothing written) when the concern moved on.
   */
  escalateConcern(
    id: string,
    guard: { epoch: number; step: number },
    at: Date,
    change: (updated: Concern) => { events: NewEvent[]; effects: Effect[] },
  ): Promise<Concern | null>;
  updateConcern(
    id: string,
    expectedVersion: number,
    patch: ConcernPatch,
    events: NewEvent[],
    effects: Effect[],
  ): Promise<Concern | null>;
  /** Records events that change no state (notified, noted…), without a version check. */
  appendEvents(concernId: string, events: NewEvent[], effects?: Effect[]): Promise<void>;
  listEvents(concernId: string): Promise<ConcernEvent[]>;
  getEvent(eventId: number): Promise<ConcernEvent | null>;
  listConcerns(filter: ConcernFilter): Promise<Concern[]>;

  /** Outbox: effects not yet handed to the queue, oldest first. */
  pendingEffects(limit: number): Promise<StoredEffect[]>;
  /**
   * Outbox: takes the oldest effects not yet handed over and marks them dispatched in the same
   * statement; give back with `returnEffects` the ones the queue refused.
   */
  takeEffects?(limit: number): Promise<StoredEffect[]>;
  returnEffects?(ids: number[]): Promise<void>;
  markEffectsDispatched(ids: number[]): Promise<void>;

  /** Platform messages that show a concern (the team card), so they can be updated later. */
  saveMessageRef(concernId: string, purpose: string, targetKey: string, ref: SentMessageRef): Promise<void>;
  listMessageRefs(concernId: string, purpose: string): Promise<{ targetKey: string; ref: SentMessageRef }[]>;

  /** Adapter-owned JSON (e.g. a Teams conversation reference) to reach a user proactively. */
  saveConversationRef(platform: Platform, userId: string, ref: Record<string, unknown>): Promise<void>;
  getConversationRef(platform: Platform, userId: string): Promise<Record<string, unknown> | null>;

  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Outbound messaging

export interface Messenger {
  send(target: MessageTarget, message: NeutralMessage, locale: Locale): Promise<SentMessageRef>;
  update(ref: SentMessageRef, message: NeutralMessage, locale: Locale): Promise<void>;
  /**
   * Whether a channel target can take messages now (it exists, is not archived, the bot is in
   * it), for `doctor` and the start-up check; null when it can. Platforms that cannot tell leave it out.
   */
  checkTarget?(target: MessageTarget): Promise<TargetProblem | null>;
}

/** Why a delivery target cannot take messages, with the reason a delivery to it would wait for. */
export interface TargetProblem {
  reason: DeliveryReason;
  detail: string;
}
export type Messengers = Partial<Record<Platform, Messenger>>;

export type DeliveryErrorCode =
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'rate_limited'
  | 'validation'
  | 'unavailable'
  /** No messenger is configured for the target's platform. */
  | 'platform_off';

/**
 * What a delivery does after a failure (DESIGN.md "Deliveries"):
 * - `retry`: soon, with backoff or the platform's Retry-After (rate limits, 5xx, network);
 * - `wait`: an administrator must act (invite the bot, unarchive, re-install, fix the token,
 *   configure the platform); retried on a slow schedule and when the platform signals the fix;
 * - `give_up`: the message itself is invalid and will never be accepted.
 */
export type DeliveryDisposition = 'retry' | 'wait' | 'give_up';

/** Why a delivery waits or failed, as stored on the delivery row and shown by `doctor`. */
export type DeliveryReason =
  | 'not_in_channel'
  | 'channel_not_found'
  | 'channel_archived'
  | 'bot_removed'
  | 'platform_off'
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'invalid_payload'
  | (string & {});

const DEFAULT_DISPOSITION: Record<DeliveryErrorCode, DeliveryDisposition> = {
  rate_limited: 'retry',
  unavailable: 'retry',
  auth: 'wait',
  permission: 'wait',
  not_found: 'wait',
  platform_off: 'wait',
  validation: 'give_up',
};

export interface DeliveryErrorDetails {
  /** Overrides the disposition the code implies (e.g. an uneditable message is given up). */
  disposition?: DeliveryDisposition;
  /** A finer reason than the code (e.g. `not_in_channel`); defaults to the code. */
  reason?: DeliveryReason;
}

/**
 * What adapters turn SDK/HTTP failures into, classified once per platform in
 * adapters/<platform>/errors.ts; workflows map the disposition to delivery state and BullMQ behaviour.
 */
export class DeliveryError extends Error {
  readonly disposition: DeliveryDisposition;
  readonly reason: DeliveryReason;
  constructor(
    readonly code: DeliveryErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    details: DeliveryErrorDetails = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
    this.disposition = details.disposition ?? DEFAULT_DISPOSITION[code];
    this.reason = details.reason ?? (code === 'validation' ? 'invalid_payload' : code);
  }
  get retryable(): boolean {
    return this.disposition === 'retry';
  }
}

// ---------------------------------------------------------------------------------------------
// Inbound deduplication (platform retries): first sighting of a delivery id within a TTL.

export interface DeliveryDedupe {
  /** True the first time a key is seen within ttlSeconds; false for a redelivery. */
  firstTime(key: string, ttlSeconds: number): Promise<boolean>;
}

/**
 * What a reporter wrote in the bot chat, kept between the "open the form" offer and the click
 * (a Slack button value holds 2000 characters; the text may be far longer, and may have come with
 * a file). Short-lived and re-creatable by writing again, so it lives in Redis, not the database.
 */
export interface IntakeDraft {
  text: string;
  filesOffered: boolean;
}
export interface IntakeDrafts {
  /** Keeps the draft for ttlSeconds; returns its id (opaque, at most 64 characters). */
  put(draft: IntakeDraft, ttlSeconds: number): Promise<string>;
  /** The draft, or null when it expired or never existed. */
  get(id: string): Promise<IntakeDraft | null>;
}

/** The slice of the store adapters use to keep and find conversation references. */
export type ConversationRefs = Pick<ConcernStore, 'saveConversationRef' | 'getConversationRef'>;
