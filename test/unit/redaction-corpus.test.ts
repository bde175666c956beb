/**
 * The CPR corpus (test/fixtures/cpr-corpus): every marked number goes, everything else stays as
 * written, in at least 200 realistic Danish and English sentences.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactCpr } from '../../src/core/redaction.js';

// What a CPR number becomes (DESIGN.md, Privacy), written out rather than read from the code.
const MARKER = '[CPR fjernet]';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'cpr-corpus');
const MARKED = /⟦([^⟧]*)⟧/g;

function sentences(file: string): string[] {
  return readFileSync(join(DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/\\u([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
}

const mustGo = ['must-go.da.txt', 'must-go.en.txt'].flatMap(sentences);
const mustStay = ['must-stay.da.txt', 'must-stay.en.txt'].flatMap(sentences);

describe('the CPR corpus', () => {
  it('has at least 200 sentences, with numbers that must go and numbers that must stay', () => {
    expect(mustGo.length + mustStay.length).toBeGreaterThanOrEqual(200);
    expect(mustGo.length).toBeGreaterThanOrEqual(100);
    expect(mustStay.length).toBeGreaterThanOrEqual(100);
    for (const line of mustGo) expect(line).toMatch(MARKED);
    for (const line of mustStay) expect(line).not.toMatch(/[⟦⟧]/);
  });

  it.each(mustGo)('removes exactly the marked numbers: %s', (line) => {
    const input = line.replace(MARKED, '$1');
    const expected = line.replace(MARKED, MARKER);
    const result = redactCpr(input);
    expect(result.text).toBe(expected);
    expect(result.count).toBe([...line.matchAll(MARKED)].length);
  });

  it.each(mustStay)('leaves alone: %s', (line) => {
    expect(redactCpr(line)).toMatchObject({ text: line, redacted: false, count: 0 });
  });
});
