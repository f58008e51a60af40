// Full rewrites: take the program a model wrote and keep only its EVOLVE regions; everything else stays the
// parent's, byte for byte, so a rewrite can never change the frozen code (the harness, the exported API).

import { BundleError, fileSpans, formatBundle, isBundle, parseBundle } from '../../program/bundle.ts';
import { evolveRegions, type Region } from '../evolve-blocks.ts';
import { namedFile } from './search-replace.ts';

export type RewriteResult = { ok: true; code: string; note?: string } | { ok: false; error: string };

const MARKER = /EVOLVE-BLOCK-(START|END)/;
const FENCE = /^\s*(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/;

/** A structured answer, as DiscoPOP asked its model for: `{ "thought", "name", "code" }`. */
export interface JsonAnswer {
  code: string;
  thought?: string;
  name?: string;
}

/**
 * The reply as a JSON answer with a string `code` (the whole reply, or its one ```json block), or null. Prompts
 * that ask for this format make `code` the new contents of the EVOLVE block (or the whole program, with markers).
 */
export function jsonAnswer(reply: string): JsonAnswer | null {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/m.exec(reply.trim());
  for (const text of [reply.trim(), fenced?.[1]]) {
    if (!text?.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      if (typeof parsed?.code !== 'string' || parsed.code.trim() === '') continue;
      const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
      return { code: parsed.code.endsWith('\n') ? parsed.code : `${parsed.code}\n`, thought: str(parsed.thought), name: str(parsed.name) };
    } catch {}
  }
  return null;
}

/**
 * The code of a reply: the `code` of a JSON answer, else the fenced block that carries EVOLVE markers, else the
 * longest fenced block, else (no fence at all) the reply itself when it carries markers. An unclosed fence means
 * the reply was cut off.
 */
export function extractCode(reply: string): { code: string } | { error: string } {
  const json = jsonAnswer(reply);
  if (json) return { code: json.code };
  const fenced = fencedBlocks(reply);
  if ('error' in fenced) return fenced;
  const blocks = fenced.map((b) => b.code);
  const marked = blocks.filter((b) => MARKER.test(b));
  if (marked.length > 0) return { code: longest(marked) };
  if (blocks.length > 0) return { code: longest(blocks) };
  if (MARKER.test(reply)) return { code: reply.trim() + '\n' };
  return { error: 'the reply has no fenced code block (put the program between ``` lines)' };
}

/** The fenced code blocks of a reply, each with the lines just before its opening fence (where a file name goes). */
function fencedBlocks(reply: string): { code: string; before: string[] }[] | { error: string } {
  const lines = reply.replace(/\r\n/g, '\n').split('\n');
  const blocks: { code: string; before: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(lines[j])) j++;
    if (j >= lines.length) return { error: 'the reply opens a code fence it never closes (was it cut off?)' };
    blocks.push({ code: `${lines.slice(i + 1, j).join('\n')}\n`, before: lines.slice(Math.max(0, i - 3), i) });
    i = j;
  }
  return blocks;
}

function longest(xs: string[]): string {
  return xs.reduce((a, b) => (b.length > a.length ? b : a));
}

function hasMarkers(code: string): boolean {
  return code.split('\n').some((l) => MARKER.test(l));
}

/** Ensures region text ends with a newline, so the END marker stays on its own line. */
const asRegion = (text: string) => (text === '' || text.endsWith('\n') ? text : `${text}\n`);

function splice(parent: string, regions: readonly Region[], texts: readonly string[]): string {
  let out = '';
  let pos = 0;
  regions.forEach((r, i) => {
    out += parent.slice(pos, r.start) + texts[i];
    pos = r.end;
  });
  return out + parent.slice(pos);
}

/**
 * Puts the regions of `written` (the model's program, or just the contents of a single region) into `parent`.
 * With markers, regions map by position and their count must match. Without markers, the text is the one region's
 * new contents; if the model copied the frozen code around it anyway, that copy is recognised and dropped.
 */
export function spliceRewrite(parent: string, written: string): RewriteResult {
  let regions: Region[];
  try {
    regions = evolveRegions(parent);
  } catch (e) {
    return { ok: false, error: `the parent's EVOLVE markers are malformed: ${(e as Error).message}` };
  }
  if (!hasMarkers(parent)) return { ok: true, code: written };
  if (hasMarkers(written)) {
    let mine: Region[];
    try {
      mine = evolveRegions(written);
    } catch (e) {
      return { ok: false, error: `the rewritten program's EVOLVE markers are malformed: ${(e as Error).message}` };
    }
    if (mine.length !== regions.length) {
      return {
        ok: false,
        error: `the program has ${regions.length} EVOLVE block(s) but the rewrite has ${mine.length}; keep every EVOLVE-BLOCK-START/END marker`,
      };
    }
    return {
      ok: true,
      code: splice(
        parent,
        regions,
        mine.map((r) => asRegion(written.slice(r.start, r.end))),
      ),
    };
  }
  if (regions.length !== 1) {
    return {
      ok: false,
      error: `the program has ${regions.length} EVOLVE blocks; the rewrite must keep their EVOLVE-BLOCK-START/END markers so each can be placed`,
    };
  }
  return { ok: true, code: splice(parent, regions, [asRegion(stripFrozenCopy(parent, regions[0], written))]) };
}

