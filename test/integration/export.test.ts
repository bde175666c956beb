/**
 * `brobygger export`: CSV for the municipality's case system, one row per concern created in the
 * period, quoted by RFC 4180, with no description, address or names, and no outcome once the
 * concern is anonymised.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/digest-command.js';
import { runExportCommand } from '../../src/cli/export-command.js';
import { anonymiseClosedBefore } from '../../src/store/index.js';
import { cliDatabases, type CliDatabase } from '../support/digest-fixture.js';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

function run(db: CliDatabase, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (l) => err.push(l), env: { DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'silent' } };
  return runExportCommand(args, io).then((code) => ({ code, out: out.join(''), err: err.join('\n') }));
}

describe.each(cliDatabases())('brobygger export on $name', ({ open }) => {
  let db: CliDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await open();
    dir = mkdtempSync(join(tmpdir(), 'bb-export-'));
  });
  afterAll(async () => {
    await db?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // The columns the case system imports, in their order: written out, so a
  // column dropped or moved in the code fails here.
  const COLUMNS = [
    'ref', 'created_at', 'category', 'urgency', 'district', 'association', 'department', 'team', 'state',
    'acknowledged_at', 'acknowledge_minutes_wall', 'acknowledge_minutes_business',
    'first_reply_at', 'first_reply_minutes_wall', 'first_reply_minutes_business',
    'resolved_at', 'resolve_minutes_wall', 'resolve_minutes_business',
    'escalation_level', 'sla_met', 'outcome', 'waiting_minutes_wall', 'waiting_minutes_business',
    'reopened', 'helpful', 'files_offered', 'privacy_audit', 'kle',
  ] as const;
  const rowsOf = (csv: string) => {
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([...COLUMNS]);
    return rows.map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i]])) as Record<(typeof COLUMNS)[number], string>);
  };

  it('writes one row per concern created in the period, both days included, to a file', async () => {
    const file = join(dir, 'uge10.csv');
    const result = await run(db, ['--from', '2026-03-02', '--to', '2026-03-08', '--out', file]);
    expect(result.code).toBe(0);
    expect(result.err).toContain('Exported 10 concerns');
    const rows = rowsOf(readFileSync(file, 'utf8'));
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'S1', 'S2'];
    expect(rows.map((r) => r.ref).sort()).toEqual(names.map((n) => db.concerns.get(n)?.ref).sort());
    expect(rows[0]?.ref).toBe(db.concerns.get('G')?.ref);
  });

  it('has the response times, SLA and outcome, quoted where the text needs it', async () => {
    const result = await run(db, ['--from', '2026-03-02', '--to', '2026-03-08']);
    const rows = rowsOf(result.out);
    const a = rows.find((r) => r.ref === db.concerns.get('A')?.ref);
    expect(a).toEqual({
      ref: db.concerns.get('A')?.ref,
      created_at: '2026-03-02T09:00:00+01:00',
      category: 'homelessness',
      urgency: 'normal',
      district: 'Havnekvarteret',
      association: 'Boligselskabet Fjordbo',
      department: 'Afd. 3 Havnegården',
      team: 'Boligsocial indgang (hjemløshed og udsættelse)',
      state: 'resolved',
      acknowledged_at: '2026-03-02T09:20:00+01:00',
      acknowledge_minutes_wall: '20',
      acknowledge_minutes_business: '20',
      first_reply_at: '',
      first_reply_minutes_wall: '',
      first_reply_minutes_business: '',
      resolved_at: '2026-03-04T09:00:00+01:00',
      resolve_minutes_wall: String(48 * 60),
      resolve_minutes_business: '900',
      escalation_level: '0',
      sla_met: 'true',
      outcome: 'Tilbudt "akutbolig", kontakt til familien, ok',
      privacy_audit: '',
      waiting_minutes_wall: '',
      waiting_minutes_business: '',
      reopened: '0',
      helpful: '',
      files_offered: '0',
      kle: '99.01.00',
    });
    expect(result.out).toContain('"Tilbudt ""akutbolig"", kontakt til familien, ok"');

    const b = rows.find((r) => r.ref === db.concerns.get('B')?.ref);
    expect(b).toMatchObject({ state: 'acknowledged', first_reply_at: '2026-03-02T11:30:00+01:00', first_reply_minutes_business: '90', resolved_at: '', outcome: '', waiting_minutes_business: '', reopened: '0', helpful: '' });
    const c = rows.find((r) => r.ref === db.concerns.get('C')?.ref);
    expect(c).toMatchObject({ urgency: 'high', sla_met: 'false', acknowledge_minutes_business: '90' });
    const d = rows.find((r) => r.ref === db.concerns.get('D')?.ref);
    expect(d).toMatchObject({ acknowledge_minutes_wall: '1080', acknowledge_minutes_business: '90' });
    const e = rows.find((r) => r.ref === db.concerns.get('E')?.ref);
    expect(e).toMatchObject({ state: 'open', acknowledged_at: '', sla_met: '' });
    const g = rows.find((r) => r.ref === db.concerns.get('G')?.ref);
    // A spreadsheet must not run it as a formula.
    expect(g).toMatchObject({ escalation_level: '2', sla_met: 'false', outcome: `'=HYPERLINK("x") henvist til herberg` });
    const h = rows.find((r) => r.ref === db.concerns.get('H')?.ref);
    expect(h).toMatchObject({ state: 'withdrawn', resolved_at: '', resolve_minutes_business: '' });
  });

  it('never exports descriptions, addresses or names of people', async () => {
    const { out } = await run(db, ['--from', '2026-02-01', '--to', '2026-03-31']);
    expect(rowsOf(out)).toHaveLength(13);
    for (const secret of ['Bekymring A', 'en beboer', 'Havnegade', 'Jens', 'Pedersen', 'Mette', 'Vi kigger', 'Fejl']) {
      expect(out).not.toContain(secret);
    }
  });

  it('keeps the numbers but drops the outcome once a concern is anonymised', async () => {
    await db.withSql((sql) => anonymiseClosedBefore(sql, new Date('2026-03-05T00:00:00Z'), new Date('2026-09-01T00:00:00Z')));
    const rows = rowsOf((await run(db, ['--from', '2026-02-23', '--to', '2026-03-08'])).out);
    const a = rows.find((r) => r.ref === db.concerns.get('A')?.ref);
    expect(a).toMatchObject({ outcome: '', resolve_minutes_business: '900', sla_met: 'true', category: 'homelessness', kle: '99.01.00' });
    const p1 = rows.find((r) => r.ref === db.concerns.get('P1')?.ref);
    expect(p1).toMatchObject({ outcome: '', acknowledge_minutes_business: '60' });
    // G closed after the cut-off: not anonymised yet, its outcome stays.
    expect(rows.find((r) => r.ref === db.concerns.get('G')?.ref)?.outcome).toContain('henvist til herberg');
  });

  it('explains dates it cannot read', async () => {
    const result = await run(db, ['--from', '2. marts', '--to', '2026-03-08']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('dates like 2026-03-01');
    expect(result.err).toContain('Usage: brobygger export --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]');
    const reversed = await run(db, ['--from', '2026-03-08', '--to', '2026-03-02']);
    expect(reversed.code).toBe(2);
    expect(reversed.err).toContain('before --from');
  });
});
