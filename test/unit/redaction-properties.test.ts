/**
 * Properties of CPR redaction over generated input (fast-check): every valid date with every
 * common way of writing it goes, invalid dates and other numbers stay, the text around a removed
 * number is untouched, and redacting twice changes nothing more.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isCprDate, redactCpr } from '../../src/core/redaction.js';
import { redactionNotice } from '../../src/core/redaction-notice.js';

// What a CPR number becomes (DESIGN.md, Privacy), written out rather than read from the code.
const MARKER = '[CPR fjernet]';

const pad = (n: number) => String(n).padStart(2, '0');
const isRealDate = (y: number, m: number, d: number) => DateTime.fromObject({ year: y, month: m, day: d }).isValid;

/** Any real date, as day, month and two-digit year. */
const validDate = fc
  .record({ yy: fc.integer({ min: 0, max: 99 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .filter(({ yy, month, day }) => isRealDate(2000 + yy, month, day) || isRealDate(1900 + yy, month, day));
/** Day/month pairs no year has: 30–31 February, the 31st of a 30-day month, day 0, month 0 or 13+. */
const invalidDate = fc.oneof(
  fc.record({ yy: fc.integer({ min: 0, max: 99 }), month: fc.constantFrom(4, 6, 9, 11), day: fc.constant(31) }),
  fc.record({ yy: fc.integer({ min: 0, max: 99 }), month: fc.constant(2), day: fc.constantFrom(30, 31) }),
  fc.record({ yy: fc.integer({ min: 0, max: 99 }).filter((y) => y % 4 !== 0), month: fc.constant(2), day: fc.constant(29) }),
  fc.record({ yy: fc.integer({ min: 0, max: 99 }), month: fc.integer({ min: 1, max: 12 }), day: fc.constantFrom(0, 32, 45, 99) }),
  fc.record({ yy: fc.integer({ min: 0, max: 99 }), month: fc.constantFrom(0, 13, 20, 99), day: fc.integer({ min: 1, max: 28 }) }),
);
const serial = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0'));
/** The separators people put inside a date: the same one twice, or none. */
const dateSeparator = fc.constantFrom('', '.', '-', '/', ' ', ' - ', '\u2013', '\u00A0');
/** Before the serial: nothing, a dash of any kind, a slash, a dot or a space. */
const serialSeparator = fc.constantFrom('', '-', ' ', ' - ', '/', '.', '\u2013', '\u2014', '\u2212', '\u2011', '\u00A0', '\u00AD', '\u202F-\u202F');
/** Characters nobody sees, put anywhere between the digits. */
const invisible = fc.constantFrom('\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u200E', '\u200F', '\u202A', '\u2066');
/** Words around the number: no digits, nothing that reads as a digit or a separator. */
const words = fc.stringMatching(/^[A-Za-zæøåÆØÅ,:;!?()"' ]{0,30}$/).map((s) => s.replace(/[OoIl]/g, 'x'));
const surrounding = fc.tuple(words, words).map(([before, after]) => [before === '' ? '' : `${before} `, after === '' ? '' : ` ${after}`] as const);

function written(date: { day: number; month: number; yy: number }, sep: string, before: string, serialText: string): string {
  return `${pad(date.day)}${sep}${pad(date.month)}${sep}${pad(date.yy)}${before}${serialText}`;
}

function sprinkle(text: string, marks: string[]): string {
  const chars = [...text];
  marks.forEach((mark, i) => chars.splice(1 + ((i * 3) % Math.max(1, chars.length - 1)), 0, mark));
  return chars.join('');
}

describe('CPR redaction properties', () => {
  it('removes every real date + serial, however it is separated, and keeps the words around it', () => {
    fc.assert(
      fc.property(validDate, dateSeparator, serialSeparator, serial, surrounding, (date, sep, before, s, [pre, post]) => {
        const result = redactCpr(`${pre}${written(date, sep, before, s)}${post}`);
        expect(result.text).toBe(`${pre}${MARKER}${post}`);
        expect(result.count).toBe(1);
        expect(result.inLongerNumber).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('removes a date with a four-digit year (19YY or 20YY) before a dashed serial', () => {
    fc.assert(
      fc.property(validDate, fc.constantFrom(1900, 2000), fc.constantFrom('', '.', '-', '/'), fc.constantFrom('-', ' - ', '\u2013'), serial, (date, century, sep, dash, s) => {
        fc.pre(isRealDate(century + date.yy, date.month, date.day));
        const text = `${pad(date.day)}${sep}${pad(date.month)}${sep}${century + date.yy}${dash}${s}`;
        expect(redactCpr(`Født ${text}, bor alene`).text).toBe(`Født ${MARKER}, bor alene`);
      }),
    );
  });

  it('removes it with invisible characters anywhere between the digits', () => {
    fc.assert(
      fc.property(validDate, serial, fc.array(invisible, { minLength: 1, maxLength: 6 }), surrounding, (date, s, marks, [pre, post]) => {
        const result = redactCpr(`${pre}${sprinkle(written(date, '', '-', s), marks)}${post}`);
        expect(result.text).toBe(`${pre}${MARKER}${post}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('removes it when written with full-width digits and dashes', () => {
    const fullWidth = (text: string) => text.replace(/[0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(validDate, serial, (date, s) => {
        expect(redactCpr(`cpr ${fullWidth(written(date, '', '-', s))}.`).text).toBe(`cpr ${MARKER}.`);
      }),
    );
  });

  it('keeps every CPR-shaped number whose date does not exist', () => {
    fc.assert(
      fc.property(invalidDate, dateSeparator, serialSeparator, serial, surrounding, (date, sep, before, s, [pre, post]) => {
        const text = `${pre}${written(date, sep, before, s)}${post}`;
        expect(redactCpr(text)).toMatchObject({ text, count: 0 });
      }),
      { numRuns: 2000 },
    );
  });

  it('redacts a CPR number joined to a longer number, and says so', () => {
    fc.assert(
      fc.property(validDate, serial, fc.integer({ min: 1, max: 99999 }), fc.constantFrom('-', '/', ' - '), (date, s, prefix, joint) => {
        const result = redactCpr(`Sag ${prefix}${joint}${written(date, '', '-', s)} fra fogedretten`);
        expect(result.text).toBe(`Sag ${prefix}${joint}${MARKER} fra fogedretten`);
        expect(result.inLongerNumber).toBe(1);
        expect(redactionNotice('da', result)).toContain('længere nummer');
        expect(redactionNotice('en', result)).toContain('longer number');
      }),
    );
  });

  it('never splits an unbroken run of more than ten digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{11,20}$/), surrounding, (digits, [pre, post]) => {
        const text = `${pre}${digits}${post}`;
        expect(redactCpr(text).text).toBe(text);
      }),
    );
  });

  it('keeps Danish phone numbers, with or without +45 and spacing', () => {
    const phone = fc.tuple(fc.integer({ min: 2, max: 9 }), fc.stringMatching(/^[0-9]{7}$/)).map(([first, rest]) => `${first}${rest}`);
    const style = fc.constantFrom(
      (p: string) => p,
      (p: string) => p.replace(/(..)(..)(..)(..)/, '$1 $2 $3 $4'),
      (p: string) => `+45 ${p}`,
      (p: string) => `+45 ${p.replace(/(..)(..)(..)(..)/, '$1 $2 $3 $4')}`,
      (p: string) => `0045 ${p.replace(/(....)(....)/, '$1 $2')}`,
      (p: string) => `+45${p}`,
    );
    fc.assert(
      fc.property(phone, style, (p, format) => {
        const text = `Ring på ${format(p)} efter kl. 16.`;
        expect(redactCpr(text).text).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps dates with four-digit years, times and postcodes', () => {
    const day = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(day, fc.constantFrom('.', '-', '/'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 1000, max: 9990 }), (d, sep, h, m, postcode) => {
        const date = `${pad(d.getUTCDate())}${sep}${pad(d.getUTCMonth() + 1)}${sep}${d.getUTCFullYear()}`;
        const text = `Mødet er ${date} kl. ${pad(h)}:${pad(m)} på Sølvgade 12, ${postcode} Aalborg.`;
        expect(redactCpr(text).text).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves text without digits exactly as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }).filter((s) => !/\p{Nd}|\p{No}/u.test(s.normalize('NFKC'))), (text) => {
        expect(redactCpr(text)).toMatchObject({ text, count: 0 });
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent: redacting the result again finds nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789 .-/–\u00ADOlcpr'.split('')), maxLength: 40 }), (text) => {
        const once = redactCpr(text);
        expect(redactCpr(once.text)).toMatchObject({ text: once.text, count: 0 });
        expect(once.text.split(MARKER).length - 1).toBe(once.count);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('isCprDate agrees with the calendar on every day, month and year', () => {
  it('for days 0–40, months 0–13 and two-digit years 00–99', () => {
    for (let yy = 0; yy <= 99; yy++) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 40; day++) {
          const real = isRealDate(1900 + yy, month, day) || isRealDate(2000 + yy, month, day);
          if (isCprDate(day, month, yy) !== real) expect({ day, month, yy, accepted: isCprDate(day, month, yy) }).toEqual({ day, month, yy, accepted: real });
        }
      }
    }
  });

  it('accepts the 29th, 30th and 31st exactly where the month has them', () => {
    for (const month of [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
      expect(redactCpr(`cpr 29${pad(month)}85-1234`).count).toBe(1);
      expect(redactCpr(`cpr 30${pad(month)}85-1234`).count).toBe(1);
      expect(redactCpr(`cpr 31${pad(month)}85-1234`).count).toBe([1, 3, 5, 7, 8, 10, 12].includes(month) ? 1 : 0);
    }
    expect(redactCpr('cpr 290285-1234').count).toBe(0);
    expect(redactCpr('cpr 290284-1234').count).toBe(1);
    expect(redactCpr('cpr 290200-1234').count).toBe(1);
    expect(redactCpr('cpr 300284-1234').count).toBe(0);
    expect(redactCpr('cpr 010085-1234').count).toBe(0);
    expect(redactCpr('cpr 011385-1234').count).toBe(0);
    expect(redactCpr('cpr 001285-1234').count).toBe(0);
    expect(redactCpr('cpr 321285-1234').count).toBe(0);
  });
});
