// Digital Red Queen's fitness on the pMARS engine: one free-for-all battle of every warrior in one core, scored by
// each warrior's share of the survival over the battle's cycles (DRQ, arXiv 2601.03335; SakanaAI/drq
// src/corewar_util.py), instead of pMARS's win/tie points.
import { type BattleResult, summarizeScores, validateSettings } from '../../corewar/mars/battle.ts';
import { Mars } from '../../corewar/mars/mars.ts';
import { RoundPlan } from '../../corewar/mars/plan.ts';
import type { MarsSettings, Warrior } from '../../corewar/types.ts';
import { KaizenError } from '../../errors.ts';

/** pMARS fights at most 36 warriors at once (config.h MAXWARRIOR); beyond it, no pMARS run can check ours. */
export const PMARS_MAX_WARRIORS = 36;

export interface SurvivalRound {
  /** Load address of each warrior (pMARS placement: warrior 0 at 0, the rest at random, minDistance apart). */
  positions: number[];
  /** The warrior that moved first (rotates each round, as in pMARS). */
  starter: number;
  /** Cycle in which each warrior died; null = alive when the round ended. */
  deaths: (number | null)[];
}

export interface SurvivalResult {
  /** Per warrior, mean over rounds of its survival share (see survivalShares): the shares of a round sum to 1. */
  share: number[];
  /** Per warrior, mean over rounds of the fraction of the round's cycles it was alive. */
  alive: number[];
  rounds: SurvivalRound[];
  /** The same battle as pMARS scores it (identical to runBattle with this seed). */
  pmars: BattleResult;
}

/**
 * Refuses battles pMARS could not fight: more than 36 warriors, or more than fit in the core minDistance apart
 * (pMARS: "Core size too small for the warriors and distance").
 */
export function checkWarriorCount(n: number, settings: MarsSettings): void {
  if (n > PMARS_MAX_WARRIORS) {
    throw new KaizenError(`a free-for-all of ${n} warriors: pMARS fights at most ${PMARS_MAX_WARRIORS} at once; use fewer initial opponents or rounds`);
  }
  const fit = Math.floor(settings.coreSize / settings.minDistance);
  if (n > fit) {
    throw new KaizenError(
      `a free-for-all of ${n} warriors does not fit: a core of ${settings.coreSize} holds at most ${fit} warriors ${settings.minDistance} apart; ` +
        'use fewer initial opponents or rounds, or pairwise scoring',
    );
  }
}

/**
 * DRQ's survival share of one round. The round lasts T = maxCycles cycles; warrior i is alive in cycles [0, d_i)
 * (d_i = T if it survives). In each cycle the live warriors split one unit equally, so
 *   share_i = (1/T) · Σ_{t<T} [t < d_i] / #{j : t < d_j}.
 * A sole survivor keeps collecting until T, as in DRQ (pMARS stops the round there, but nothing can kill it).
 * DRQ's own fitness is N · share (1 = an equal share); the share is kept in [0, 1] here.
 */
export function survivalShares(deaths: readonly (number | null)[], cycles: number): number[] {
  const end = deaths.map((d) => (d === null ? cycles : Math.min(d, cycles)));
  const times = [...new Set([0, ...end])].sort((a, b) => a - b);
  const share = end.map(() => 0);
  for (let k = 0; k + 1 < times.length; k++) {
    const [from, to] = [times[k], times[k + 1]];
    const living = end.map((e, i) => (e > from ? i : -1)).filter((i) => i >= 0);
    for (const i of living) share[i] += (to - from) / living.length;
  }
  return share.map((s) => s / cycles);
}

/**
 * Fights every warrior at once in one core for settings.rounds rounds, placed as pMARS places them from `seed`
 * (the RNG state after start-up, as BattleOptions.seed). A cycle is one instruction per live warrior, in pMARS's
 * round-robin; the MARS runs until a warrior dies (Mars.run with untilDeath), then finishes that cycle, so a warrior
 * that dies in cycle k (1-based) has d = k: it was alive in cycles 0..k-1 (it ran in each). The round ends where pMARS ends it (its budget of warriors × maxCycles instructions, rescaled on deaths, runs
 * out, or one warrior is left), so pMARS's scores of the battle are unchanged. P-space persists across rounds.
 */
export function survivalBattle(warriors: readonly Warrior[], settings: MarsSettings, seed: number): SurvivalResult {
  const n = warriors.length;
  checkWarriorCount(n, settings);
  validateSettings(n, settings);
  const T = settings.maxCycles;
  const mars = new Mars(warriors, settings);
  const s = mars.state;
  const plan = new RoundPlan(n, settings.coreSize, settings.minDistance, seed);
  const rounds: SurvivalRound[] = [];
  const share = new Array<number>(n).fill(0);
  const alive = new Array<number>(n).fill(0);
  let instructions = 0;
  for (let r = 0; r < settings.rounds; r++) {
    plan.next();
    mars.startRound(plan.positions, plan.starter);
    const deaths: (number | null)[] = new Array(n).fill(null);
    let clock = 0; // cycles completed
    while (!s.roundOver) {
      const size = s.warriorsLeft; // a cycle: one instruction per live warrior
      const ran = mars.run(0x7fffffff, true); // to the next death or the round's end
      instructions += ran;
      const cycles = Math.ceil(ran / size);
      // Finish the cycle the death fell in (a warrior dying later in it dies in the same cycle).
      for (let rest = cycles * size - ran; rest > 0 && !s.roundOver; ) {
        const k = mars.run(rest, true);
        instructions += k;
        rest -= k;
      }
      clock += cycles;
      for (let i = 0; i < n; i++) if (deaths[i] === null && s.tasks(i) === 0) deaths[i] = Math.min(clock, T);
    }
    mars.runRound(); // the round is over: this only does pMARS's end-of-round bookkeeping (scores, P-space)
    const shares = survivalShares(deaths, T);
    for (let i = 0; i < n; i++) {
      share[i] += shares[i];
      alive[i] += deaths[i] ?? T; // whole cycles: summed exactly, divided once below
    }
    rounds.push({ positions: Array.from(plan.positions), starter: plan.starter, deaths });
  }
  const R = settings.rounds;
  const pmars = summarizeScores(warriors, settings.rounds, { score: s.score.slice(), instructions });
  return { share: share.map((x) => x / R), alive: alive.map((x) => x / (T * R)), rounds, pmars };
}
