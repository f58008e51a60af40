// runBattle: a whole pMARS battle (rounds, seeding, placement, start-order rotation, scoring).
import type { MarsSettings, Warrior } from '../types.ts';
import { pmarsChecksum } from './encoding.ts';
import { Mars } from './mars.ts';
import { RoundPlan } from './plan.ts';
import { rng } from './rng.ts';

export interface BattleOptions {
  /** pMARS -F: warrior 2 starts at this address in round 1 (seed = pos - minDistance). */
  fixedPosition?: number;
  /** pMARS -f: seed from the checksum of the warriors' code. */
  checksumSeed?: boolean;
  /**
   * Explicit initial RNG state (pMARS's `seed` after start-up, i.e. rng(time) normally).
   * Ignored when fixedPosition or checksumSeed is given. Default: rng(current time in seconds).
   */
  seed?: number;
  /**
   * pMARS -P (two warriors): each (position, first mover) pair once, in random order. With
   * rounds = permutationRounds(coreSize, minDistance) the result does not depend on the seed.
   * With fixedPosition the seed is multiplied by 2, as pMARS does.
   */
  permutate?: boolean;
  /**
   * Score per round survived with S of W warriors alive (pMARS -=); default pMARS's (W*W-1)/S. Scores are pMARS's
   * C ints: the value is cut to 32 bits, sums wrap, and a NaN (pMARS: the formula failed) makes the score INT_MIN.
   */
  scoreFormula?: (warriors: number, survivors: number) => number;
}

export interface WarriorResult {
  name: string;
  author: string;
  /** pMARS score: sum over rounds survived of formula(W, survivors). */
  score: number;
  /** survived[k] = rounds it ended alive with k+1 warriors alive (survived[0] = wins). */
  survived: number[];
  /** Rounds in which it died. */
  losses: number;
  wins: number;
  /** Rounds it ended alive with others alive too. */
  ties: number;
}

export interface BattleResult {
  rounds: number;
  warriors: WarriorResult[];
  /** Instructions executed over the whole battle. */
  instructions: number;
}

const INT_MIN = -2147483648;

/** pMARS fights at most this many warriors at once (config.h MAXWARRIOR). */
export const PMARS_MAX_WARRIORS = 36;

export const defaultScoreFormula = (w: number, s: number): number => Math.trunc((w * w - 1) / s);

/** The initial RNG state pMARS would use for these options. */
export function initialSeed(warriors: readonly Warrior[], settings: MarsSettings, options: BattleOptions): number {
  if (options.fixedPosition !== undefined && options.fixedPosition !== 0) {
    if (options.fixedPosition < settings.minDistance) throw new Error('fixedPosition must not be smaller than minDistance');
    const seed = options.fixedPosition - settings.minDistance;
    return options.permutate ? seed * warriors.length : seed;
  }
  if (options.checksumSeed) return rng(pmarsChecksum(warriors, settings.coreSize));
  if (options.seed !== undefined) return options.seed;
  return rng(Math.floor(Date.now() / 1000));
}

export function validateSettings(n: number, settings: MarsSettings): void {
  const { coreSize, minDistance, maxLength, maxProcesses, maxCycles } = settings;
  if (!(coreSize >= 1 && maxProcesses >= 1 && maxCycles >= 1 && minDistance >= 1)) {
    throw new Error('coreSize, maxProcesses, maxCycles and minDistance must be positive');
  }
  if (n * maxCycles > 0x7fffffff) throw new Error('warriors * maxCycles must stay below 2^31');
  if (minDistance < maxLength) throw new Error('Warrior distance cannot be smaller than warrior length');
  if (coreSize < n * minDistance) throw new Error('Core size too small for the warriors and distance');
}

/**
 * A whole battle as `pmars -b` plays it: `settings.rounds` rounds, placements from pMARS's RNG
 * (-F / -f / -P / explicit seed), the first mover rotating each round, P-space kept across rounds.
 * formatResults(result) gives pMARS's output text.
 */
export function runBattle(warriors: readonly Warrior[], settings: MarsSettings, options: BattleOptions = {}): BattleResult {
  const seed = initialSeed(warriors, settings, options);
  const raw = runRounds(warriors, settings, { seed, firstRound: 0, rounds: settings.rounds, permutate: options.permutate });
  return summarizeScores(warriors, settings.rounds, raw, options.scoreFormula);
}

/** Some consecutive rounds of a battle whose initial RNG state is `seed`. */
export interface RoundSpan {
  seed: number;
  firstRound: number;
  rounds: number;
  permutate?: boolean;
}

