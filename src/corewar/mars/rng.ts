// pMARS's random number generator and warrior placement (pos.c / sim.c behaviour).

/** Park–Miller "minimal standard" step (16807 mod 2^31-1, Schrage's method), as pMARS's rng(). */
export function rng(seed: number): number {
  let t = 16807 * (seed % 127773) - 2836 * Math.trunc(seed / 127773);
  if (t < 0) t += 2147483647;
  return t;
}

/** Mutable RNG state shared by the placement functions of one battle. */
export interface SeedBox {
  seed: number;
}

/**
 * Two-warrior placement: warrior 2 goes at separation + seed % positions, then the seed advances.
 * (pMARS uses the seed *before* advancing here, unlike the multi-warrior placement.)
 */
export function placeTwo(box: SeedBox, coreSize: number, separation: number): number {
  const positions = coreSize + 1 - 2 * separation;
  const pos = separation + (box.seed % positions);
  box.seed = rng(box.seed);
  return pos;
}

const RETRIES1 = 20; // attempts per position before backtracking
const RETRIES2 = 4; // number of backtracks before giving up

/**
 * Multi-warrior placement (pMARS posit()): random positions for warriors 1..n-1 with at least
 * `separation` between them; returns false when it gives up (the caller then uses npos()).
 * Warrior 0 is always at 0; positions are written into `pos`.
 */
export function posit(box: SeedBox, pos: Int32Array, warriors: number, coreSize: number, separation: number): boolean {
  let p = 1;
  let retries1 = RETRIES1;
  let retries2 = RETRIES2;
  const range = coreSize - 2 * separation + 1;
  do {
    box.seed = rng(box.seed);
    pos[p] = (box.seed % range) + separation;
    let i = 1;
    for (; i < p; ++i) {
      const diff = Math.abs(pos[p] - pos[i]);
      if (diff < separation) break;
    }
    if (i === p) {
      ++p;
    } else {
      if (!retries2) return false;
      if (!retries1) {
        p = i; // backtrack to the last conflict
        --retries2;
        retries1 = RETRIES1;
      } else {
        --retries1;
      }
    }
  } while (p < warriors);
  return true;
}

/** pMARS npos(): the fallback placement: sorted random gaps, then a random shuffle of warriors 1..n-1. */
export function npos(box: SeedBox, pos: Int32Array, warriors: number, coreSize: number, separation: number): void {
  const room = coreSize - separation * warriors + 1;
  for (let i = 1; i < warriors; i++) {
    box.seed = rng(box.seed);
    const temp = box.seed % room;
    let j = i - 1;
    for (; j > 0; j--) {
      if (temp > pos[j]) break;
      pos[j + 1] = pos[j];
    }
    pos[j + 1] = temp;
  }
  let temp = separation;
  for (let i = 1; i < warriors; i++) {
    pos[i] += temp;
    temp += separation;
  }
  for (let i = 1; i < warriors; i++) {
    box.seed = rng(box.seed);
    const j = (box.seed % (warriors - i)) + i;
    const t = pos[j];
    pos[j] = pos[i];
    pos[i] = t;
  }
}

/** Positions for one round (warrior 0 at 0), advancing the seed exactly as pMARS does. */
export function placeWarriors(box: SeedBox, pos: Int32Array, warriors: number, coreSize: number, separation: number): void {
  pos[0] = 0;
  if (warriors === 2) {
    pos[1] = placeTwo(box, coreSize, separation);
  } else if (warriors > 2) {
    if (!posit(box, pos, warriors, coreSize, separation)) npos(box, pos, warriors, coreSize, separation);
  }
}
