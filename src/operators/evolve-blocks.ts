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
 */
export function evolveRegions(code: string): Region[] {
  const regions: Region[] = [];
  let open: number | null = null;
  let offset = 0;
  let sawMarker = false;
  for (const line of code.split(/(?<=\n)/)) {
    if (line.includes(START)) {
      if (open !== null) throw new Error(`${START} inside an open block (at offset ${offset})`);
      open = offset + line.length;
      sawMarker = true;
    } else if (line.includes(END)) {
      if (open === null) throw new Error(`${END} without a matching ${START} (at offset ${offset})`);
      regions.push({ start: open, end: offset });
      open = null;
      sawMarker = true;
    }
    offset += line.length;
  }
  if (open !== null) throw new Error(`${START} is never closed`);
  return sawMarker ? regions : [{ start: 0, end: code.length }];
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
export function frozenChange(parentCode: string, childCode: string): { reason: 'outside-evolve-block' | 'markers'; detail: string } | null {
  try {
    if (frozenText(parentCode, evolveRegions(parentCode)) !== frozenText(childCode, evolveRegions(childCode))) {
      return { reason: 'outside-evolve-block', detail: 'the change touches code outside the EVOLVE-BLOCK markers' };
    }
  } catch (e) {
    return { reason: 'markers', detail: (e as Error).message };
  }
  return null;
}