/** Raw outcome of some rounds: pMARS's score counters (2W-1 per warrior) and instructions run. */
export interface RawScores {
  score: Int32Array;
  instructions: number;
}

/**
 * Runs rounds [firstRound, firstRound+rounds) of a battle (earlier rounds' placements are drawn
 * and skipped). P-space starts fresh, so a span that does not start at round 0 is exact only for
 * warriors without LDP (see canSplitRounds).
 */
export function runRounds(warriors: readonly Warrior[], settings: MarsSettings, span: RoundSpan): RawScores {
  const n = warriors.length;
  validateSettings(n, settings);
  for (const w of warriors) {
    if (w.instructions.length > settings.maxLength) throw new Error(`warrior ${w.name} is longer than maxLength`);
  }
  const mars = new Mars(warriors, settings, { borrowState: true }); // nothing of it is kept: see MarsOptions
  const plan = new RoundPlan(n, settings.coreSize, settings.minDistance, span.seed, span.permutate);
  plan.skip(span.firstRound);
  let instructions = 0;
  for (let round = 0; round < span.rounds; round++) {
    plan.next();
    mars.startRound(plan.positions, plan.starter);
    instructions += mars.runRound();
  }
  return { score: mars.state.score.slice(), instructions };
}

/** Rounds are independent unless a warrior can read P-space (LDP); only then must they run in order. */
export function canSplitRounds(warriors: readonly Warrior[]): boolean {
  return warriors.every((w) => w.instructions.every((i) => i.op !== 'LDP'));
}

/** Turns raw score counters into per-warrior results. */
export function summarizeScores(
  warriors: readonly Warrior[],
  rounds: number,
  raw: RawScores,
  formula: (w: number, s: number) => number = defaultScoreFormula,
): BattleResult {
  return { rounds, warriors: summarize(raw.score, warriors, formula), instructions: raw.instructions };
}

function summarize(score: Int32Array, warriors: readonly Warrior[], formula: (w: number, s: number) => number): WarriorResult[] {
  const n = warriors.length;
  const stride = 2 * n - 1;
  return warriors.map((w, i) => {
    const survived = Array.from(score.subarray(i * stride, i * stride + n));
    let losses = 0;
    for (let k = n; k < stride; k++) losses += score[i * stride + k];
    let total = 0;
    for (const [k, count] of survived.entries()) {
      const f = formula(n, k + 1);
      // pMARS's score() gives INT_MIN when the formula fails, and sums in a C int (wrapping at 32 bits).
      if (Number.isNaN(f)) {
        total = INT_MIN;
        break;
      }
      total = (total + Math.imul(count, f)) | 0;
    }
    return {
      name: w.name,
      author: w.author,
      score: total,
      survived,
      losses,
      wins: survived[0],
      ties: survived.slice(1).reduce((a, b) => a + b, 0),
    };
  });
}

/**
 * pMARS's `-b` result text: one `NAME by AUTHOR scores N` line per warrior, plus for two
 * warriors `Results: W L T` (of the first listed warrior), or for more a `  Results:` line of
 * survived counts and losses under each warrior. `sort` is pMARS -o.
 */
export function formatResults(result: BattleResult, sort = false): string {
  const ws = result.warriors;
  const idx = ws.map((_, i) => i);
  if (sort)
    sortByScore(
      idx,
      ws.map((w) => w.score),
    );
  let out = '';
  for (const i of idx) {
    const w = ws[i];
    out += `${w.name} by ${w.author} scores ${w.score}\n`;
    if (ws.length > 2) out += `  Results: ${w.survived.join(' ')} ${w.losses}\n`;
  }
  if (ws.length === 2) {
    const w = ws[idx[0]];
    out += `Results: ${w.survived[0]} ${w.losses} ${w.survived[1]}\n`;
  }
  return out;
}

/** pMARS -k output: `wins ties` per warrior for two, else `score survived... losses`. */
export function formatKoth(result: BattleResult): string {
  const ws = result.warriors;
  if (ws.length === 2) return ws.map((w) => `${w.survived[0]} ${w.survived[1]}\n`).join('');
  return ws.map((w) => `${w.score} ${w.survived.join(' ')} ${w.losses}\n`).join('');
}

// pMARS's bubble sort (stable for equal scores), descending.
function sortByScore(idx: number[], scores: number[]): void {
  let sorted: boolean;
  do {
    sorted = true;
    for (let i = 0; i < idx.length - 1; i++) {
      if (scores[idx[i]] < scores[idx[i + 1]]) {
        const t = idx[i];
        idx[i] = idx[i + 1];
        idx[i + 1] = t;
        sorted = false;
      }
    }
  } while (!sorted);
}
