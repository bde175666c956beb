/**
 * The nightly retention run with per-category periods (`categories[].retentionDays`): each
 * category is anonymised after its own period, the rest after RETENTION_DAYS, and the run reports
 * counts only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { retentionPlan } from '../../src/core/category-rules.js';
import type { Category, PersonRef } from '../../src/core/model.js';
import { anonymiseClosedBefore } from '../../src/store/index.js';
import { processRetention } from '../../workflows/retention.js';
import { testDatabases, type TestDatabase } from '../support/database.js';

const reporter: PersonRef = { platform: 'slack', userId: 'U0CARETAKER', name: 'Karen Jensen', organizationId: 'fjordbo', locale: 'da' };
const DAY = 24 * 3600 * 1000;
const now = new Date('2027-06-01T01:15:00Z');

describe.each(testDatabases())('retention per category on $name', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => db.dispose());

  async function closedConcern(category: Category, daysAgo: number) {
    const createdAt = new Date(now.getTime() - (daysAgo + 1) * DAY);
    const resolvedAt = new Date(now.getTime() - daysAgo * DAY);
    const input = {
      id: randomUUID(), category, urgency: 'normal' as const, associationId: 'fjordbo', departmentId: 'havnegaarden',
      districtId: 'havnen', address: 'Havnegade 3', description: `Bekymring om ${category}`, residentKnows: 'unknown' as const,
      reporter, createdAt,
    };
    const { concern } = await db.store.createConcern(input, [{ type: 'created', actor: { kind: 'user', ...reporter }, at: createdAt, data: {} }], []);
    await db.store.updateConcern(concern.id, concern.version, { state: 'resolved', resolvedAt, outcome: 'action_taken' }, [], []);
    return concern.id;
  }

  it('anonymises each category after its own period and reports counts only', async () => {
    const child400 = await closedConcern('child_at_risk', 400);
    const child200 = await closedConcern('child_at_risk', 200);
    const eviction100 = await closedConcern('eviction_risk', 100);
    const eviction80 = await closedConcern('eviction_risk', 80);
    const youth200 = await closedConcern('youth', 200);
    const youth100 = await closedConcern('youth', 100);

    const directory = { categories: [
      { id: 'child_at_risk' as const, retentionDays: 365 },
      { id: 'eviction_risk' as const, retentionDays: 90 },
      { id: 'homelessness' as const, retentionDays: 90 },
      { id: 'youth' as const, kle: '00.00.00' },
    ] };
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const report = await processRetention({}, {
      retentionDays: 180,
      categoryDays: retentionPlan(directory),
      anonymiseClosedBefore: (before, scope) => anonymiseClosedBefore(db.sql, before, now, scope),
      logger,
      now: () => now,
    });

    expect(report).toEqual({
      total: 3,
      periods: [
        { days: 365, categories: ['child_at_risk'], anonymised: 1 },
        { days: 90, categories: ['eviction_risk', 'homelessness'], anonymised: 1 },
        { days: 180, categories: 'all others', anonymised: 1 },
      ],
    });
    const anonymised = async (id: string) => (await db.store.getConcern(id))?.anonymisedAt !== null;
    expect(await anonymised(child400)).toBe(true);
    expect(await anonymised(child200)).toBe(false);
    expect(await anonymised(eviction100)).toBe(true);
    expect(await anonymised(eviction80)).toBe(false);
    expect(await anonymised(youth200)).toBe(true);
    expect(await anonymised(youth100)).toBe(false);

    const logged = lines.find((l) => l.component === 'retention');
    expect(logged).toMatchObject({ total: 3, msg: 'anonymised 3 closed concerns past their retention period' });
    expect(JSON.stringify(logged)).not.toMatch(/Bekymring|Havnegade|BB-/);
  });
});
