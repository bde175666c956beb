/**
 * A fixture history with known times for the digest, export and CLI tests, written through the
 * store port (createConcern / updateConcern / appendEvents) with chosen dates in Copenhagen time.
 *
 * Week 2026-W10 (2–8 March) for Boligsocial indgang, normal urgency (4 business hours) unless said:
 *   A homelessness  Mon 09:00, ack 09:20 (20 min), resolved Wed 09:00 (900 business min)
 *   B homelessness  Mon 10:00, ack 11:00 (60), replied 11:30, stays acknowledged
 *   C eviction_risk high Tue 14:00, ack 15:30 (90, late: deadline 15:00)
 *   D eviction_risk Wed 15:00, ack Thu 09:00 (90 business, 1080 wall)
 *   E homelessness  low Thu 10:00, never acknowledged
 *   F neighbour_conflict acute Sat 22:00, ack 22:10 (10 wall minutes)
 *   G homelessness  Mon 08:00, escalated 12:00 (step 1) and 14:00 (step 2), ack 14:30 (390, late),
 *                   resolved Fri 12:00 (2040)
 *   H homelessness  Tue 09:00, withdrawn 10:00
 * Week 2026-W09 (23 Feb – 1 Mar) for the same team:
 *   P1 homelessness Mon 09:00, ack 10:00 (60), resolved Tue 09:00 (450)
 *   P2 homelessness Wed 10:00, never acknowledged (the oldest open concern), escalated 14:00 (step 1)
 *   P3 eviction_risk Fri 09:00, ack 09:40 (40), resolved Tue 3 March 10:00 (810, in W10)
 * SSP Nordfjord, W10: S1 youth Mon 09:00 ack 09:05 (5); S2 youth Tue 10:00 never acknowledged.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../../src/core/calendar.js';
import { createBusinessCalendar } from '../../src/core/calendar.js';
import { acknowledgeDeadline } from '../../src/core/deadline.js';
import type { Directory } from '../../src/core/directory.js';
import type { Actor, Category, Concern, PersonRef, Urgency } from '../../src/core/model.js';
import { SYSTEM } from '../../src/core/model.js';
import type { ConcernStore } from '../../src/core/ports.js';
import { loadDirectoryOrThrow } from '../../src/app/directory-file.js';
import { openStore } from '../../src/store/index.js';
import { recordResponseTimes } from '../../src/store/response-times.js';
import type { Sql } from '../../src/store/sql.js';
import { testDatabases, type TestDatabase } from './database.js';

export const ZONE = 'Europe/Copenhagen';
export const at = (local: string): Date => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: ZONE }).toJSDate();

export const directory: Directory = loadDirectoryOrThrow();
export const calendar: BusinessCalendar = createBusinessCalendar(directory.municipality);

const JENS: PersonRef = { platform: 'slack', userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', organizationId: 'fjordbo', locale: 'da' };
const METTE: Actor = { kind: 'user', platform: 'teams', userId: '1480c9ac-e930-4eaf-97f9-ca7d41d2161a', name: 'Mette Kristensen', organizationId: 'nordfjord-kommune', locale: 'da' };

const DEPARTMENTS: Record<string, { association: string; district: string }> = {
  havnegaarden: { association: 'fjordbo', district: 'havnen' },
  skovparken: { association: 'fjordbo', district: 'nordby' },
  solgaarden: { association: 'nab', district: 'soenderholm' },
  kildebakken: { association: 'nab', district: 'nordby' },
  lyngtoften: { association: 'lyngbo', district: 'soenderholm' },
};

export interface ConcernSpec {
  name: string;
  team: string;
  category: Category;
  urgency?: Urgency;
  department: keyof typeof DEPARTMENTS;
  created: string;
  escalated?: [step: number, local: string][];
  ack?: string;
  reply?: string;
  resolved?: string;
  outcome?: string;
  withdrawn?: string;
}

export const FIXTURE: ConcernSpec[] = [
  { name: 'A', team: 'bolig-indgang', category: 'homelessness', department: 'havnegaarden', created: '2026-03-02 09:00', ack: '2026-03-02 09:20', resolved: '2026-03-04 09:00', outcome: 'Tilbudt "akutbolig", kontakt til familien, ok' },
  { name: 'B', team: 'bolig-indgang', category: 'homelessness', department: 'solgaarden', created: '2026-03-02 10:00', ack: '2026-03-02 11:00', reply: '2026-03-02 11:30' },
  { name: 'C', team: 'bolig-indgang', category: 'eviction_risk', urgency: 'high', department: 'skovparken', created: '2026-03-03 14:00', ack: '2026-03-03 15:30' },
  { name: 'D', team: 'bolig-indgang', category: 'eviction_risk', department: 'kildebakken', created: '2026-03-04 15:00', ack: '2026-03-05 09:00' },
  { name: 'E', team: 'bolig-indgang', category: 'homelessness', urgency: 'low', department: 'lyngtoften', created: '2026-03-05 10:00' },
  { name: 'F', team: 'bolig-indgang', category: 'neighbour_conflict', urgency: 'acute', department: 'havnegaarden', created: '2026-03-07 22:00', ack: '2026-03-07 22:10' },
  {
    name: 'G', team: 'bolig-indgang', category: 'homelessness', department: 'havnegaarden', created: '2026-03-02 08:00',
    escalated: [[0, '2026-03-02 12:00'], [1, '2026-03-02 14:00']], ack: '2026-03-02 14:30', resolved: '2026-03-06 12:00', outcome: '=HYPERLINK("x") henvist til herberg',
  },
  { name: 'H', team: 'bolig-indgang', category: 'homelessness', department: 'solgaarden', created: '2026-03-03 09:00', withdrawn: '2026-03-03 10:00' },
  { name: 'P1', team: 'bolig-indgang', category: 'homelessness', department: 'havnegaarden', created: '2026-02-23 09:00', ack: '2026-02-23 10:00', resolved: '2026-02-24 09:00', outcome: 'Løst' },
  { name: 'P2', team: 'bolig-indgang', category: 'homelessness', department: 'havnegaarden', created: '2026-02-25 10:00', escalated: [[0, '2026-02-25 14:00']] },
  { name: 'P3', team: 'bolig-indgang', category: 'eviction_risk', department: 'kildebakken', created: '2026-02-27 09:00', ack: '2026-02-27 09:40', resolved: '2026-03-03 10:00', outcome: 'Aftale med udlejer' },
  { name: 'S1', team: 'ssp', category: 'youth', department: 'solgaarden', created: '2026-03-02 09:00', ack: '2026-03-02 09:05' },
  { name: 'S2', team: 'ssp', category: 'youth', department: 'skovparken', created: '2026-03-03 10:00' },
];

/** Writes one concern's history as the service would; returns the concern as it ends up. */
export async function writeConcern(store: ConcernStore, spec: ConcernSpec): Promise<Concern> {
  const urgency = spec.urgency ?? 'normal';
  const place = DEPARTMENTS[spec.department];
  if (!place) throw new Error(`unknown department ${spec.department}`);
  const createdAt = at(spec.created);
  const { concern: created } = await store.createConcern(
    {
      id: randomUUID(),
      category: spec.category,
      urgency,
      associationId: place.association,
      departmentId: spec.department,
      districtId: place.district,
      address: 'Havnegade 12, kælderen',
      description: `Bekymring ${spec.name}: en beboer har brug for hjælp`,
      residentKnows: 'unknown',
      reporter: JENS,
      createdAt,
    },
    [{ type: 'created', actor: { kind: 'user', ...JENS }, at: createdAt, data: { category: spec.category } }],
    [],
  );
  let concern = created;
  const update = async (patch: Parameters<ConcernStore['updateConcern']>[2], event: Parameters<ConcernStore['updateConcern']>[3][number]) => {
    const next = await store.updateConcern(concern.id, concern.version, patch, [{ ...event, data: { ...event.data, seq: concern.version + 1 } }], []);
    if (!next) throw new Error(`fixture concern ${spec.name} changed underneath`);
    concern = next;
  };
  const deadline = acknowledgeDeadline(calendar, createdAt, directory.sla[urgency]);
  await update({ teamId: spec.team, acknowledgeDeadline: deadline, slaEpoch: 1 }, { type: 'routed', actor: SYSTEM, at: createdAt, data: { teamId: spec.team } });
  for (const [step, local] of spec.escalated ?? []) {
    await update({ escalationLevel: step + 1 }, { type: 'escalated', actor: SYSTEM, at: at(local), data: { step, teamId: spec.team, notify: 'team' } });
  }
  if (spec.ack) {
    const acknowledgedAt = at(spec.ack);
    const { kind: _kind, ...person } = METTE as Extract<Actor, { kind: 'user' }>;
    await update({ state: 'acknowledged', acknowledgedAt, acknowledgedBy: person }, { type: 'acknowledged', actor: METTE, at: acknowledgedAt, data: { teamId: spec.team } });
  }
  if (spec.reply) await update({}, { type: 'replied', actor: METTE, at: at(spec.reply), data: { text: 'Vi kigger på det i dag.', teamId: spec.team } });
  if (spec.resolved) {
    const resolvedAt = at(spec.resolved);
    const outcome = spec.outcome ?? 'Afsluttet';
    await update({ state: 'resolved', resolvedAt, outcome }, { type: 'resolved', actor: METTE, at: resolvedAt, data: { outcome, teamId: spec.team } });
  }
  if (spec.withdrawn) {
    const resolvedAt = at(spec.withdrawn);
    await update({ state: 'withdrawn', resolvedAt }, { type: 'withdrawn', actor: { kind: 'user', ...JENS }, at: resolvedAt, data: { reason: 'Fejl', teamId: spec.team } });
  }
  // Not a state change: the service records deliveries like this without a version bump.
  await store.appendEvents(concern.id, [{ type: 'notified', actor: SYSTEM, at: createdAt, data: { kind: 'team_card', teamId: spec.team } }]);
  return concern;
}

