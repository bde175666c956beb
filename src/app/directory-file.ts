/**
 * Reads the directory file (YAML) and checks it. Problems name the file and, where the value at
 * fault can be found in it, its line and column: `directory.yaml:42:7: teams[2].backup: …`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { collectDirectoryProblems, formatProblem } from '../core/directory-check.js';
import type { DirectoryProblem, ProblemPath } from '../core/directory-check.js';
import { directoryWarnings } from '../core/directory-warnings.js';
import type { Directory } from '../core/directory.js';
import { countOf } from '../core/plural.js';

/** The bundled sample, used when DIRECTORY_FILE is not set. */
export const DEFAULT_DIRECTORY_FILE = fileURLToPath(new URL('../../config/directory.sample.yaml', import.meta.url));

/** A loaded directory, with warnings that do not stop start-up (file:line:col: path: text). */
export type DirectoryLoad = { ok: true; directory: Directory; warnings: string[] } | { ok: false; problems: string[] };

export class DirectoryError extends Error {
  constructor(readonly problems: string[]) {
    super(`The directory file has ${countOf('en', problems.length, { one: 'problem', other: 'problems' })}:\n${problems.join('\n')}`);
    this.name = 'DirectoryError';
  }
}

export function loadDirectory(file: string, now: Date = new Date()): DirectoryLoad {
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
  const [syntax] = doc.errors;
  if (syntax) {
    // Later parser errors mostly follow from the first; one plain sentence helps more than a dozen.
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    const unclosedQuote = syntax.code === 'MISSING_CHAR' && syntax.message.includes('quote');
    const at = unclosedQuote ? (openingQuote(source) ?? { line, col }) : { line, col };
    return { ok: false, problems: [`${file}:${at.line}:${at.col}: ${yamlSyntaxProblem(syntax)}`] };
  }
  if (doc.contents === null) return { ok: false, problems: [`${file}: the file is empty`] };

  const { directory, problems } = collectDirectoryProblems(doc.toJS());
  const locate = (list: DirectoryProblem[]): string[] => {
    const located = list.map((p) => ({ offset: offsetOf(doc, p.path, p.at === 'key'), text: formatProblem(p) }));
    located.sort((a, b) => (a.offset ?? -1) - (b.offset ?? -1));
    return located.map(({ offset, text }) => {
      if (offset === undefined) return `${file}: ${text}`;
      const { line, col } = lineCounter.linePos(offset);
      return `${file}:${line}:${col}: ${text}`;
    });
  };
  if (directory) return { ok: true, directory, warnings: locate(directoryWarnings(directory, now)) };
  return { ok: false, problems: locate(problems) };
}

/** The directory, or a DirectoryError with every problem; warnings go to `onWarning` (start-up logs them). */
export function loadDirectoryOrThrow(file: string = DEFAULT_DIRECTORY_FILE, onWarning?: (warning: string) => void): Directory {
  const result = loadDirectory(file);
  if (!result.ok) throw new DirectoryError(result.problems);
  for (const warning of result.warnings) onWarning?.(warning);
  return result.directory;
}

/**
 * Where the value at `path` starts (or its key, with `atKey`); for a missing key, where its
 * nearest present parent starts.
 */
function offsetOf(doc: Document, path: ProblemPath, atKey = false): number | undefined {
  if (atKey && path.length > 0) {
    const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path[path.length - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return range[0];
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return range[0];
  }
  return undefined;
}

/**
 * The first YAML syntax error in plain words: what is wrong and what to check. The codes are the
 * yaml package's (https://eemeli.org/yaml/#errors); unknown codes fall back to its own message.
 */
export function yamlSyntaxProblem(error: YAMLError): string {
  const own = error.message.split('\n')[0] ?? '';
  const keyWithoutColon = 'a key without its ":" (or a value on the wrong line); write "key: value" with a space after the colon';
  const plain: Record<string, string> = {
    BAD_INDENT: /Flow (map|sequence)/.test(own)
      ? `a { … } or [ … ] opened above is not closed here; check that every "{" has its "}" and every "[" its "]"`
      : 'this line is indented differently from the lines around it; keys of the same mapping must start in the same column',
    TAB_AS_INDENT: 'a tab is used to indent this line; YAML indents with spaces only',
    MISSING_CHAR: own.includes('quote')
      ? 'a quoted text is not closed; check that every opening " or \' has its closing quote'
      : own.includes('map values')
        ? keyWithoutColon
        : `something is missing here (${own})`,
    DUPLICATE_KEY: 'this key appears twice in the same mapping; keep one of them',
    MULTILINE_IMPLICIT_KEY: keyWithoutColon,
    BLOCK_AS_IMPLICIT_KEY:
      'this value runs on into a "key:" (check the indentation of the line below), or two "key:" share a line; quote a value that contains ": "',
    BAD_SCALAR_START: `a value starts with a character YAML reserves (${own.slice(-1)}); put the value in quotes`,
    BLOCK_IN_FLOW: 'a "- item" list or "key:" line inside { … } or [ … ]; use one style or the other',
    BAD_DQ_ESCAPE: `an unknown escape inside "…" (${own.replace(/^Invalid escape sequence /, '')}); use single quotes or write \\\\ for a backslash`,
    UNEXPECTED_TOKEN: `unexpected text here (${own}); check the indentation and the quotes on this line and the one before`,
  };
  return `not valid YAML: ${plain[error.code] ?? own}`;
}

/**
 * The parser reports an unclosed quote where the file ends; the writer needs the line where it
 * opened: the first line with an odd number of double quotes (comments and single quotes aside).
 */
function openingQuote(source: string): { line: number; col: number } | undefined {
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const code = (lines[i] ?? '').replace(/\s#.*$/, '');
    const quotes = [...code.matchAll(/(?<!\\)"/g)];
    if (quotes.length % 2 === 1) return { line: i + 1, col: (quotes.at(-1)?.index ?? 0) + 1 };
  }
  return undefined;
}
