/**
 * The ConcernStore port (src/core/ports.ts) in memory, for unit tests of the core. It keeps the
 * contract the SQL store keeps (src/store/concern-store.ts, writes.ts):
 * - references BB-YYYY-NNNN numbered per year of the creation moment in Copenhagen;
 * - a new concern is `open`, version 1, escalation level 0, epoch 0 unless routed at intake;
 * - updateConcern applies a patch only at the expected version (then version + 1, updatedAt =
 *   the latest event's time or the store's clock), and returns null otherwise, writing nothing;
 * - escalateConcern raises the level to step + 1 only while the concern is open, in the job's
 *   epoch and not past the step (the SQL store's conditional UPDATE), else writes nothing;
 * - events get increasing ids and are listed in id order;
 * - effects: `notify` effects become delivery rows, the others go to the outbox; a repeated job id
 *   is ignored and a job id with ':' is refused (BullMQ);
 * - what it returns is a copy: changing it changes nothing stored.
 * What SQL shows through other tables (delivered team cards as message references) is reached with
 * `deliver`, a test helper.
 */
import type { SentMessageRef } from '../../src/core/messages.js';
import type { Concern, ConcernEvent, Platform } from '../../src/core/model.js';
import type {
  Clock,
  ConcernFilter,
  ConcernPatch,
  ConcernStore,
  Effect,
  NewConcern,
  NewEvent,
  StoredEffect,
} from '../../src/core/ports.js';

/** A `notify` effect as the SQL store keeps it: a delivery row, with its message once delivered. */
export interface MemoryDelivery {
  id: string;
  concernId: string | null;
  kind: string;
  data: Record<string, unknown>;
  dueAt: Date | null;
  ref: SentMessageRef | null;
  createdAt: Date;
}

export interface MemoryStore extends ConcernStore {
  /** Every delivery row written, oldest first (copies). */
  deliveries(): MemoryDelivery[];
  /** Every outbox effect written, dispatched or not, oldest first (copies). */
  outbox(): (StoredEffect & { dispatched: boolean })[];
  /** Marks a delivery row delivered with the platform's reference (team cards become message refs). */
  deliver(deliveryId: string, ref: SentMessageRef): void;
}

const copy = <T>(value: T): T => structuredClone(value);

const yearFormat = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Copenhagen', year: 'numeric' });

