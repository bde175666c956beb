/**
 * Reading the raw (unvalidated) directory input with type guards, for the checks a schema cannot
 * express. They run on the raw input so they still report when another part has a shape error.
 */
export type ProblemPath = readonly (string | number)[];

export interface DirectoryProblem {
  path: ProblemPath;
  message: string;
  /** Point at the key itself rather than its value (an unknown key). */
  at?: 'key';
  /** A rule problem that explains the value better than its shape error, which it replaces. */
  overrides?: true;
}

/** `['teams', 2, 'backup']` → `teams[2].backup`. */
export function formatPath(path: ProblemPath): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out || '(top level)';
}

export type Raw = Record<string, unknown>;
export const rec = (v: unknown): Raw | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : undefined;
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface Entry {
  index: number;
  raw: Raw;
  id: string | undefined;
}

/** The mappings of a list, with their index and id. */
export const entries = (v: unknown): Entry[] =>
  list(v).flatMap((item, index) => {
    const raw = rec(item);
    return raw ? [{ index, raw, id: text(raw.id) }] : [];
  });

/** Ids of a section; null when the section itself is missing, so references to it are not judged. */
export type Ids = Set<string> | null;
export const idsOf = (section: unknown): Ids =>
  Array.isArray(section) ? new Set(entries(section).flatMap((e) => (e.id ? [e.id] : []))) : null;
export const unknownIn = (ids: Ids, value: string | undefined): value is string =>
  value !== undefined && ids !== null && !ids.has(value);

/** A problem for every entry whose id an earlier entry already has. */
export function duplicateIds(path: ProblemPath, items: Entry[]): DirectoryProblem[] {
  const first = new Map<string, number>();
  return items.flatMap(({ index, id }) => {
    if (id === undefined) return [];
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, index);
      return [];
    }
    return [{ path: [...path, index, 'id'], message: `duplicate id "${id}", already used by ${formatPath([...path, earlier])}` }];
  });
}
