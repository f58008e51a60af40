// How the lineage colours its nodes, and the legend that names every colour used: by score (a gradient), by island or
// by operator (one colour each for the values present among coloured nodes, so the legend lists exactly those).
import { fmt } from '../api.ts';
import { PALETTE } from '../palette.ts';

export type ColourBy = 'score' | 'island' | 'operator';
export const COLOUR_CHOICES: ColourBy[] = ['score', 'island', 'operator'];

export interface LineageNode {
  id: number;
  parent: number | null;
  island: number;
  operator: string;
  status: string;
  score: number | null;
}

export interface LegendEntry {
  /** What the entry stands for: `operator`, `island`, `score`, `no-score` or `muted`. */
  kind: string;
  label: string;
  /** A CSS background: a colour, or a gradient for scores. */
  swatch: string;
}

/** Statuses drawn grey and faint whatever the colouring. */
export const MUTED = new Set(['failed', 'rejected', 'incorrect']);
const MUTED_COLOUR = '#d1d5db';
const NO_SCORE = '#9ca3af';

const scoreColour = (t: number) => `hsl(${Math.round(220 - 200 * t)}, 80%, ${Math.round(55 - 10 * t)}%)`;

export interface Colouring {
  colour(n: LineageNode): string;
  legend: LegendEntry[];
}

/** The colour of each node and the legend, for the nodes as they are now. */
export function colouring(nodes: Iterable<LineageNode>, by: ColourBy): Colouring {
  const shown: LineageNode[] = [];
  let muted = 0;
  for (const n of nodes) {
    if (MUTED.has(n.status)) muted++;
    else shown.push(n);
  }
  const mutedEntry: LegendEntry[] = muted ? [{ kind: 'muted', label: 'failed, rejected or incorrect', swatch: MUTED_COLOUR }] : [];
  if (by === 'score') {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let unscored = 0;
    for (const n of shown) {
      if (n.score === null) unscored++;
      else {
        lo = Math.min(lo, n.score);
        hi = Math.max(hi, n.score);
      }
    }
    const scored = lo <= hi;
    const colour = (n: LineageNode) => {
      if (MUTED.has(n.status)) return MUTED_COLOUR;
      if (n.score === null) return NO_SCORE;
      return scoreColour(hi > lo ? (n.score - lo) / (hi - lo) : 1);
    };
    const legend: LegendEntry[] = [
      ...(scored
        ? [
            {
              kind: 'score',
              label: `score ${fmt(lo)} → ${fmt(hi)}`,
              swatch: `linear-gradient(90deg, ${scoreColour(0)}, ${scoreColour(0.5)}, ${scoreColour(1)})`,
            },
          ]
        : []),
      ...(unscored ? [{ kind: 'no-score', label: 'no score yet', swatch: NO_SCORE }] : []),
      ...mutedEntry,
    ];
    return { colour, legend };
  }
  const key = (n: LineageNode) => (by === 'island' ? String(n.island) : n.operator);
  const values = [...new Set(shown.map(key))].sort(by === 'island' ? (a, b) => Number(a) - Number(b) : undefined);
  const palette = new Map(values.map((v, i) => [v, PALETTE[i % PALETTE.length]]));
  return {
    colour: (n) => (MUTED.has(n.status) ? MUTED_COLOUR : palette.get(key(n))!),
    legend: [...values.map((v) => ({ kind: by, label: by === 'island' ? `island ${v}` : v, swatch: palette.get(v)! })), ...mutedEntry],
  };
}