export function createMemoryStore(clock: Clock = { now: () => new Date() }): MemoryStore {
  const concerns = new Map<string, Concern>();
  const dedupeKeys = new Map<string, string>();
  const counters = new Map<number, number>();
  const events: ConcernEvent[] = [];
  const outbox: (StoredEffect & { dispatched: boolean })[] = [];
  const deliveries = new Map<string, MemoryDelivery>();
  const messageRefs: { concernId: string; purpose: string; targetKey: string; ref: SentMessageRef; createdAt: Date }[] = [];
  const conversationRefs = new Map<string, Record<string, unknown>>();
  let nextEventId = 1;
  let nextEffectId = 1;

  function appendEvents(concernId: string, newEvents: readonly NewEvent[]) {
    for (const e of newEvents) {
      events.push({ id: nextEventId++, concernId, type: e.type, actor: copy(e.actor), at: new Date(e.at), data: copy(e.data ?? {}) });
    }
  }

  function insertEffects(effects: readonly Effect[]) {
    for (const effect of effects) {
      if (effect.jobId.includes(':')) throw new Error(`Job id must not contain ':' (${effect.jobId})`);
    }
    for (const effect of effects) {
      if (effect.queue === 'notify') {
        if (deliveries.has(effect.jobId)) continue;
        const concernId = typeof effect.data.concernId === 'string' ? effect.data.concernId : null;
        const kind = typeof effect.data.kind === 'string' ? effect.data.kind : 'message';
        deliveries.set(effect.jobId, { id: effect.jobId, concernId, kind, data: copy(effect.data), dueAt: effect.runAt ?? null, ref: null, createdAt: clock.now() });
        continue;
      }
      if (outbox.some((o) => o.jobId === effect.jobId)) continue;
      outbox.push({ ...copy(effect), id: nextEffectId++, createdAt: clock.now(), dispatched: false });
    }
  }

  const stored = (e: StoredEffect & { dispatched: boolean }): StoredEffect => {
    const { dispatched: _dispatched, ...effect } = copy(e);
    return effect;
  };

  function matches(c: Concern, f: ConcernFilter): boolean {
    return (
      (f.associationId === undefined || c.associationId === f.associationId) &&
      (f.teamId === undefined || c.teamId === f.teamId) &&
      (f.reporterUserId === undefined || c.reporter.userId === f.reporterUserId) &&
      (f.states === undefined || f.states.includes(c.state)) &&
      (f.createdFrom === undefined || c.createdAt >= f.createdFrom) &&
      (f.createdBefore === undefined || c.createdAt < f.createdBefore)
    );
  }

  return {
    async createConcern(input: NewConcern, newEvents, effects, dedupeKey) {
      if (dedupeKey !== undefined && dedupeKeys.has(dedupeKey)) {
        return { concern: copy(concerns.get(dedupeKeys.get(dedupeKey)!)!), created: false };
      }
      if (concerns.has(input.id)) throw new Error(`duplicate concern id ${input.id}`);
      insertEffects(effects); // refuses before anything is written, like a rolled-back transaction
      const year = Number(yearFormat.format(input.createdAt));
      const number = (counters.get(year) ?? 0) + 1;
      counters.set(year, number);
      const concern: Concern = {
        ...copy(input),
        ref: `BB-${year}-${String(number).padStart(4, '0')}`,
        state: 'open',
        teamId: input.teamId ?? null,
        escalationLevel: 0,
        version: 1,
        slaEpoch: input.slaEpoch ?? 0,
        acknowledgeDeadline: input.acknowledgeDeadline ?? null,
        createdAt: new Date(input.createdAt),
        updatedAt: new Date(input.createdAt),
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        outcome: null,
        anonymisedAt: null,
        rentDemandDate: input.rentDemandDate ?? null,
      };
      concerns.set(concern.id, concern);
      if (dedupeKey !== undefined) dedupeKeys.set(dedupeKey, concern.id);
      appendEvents(concern.id, newEvents);
      return { concern: copy(concern), created: true };
    },

    getConcern: async (id) => (concerns.has(id) ? copy(concerns.get(id)!) : null),

    findConcernByRef: async (ref) => {
      const wanted = ref.trim().toUpperCase();
      const found = [...concerns.values()].find((c) => c.ref === wanted);
      return found ? copy(found) : null;
    },

    async updateConcern(id, expectedVersion, patch: ConcernPatch, newEvents, effects) {
      const current = concerns.get(id);
      if (!current || current.version !== expectedVersion) return null;
      insertEffects(effects);
      const latest = newEvents.reduce<Date | null>((max, e) => (!max || e.at > max ? e.at : max), null);
      const defined = Object.fromEntries(Object.entries(copy(patch)).filter(([, value]) => value !== undefined));
      const updated: Concern = { ...current, ...defined, version: current.version + 1, updatedAt: new Date(latest ?? clock.now()) };
      concerns.set(id, updated);
      appendEvents(id, newEvents);
      return copy(updated);
    },

    async escalateConcern(id, guard, at, change) {
      const current = concerns.get(id);
      if (!current || current.state !== 'open' || current.slaEpoch !== guard.epoch || current.escalationLevel > guard.step) return null;
      const updated: Concern = { ...current, escalationLevel: guard.step + 1, version: current.version + 1, updatedAt: new Date(at) };
      const { events: newEvents, effects } = change(copy(updated));
      insertEffects(effects);
      concerns.set(id, updated);
      appendEvents(id, newEvents);
      return copy(updated);
    },

    async appendEvents(concernId, newEvents, effects = []) {
      insertEffects(effects);
      appendEvents(concernId, newEvents);
    },

    listEvents: async (concernId) => copy(events.filter((e) => e.concernId === concernId)),
    getEvent: async (eventId) => copy(events.find((e) => e.id === eventId) ?? null),

    async listConcerns(filter) {
      const direction = filter.order === 'newest' ? -1 : 1;
      const found = [...concerns.values()]
        .filter((c) => matches(c, filter))
        .sort((a, b) => direction * (a.createdAt.getTime() - b.createdAt.getTime() || a.ref.localeCompare(b.ref)));
      return copy(filter.limit === undefined ? found : found.slice(0, Math.max(0, Math.floor(filter.limit))));
    },

    pendingEffects: async (limit) => outbox.filter((e) => !e.dispatched).slice(0, Math.max(0, Math.floor(limit))).map(stored),

    async takeEffects(limit) {
      const taken = outbox.filter((e) => !e.dispatched).slice(0, Math.max(0, Math.floor(limit)));
      for (const e of taken) e.dispatched = true;
      return taken.map(stored);
    },

    async returnEffects(ids) {
      for (const e of outbox) if (ids.includes(e.id)) e.dispatched = false;
    },

    async markEffectsDispatched(ids) {
      for (const e of outbox) if (ids.includes(e.id)) e.dispatched = true;
    },

    async saveMessageRef(concernId, purpose, targetKey, ref) {
      const existing = messageRefs.find((m) => m.concernId === concernId && m.purpose === purpose && m.targetKey === targetKey);
      if (existing) existing.ref = copy(ref);
      else messageRefs.push({ concernId, purpose, targetKey, ref: copy(ref), createdAt: clock.now() });
    },

    async listMessageRefs(concernId, purpose) {
      const saved = messageRefs.filter((m) => m.concernId === concernId && m.purpose === purpose);
      const delivered = [...deliveries.values()]
        .filter((d) => d.concernId === concernId && d.kind === purpose && d.ref !== null)
        .map((d) => ({ targetKey: String(d.data.teamId), ref: d.ref!, createdAt: d.createdAt }));
      return copy(
        [...saved, ...delivered]
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.targetKey.localeCompare(b.targetKey))
          .map(({ targetKey, ref }) => ({ targetKey, ref })),
      );
    },

    async saveConversationRef(platform: Platform, userId, ref) {
      conversationRefs.set(`${platform}/${userId}`, copy(ref));
    },

    getConversationRef: async (platform, userId) => copy(conversationRefs.get(`${platform}/${userId}`) ?? null),

    ping: async () => undefined,
    close: async () => undefined,

    deliveries: () => copy([...deliveries.values()]),
    outbox: () => copy(outbox),
    deliver(deliveryId, ref) {
      const row = deliveries.get(deliveryId);
      if (!row) throw new Error(`no delivery ${deliveryId}`);
      row.ref = copy(ref);
    },
  };
}
