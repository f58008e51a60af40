// SEARCH/REPLACE edits from a model reply, applied only inside a program's EVOLVE blocks.
//
// Policy (documented for the operator): blocks apply in order, each against the text the previous ones left;
// a block that matches is applied, a block that does not is reported (never dropped) with the program's closest
// lines. The caller decides what a partial result is worth: the LLM operator uses it only as the base of a retry
// and accepts a child once every block has applied, because a half-applied multi-block edit is rarely coherent.

import { type FileSpan, fileSpans, isBundle } from '../../program/bundle.ts';
import { evolveRegions, insideRegions, type Region } from '../evolve-blocks.ts';

export interface SearchReplaceBlock {
  /** 1-based position of the block in the reply, for reports. */
  index: number;
  search: string;
  replace: string;
  /** The file the block edits, for programs of several files: named on the line before `<<<<<<< SEARCH` or after it. */
  file?: string;
}

export interface ParsedBlocks {
  blocks: SearchReplaceBlock[];
  /** Blocks the reply opened but never finished (e.g. a reply cut off by the token limit). */
  malformed: string[];
}

const OPEN = /^\s*<{5,9}\s*SEARCH(?:\s+(\S+))?\s*$/;
/** A line that names a file: `search.js`, `### lib/data.js`, `**File: a.js**`, `==> a.js <==`, `` `a.js` ``. */
const FILE_LINE = /^[\s#>*_`-]*(?:file\s*[:：]\s*|==>\s*)?[`*_]*([\w.-]+(?:\/[\w.-]+)*\.\w+)[`*_]*(?:\s*<==)?[\s*_`:]*$/i;
const FENCE_LINE = /^\s*(`{3,}|~{3,})[\w+#.-]*\s*$/;

/** The file named by the last lines before a SEARCH line (a fence opening line between them is skipped). */
export function namedFile(before: readonly string[]): string | undefined {
  let i = before.length - 1;
  while (i >= 0 && before[i].trim() === '') i--;
  if (i >= 0 && FENCE_LINE.test(before[i])) i--;
  while (i >= 0 && before[i].trim() === '') i--;
  return i >= 0 ? FILE_LINE.exec(before[i])?.[1] : undefined;
}
const DIVIDER = /^\s*={5,9}\s*$/;
const CLOSE = /^\s*>{5,9}\s*REPLACE\s*$/;
const MARKER = /EVOLVE-BLOCK-(START|END)/;

/**
 * Reads every `<<<<<<< SEARCH … ======= … >>>>>>> REPLACE` block of a reply. Anything outside blocks (prose,
 * code fences, tags) is ignored, so a reply may wrap its blocks however it likes.
 */
export function parseSearchReplace(reply: string): ParsedBlocks {
  const blocks: SearchReplaceBlock[] = [];
  const malformed: string[] = [];
  let state: 'out' | 'search' | 'replace' = 'out';
  let search: string[] = [];
  let replace: string[] = [];
  let opened = 0;
  let file: string | undefined;
  const lines = reply.replace(/\r\n/g, '\n').split('\n');
  lines.forEach((line, at) => {
    if (state === 'out') {
      const open = OPEN.exec(line);
      if (open) {
        state = 'search';
        search = [];
        replace = [];
        opened++;
        file = open[1] ?? namedFile(lines.slice(Math.max(0, at - 4), at));
      }
    } else if (state === 'search') {
      if (DIVIDER.test(line)) state = 'replace';
      else if (OPEN.test(line) || CLOSE.test(line)) {
        malformed.push(`block ${opened}: "${line.trim()}" came before its ======= divider`);
        state = 'out';
        const reopen = OPEN.exec(line);
        if (reopen) {
          state = 'search';
          search = [];
          opened++;
          file = reopen[1];
        }
      } else search.push(line);
    } else if (CLOSE.test(line)) {
      const block = { index: opened, search: stripFence(search).join('\n'), replace: stripFence(replace).join('\n') };
      blocks.push(file ? { ...block, file } : block);
      state = 'out';
    } else replace.push(line);
  });
  if (state !== 'out') malformed.push(`block ${opened}: never closed with >>>>>>> REPLACE (was the reply cut off?)`);
  return { blocks, malformed };
}

/** Some models fence the text inside a block: a fence line first and last is not part of the program. */
function stripFence(lines: string[]): string[] {
  if (lines.length >= 2 && /^\s*```/.test(lines[0]) && /^\s*```\s*$/.test(lines[lines.length - 1])) return lines.slice(1, -1);
  return lines;
}

export interface BlockFailure {
  block: SearchReplaceBlock;
  reason: 'not-found' | 'ambiguous' | 'outside-evolve-block' | 'marker' | 'missing-file' | 'frozen-file';
  /** A report the model can act on: why, and the closest lines of the program with line numbers. */
  report: string;
}

export interface ApplyResult {
  code: string;
  applied: number;
  failures: BlockFailure[];
}

/** One line of the program with its character span (end excludes the newline). */
interface Line {
  text: string;
  start: number;
  end: number;
}

function linesOf(code: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const text of code.split('\n')) {
    out.push({ text, start, end: start + text.length });
    start += text.length + 1;
  }
  return out;
}

const leading = (s: string) => /^[ \t]*/.exec(s)![0];

/** How a SEARCH text lined up with the program: where, and how to re-indent the replacement. */
interface Match {
  line: number;
  count: number;
  /** Indentation to add to (or, when `remove`, strip from) each replacement line. */
  indent: string;
  remove: boolean;
}

/** Line-wise matches of `search` at the first tolerance level that has any: exact, trailing whitespace, indentation drift, blank lines. */
function findMatches(lines: Line[], search: string[]): Match[] {
  const k = search.length;
  const levels: ((i: number) => Match | null)[] = [
    (i) => (search.every((s, j) => lines[i + j].text === s) ? { line: i, count: k, indent: '', remove: false } : null),
    (i) => (search.every((s, j) => lines[i + j].text.trimEnd() === s.trimEnd()) ? { line: i, count: k, indent: '', remove: false } : null),
    (i) => indentMatch(lines, search, i),
  ];
  for (const level of levels) {
    const found: Match[] = [];
    for (let i = 0; i + k <= lines.length; i++) {
      const m = level(i);
      if (m) found.push(m);
    }
    if (found.length > 0) return found;
  }
  return blankTolerantMatches(lines, search);
}

/** Last resort: the same lines once blank lines are ignored on both sides (models often drop or add them). */
function blankTolerantMatches(lines: Line[], search: string[]): Match[] {
  const want = search.filter((l) => l.trim() !== '');
  const at = lines.flatMap((l, i) => (l.text.trim() !== '' ? [i] : []));
  const dense = at.map((i) => lines[i]);
  if (want.length === 0) return [];
  const found: Match[] = [];
  for (let i = 0; i + want.length <= dense.length; i++) {
    const m = indentMatch(dense, want, i);
    if (m) found.push({ ...m, line: at[i], count: at[i + want.length - 1] - at[i] + 1 });
  }
  return found;
}

/** The SEARCH lines equal the program's once one uniform indentation is added to (or removed from) all of them. */
function indentMatch(lines: Line[], search: string[], at: number): Match | null {
  let delta: { indent: string; remove: boolean } | null = null;
  for (let j = 0; j < search.length; j++) {
    const have = lines[at + j].text.trimEnd();
    const want = search[j].trimEnd();
    if (want.trim() === '' && have.trim() === '') continue;
    if (have.trimStart() !== want.trimStart()) return null;
    const hi = leading(have);
    const wi = leading(want);
    const d = hi.startsWith(wi) ? { indent: hi.slice(wi.length), remove: false } : wi.startsWith(hi) ? { indent: wi.slice(hi.length), remove: true } : null;
    if (!d) return null;
    if (delta && (delta.indent !== d.indent || delta.remove !== d.remove)) return null;
    delta = d;
  }
  return delta ? { line: at, count: search.length, ...delta } : null;
}

function reindent(text: string, m: Match): string {
  if (!m.indent) return text;
  return text
    .split('\n')
    .map((l) => {
      if (l.trim() === '') return l;
      if (!m.remove) return m.indent + l;
      return l.startsWith(m.indent) ? l.slice(m.indent.length) : l.trimStart();
    })
    .join('\n');
}

/** Dice coefficient of character bigrams: cheap, order-aware enough to rank candidate lines. */
export function similarity(a: string, b: string): number {
  const x = a.trim();
  const y = b.trim();
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < x.length - 1; i++) {
    const g = x.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let common = 0;
  for (let i = 0; i < y.length - 1; i++) {
    const g = y.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      common++;
      grams.set(g, n - 1);
    }
  }
  return (2 * common) / (x.length + y.length - 2);
}

/** The window of the program's editable lines most like the SEARCH text, numbered, for the failure report. */
export function closestLines(code: string, search: string, regions: readonly Region[]): string {
  const lines = linesOf(code);
  const want = search.split('\n');
  // A SEARCH longer than any editable stretch is compared window by window with its first lines.
  for (let k = Math.max(1, want.length); k >= 1; k--) {
    let best = { at: -1, score: -1 };
    for (let i = 0; i + k <= lines.length; i++) {
      if (!insideRegions(regions, lines[i].start, lines[i + k - 1].end)) continue;
      let s = 0;
      for (let j = 0; j < k; j++) s += similarity(lines[i + j].text, want[j] ?? '');
      if (s / k > best.score) best = { at: i, score: s / k };
    }
    if (best.at < 0) continue;
    // In a program of several files, lines are numbered within their file.
    const file = isBundle(code) ? fileSpans(code).find((f) => lines[best.at].start >= f.start && lines[best.at].start < f.end) : undefined;
    const first = file ? lines.findIndex((l) => l.start >= file.start) : 0;
    const from = best.at - first;
    const width = String(from + k).length;
    const shown = lines.slice(best.at, best.at + k).map((l, j) => `${String(from + j + 1).padStart(width)} | ${l.text}`);
    const where = file ? ` in ${file.path}` : '';
    return `the closest lines${where} are ${from + 1}-${from + k} (${Math.round(best.score * 100)}% similar):\n${shown.join('\n')}`;
  }
  return 'the program has no editable lines';
}

const NUMBERED = /^\s*\d+ \| ?/;

/**
 * Undoes two copying habits: line numbers taken from a failure report (`12 | code`), and marker lines repeated
 * identically at the start/end of both halves as context.
 */
function normalise(block: SearchReplaceBlock): SearchReplaceBlock {
  const numbered = (t: string) => t.trim() !== '' && t.split('\n').every((l) => l.trim() === '' || NUMBERED.test(l));
  const unnumber = (t: string) =>
    numbered(t)
      ? t
          .split('\n')
          .map((l) => l.replace(NUMBERED, ''))
          .join('\n')
      : t;
  const copied = numbered(block.search);
  const s = (copied ? unnumber(block.search) : block.search).split('\n');
  const r = (copied ? unnumber(block.replace) : block.replace).split('\n');
  while (s.length && r.length && MARKER.test(s[0]) && s[0].trim() === r[0].trim()) {
    s.shift();
    r.shift();
  }
  while (s.length && r.length && MARKER.test(s[s.length - 1]) && s[s.length - 1].trim() === r[r.length - 1].trim()) {
    s.pop();
    r.pop();
  }
  return { ...block, search: s.join('\n'), replace: r.join('\n') };
}

/** `line N`, or `FILE line N` in a program of several files. */
function lineName(code: string, offset: number, line: number): string {
  if (!isBundle(code)) return String(line);
  const f = fileSpans(code).find((s) => offset >= s.start && offset < s.end);
  if (!f) return String(line);
  return `${f.path} line ${code.slice(f.start, offset).split('\n').length}`;
}

function fail(block: SearchReplaceBlock, reason: BlockFailure['reason'], why: string, near?: string): BlockFailure {
  return { block, reason, report: `Block ${block.index} was not applied: ${why}${near ? `\n${near}` : ''}` };
}

/**
 * In a program of several files, the file a block names: its span, or the failure to report (a file the program does
 * not have, or a frozen one). Null when the block names no file (every file is searched) or the program is one file.
 */
function targetFile(code: string, block: SearchReplaceBlock, regions: readonly Region[]): FileSpan | BlockFailure | null {
  if (!block.file || !isBundle(code)) return null;
  const files = fileSpans(code);
  const file = files.find((f) => f.path === block.file || f.path === block.file?.replace(/^\.\//, ''));
  const editable = files.filter((f) => regions.some((r) => r.start >= f.start && r.end <= f.end)).map((f) => f.path);
  const names = files.map((f) => `${f.path}${f.frozen ? ' (frozen)' : ''}`).join(', ');
  if (!file) {
    return fail(
      block,
      'missing-file',
      `it names ${block.file}, which is not a file of this program (its files: ${names}); put one of their paths on the line before <<<<<<< SEARCH.`,
    );
  }
  if (!editable.includes(file.path)) {
    const why = file.frozen ? 'is frozen' : 'has no EVOLVE block';
    return fail(block, 'frozen-file', `it edits ${file.path}, which ${why}: it may not change. Files that may change: ${editable.join(', ') || 'none'}.`);
  }
  return file;
}

/** Applies one block to `code`; returns the new code or the failure. */
function applyOne(code: string, raw: SearchReplaceBlock): { code: string } | BlockFailure {
  const block = normalise(raw);
  const allRegions = evolveRegions(code);
  if (MARKER.test(block.search) || MARKER.test(block.replace)) {
    return fail(raw, 'marker', 'SEARCH/REPLACE text must not add, remove or span EVOLVE-BLOCK marker lines; edit the code between them.');
  }
  const file = targetFile(code, raw, allRegions);
  if (file && 'report' in file) return file;
  const regions = file ? allRegions.filter((r) => r.start >= file.start && r.end <= file.end) : allRegions;
  const replaceText = block.replace;
  if (block.search.trim() === '') {
    // An empty SEARCH inserts at the end of the last editable region, on lines of its own.
    const last = regions[regions.length - 1];
    if (!last) return fail(raw, 'frozen-file', 'the program has no code that may change.');
    const before = code.slice(0, last.end);
    const sep = before === '' || before.endsWith('\n') ? '' : '\n';
    const text = replaceText.endsWith('\n') || last.end === code.length ? replaceText : `${replaceText}\n`;
    return { code: before + sep + text + code.slice(last.end) };
  }
  const lines = linesOf(code);
  const search = block.search.split('\n');
  // Trailing blank lines in SEARCH are a formatting accident more often than intent.
  while (search.length > 1 && search[search.length - 1].trim() === '') search.pop();
  const matches = findMatches(lines, search);
  const span = (m: Match) => ({ start: lines[m.line].start, end: lines[m.line + m.count - 1].end });
  const inFile = file ? matches.filter((m) => span(m).start >= file.start && span(m).end <= file.end) : matches;
  const inside = inFile.filter((m) => insideRegions(regions, span(m).start, span(m).end));
  if (inside.length === 0) {
    if (file && matches.length > 0 && inFile.length === 0) {
      return fail(
        raw,
        'not-found',
        `the SEARCH text is not in ${file.path} (it is elsewhere in the program; name the file it is in).`,
        closestLines(code, block.search, regions),
      );
    }
    if (matches.length > 0) {
      const at = matches.map((m) => lineName(code, lines[m.line].start, m.line + 1)).join(', ');
      return fail(
        raw,
        'outside-evolve-block',
        `the SEARCH text is at line ${at}, outside the EVOLVE blocks; only code between the markers may change.`,
        closestLines(code, block.search, regions),
      );
    }
    return fail(
      raw,
      'not-found',
      'the SEARCH text does not match the program (it must repeat existing lines exactly).',
      closestLines(code, block.search, regions),
    );
  }
  if (inside.length > 1) {
    const at = inside.map((m) => lineName(code, lines[m.line].start, m.line + 1)).join(', ');
    return fail(raw, 'ambiguous', `the SEARCH text matches at lines ${at}; add surrounding lines so it matches once.`);
  }
  const m = inside[0];
  const { start, end } = span(m);
  return { code: code.slice(0, start) + reindent(replaceText, m) + code.slice(end) };
}

/** Applies the blocks in order (see the policy at the top of this file). */
export function applySearchReplace(code: string, blocks: readonly SearchReplaceBlock[]): ApplyResult {
  // A program with CRLF line ends throughout is edited as LF and written back as CRLF (byte-identical elsewhere).
  const crlf = code.includes('\r\n') && !/(^|[^\r])\n/.test(code);
  let current = crlf ? code.replace(/\r\n/g, '\n') : code;
  let applied = 0;
  const failures: BlockFailure[] = [];
  for (const block of blocks) {
    const r = applyOne(current, block);
    if ('code' in r) {
      current = r.code;
      applied++;
    } else failures.push(r);
  }
  return { code: crlf ? current.replace(/\n/g, '\r\n') : current, applied, failures };
}
