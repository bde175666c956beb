/**
 * `brobygger privacy search | show | anonymise` through the command's entry function, on PGlite
 * (a data directory the CLI opens itself) and on PostgreSQL when TEST_DATABASE_URL is set: what
 * the data-protection officer sees, what changes, and the audit trail every run leaves.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/digest-command.js';
import { runExportCommand } from '../../src/cli/export-command.js';
import { runPrivacyCommand } from '../../src/cli/privacy-command.js';
import type { Actor, Concern, PersonRef } from '../../src/core/model.js';
import { SYSTEM } from '../../src/core/model.js';
import { createConcernStore } from '../../src/store/index.js';
import { at, cliDatabases, type CliDatabase } from '../support/digest-fixture.js';

const JENS: PersonRef = { platform: 'slack', userId: 'U0PG4KAPUT7', name: 'Jens Pedersen', organizationId: 'fjordbo', locale: 'da' };
const METTE: Actor = { kind: 'user', platform: 'teams', userId: '1480c9ac-e930-4eaf-97f9-ca7d41d2161a', name: 'Mette Kristensen', organizationId: 'nordfjord-kommune', locale: 'da' };
const NOW = new Date('2026-04-01T10:00:00Z');

interface Written {
  open: Concern;
  resolved: Concern;
}

/** Two concerns with names in their free text: one open, one resolved. */
async function writeConcerns(db: CliDatabase): Promise<Written> {
  return db.withSql(async (sql) => {
    const store = createConcernStore(sql);
    const create = async (description: string, address: string, created: string) => {
      const createdAt = at(created);
      const { concern } = await store.createConcern(
        { id: randomUUID(), category: 'homelessness', urgency: 'normal', associationId: 'fjordbo', departmentId: 'havnegaarden', districtId: 'havnen', address, description, residentKnows: 'no', reporter: JENS, createdAt },
        [{ type: 'created', actor: { kind: 'user', ...JENS }, at: createdAt, data: { category: 'homelessness' } }],
        [],
      );
      const routed = await store.updateConcern(concern.id, concern.version, { teamId: 'bolig-indgang', slaEpoch: 1 }, [{ type: 'routed', actor: SYSTEM, at: createdAt, data: { teamId: 'bolig-indgang', seq: 2 } }], []);
      return routed!;
    };
    const open = await create('Søren Ærbø sover i kælderen bag cykelrummet', 'Åvej 3, kælderen', '2026-03-10 09:00');
    await store.appendEvents(open.id, [{ type: 'replied', actor: METTE, at: at('2026-03-10 10:00'), data: { text: 'Vi kommer i morgen og taler med ham', teamId: 'bolig-indgang' } }]);
    const second = await create('Naboen larmer om natten', 'Havnegade 7', '2026-03-20 09:00');
    await store.appendEvents(second.id, [{ type: 'info_added', actor: { kind: 'user', ...JENS }, at: at('2026-03-20 11:00'), data: { text: 'Han hedder José Müller', teamId: 'bolig-indgang' } }]);
    const resolved = await store.updateConcern(
      second.id,
      second.version,
      { state: 'resolved', resolvedAt: at('2026-03-21 09:00'), outcome: 'Talt med JOSÉ, det er løst' },
      [{ type: 'resolved', actor: METTE, at: at('2026-03-21 09:00'), data: { outcome: 'Talt med JOSÉ, det er løst', teamId: 'bolig-indgang', seq: 3 } }],
      [],
    );
    return { open: (await store.getConcern(open.id))!, resolved: resolved! };
  });
}

async function run(db: CliDatabase, args: string[], actor?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (l) => err.push(l), env: { DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'silent' }, now: () => NOW };
  const code = await runPrivacyCommand(actor ? [...args, '--actor', actor] : args, io);
  return { code, out: out.join(''), err: err.join('\n') };
}

