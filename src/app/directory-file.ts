/**
 * Reads the directory file (YAML) and checks it. Problems name the file and, where the value at
 * fault can be found in it, its line and column: `directory.yaml:42:7: teams[2].backup: …`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { collectDirectoryProblems, formatProblem } from '../core/directory-check.js';
import type { ProblemPath } from '../core/directory-check.js';
import type { Directory } from '../core/directory.js';
import { countOf } from '../core/plural.js';

/** The bundled sample, used when DIRECTORY_FILE is not set. */
export const DEFAULT_DIRECTORY_FILE = fileURLToPath(new URL('../../config/directory.sample.yaml', import.meta.url));

export type DirectoryLoad = { ok: true; directory: Directory } | { ok: false; problems: string[] };

export class DirectoryError extends Error {
  constructor(readonly problems: string[]) {
    super(`The directory file has ${countOf('en', problems.length, { one: 'problem', other: 'problems' })}:\n${problems.join('\n')}`);
    this.name = 'DirectoryError';
  }
}

export function loadDirectory(file: string): DirectoryLoad {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    return { ok: false, problems: [`${file}: cannot read the directory file: ${why}`] };
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return `${file}:${line}:${col}: ${e.message.split('\n')[0]}`;
    });
    return { ok: false, problems };
  }
  if (doc.contents === null) return { ok: false, problems: [`${file}: the file is empty`] };

  const { directory, problems } = collectDirectoryProblems(doc.toJS());
  if (directory) return { ok: true, directory };
  const located = problems.map((p) => ({ offset: offsetOf(doc, p.path), text: formatProblem(p) }));
  located.sort((a, b) => (a.offset ?? -1) - (b.offset ?? -1));
  return {
    ok: false,
    problems: located.map(({ offset, text }) => {
      if (offset === undefined) return `${file}: ${text}`;
      const { line, col } = lineCounter.linePos(offset);
      return `${file}:${line}:${col}: ${text}`;
    }),
  };
}

export function loadDirectoryOrThrow(file: string = DEFAULT_DIRECTORY_FILE): Directory {
  const result = loadDirectory(file);
  if (!result.ok) throw new DirectoryError(result.problems);
  return result.directory;
}

/** Where the value at `path` starts; for a missing key, where its nearest present parent starts. */
function offsetOf(doc: Document, path: ProblemPath): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return range[0];
  }
  return undefined;
}
