/**
 * A matching view of free text: what a reader sees, not what the keyboard produced. Unicode
 * compatibility forms are folded (NFKC: full-width, superscript and mathematical digits, no-break
 * and thin spaces), invisible and formatting characters are dropped (soft hyphen, zero-width
 * space/joiners, word joiner, byte-order mark, bidi marks and isolates — general category Cf, see
 * https://www.unicode.org/reports/tr44/#General_Category_Values), digits of other scripts become
 * ASCII digits, and look-alike dashes, slashes and dots become `-`, `/` and `.`.
 *
 * Every character of the view remembers the UTF-16 range of the original it came from, so a match
 * found in the view can be cut out of the original text with everything around it as written.
 */

export interface NormalisedText {
  /** The matching view: ASCII digits, `-`, `/`, `.` and single spaces where the original had look-alikes. */
  text: string;
  /** For each UTF-16 unit of `text`: start (inclusive) of the original range it came from. */
  start: number[];
  /** For each UTF-16 unit of `text`: end (exclusive) of the original range it came from. */
  end: number[];
}

const INVISIBLE = /^[\p{Cf}]$/u;
const COMBINING = /^[\p{M}]$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
// Dashes and minus signs NFKC leaves alone (U+2010–U+2015, U+2212, U+2043, U+FE58, U+02D7).
const DASH = /^[\u2010-\u2015\u2212\u2043\uFE58\u02D7\u2E3A\u2E3B]$/u;
const SLASH = /^[\u2044\u2215\u29F8\u29F5]$/u;
const DOT = /^[\u00B7\u2024\u2027\u2219\u22C5\u30FB]$/u;
const SPACE = /^\s$/u;

const digitValueCache = new Map<number, string>();

/**
 * The ASCII digit a decimal digit (general category Nd) stands for. Unicode assigns Nd characters
 * in contiguous runs of ten, zero to nine (Unicode Standard §4.6), so a run of several scripts'
 * digits in a row still gives (code point − start of run) mod 10.
 */
function asciiDigit(codePoint: number): string {
  const cached = digitValueCache.get(codePoint);
  if (cached !== undefined) return cached;
  let first = codePoint;
  while (first > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(first - 1))) first -= 1;
  const digit = String((codePoint - first) % 10);
  digitValueCache.set(codePoint, digit);
  return digit;
}

function fold(char: string): string {
  if (/^[0-9]$/.test(char)) return char;
  if (DECIMAL_DIGIT.test(char)) return asciiDigit(char.codePointAt(0) ?? 48);
  if (DASH.test(char)) return '-';
  if (SLASH.test(char)) return '/';
  if (DOT.test(char)) return '.';
  if (SPACE.test(char)) return ' ';
  return char;
}

/** Builds the matching view of `original` with its index map back to the original. */
export function normaliseForMatching(original: string): NormalisedText {
  const out: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  let index = 0;
  let previousFolded = '';
  for (const char of original) {
    const from = index;
    index += char.length;
    if (INVISIBLE.test(char)) continue;
    // A combining mark or variation selector on a digit (e.g. keycap 1️⃣) does not change the digit.
    if (COMBINING.test(char) && /[0-9\-/. ]$/.test(previousFolded)) {
      if (end.length > 0) end[end.length - 1] = index;
      continue;
    }
    const folded = [...char.normalize('NFKC')].map(fold).join('');
    for (let k = 0; k < folded.length; k++) {
      out.push(folded[k] ?? '');
      start.push(from);
      end.push(index);
    }
    previousFolded = out[out.length - 1] ?? '';
  }
  digitLookalikes(out);
  return { text: out.join(''), start, end };
}

// Latin, Greek and Cyrillic O and o, Latin I and l: read as 0 and 1 when they touch a digit.
const LOOKS_LIKE: Record<string, string> = { O: '0', o: '0', '\u039F': '0', '\u03BF': '0', '\u041E': '0', '\u043E': '0', I: '1', l: '1' };
const isDigit = (unit: string | undefined) => unit !== undefined && unit >= '0' && unit <= '9';

/** In place: a look-alike letter next to a digit (or to a look-alike that became one) is a digit. */
function digitLookalikes(units: string[]): void {
  const pass = (indexes: number[]) => {
    for (const i of indexes) {
      const digit = LOOKS_LIKE[units[i] ?? ''];
      if (digit && (isDigit(units[i - 1]) || isDigit(units[i + 1]))) units[i] = digit;
    }
  };
  const forward = units.map((_, i) => i);
  pass(forward);
  pass(forward.reverse());
}
