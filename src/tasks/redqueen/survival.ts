// Digital Red Queen's fitness on the pMARS engine: one free-for-all battle of every warrior in one core, scored by
// each warrior's share of the survival over the battle's cycles (DRQ, arXiv 2601.03335; SakanaAI/drq
// src/corewar_util.py), instead of pMARS's win/tie points.
import type { Arena } from '../../corewar/arena/index.ts';
import { type BattleResult, PMARS_MAX_WARRIORS, summarizeScores } from '../../corewar/mars/battle.ts';
import { runTimedBattle, type TimedBattle, type TimedRound } from '../../corewar/mars/timed.ts';
import type { MarsSettings, Warrior } from '../../corewar/types.ts';
import { KaizenError } from '../../errors.ts';

// pMARS fights at most PMARS_MAX_WARRIORS at once; beyond it, no pMARS run can check ours.
export { PMARS_MAX_WARRIORS };

/** A round of the battle: positions, first mover, and the cycle each warrior died in (null: alive at the end). */
export type SurvivalRound = TimedRound;

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

/** DRQ's figures of a timed battle (corewar/mars/timed.ts): survival shares and alive fractions averaged over rounds. */
export function survivalResult(warriors: readonly Warrior[], settings: MarsSettings, battle: TimedBattle): SurvivalResult {
  const n = warriors.length;
  const T = settings.maxCycles;
  const R = settings.rounds;
  const share = new Array<number>(n).fill(0);
  const alive = new Array<number>(n).fill(0);
  for (const round of battle.rounds) {
    const shares = survivalShares(round.deaths, T);
    for (let i = 0; i < n; i++) {
      share[i] += shares[i];
      alive[i] += round.deaths[i] ?? T; // whole cycles: summed exactly, divided once below
    }
  }
  const pmars = summarizeScores(warriors, R, battle);
  return { share: share.map((x) => x / R), alive: alive.map((x) => x / (T * R)), rounds: battle.rounds, pmars };
}

/**
 * Fights every warrior at once in one core (runTimedBattle: pMARS placement from `seed`, deaths timed to the
 * cycle, pMARS's scores unchanged) and scores it DRQ's way, in this thread.
 */
export function survivalBattle(warriors: readonly Warrior[], settings: MarsSettings, seed: number): SurvivalResult {
  checkWarriorCount(warriors.length, settings);
  return survivalResult(warriors, settings, runTimedBattle(warriors, settings, seed));
}

/** survivalBattle on one of the Arena's worker threads (the evolution loop's judge: several in flight at once). */
export async function survivalBattleOn(arena: Arena, warriors: readonly Warrior[], settings: MarsSettings, seed: number): Promise<SurvivalResult> {
  checkWarriorCount(warriors.length, settings);
  return survivalResult(warriors, settings, await arena.fightTimed(warriors, settings, seed));
}
