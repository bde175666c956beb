/**
 * Checks a directory's content: its shape (directorySchema) and what a schema cannot see —
 * references between sections, unique ids, a usable calendar (directory-references.ts,
 * directory-rules.ts). Every problem is reported at once with the path of the value at fault, so
 * an administrator fixes the file in one round. Warnings (directory-warnings.ts) do not stop start-up.
 */
import type { z } from 'zod';
import { directorySchema } from './directory.js';
import type { Directory } from './directory.js';
import { unknownKeyMessage } from './directory-keys.js';
import { formatPath, rec, type DirectoryProblem, type ProblemPath } from './directory-raw.js';
import { crossReferenceProblems } from './directory-references.js';
import { ruleProblems } from './directory-rules.js';

export { formatPath };
export type { DirectoryProblem, ProblemPath };
export type DirectoryCheck = { ok: true; directory: Directory } | { ok: false; problems: string[] };

export const formatProblem = (p: DirectoryProblem): string => `${formatPath(p.path)}: ${p.message}`;

export function checkDirectory(raw: unknown): DirectoryCheck {
  const { directory, problems } = collectDirectoryProblems(raw);
  return directory ? { ok: true, directory } : { ok: false, problems: problems.map(formatProblem) };
}

/** The structured form of checkDirectory, for callers that map paths back to file positions. */
export function collectDirectoryProblems(raw: unknown): {
  directory: Directory | null;
  problems: DirectoryProblem[];
} {
  const parsed = directorySchema.safeParse(raw, { reportInput: true });
  const shape = parsed.success ? [] : parsed.error.issues.flatMap((i) => issueProblems(i, []));
  const doc = rec(raw);
  const rules = doc ? [...crossReferenceProblems(doc), ...ruleProblems(doc)] : [];
  // A rule that explains a value better than its shape error ("24:30 is not a time") replaces it.
  const replaced = new Set(rules.filter((p) => p.overrides).map((p) => formatPath(p.path)));
  const problems = [...shape.filter((p) => !replaced.has(formatPath(p.path))), ...rules].map(({ overrides: _o, ...p }) => p);
  const unique = [...new Map(problems.map((p) => [formatProblem(p), p])).values()];
  return { directory: parsed.success && unique.length === 0 ? parsed.data : null, problems: unique };
}

// ---------------------------------------------------------------------------------------------
// Shape problems: zod issues in words an administrator editing YAML understands.

type Issue = z.core.$ZodIssue;

function issueProblems(issue: Issue, base: ProblemPath): DirectoryProblem[] {
  const path = [...base, ...issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k))];
  if (issue.code === 'invalid_union') {
    const branch = likelyBranch(issue.errors);
    return branch ? branch.flatMap((i) => issueProblems(i, path)) : [{ path, message: unionHint(path) }];
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(path, key, formatPath), at: 'key' as const }));
  }
  if (path.length === 0 && issue.code === 'invalid_type') {
    return [{ path, message: 'the file must be a YAML mapping with municipality, organizations, districts, teams, routes and sla' }];
  }
  return [{ path, message: reason(issue) }];
}

/**
 * Of a union's alternatives, the one the writer evidently meant: it has no unknown or missing
 * keys at its top and fewer problems than any other. None when that is not clear.
 */
function likelyBranch(branches: Issue[][]): Issue[] | undefined {
  const plausible = branches.filter(
    (b) => !b.some((i) => i.path.length === 0 && (i.code === 'unrecognized_keys' || i.code === 'invalid_type')),
  );
  const fewest = Math.min(...plausible.map((b) => b.length));
  const best = plausible.filter((b) => b.length === fewest);
  return best.length === 1 ? best[0] : undefined;
}

function unionHint(path: ProblemPath): string {
  const last = path[path.length - 1];
  if (last === 'notify') {
    return 'must be either slack: { channel } or teams: { conversationId, serviceUrl, tenantId }';
  }
  if (path[0] === 'routes' && path.length === 2) {
    return 'must be either { category, district (optional), team } or { default: <team id> }';
  }
  if (last === 'at') return 'must be a percentage like "150%"';
  return 'does not match any of the allowed forms';
}

const NOUNS: Record<string, string> = {
  object: 'a mapping (key: value)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};
const noun = (t: string) => NOUNS[t] ?? t;

function got(issue: Issue): string {
  const input: unknown = issue.input;
  return typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean'
    ? `, not ${JSON.stringify(input)}`
    : '';
}

function reason(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === 'undefined') return 'is required';
      return `must be ${noun(issue.expected)}${received ? `, not ${noun(received)}` : ''}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got(issue)}`;
    case 'invalid_format':
      if (issue.format === 'url') return `must be a web address (https://…)${got(issue)}`;
      return `${issue.message.startsWith('Invalid') ? 'has the wrong format' : issue.message}${got(issue)}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const more = issue.code === 'too_small';
      if (issue.origin === 'array') return `must have ${more ? 'at least' : 'at most'} ${bound} entr${bound === 1 ? 'y' : 'ies'}`;
      if (issue.origin === 'string' && more && Number(bound) <= 1) return 'must not be empty';
      const strict = issue.inclusive === false;
      return `must be ${more ? (strict ? 'greater than' : 'at least') : strict ? 'less than' : 'at most'} ${bound}${got(issue)}`;
    }
    default:
      return issue.message;
  }
}

