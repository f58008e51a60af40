// runBattleSplit (one battle's rounds shared between threads, for the pMARS command line) must give
// exactly runBattle's results, whatever the thread count and seeding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBattleSplit, splitThreads } from '../../src/corewar/arena/split.ts';
import { assemble } from '../../src/corewar/assembler/index.ts';
import { type BattleOptions, runBattle } from '../../src/corewar/mars/battle.ts';
import type { MarsSettings, Warrior } from '../../src/corewar/types.ts';
import { haveOracle, KOTH, parseLoad, WARRIORS_DIR } from './support/loadfile.ts';

const imp = parseLoad('MOV.I $0, $1');
const bomber = parseLoad('ADD.AB #4, $3; MOV.I $2, @2; JMP.B $-2, $0; DAT.F #0, #0');
const paper = parseLoad('SPL.B $0, $0; MOV.I $-1, }-1; DAT.F <5, <-7; JMP.B $-3, $0');
const small: MarsSettings = { ...KOTH, coreSize: 800, maxCycles: 8000, maxLength: 20, minDistance: 20, pSpaceSize: 50, rounds: 50 };

function same(warriors: Warrior[], settings: MarsSettings, options: BattleOptions, threads: number) {
  expect(runBattleSplit(warriors, settings, options, threads)).toEqual(runBattle(warriors, settings, options));
}

describe('runBattleSplit', () => {
  it('matches runBattle on 2 and 3 threads, with a seed, -F, -f and -P', () => {
    for (const threads of [2, 3]) {
      same([imp, bomber], small, { seed: 7 }, threads);
      same([paper, bomber], small, { fixedPosition: 300 }, threads);
      same([paper, imp], small, { checksumSeed: true }, threads);
      same([bomber, paper], small, { seed: 3, permutate: true }, threads);
      same([bomber, imp, paper], { ...small, warriors: 3 }, { fixedPosition: 300 }, threads);
    }
  });

  it('runs a battle with P-space reads (LDP) in order, as runBattle does', () => {
    const psp = parseLoad('LDP.AB #0, $2; JMP.B $2, $0; DAT.F $0, $0; STP.B $-1, #5; JMP.B $-4, $0');
    same([psp, bomber], small, { seed: 11 }, 2);
  });

  it('uses at least the calling thread', () => {
    expect(splitThreads()).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!haveOracle)("gives pMARS's result for aeka vs rave, -r 1000 -F 4000: 1832 1100", () => {
    const settings = { ...KOTH, rounds: 1000 };
    const load = (f: string) => {
      const r = assemble(readFileSync(join(WARRIORS_DIR, 'pmars-debian', f), 'utf8'), settings);
      if (!r.ok) throw new Error(f);
      return r.warrior;
    };
    const result = runBattleSplit([load('aeka.red'), load('rave.red')], settings, { fixedPosition: 4000 }, 2);
    expect(result.warriors.map((w) => w.score)).toEqual([1832, 1100]);
    expect(result.warriors[0].survived).toEqual([588, 68]);
  });
});
