// A battle in which every death is timed to its cycle, for scorings that reward surviving longer (Digital Red
// Queen's survival share, tasks/redqueen/survival.ts). The MARS runs until a warrior dies (Mars.run with untilDeath),
// then finishes that cycle; the battle's pMARS scores and instruction count are runBattle's.
import type { MarsSettings, Warrior } from '../types.ts';
import { type RawScores, validateSettings } from './battle.ts';
import { Mars } from './mars.ts';
import { RoundPlan } from './plan.ts';

export interface TimedRound {
  /** Load address of each warrior (pMARS placement: warrior 0 at 0, the rest at random, minDistance apart). */
  positions: number[];
  /** The warrior that moved first (rotates each round, as in pMARS). */
  starter: number;
  /** Cycle (1-based) in which each warrior died, at most maxCycles; null = alive when the round ended. */
  deaths: (number | null)[];
}

export interface TimedBattle extends RawScores {
  rounds: TimedRound[];
}

/**
 * Fights every warrior at once for settings.rounds rounds, placed as pMARS places them from `seed` (the RNG state
 * after start-up, as BattleOptions.seed), P-space kept across rounds. A cycle is one instruction per live warrior in
 * pMARS's round-robin, so a warrior that dies in cycle k has d = k: it was alive in cycles 0..k-1 (it ran in each).
 */
export function runTimedBattle(warriors: readonly Warrior[], settings: MarsSettings, seed: number): TimedBattle {
  const n = warriors.length;
  validateSettings(n, settings);
  const T = settings.maxCycles;
  const mars = new Mars(warriors, settings, { borrowState: true }); // nothing of it is kept: see MarsOptions
  const s = mars.state;
  const plan = new RoundPlan(n, settings.coreSize, settings.minDistance, seed);
  const rounds: TimedRound[] = [];
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
    rounds.push({ positions: Array.from(plan.positions), starter: plan.starter, deaths });
  }
  return { rounds, score: s.score.slice(), instructions };
}