/** Drops the parent's frozen prefix/suffix (without their marker lines) when the model repeated them. */
function stripFrozenCopy(parent: string, region: Region, written: string): string {
  const markerStart = parent.lastIndexOf('\n', region.start - 2) + 1;
  const afterEnd = parent.indexOf('\n', region.end);
  const prefix = parent.slice(0, markerStart).trim();
  const suffix = (afterEnd < 0 ? '' : parent.slice(afterEnd + 1)).trim();
  let text = written;
  const t = text.trimStart();
  if (prefix && t.startsWith(prefix)) text = t.slice(prefix.length).replace(/^\s*\n/, '');
  const e = text.trimEnd();
  if (suffix && e.endsWith(suffix)) text = e.slice(0, e.length - suffix.length).replace(/\n\s*$/, '\n');
  return text;
}

const HEADER_LINE = /^==> (.+?)(?: \(frozen\))? <==\s*$/;

/** Texts under `==> PATH <==` header lines (a header inside a block starts a new file), or null without any header. */
function underHeaders(text: string): Map<string, string> | null {
  const out = new Map<string, string>();
  let current: string | null = null;
  for (const line of text.split(/(?<=\n)/)) {
    const m = HEADER_LINE.exec(line.trimEnd());
    if (m) {
      current = m[1];
      out.set(current, '');
    } else if (current !== null) out.set(current, out.get(current) + line);
  }
  return out.size > 0 ? out : null;
}

/**
 * The files a rewrite of a program of several files wrote: sections under `==> PATH <==` headers (in a JSON answer's
 * code or in fenced blocks), else fenced blocks named by a file line just above them, else — when only one file may
 * change — the reply's code as that file.
 */
function writtenFiles(reply: string, editable: readonly string[]): Map<string, string> | { error: string } {
  const json = jsonAnswer(reply);
  if (json) return underHeaders(json.code) ?? (editable.length === 1 ? new Map([[editable[0], json.code]]) : { error: MULTI_FILE_HINT });
  const blocks = fencedBlocks(reply);
  if ('error' in blocks) return blocks;
  const out = new Map<string, string>();
  for (const b of blocks) {
    const sections = underHeaders(b.code);
    if (sections) for (const [k, v] of sections) out.set(k, v);
    else {
      const name = namedFile(b.before);
      if (name) out.set(name.replace(/^\.\//, ''), b.code);
    }
  }
  if (out.size > 0) return out;
  if (blocks.length === 0) {
    const bare = underHeaders(reply);
    if (bare) return bare;
  }
  if (editable.length === 1) {
    const one = extractCode(reply);
    return 'error' in one ? one : new Map([[editable[0], one.code]]);
  }
  return { error: MULTI_FILE_HINT };
}

const MULTI_FILE_HINT =
  'the program has several files: give each file you change in the fenced block under its own header line "==> PATH <==" (files you leave out stay as they are)';

/** A rewrite of a program of several files: each file written is spliced into the parent's file of that path. */
function applyBundleRewrite(parent: string, reply: string): RewriteResult {
  let files: ReturnType<typeof parseBundle>;
  let regions: Region[];
  try {
    files = parseBundle(parent);
    regions = evolveRegions(parent);
  } catch (e) {
    return { ok: false, error: `the parent program is malformed: ${(e as Error).message}` };
  }
  const spans = fileSpans(parent);
  const editable = spans.filter((f) => regions.some((r) => r.start >= f.start && r.end <= f.end)).map((f) => f.path);
  const written = writtenFiles(reply, editable);
  if ('error' in written) return { ok: false, error: written.error };
  const problems: string[] = [];
  for (const [path, text] of written) {
    const file = files.find((f) => f.path === path);
    if (!file) problems.push(`${path} is not a file of this program (its files: ${files.map((f) => f.path).join(', ')})`);
    else if (!editable.includes(path) && text.trimEnd() === file.content.trimEnd())
      continue; // repeated unchanged: fine
    else if (!editable.includes(path)) problems.push(`${path} ${file.frozen ? 'is frozen' : 'has no EVOLVE block'}: it may not change`);
    else {
      const r = spliceRewrite(file.content, text);
      if (r.ok) file.content = r.code;
      else problems.push(`${path}: ${r.error}`);
    }
  }
  if (problems.length > 0) return { ok: false, error: `${problems.join('; ')}. Nothing was kept.` };
  try {
    return { ok: true, code: formatBundle(files) };
  } catch (e) {
    if (e instanceof BundleError) return { ok: false, error: e.message };
    throw e;
  }
}

/** Extract then splice: the whole `full`/`cross`/`fix` application step. */
export function applyRewrite(parent: string, reply: string): RewriteResult {
  if (isBundle(parent)) return applyBundleRewrite(parent, reply);
  const got = extractCode(reply);
  if ('error' in got) return { ok: false, error: got.error };
  return spliceRewrite(parent, got.code);
}