describe.each(cliDatabases())('brobygger privacy on $name', ({ open }) => {
  let db: CliDatabase;
  let c: Written;
  beforeAll(async () => {
    db = await open();
    c = await writeConcerns(db);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('search lists reference, date, team and state of concerns whose texts mention every word, ignoring case and accents', async () => {
    const result = await run(db, ['search', '--text', 'SOREN aerbo'], 'dpo-anne');
    expect(result.code).toBe(0);
    expect(result.out).toBe(`${c.open.ref}\t2026-03-10\tBoligsocial indgang (hjemløshed og udsættelse)\topen\n`);
    expect(result.err).toContain('1 concern mentions all 2 words');
    // In a reply only, in an added information and the outcome, in the address.
    expect((await run(db, ['search', '--text', 'morgen'])).out).toContain(c.open.ref);
    const jose = await run(db, ['search', '--text', 'jose muller']);
    expect(jose.out).toBe(`${c.resolved.ref}\t2026-03-20\tBoligsocial indgang (hjemløshed og udsættelse)\tresolved\n`);
    expect((await run(db, ['search', '--text', 'åvej'])).out).toContain(c.open.ref);
    expect((await run(db, ['search', '--text', 'søren jensen'])).out).toBe('');
  });

  it('search never matches identifiers, and --from/--to bound the creation date (both days included)', async () => {
    expect((await run(db, ['search', '--text', 'bolig-indgang'])).out).toBe('');
    const all = await run(db, ['search', '--text', 'havnegade']);
    expect(all.out.trim().split('\n')).toHaveLength(14);
    const week10 = await run(db, ['search', '--text', 'havnegade', '--from', '2026-03-02', '--to', '2026-03-08']);
    expect(week10.out.trim().split('\n')).toHaveLength(10);
    const lastDay = await run(db, ['search', '--text', 'larmer', '--from', '2026-03-20', '--to', '2026-03-20']);
    expect(lastDay.out).toContain(c.resolved.ref);
  });

  it('show prints the concern whole with its events and audit trail, and can leave out the reporter', async () => {
    const full = await run(db, ['show', c.open.ref.toLowerCase()], 'dpo-anne');
    expect(full.code).toBe(0);
    for (const text of ['Søren Ærbø sover i kælderen', 'Åvej 3', 'Jens Pedersen (Boligselskabet Fjordbo; slack U0PG4KAPUT7)', 'replied  by Mette Kristensen', 'text: Vi kommer i morgen', 'search  by dpo-anne', `words=2, matches=1`]) {
      expect(full.out).toContain(text);
    }
    expect(full.out).toMatch(/show {2}by dpo-anne \(OS user .+\) {2}withoutReporter=false/);
    const anonymous = await run(db, ['show', c.open.ref, '--without-reporter']);
    expect(anonymous.out).toContain('Reporter: (reporter, left out)');
    expect(anonymous.out).toContain('created  by (reporter, left out)');
    expect(anonymous.out).toContain('Søren Ærbø');
    for (const identity of ['Jens', 'U0PG4KAPUT7']) expect(anonymous.out).not.toContain(identity);
    expect(anonymous.out).toContain(`show  by ${userInfo().username} (OS user ${userInfo().username})  withoutReporter=true`);
  });

  it('anonymise refuses an open concern without --force and changes nothing', async () => {
    const refused = await run(db, ['anonymise', c.open.ref, '--reason', 'Anmodning om sletning'], 'dpo-anne');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('still open');
    expect(refused.err).toContain('--force');
    expect((await run(db, ['search', '--text', 'søren'])).out).toContain(c.open.ref);
  });

  it('anonymise blanks the free text now, keeps the statistics, and records who did it and why', async () => {
    const done = await run(db, ['anonymise', c.resolved.ref, '--reason', 'Anmodning fra borgeren (cpr 050590-1234)'], 'dpo-anne');
    expect(done.code).toBe(0);
    expect(done.err).toContain(`Anonymised ${c.resolved.ref}`);
    const state = await db.withSql(async (sql) => {
      const store = createConcernStore(sql);
      const concern = await store.getConcern(c.resolved.id);
      const events = await store.listEvents(c.resolved.id);
      const owed = await sql.query<{ id: string; state: string }>('SELECT id, state FROM deliveries');
      return { concern, events, owed };
    });
    expect(state.concern).toMatchObject({ description: '', address: '', outcome: '', state: 'resolved', category: 'homelessness', teamId: 'bolig-indgang', anonymisedAt: NOW });
    expect(JSON.stringify(state.events)).not.toMatch(/José|JOSÉ|løst/);
    const anonymised = state.events.find((e) => e.type === 'anonymised');
    expect(anonymised).toMatchObject({ actor: { kind: 'administrator', name: 'dpo-anne' }, at: NOW, data: { reason: 'Anmodning fra borgeren (cpr [CPR fjernet])', forced: false } });
    // The cards already posted are re-rendered without the text by the running service.
    expect(state.owed).toContainEqual({ id: `notify-${c.resolved.id}-card_update-${c.resolved.version + 1}`, state: 'pending' });
    expect((await run(db, ['search', '--text', 'jose'])).out).toBe('');

    const again = await run(db, ['anonymise', c.resolved.ref, '--reason', 'igen']);
    expect(again).toMatchObject({ code: 0, err: expect.stringContaining('already anonymised') });
    const shown = await run(db, ['show', c.resolved.ref]);
    expect(shown.out).toContain('anonymised  by administrator dpo-anne');
    expect(shown.out).toContain('reason: Anmodning fra borgeren (cpr [CPR fjernet])');
    expect(shown.out).toMatch(/anonymise {2}by dpo-anne .*outcome=anonymised/);
    expect(shown.out).toMatch(/anonymise {2}by .*outcome=already/);
  });

  it('anonymise --force blanks an open concern too', async () => {
    const forced = await run(db, ['anonymise', c.open.ref, '--reason', 'Sletning efter aftale med DPO', '--force'], 'dpo-anne');
    expect(forced.code).toBe(0);
    expect(forced.err).toContain('still open, forced');
    const concern = await db.withSql((sql) => createConcernStore(sql).getConcern(c.open.id));
    expect(concern).toMatchObject({ state: 'open', description: '', address: '' });
    expect((await run(db, ['show', c.open.ref])).out).toContain('forced: true');
  });

  it('export carries the privacy audit of each concern', async () => {
    const out: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: () => {}, env: { DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'silent' } };
    expect(await runExportCommand(['--from', '2026-03-10', '--to', '2026-03-10'], io)).toBe(0);
    const [header, row] = out.join('').trim().split('\r\n');
    expect(header?.split(',')).toContain('privacy_audit');
    expect(row).toContain(c.open.ref);
    expect(row).toContain('2026-04-01T12:00:00+02:00 search by dpo-anne; ');
    expect(row).toContain('show by dpo-anne');
    expect(row).toContain('anonymise by dpo-anne');
  });

  it('keeps the audit trail append-only', async () => {
    await expect(db.withSql((sql) => sql.query('UPDATE privacy_audit SET actor = $1', ['someone else']))).rejects.toThrow(/append-only/);
    await expect(db.withSql((sql) => sql.query('DELETE FROM privacy_audit_concerns'))).rejects.toThrow(/append-only/);
  });

  it('refuses bad arguments with the usage and exit code 2, and an unknown reference with 1', async () => {
    const bad = [
      [],
      ['delete', 'BB-2026-0001'],
      ['search'],
      ['search', '--text', '  '],
      ['search', '--text', 'x', '--from', '1. marts'],
      ['search', '--text', 'x', '--from', '2026-03-09', '--to', '2026-03-01'],
      ['search', '--text', 'x', 'extra'],
      ['show'],
      ['show', 'BB-2026-0001', 'BB-2026-0002'],
      ['show', 'Søren'],
      ['show', 'BB-2026-0001', '--force'],
      ['show', 'BB-2026-0001', '--format', 'json'],
      ['anonymise', 'BB-2026-0001'],
      ['anonymise', 'BB-2026-0001', '--reason', ''],
      ['anonymise', 'BB-2026-0001', '--reason'],
      ['anonymise', 'BB-2026-0001', '--reason', 'x', '--actor', ' '],
    ];
    const usage = `Usage: brobygger privacy search --text WORDS [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--actor NAME]
       brobygger privacy show REF [--without-reporter] [--actor NAME]
       brobygger privacy anonymise REF --reason TEXT [--force] [--actor NAME]`;
    for (const args of bad) {
      const result = await run(db, args);
      expect({ args, code: result.code, usage: result.err.includes(usage) }).toEqual({ args, code: 2, usage: true });
    }
    const unknown = await run(db, ['show', 'BB-2026-9999']);
    expect(unknown).toMatchObject({ code: 1, err: 'No concern BB-2026-9999.' });
  });
});
