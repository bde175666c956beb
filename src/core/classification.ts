/**
 * Suggests a category and urgency from a reporter's free text, with the Danish and English keyword
 * tables in keywords.ts. A suggestion only pre-fills the form; the reporter decides.
 */
import type { Category, Urgency } from './model.js';
import {
  CHILD_AT_RISK_BONUS,
  KEYWORD_RULES,
  LANGUAGE_HINTS,
  NEGATIONS,
  type KeywordRule,
} from './keywords.js';

export interface Classification {
  category: Category | null;
  urgency: Urgency;
  acute: boolean;
  /** Names of the keyword rules that shaped the suggestion (e.g. "weapon", "homeless"). */
  signals: string[];
}

/** Ties go to the category where a missed concern costs the most. */
const CATEGORY_PRIORITY: readonly Category[] = [
  'child_at_risk',
  'mental_health',
  'homelessness',
  'eviction_risk',
  'elderly_selfneglect',
  'substance_use',
  'youth',
  'integration',
  'neighbour_conflict',
  'other',
];

const URGENCY_RANK: Record<Urgency, number> = { low: 0, normal: 1, high: 2, acute: 3 };
const MAX_GAP = 4;
const NEGATION_WINDOW = 2;

/** A word position: the index of its word pattern in WORD_PATTERNS, or GAP. */
type Term = number;
type Pattern = readonly Term[];
const GAP = -1;

interface CompiledRule {
  rule: KeywordRule;
  patterns: readonly Pattern[];
  except: readonly Pattern[];
}

const WORD_PATTERNS: RegExp[] = [];
const WORD_PATTERN_IDS = new Map<string, number>();

function compileWord(word: string): Term {
  const known = WORD_PATTERN_IDS.get(word);
  if (known !== undefined) return known;
  const alternatives = word.split('|').map((alt) =>
    alt
      .split('*')
      .map((part) => part.replace(/[.+?^${}()[\]\\]/g, '\\$&'))
      .join("[\\p{L}\\p{N}']*"),
  );
  WORD_PATTERNS.push(new RegExp(`^(?:${alternatives.join('|')})$`, 'u'));
  WORD_PATTERN_IDS.set(word, WORD_PATTERNS.length - 1);
  return WORD_PATTERNS.length - 1;
}

function compilePattern(pattern: string): Pattern {
  return pattern
    .trim()
    .split(/\s+/)
    .map((word) => (word === '..' ? GAP : compileWord(word)));
}

const COMPILED: readonly CompiledRule[] = KEYWORD_RULES.map((rule) => ({
  rule,
  patterns: rule.patterns.map(compilePattern),
  except: (rule.except ?? []).map(compilePattern),
}));
const NEGATION_WORD = compileWord(NEGATIONS.join('|'));