/** Writes the whole fixture and records response times as the metrics worker would. */
export async function writeFixture(store: ConcernStore, sql: Sql): Promise<Map<string, Concern>> {
  const byName = new Map<string, Concern>();
  for (const spec of FIXTURE) {
    const concern = await writeConcern(store, spec);
    await recordResponseTimes(sql, calendar, concern.id, directory);
    byName.set(spec.name, concern);
  }
  return byName;
}

export interface CliDatabase {
  name: string;
  databaseUrl: string;
  concerns: Map<string, Concern>;
  /** Runs fn on the database while the CLI is not using it (PGlite allows one user at a time). */
  withSql<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

/** PGlite in a directory of its own (the CLI opens it again), and PostgreSQL in a test schema. */
export function cliDatabases(): { name: string; open: () => Promise<CliDatabase> }[] {
  const list: { name: string; open: () => Promise<CliDatabase> }[] = [
    {
      name: 'pglite',
      open: async () => {
        const dir = mkdtempSync(join(tmpdir(), 'bb-digest-cli-'));
        const opened = await openStore(`pglite:${dir}`);
        const concerns = await writeFixture(opened.store, opened.sql);
        await opened.sql.close();
        const withSql = async <T>(fn: (sql: Sql) => Promise<T>): Promise<T> => {
          const again = await openStore(`pglite:${dir}`);
          try {
            return await fn(again.sql);
          } finally {
            await again.sql.close();
          }
        };
        return { name: 'pglite', databaseUrl: `pglite:${dir}`, concerns, withSql, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
  ];
  const postgres = testDatabases().find((b) => b.name === 'postgres');
  if (postgres) {
    list.push({
      name: 'postgres',
      open: async () => {
        const db: TestDatabase = await postgres.open();
        const concerns = await writeFixture(db.store, db.sql);
        // The CLI reads only DATABASE_URL: the test schema travels in it.
        const url = new URL(db.databaseUrl);
        url.searchParams.set('options', `-c search_path=${db.options.schema}`);
        return { name: 'postgres', databaseUrl: url.toString(), concerns, withSql: (fn) => fn(db.sql), dispose: () => db.dispose() };
      },
    });
  }
  return list;
}
