import { describe, it, expect } from 'vitest';
import { findCpr, isCprDate, redactAll, redactCpr } from '../../src/core/redaction.js';
import { redactionNotice } from '../../src/core/redaction-notice.js';

// What a CPR number becomes, written out rather than read from the code.
const M = '[CPR fjernet]';

describe('redactCpr removes CPR numbers', () => {
  const removed: Array<[string, string, number]> = [
    ['Beboerens CPR er 120394-1234, hun bor i nr. 5.', `Beboerens CPR er ${M}, hun bor i nr. 5.`, 1],
    ['Han hedder Jens, cpr 1203941234.', `Han hedder Jens, cpr ${M}.`, 1],
    ['CPR-nummer: 120394 1234 (fra hans brev)', `CPR-nummer: ${M} (fra hans brev)`, 1],
    ['Moren (010190-4321) og sønnen (150612-1113) bor i opgang 3.', `Moren (${M}) og sønnen (${M}) bor i opgang 3.`, 2],
    ['1203941234', M, 1],
    ['Født 311299-0001, flyttet ind i marts.', `Født ${M}, flyttet ind i marts.`, 1],
    ['Barnet har cpr 290224-2345.', `Barnet har cpr ${M}.`, 1],
    ['Hendes nummer 290200-1234 står på døren', `Hendes nummer ${M} står på døren`, 1],
    ['Det gamle cpr 290296-1234 er fra 1996', `Det gamle cpr ${M} er fra 1996`, 1],
    ['Han skrev 120394–1234 i mailen', `Han skrev ${M} i mailen`, 1],
    ['cpr.nr. 120394 - 1234', `cpr.nr. ${M}`, 1],
    ['CPR:0101011234', `CPR:${M}`, 1],
    ['Naboen oplyste 300485-2222; manden er 310385-1111 og 010101-0101.', `Naboen oplyste ${M}; manden er ${M} og ${M}.`, 3],
    ['Lejer 311270-1234, tlf. 20 30 40 50, Sølvgade 12, 2. th., 9000 Aalborg', `Lejer ${M}, tlf. 20 30 40 50, Sølvgade 12, 2. th., 9000 Aalborg`, 1],
  ];
  it.each(removed)('%s', (input, expected, count) => {
    const result = redactCpr(input);
    expect(result.text).toBe(expected);
    expect(result.count).toBe(count);
    expect(result.redacted).toBe(true);
  });
});

describe('redactCpr leaves other numbers alone', () => {
  const kept = [
    'Ring til viceværten på 20 30 40 50.',
    'Hans mobil er +45 20304050.',
    'Telefon 22334455 efter kl. 16.',
    'Hun bor på Sølvgade 12, 2. th., 9000 Aalborg.',
    'Mødet er den 12.03.2026 kl. 10.',
    'Fogedforretningen er 12-03-2026.',
    'Huslejerestancen er på 12.345,50 kr.',
    'Han skylder 120394 kr. i husleje.',
    'Sagen har nummer BB-2026-0042.',
    'Kontonummer 12039412345 blev nævnt.',
    'Journalnr. 11203941234 i kommunens system.',
    'Datoen 310224-1234 findes ikke, februar har ikke 31 dage.',
    'Nummeret 290223-1234 er ikke en dato (2023 er ikke skudår).',
    'Nummeret 320194-1234 er ikke en dato.',
    'Nummeret 011394-1234 har måned 13.',
    'Nummeret 000194-1234 har dag 00.',
    'Nummeret 310494-1234 — april har 30 dage.',
    'Postnummer 2100 København Ø og 8000 Aarhus C.',
    'Afdeling 120394-12345 er en anden slags nummer.',
  ];
  it.each(kept)('%s', (input) => {
    const result = redactCpr(input);
    expect(result).toMatchObject({ text: input, redacted: false, count: 0 });
  });
});

describe('findCpr tells a CPR number on its own from one inside a longer number', () => {
  const kinds = (text: string) => findCpr(text).map((r) => r.kind);
  it.each([
    ['sag 120394-1234-56', 'cpr_in_number'],
    ['sag 120394-1234 / 56', 'cpr_in_number'],
    ['sag 120394-1234 -56', 'cpr_in_number'],
    ['sag 120394-1234- 56', 'cpr_in_number'],
    ['sag 120394-1234.5', 'cpr_in_number'],
    ['sag 12-120394-1234', 'cpr_in_number'],
    ['sag 12/ 120394-1234', 'cpr_in_number'],
    ['cpr 120394-1234. 5 personer', 'cpr'],
    ['cpr 120394-1234 56 år', 'cpr'],
    ['cpr 120394-1234-ab', 'cpr'],
    ['cpr 120394-1234 + 5', 'cpr'],
    ['nr 7-a 120394-1234', 'cpr'],
    ['nr 12 120394-1234', 'cpr'],
  ])('%s: %s', (text, kind) => {
    expect(kinds(text)).toEqual([kind]);
  });
});

