/**
 * Unknown keys in the directory file, explained: the keys the schema knows at a path, and for a
 * key it does not know, the key that was probably meant ("clok" → "clock") or the level it
 * belongs to when it was indented too far (`backup:` under `managers:` belongs to the team).
 *
 * The known keys are read from directorySchema itself, so a key added there is known here too.
 */
import type { z } from 'zod';
import { directorySchema } from './directory.js';

type Path = readonly (string | number)[];

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  keyType?: z.ZodType;
}
const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** The object (or enum-keyed record) schemas a value at `path` may be checked against. */
function schemasAt(path: Path): z.ZodType[] {
  let current: z.ZodType[] = [directorySchema];
  for (const key of path) {
    current = current.flatMap((s) => unwrap(s)).flatMap((schema) => {
      const def = defOf(schema);
      if (typeof key === 'number') return def.type === 'array' && def.element ? [def.element] : [];
      if (def.type === 'object' && def.shape?.[key]) return [def.shape[key]];
      return [];
    });
  }
  return current.flatMap((s) => unwrap(s));
}

/** Optional, default and pipe wrappers removed; a union becomes its alternatives. */
function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap((o) => unwrap(o));
  return [schema];
}

/** The keys a mapping at `path` may have; empty when the value there is not a mapping. */
export function knownKeysAt(path: Path): string[] {
  const keys = schemasAt(path).flatMap((schema) => {
    const def = defOf(schema);
    if (def.type === 'object' && def.shape) return Object.keys(def.shape);
    if (def.type === 'record' && def.keyType) {
      const values = (def.keyType as unknown as { _zod: { values?: Set<unknown> } })._zod.values;
      return values ? [...values].map(String) : [];
    }
    return [];
  });
  return [...new Set(keys)];
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), so "bakcup" is one
 * edit from "backup". Hand-written: a dozen lines, and the packages that offer it either lack
 * transpositions or bring a fuzzy-search engine we do not need.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The known key closest to `key`: the same but for case, a prefix of it ("monday" → "mon"), or
 * within 1 edit (2 for keys of 6 letters or more). Undefined when none is close or two tie.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  const prefix = known.filter((k) => k.length >= 3 && lower.startsWith(k.toLowerCase()));
  if (prefix.length === 1) return prefix[0];
  const limit = key.length >= 6 ? 2 : 1;
  const scored = known.map((k) => ({ k, d: editDistance(lower, k.toLowerCase()) })).filter((s) => s.d <= limit);
  const best = Math.min(...scored.map((s) => s.d));
  const winners = scored.filter((s) => s.d === best);
  return winners.length === 1 ? winners[0]?.k : undefined;
}

/**
 * Why `key` is wrong at `path` (the mapping that holds it), in one sentence:
 * `unknown key "clok" — did you mean "clock"?`, or for a key of an enclosing mapping
 * `unknown key "backup" here — indented too far? It belongs to teams[0]`.
 */
export function unknownKeyMessage(path: Path, key: string, formatPath: (p: Path) => string): string {
  const known = knownKeysAt(path);
  if (!known.includes(key)) {
    for (let n = path.length - 1; n >= 0; n--) {
      const ancestor = path.slice(0, n);
      if (typeof path[n] === 'number') continue;
      if (knownKeysAt(ancestor).includes(key)) {
        return `unknown key "${key}" here — indented too far? "${key}" belongs to ${formatPath(ancestor)}`;
      }
    }
  }
  const suggestion = closestKey(key, known);
  if (suggestion) return `unknown key "${key}" — did you mean "${suggestion}"?`;
  return `unknown key "${key}" (known keys: ${known.join(', ')})`;
}
