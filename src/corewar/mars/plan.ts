// Where the warriors go and who moves first, round after round, exactly as pMARS draws them.
import { placeWarriors, rng, type SeedBox } from './rng.ts';

/**
 * The sequence of round set-ups of a battle. Normal mode: random placement (pos.c) and the first
 * mover rotating 0, 1, ..., n-1. Permutation mode (pMARS -P, two warriors only): every
 * (position, first mover) pair is drawn once without replacement, so a battle of
 * 2*(coreSize - 2*minDistance + 1) rounds covers all of them.
 */
export class RoundPlan {
  readonly warriors: number;
  readonly coreSize: number;
  readonly minDistance: number;
  readonly positions: Int32Array;
  starter = 0;
  private readonly box: SeedBox;
  private round = 0;
  private readonly perm: Int32Array | null;
  private permLeft = 0;

  constructor(warriors: number, coreSize: number, minDistance: number, seed: number, permutate = false) {
    this.warriors = warriors;
    this.coreSize = coreSize;
    this.minDistance = minDistance;
    this.positions = new Int32Array(warriors);
    this.box = { seed };
    if (permutate) {
      if (warriors !== 2) throw new Error('permutation mode needs exactly two warriors');
      const combos = permutationRounds(coreSize, minDistance);
      this.perm = new Int32Array(combos);
      for (let i = 0; i < combos; i++) this.perm[i] = i;
      this.permLeft = combos;
    } else {
      this.perm = null;
    }
  }

  /** Sets `positions` and `starter` for the next round. */
  next(): void {
    const perm = this.perm;
    if (perm) {
      if (this.permLeft === 0) throw new Error('permutation mode: more rounds than position/order pairs');
      const k = this.box.seed % this.permLeft;
      this.positions[0] = 0;
      this.positions[1] = this.minDistance + Math.floor(perm[k] / 2);
      this.starter = perm[k] % 2;
      perm[k] = perm[--this.permLeft];
      this.box.seed = rng(this.box.seed);
    } else {
      placeWarriors(this.box, this.positions, this.warriors, this.coreSize, this.minDistance);
      this.starter = this.round % this.warriors;
    }
    this.round++;
  }

  /** Skips rounds (their draws still happen, so later rounds are placed as in a full run). */
  skip(rounds: number): void {
    for (let i = 0; i < rounds; i++) this.next();
  }
}

/** Number of distinct (position, first mover) pairs of two warriors: pMARS -P's default rounds. */
export function permutationRounds(coreSize: number, minDistance: number): number {
  return 2 * (coreSize + 1 - 2 * minDistance);
}