export function tokenize(text: string): string[] {
  const words = text.normalize('NFC').toLowerCase().replace(/[’‘`´]/g, "'").match(/[\p{L}\p{N}']+/gu) ?? [];
  return words.map((w) => w.replace(/^'+|'+$/g, '')).filter((w) => w.length > 0);
}

/** The text's words, with each word-pattern test remembered: long texts repeat words a lot. */
class Words {
  readonly length: number;
  private readonly ids: Int32Array;
  private readonly unique: string[];
  /** Per (word pattern, unique word): 0 unknown, 1 match, 2 no match. */
  private readonly memo: Uint8Array;

  constructor(tokens: readonly string[]) {
    const index = new Map<string, number>();
    this.ids = Int32Array.from(tokens, (t) => {
      let id = index.get(t);
      if (id === undefined) {
        id = index.size;
        index.set(t, id);
      }
      return id;
    });
    this.unique = [...index.keys()];
    this.length = tokens.length;
    this.memo = new Uint8Array(WORD_PATTERNS.length * this.unique.length);
  }

  test(term: Term, pos: number): boolean {
    if (pos >= this.length) return false;
    const id = this.ids[pos] ?? 0;
    const slot = term * this.unique.length + id;
    if (this.memo[slot] === 0) this.memo[slot] = WORD_PATTERNS[term]?.test(this.unique[id] ?? '') ? 1 : 2;
    return this.memo[slot] === 1;
  }
}

function matchesFrom(pattern: Pattern, words: Words, termIndex: number, pos: number): boolean {
  const term = pattern[termIndex];
  if (term === undefined) return true;
  if (term === GAP) {
    for (let skip = 0; skip <= MAX_GAP; skip += 1) {
      if (matchesFrom(pattern, words, termIndex + 1, pos + skip)) return true;
    }
    return false;
  }
  return words.test(term, pos) && matchesFrom(pattern, words, termIndex + 1, pos + 1);
}

function isNegated(words: Words, start: number): boolean {
  for (let i = Math.max(0, start - NEGATION_WINDOW); i < start; i += 1) {
    if (words.test(NEGATION_WORD, i)) return true;
  }
  return false;
}

function isExcepted(compiled: CompiledRule, words: Words, start: number): boolean {
  return compiled.except.some(
    (p) => matchesFrom(p, words, 0, start) || (start > 0 && matchesFrom(p, words, 0, start - 1)),
  );
}

function ruleMatches(compiled: CompiledRule, words: Words): boolean {
  for (const pattern of compiled.patterns) {
    for (let start = 0; start < words.length; start += 1) {
      if (!matchesFrom(pattern, words, 0, start)) continue;
      if (!compiled.rule.ignoreNegation && isNegated(words, start)) continue;
      if (isExcepted(compiled, words, start)) continue;
      return true;
    }
  }
  return false;
}

/** The language only when one clearly wins; mixed or too short text gives null. */
export function detectLanguage(tokens: readonly string[]): 'da' | 'en' | null {
  const count = (hints: readonly string[]) => tokens.filter((t) => hints.includes(t)).length;
  const da = count(LANGUAGE_HINTS.da);
  const en = count(LANGUAGE_HINTS.en);
  if (da > en) return 'da';
  if (en > da) return 'en';
  return null;
}

function emptyScores(): Record<Category, number> {
  return Object.fromEntries(CATEGORY_PRIORITY.map((c) => [c, 0])) as Record<Category, number>;
}

function bestCategory(scores: Record<Category, number>): Category | null {
  let best: Category | null = null;
  for (const category of CATEGORY_PRIORITY) {
    if (scores[category] > 0 && (best === null || scores[category] > scores[best])) best = category;
  }
  return best;
}

export function classify(text: string): Classification {
  const tokens = tokenize(text);
  const language = detectLanguage(tokens);
  const words = new Words(tokens);
  const matched = COMPILED.filter(
    (c) => (c.rule.lang === undefined || c.rule.lang === language) && ruleMatches(c, words),
  ).map((c) => c.rule);

  const scores = emptyScores();
  for (const rule of matched) {
    for (const [category, weight] of Object.entries(rule.weights ?? {}) as [Category, number][]) {
      scores[category] += weight;
    }
  }
  const childMentioned = matched.some((r) => r.child === 'subject');
  const childAtRisk = childMentioned && matched.some((r) => r.child === 'risk');
  if (childAtRisk) scores.child_at_risk += CHILD_AT_RISK_BONUS;

  let urgency: Urgency | null = null;
  const signals = new Set<string>();
  for (const rule of matched) {
    const urgencyCounts =
      rule.urgency !== undefined && (rule.urgencyOnlyWith === undefined || scores[rule.urgencyOnlyWith] > 0);
    if (urgencyCounts && rule.urgency !== undefined) {
      if (urgency === null || URGENCY_RANK[rule.urgency] > URGENCY_RANK[urgency]) urgency = rule.urgency;
    }
    const hasWeight = Object.values(rule.weights ?? {}).some((w) => w > 0);
    if (urgencyCounts || hasWeight || (rule.child === 'risk' && childAtRisk)) signals.add(rule.id);
  }

  const finalUrgency = urgency ?? 'normal';
  return {
    category: bestCategory(scores),
    urgency: finalUrgency,
    acute: finalUrgency === 'acute',
    signals: [...signals],
  };
}