describe('isCprDate', () => {
  it('accepts 29 February only when YY can be a leap year', () => {
    expect(isCprDate(29, 2, 0)).toBe(true);
    expect(isCprDate(29, 2, 24)).toBe(true);
    expect(isCprDate(29, 2, 23)).toBe(false);
    expect(isCprDate(28, 2, 23)).toBe(true);
  });
  it('rejects days the month does not have', () => {
    expect(isCprDate(31, 2, 24)).toBe(false);
    expect(isCprDate(31, 6, 90)).toBe(false);
    expect(isCprDate(31, 12, 99)).toBe(true);
    expect(isCprDate(30, 6, 90)).toBe(true);
    expect(isCprDate(32, 1, 90)).toBe(false);
  });
  it('accepts a 29th in any month but February whatever the year', () => {
    expect(isCprDate(29, 4, 23)).toBe(true);
    expect(isCprDate(29, 1, 23)).toBe(true);
    expect(isCprDate(29, 12, 23)).toBe(true);
    expect(redactCpr('cpr 290423-1234').count).toBe(1);
    expect(redactCpr('cpr 290223-1234').count).toBe(0);
  });
  it('rejects months and days outside the calendar', () => {
    expect(isCprDate(1, 0, 90)).toBe(false);
    expect(isCprDate(1, 13, 90)).toBe(false);
    expect(isCprDate(0, 5, 90)).toBe(false);
    expect(isCprDate(1, 1, 90)).toBe(true);
    expect(isCprDate(1, 12, 90)).toBe(true);
  });
});

describe('redactAll', () => {
  it('redacts every field and says whether anything was removed', () => {
    const result = redactAll({
      address: 'Sølvgade 12, 2. th.',
      description: 'Manden (120394-1234) sover i kælderen, hans bror har 0101801111.',
    });
    expect(result.fields).toEqual({
      address: 'Sølvgade 12, 2. th.',
      description: `Manden (${M}) sover i kælderen, hans bror har ${M}.`,
    });
    expect(result.redacted).toBe(true);
    expect(result.count).toBe(2);
  });
  it('returns the fields unchanged when there is no CPR number', () => {
    const fields = { description: 'Larm fra nr. 7 efter kl. 22', address: 'Blok 12' };
    expect(redactAll(fields)).toMatchObject({ fields, redacted: false, count: 0 });
  });
  it('is idempotent: the marker itself is never matched', () => {
    const once = redactCpr('cpr 120394-1234').text;
    expect(redactCpr(once)).toMatchObject({ text: once, redacted: false, count: 0 });
  });
});

describe('redactionNotice tells the writer what was removed', () => {
  it('says nothing when nothing was removed', () => {
    expect(redactionNotice('da', redactCpr('Larm fra nr. 7 efter kl. 22'))).toBeNull();
  });
  it('names one number, or how many, in Danish and English', () => {
    expect(redactionNotice('da', redactCpr('cpr 120394-1234'))).toMatch(/^Jeg har fjernet et CPR-nummer fra din tekst\. CPR-numre må ikke deles her/);
    expect(redactionNotice('en', redactCpr('cpr 120394-1234'))).toMatch(/^I removed a CPR number from your text\. CPR numbers must not be shared here/);
    expect(redactionNotice('da', redactCpr('120394-1234 og 05.05.90-1234'))).toContain('Jeg har fjernet 2 CPR-numre');
    expect(redactionNotice('en', redactCpr('120394-1234 and 05.05.90-1234'))).toContain('I removed 2 CPR numbers');
  });
  it('says when a number was cut out of a longer number, without repeating its digits', () => {
    const one = redactCpr('Konto 1234-0505901234');
    expect(one).toMatchObject({ text: `Konto 1234-${M}`, inLongerNumber: 1 });
    expect(redactionNotice('da', one)).toContain('Det stod inde i et længere nummer');
    expect(redactionNotice('en', one)).toContain('It was inside a longer number');
    const two = redactCpr('Konto 1234-0505901234, sag 2025-120394-1234 og cpr 010101-0101');
    expect(two).toMatchObject({ count: 3, inLongerNumber: 2 });
    expect(redactionNotice('da', two)).toContain('2 af dem stod inde i et længere nummer');
    expect(redactionNotice('en', two)).toContain('2 of them were inside longer numbers');
    for (const locale of ['da', 'en'] as const) expect(redactionNotice(locale, two)).not.toMatch(/0505|1203|0101/);
  });
  it('adds up several fields', () => {
    const form = redactAll({ address: 'Sølvgade 12 (120394-1234)', description: 'Konto 1234-0505901234' });
    expect(form).toMatchObject({ count: 2, inLongerNumber: 1 });
    expect(redactionNotice('da', form)).toContain('Jeg har fjernet 2 CPR-numre');
  });
});

describe('findCpr gives ranges in the text as written', () => {
  it('spans invisible characters inside the number and leaves those around it', () => {
    const text = 'a \u200B05\u00AD05\u200B90-1234\u200B b';
    const [found] = findCpr(text);
    expect(found).toMatchObject({ kind: 'cpr' });
    expect(text.slice(found?.start, found?.end)).toBe('05\u00AD05\u200B90-1234');
    expect(redactCpr(text).text).toBe(`a \u200B${M}\u200B b`);
  });
  it('maps astral look-alike digits (two UTF-16 units each) back exactly', () => {
    const text = 'x 𝟎𝟓𝟎𝟓𝟗𝟎-𝟏𝟐𝟑𝟒 y';
    expect(redactCpr(text).text).toBe(`x ${M} y`);
  });
});
