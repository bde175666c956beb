/**
 * A CoreContext for unit tests: the sample directory (in English, so expected texts read easily),
 * its business calendar, the in-memory store, a clock the test moves, and counters for kicks.
 */
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { createBusinessCalendar } from '../../src/core/calendar.js';
import type { CoreContext } from '../../src/core/context.js';
import type { Directory } from '../../src/core/directory.js';
import { resolveIdentity, type Identity, type PlatformUser } from '../../src/core/identity.js';
import type { Category, Concern, Urgency } from '../../src/core/model.js';
import { SYSTEM } from '../../src/core/model.js';
import type { Effect, NewEvent } from '../../src/core/ports.js';
import { createMemoryStore, type MemoryStore } from './memory-store.js';

export interface TestCore {
  ctx: CoreContext & { store: MemoryStore };
  store: MemoryStore;
  /** Sets the clock. */
  setNow(date: Date): void;
  /** How often the core asked for the outbox to be dispatched. */
  kicks(): number;
}

export function testCore(now: Date, edit: (directory: Directory) => void = () => {}): TestCore {
  const directory = structuredClone(loadDirectoryOrThrow());
  directory.municipality.language = 'en';
  edit(directory);
  let current = now;
  let kicks = 0;
  let ids = 0;
  const clock = { now: () => new Date(current) };
  const store = createMemoryStore(clock);
  const ctx = {
    directory,
    store,
    clock,
    calendar: createBusinessCalendar(directory.municipality),
    kick: () => void kicks++,
    newId: () => `c${++ids}`,
  };
  return { ctx, store, setNow: (date) => void (current = date), kicks: () => kicks };
}

/** A person of the sample directory, in English; throws when the directory does not know them. */
export function person(directory: Directory, platform: PlatformUser['platform'], userId: string, name = userId): Identity {
  const identity = resolveIdentity(directory, { platform, userId, name, locale: 'en' });
  if (!identity) throw new Error(`${platform}/${userId} is not in the directory`);
  return identity;
}

/** Sample people by role (see config/directory.sample.yaml). */
export const PEOPLE = {
  /** Jens Pedersen, caretaker at Fjordbo (Slack). */
  reporter: ['slack', 'U0PG4KAPUT7', 'Jens Pedersen'],
  /** Lars Jakobsen, caretaker at NAB (Teams): another association. */
  otherReporter: ['teams', '3033cc50-64d9-402a-9710-196e4de65a07', 'Lars Jakobsen'],
  /** Mette Kristensen, bolig-indgang (Teams); its backup is socialpsykiatri. */
  boligIndgang: ['teams', '1480c9ac-e930-4eaf-97f9-ca7d41d2161a', 'Mette Kristensen'],
  /** Anne Mortensen, socialpsykiatri (Slack): bolig-indgang's backup team. */
  socialpsykiatri: ['slack', 'U0WWGTG1WZY', 'Anne Mortensen'],
  /** Camilla Friis, boern-familie (Teams): neither the team nor its backup. */
  boernFamilie: ['teams', 'a7c82690-8157-483f-b2ea-e6382d1b4024', 'Camilla Friis'],
} as const satisfies Record<string, readonly [PlatformUser['platform'], string, string]>;

export function who(directory: Directory, role: keyof typeof PEOPLE): Identity {
  const [platform, userId, name] = PEOPLE[role];
  return person(directory, platform, userId, name);
}

export interface ConcernSetup {
  category?: Category;
  urgency?: Urgency;
  teamId?: string | null;
  createdAt?: Date;
  reporter?: Identity;
  events?: NewEvent[];
  effects?: Effect[];
}

/**
 * A concern from Fjordbo's Havnegården, routed at intake to `teamId` (default bolig-indgang) with
 * its SLA clock started at creation (epoch 1), as intake.ts stores it; `teamId: null` leaves it unrouted.
 */
export async function seedConcern(core: TestCore, setup: ConcernSetup = {}): Promise<Concern> {
  const { ctx } = core;
  const reporter = setup.reporter ?? who(ctx.directory, 'reporter');
  const createdAt = setup.createdAt ?? ctx.clock.now();
  const teamId = setup.teamId === undefined ? 'bolig-indgang' : setup.teamId;
  const { concern } = await ctx.store.createConcern(
    {
      id: ctx.newId(),
      category: setup.category ?? 'homelessness',
      urgency: setup.urgency ?? 'normal',
      associationId: reporter.organization.id,
      departmentId: 'havnegaarden',
      districtId: 'havnen',
      address: 'Havnegade 3, 2. tv.',
      description: 'The tenant has not been seen for two weeks.',
      residentKnows: 'no',
      reporter: reporter.person,
      createdAt,
      ...(teamId ? { teamId, slaEpoch: 1, acknowledgeDeadline: new Date(createdAt.getTime() + 4 * 3_600_000) } : {}),
    },
    setup.events ?? [
      { type: 'created', actor: { kind: 'user', ...reporter.person }, at: createdAt, data: { seq: 1 } },
      ...(teamId ? [{ type: 'routed' as const, actor: SYSTEM, at: createdAt, data: { seq: 1, teamId } }] : []),
    ],
    setup.effects ?? [],
  );
  return concern;
}
