import { fileList, fileSpans, isBundle } from '../program/bundle.ts';

/** A span of the program that the search may change: [start, end) character offsets. */
export interface Region {
  start: number;
  end: number;
}

const START = 'EVOLVE-BLOCK-START';
const END = 'EVOLVE-BLOCK-END';

/**
 * The evolvable regions: the lines strictly between each EVOLVE-BLOCK-START marker line and the next
 * EVOLVE-BLOCK-END marker line. A program without markers is evolvable everywhere. Unbalanced markers are an
 * error, so a candidate that deletes a marker cannot widen its own region unnoticed.
 *
 * A program of several files (program/bundle.ts): the blocks of its files that are not frozen; when none of those
 * files has a marker, each such file is evolvable whole. File headers are never inside a region.
 */
export function evolveRegions(code: string): Region[] {
  if (!isBundle(code)) return markedRegions(code, 0, code.length) ?? [{ start: 0, end: code.length }];
  const open = fileSpans(code).filter((f) => !f.frozen);
  const marked = open.map((f) => markedRegions(code, f.start, f.end, f.path));
  if (marked.some((r) => r !== null)) return marked.flatMap((r) => r ?? []);
  return open.map((f) => ({ start: f.start, end: f.end }));
}

/** The EVOLVE blocks of code[from, to), or null when that stretch has no marker. */
function markedRegions(code: string, from: number, to: number, file?: string): Region[] | null {
  const where = file ? ` in ${file}` : '';
  const regions: Region[] = [];
  let open: number | null = null;
  let offset = from;
  let sawMarker = false;
  for (const line of code.slice(from, to).split(/(?<=\n)/)) {
    if (line.includes(START)) {
      if (open !== null) throw new Error(`${START} inside an open block${where} (at offset ${offset})`);
      open = offset + line.length;
      sawMarker = true;
    } else if (line.includes(END)) {
      if (open === null) throw new Error(`${END} without a matching ${START}${where} (at offset ${offset})`);
      regions.push({ start: open, end: offset });
      open = null;
      sawMarker = true;
    }
    offset += line.length;
  }
  if (open !== null) throw new Error(`${START} is never closed${where}`);
  return sawMarker ? regions : null;
}

export function insideRegions(regions: readonly Region[], start: number, end: number): boolean {
  return regions.some((r) => start >= r.start && end <= r.end);
}

/** The text outside the regions (markers included): it must be identical in parent and child. */
export function frozenText(code: string, regions: readonly Region[]): string {
  let out = '';
  let pos = 0;
  for (const r of regions) {
    out += code.slice(pos, r.start) + '\u0000';
    pos = r.end;
  }
  return out + code.slice(pos);
}

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (any order). */
export function applyEdits(code: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = code;
  let limit = Number.POSITIVE_INFINITY;
  for (const e of sorted) {
    if (e.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

export function lineAt(code: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < code.length; i++) if (code.charCodeAt(i) === 10) line++;
  return line;
}

/** Why a child breaks its parent's frozen code (the text outside the EVOLVE blocks), or null when it keeps it. */
export function frozenChange(parentCode: string, childCode: string): { reason: 'outside-evolve-block' | 'markers' | 'files'; detail: string } | null {
  try {
    const files = (code: string) => (isBundle(code) ? fileList(code).join(', ') : '(one file)');
    if (files(parentCode) !== files(childCode)) {
      return { reason: 'files', detail: `the change alters the program's files (${files(parentCode)} became ${files(childCode)})` };
    }
    if (frozenText(parentCode, evolveRegions(parentCode)) !== frozenText(childCode, evolveRegions(childCode))) {
      return { reason: 'outside-evolve-block', detail: 'the change touches code outside the EVOLVE-BLOCK markers' };
    }
  } catch (e) {
    return { reason: 'markers', detail: (e as Error).message };
  }
  return null;
}
