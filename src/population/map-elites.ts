import type { Member } from './member.ts';

export interface FeatureAxis {
  name: string;
  min: number;
  max: number;
  bins: number;
}

/** A MAP-Elites grid over the judge's `features`: the best correct program of each behaviour cell. */
export class MapElitesGrid {
  private readonly axes: readonly FeatureAxis[];
  private readonly cells = new Map<string, Member>();

  constructor(axes: readonly FeatureAxis[]) {
    this.axes = axes;
  }

  /** The cell of a feature vector, or null when a feature is missing or not finite. */
  cellOf(features: Record<string, number> | undefined): string | null {
    if (!features) return null;
    const idx: number[] = [];
    for (const axis of this.axes) {
      const v = features[axis.name];
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      const t = (v - axis.min) / (axis.max - axis.min);
      idx.push(Math.min(axis.bins - 1, Math.max(0, Math.floor(t * axis.bins))));
    }
    return idx.join(',');
  }

  /** Offers a program; returns true when it became its cell's elite. */
  offer(member: Member): boolean {
    if (!member.correct) return false;
    const cell = this.cellOf(member.features);
    if (cell === null) return false;
    const current = this.cells.get(cell);
    if (current && current.score >= member.score) return false;
    this.cells.set(cell, member);
    return true;
  }

  elites(): Member[] {
    return [...this.cells.values()];
  }

  /** Fraction of cells filled. */
  coverage(): number {
    const total = this.axes.reduce((p, a) => p * a.bins, 1);
    return this.cells.size / total;
  }
}
