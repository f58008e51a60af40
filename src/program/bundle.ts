// A program of several files, kept as one text (a "bundle") so that everything that handles programs as text — the
// store, the ledger's digests, novelty embeddings, diffs, prompts, duplicate detection — handles it unchanged.
//
//   ==> main.js (frozen) <==
//   import { search } from './search.js';
//   …
//   ==> search.js <==
//   // EVOLVE-BLOCK-START
//   …
//
// Each file starts with a header line `==> PATH <==` (the convention `head` uses for several files), `(frozen)` after
// the path when the file may never change. A file's text runs to the next header and always ends with a newline. The
// headers are outside every EVOLVE region, so a child can neither rename, add, drop nor unfreeze a file without the
// frozen-code check noticing.

export interface BundleFile {
  /** Relative path inside the program's folder (`lib/data.js`). */
  path: string;
  content: string;
  /** Never changes: no EVOLVE region, no edit, no rewrite. */
  frozen: boolean;
}

/** Where one file of a bundle lies: its header line starts at `header`, its text is [start, end). */
export interface FileSpan {
  path: string;
  frozen: boolean;
  header: number;
  start: number;
  end: number;
}

const HEADER = /^==> (.+?)( \(frozen\))? <==$/;
const SEGMENT = /^[A-Za-z0-9_.-]+$/;
const MAX_FILES = 64;

export class BundleError extends Error {
  override readonly name = 'BundleError';
}

/** Whether a program's text is a bundle of several files (its first line is a file header). */
export function isBundle(code: string): boolean {
  const nl = code.indexOf('\n');
  return HEADER.test(nl < 0 ? code : code.slice(0, nl));
}

/** Why a path cannot name a file of a program (null when it can): relative, plain segments, no `.`/`..`, ≤ 8 deep. */
export function pathProblem(path: string): string | null {
  const segments = path.split('/');
  if (path === '' || path.startsWith('/')) return 'must be a relative path';
  if (segments.length > 8) return 'is more than 8 folders deep';
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') return 'has an empty, "." or ".." segment';
    if (!SEGMENT.test(s)) return 'may hold only letters, digits, "_", "." and "-" in each segment';
  }
  return null;
}

/** The spans of a bundle's files, in order. Throws a {@link BundleError} on a malformed bundle. */
export function fileSpans(code: string): FileSpan[] {
  const spans: FileSpan[] = [];
  let offset = 0;
  for (const line of code.split(/(?<=\n)/)) {
    const m = HEADER.exec(line.replace(/\n$/, ''));
    if (m) {
      const last = spans.at(-1);
      if (last) last.end = offset;
      spans.push({ path: m[1], frozen: m[2] !== undefined, header: offset, start: offset + line.length, end: code.length });
    } else if (spans.length === 0) throw new BundleError('a bundle starts with a "==> PATH <==" header line');
    offset += line.length;
  }
  checkFiles(spans.map((s) => s.path));
  return spans;
}

function checkFiles(paths: readonly string[]): void {
  if (paths.length === 0) throw new BundleError('a program needs at least one file');
  if (paths.length > MAX_FILES) throw new BundleError(`a program may have at most ${MAX_FILES} files (it has ${paths.length})`);
  const seen = new Set<string>();
  for (const p of paths) {
    const problem = pathProblem(p);
    if (problem) throw new BundleError(`file ${JSON.stringify(p)}: the path ${problem}`);
    if (seen.has(p)) throw new BundleError(`file ${p} appears twice`);
    seen.add(p);
  }
  for (const p of paths) {
    if (paths.some((q) => q.startsWith(`${p}/`))) throw new BundleError(`${p} is both a file and a folder`);
  }
}

/** The files of a bundle. */
export function parseBundle(code: string): BundleFile[] {
  return fileSpans(code).map((s) => ({ path: s.path, frozen: s.frozen, content: code.slice(s.start, s.end) }));
}

const withNewline = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);

/** One text for several files (each file's text gets a final newline if it lacks one). */
export function formatBundle(files: readonly BundleFile[]): string {
  checkFiles(files.map((f) => f.path));
  for (const f of files) {
    if (f.content.split('\n').some((l) => HEADER.test(l))) throw new BundleError(`file ${f.path} has a line that reads like a file header ("==> … <==")`);
  }
  return files.map((f) => `==> ${f.path}${f.frozen ? ' (frozen)' : ''} <==\n${withNewline(f.content)}`).join('');
}

/** The same bundle with one file's text replaced. */
export function replaceFile(code: string, path: string, content: string): string {
  const files = parseBundle(code);
  const file = files.find((f) => f.path === path);
  if (!file) throw new BundleError(`no file ${path} in the program`);
  file.content = content;
  return formatBundle(files);
}

/** `path (frozen)` per file, for comparing two bundles' file lists. */
export function fileList(code: string): string[] {
  return fileSpans(code).map((s) => `${s.path}${s.frozen ? ' (frozen)' : ''}`);
}

/** The file of a bundle that holds character `offset`, and the 1-based line inside it. */
export function locate(code: string, offset: number): { path: string; line: number } | null {
  for (const s of fileSpans(code)) {
    if (offset >= s.start && offset <= s.end) {
      let line = 1;
      for (let i = s.start; i < offset; i++) if (code.charCodeAt(i) === 10) line++;
      return { path: s.path, line };
    }
  }
  return null;
}
