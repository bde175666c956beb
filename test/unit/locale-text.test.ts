import { describe, expect, it } from 'vitest';
import { catalogue, fillTemplate } from '../../src/core/catalogue.js';
import { dayRangeText } from '../../src/core/digest/i18n.js';
import { plainText } from '../../src/core/plain-text.js';
import { countOf } from '../../src/core/plural.js';

describe('date ranges from Intl', () => {
  it('writes a week inside one month', () => {
    expect(dayRangeText('da', { day: 2, month: 3, year: 2026 }, { day: 8, month: 3, year: 2026 })).toBe('2.–8. marts 2026');
  });
  it('names both months when the week crosses a month', () => {
    expect(dayRangeText('da', { day: 23, month: 2, year: 2026 }, { day: 1, month: 3, year: 2026 })).toBe('23. februar–1. marts 2026');
    expect(dayRangeText('en', { day: 23, month: 2, year: 2026 }, { day: 1, month: 3, year: 2026 })).toBe('23 February\u2009–\u20091 March 2026');
  });
  it('names both years when the week crosses New Year', () => {
    expect(dayRangeText('da', { day: 29, month: 12, year: 2025 }, { day: 4, month: 1, year: 2026 })).toBe('29. december 2025–4. januar 2026');
  });
});

describe('plurals from Intl.PluralRules', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    const forms = { one: 'problem', other: 'problems' };
    expect(countOf('en', 1, forms)).toBe('1 problem');
    expect(countOf('en', 0, forms)).toBe('0 problems');
    expect(countOf('en', 2, forms)).toBe('2 problems');
    expect(countOf('da', 1, { one: 'bekymring', other: 'bekymringer' })).toBe('1 bekymring');
    expect(countOf('da', 5, { one: 'bekymring', other: 'bekymringer' })).toBe('5 bekymringer');
  });
});

describe('catalogues', () => {
  const say = catalogue({ da: { hello: 'Hej {name}' }, en: { hello: 'Hello {name}' } });
  it('fills placeholders in the chosen language', () => {
    expect(say('da', 'hello', { name: 'Mette' })).toBe('Hej Mette');
    expect(say('en', 'hello', { name: 'Mette' })).toBe('Hello Mette');
  });
  it('leaves a placeholder without a value visible', () => {
    expect(fillTemplate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('plain text of a neutral message', () => {
  const message = {
    summary: 'Summary',
    blocks: [
      { kind: 'header' as const, text: 'Title' },
      { kind: 'fields' as const, fields: [{ label: 'Team', value: 'SSP' }] },
      { kind: 'text' as const, text: 'Body' },
      { kind: 'link' as const, label: 'Form', url: 'https://example.dk/form' },
      { kind: 'actions' as const, actions: [] },
    ],
  };
  it('writes headers, fields, text and links, one per line, without buttons', () => {
    expect(plainText(message)).toBe('Title\nTeam: SSP\nBody\nForm: https://example.dk/form');
  });
  it('underlines headers for a terminal', () => {
    expect(plainText(message, { underlineHeaders: true })).toBe('Title\n─────\nTeam: SSP\nBody\nForm: https://example.dk/form');
  });
  it('falls back to the summary when nothing shows', () => {
    expect(plainText({ summary: 'Only a summary', blocks: [] })).toBe('Only a summary');
  });
});
