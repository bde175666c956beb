/**
 * fast-check arbitraries that mutate realistic platform payloads the way hostile or broken
 * clients do: drop fields, swap types, huge and odd unicode strings, prototype-pollution keys
 * (`__proto__`, `constructor`, `prototype`), deep nesting.
 */
import fc from 'fast-check';

type Json = unknown;
type Path = Array<string | number>;

/** Mutations aim at the realistic part of a payload, not inside nesting a mutation added. */
const MAX_PATH_DEPTH = 12;

/** Every path to a value inside `value` down to MAX_PATH_DEPTH (the root is []). */
export function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (value && typeof value === 'object' && prefix.length < MAX_PATH_DEPTH) {
    for (const [key, child] of Object.entries(value)) pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key], out);
  }
  return out;
}

function parentOf(root: Json, path: Path): { parent: Record<string | number, Json>; key: string | number } | null {
  if (path.length === 0) return null;
  let node = root as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) {
    const next = node?.[step];
    if (!next || typeof next !== 'object') return null;
    node = next as Record<string | number, Json>;
  }
  return { parent: node, key: path[path.length - 1]! };
}

/** Sets an own, enumerable property even for `__proto__`, so JSON.stringify writes it out. */
function put(target: Record<string | number, Json>, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const nested = (depth: number): Json => {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? { a: value } : [value];
  return value;
};

export const weirdValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(''),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\u202e\u0041\u0301', '💩'.repeat(200), 'ﷺ'.repeat(50), '\ud800', '<at>x</at>&amp;<@U1>', '__proto__', '2026-13-45'),
  fc.integer({ min: 5_000, max: 40_000 }).map((n) => 'ø'.repeat(n)),
  // Fresh objects per sample (a shared constant could end up inside itself).
  fc.constant(null).map(() => []),
  fc.constant(null).map(() => ({})),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 5 }),
  fc.integer({ min: 50, max: 1_500 }).map(nested),
  fc.constant(null).map(() => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as Json),
);

const keyArb = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'), fc.string({ maxLength: 10 }));

export type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'set'; at: number; value: Json }
  | { op: 'add'; at: number; key: string; value: Json };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: weirdValue }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: keyArb, value: weirdValue }),
);

/** A deep copy of `base` with the mutations applied (paths chosen modulo the paths it has). */
export function mutate(base: Json, mutations: Mutation[]): Json {
  let root: Json = JSON.parse(JSON.stringify(base));
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length]!;
    const at = parentOf(root, path);
    if (m.op === 'drop') {
      if (at) delete at.parent[at.key];
      else root = undefined;
    } else if (m.op === 'set') {
      if (at) put(at.parent, at.key, m.value);
      else root = m.value;
    } else {
      const target = path.length === 0 ? root : at?.parent[at.key];
      if (target && typeof target === 'object') put(target as Record<string, Json>, m.key, m.value);
    }
  }
  return root;
}

export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 3 });
