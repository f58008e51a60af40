// The Arena (worker threads, battles split into round spans) must give exactly the serial results.
import { afterAll, describe, expect, it } from 'vitest';
import { Arena, type Pairing } from '../../src/corewar/arena/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../src/corewar/assembler/index.ts';
import { runBattle } from '../../src/corewar/mars/battle.ts';
import { permutationRounds } from '../../src/corewar/mars/plan.ts';
import { haveOracle, KOTH, oracleWarrior, parseLoad, WARRIORS_DIR } from './support/loadfile.ts';

const FSH = 'pycorewar/fsh94nop0.3';

describe('Arena', () => {
  const arena = new Arena({ threads: 2 });
  afterAll(() => arena.close());

  it('matches runBattle on synthetic warriors, incl. P-space and 3-warrior battles', async () => {
    const imp = parseLoad('MOV.I $0, $1');
    const bomber = parseLoad('ADD.AB #4, $3; MOV.I $2, @2; JMP.B $-2, $0; DAT.F #0, #0');
    const psp = parseLoad('LDP.AB #0, $2; JMP.B $2, $0; DAT.F $0, $0; STP.B $-1, #5; JMP.B $-4, $0');
    const settings = { ...KOTH, coreSize: 800, maxCycles: 8000, maxLength: 20, minDistance: 20, pSpaceSize: 50, rounds: 40 };
    const pairings: Pairing[] = [
      { warriors: [imp, bomber], settings, options: { seed: 7 } },
      { warriors: [psp, bomber], settings, options: { seed: 11 } },
      { warriors: [bomber, imp, psp], settings: { ...settings, warriors: 3 }, options: { fixedPosition: 300 } },
    ];
    const parallel = await arena.fight(pairings);
    const serial = pairings.map((p) => runBattle(p.warriors, p.settings, p.options));
    expect(parallel).toEqual(serial);
  });

  it.skipIf(!haveOracle)('matches runBattle on one long fsh94nop0.3 battle split over threads', async () => {
    const warriors = [oracleWarrior(`${FSH}/cds/arrow.red`), oracleWarrior(`${FSH}/pws/mooncake.red`)];
    const p: Pairing = { warriors, settings: { ...KOTH, rounds: 60 }, options: { checksumSeed: true } };
    const [parallel] = await arena.fight([p]);
    expect(parallel).toEqual(runBattle(p.warriors, p.settings, p.options));
  });

  it.skipIf(!haveOracle)(
    'reproduces pMARS -P (all 15,602 placements) on aeka vs rave: 9069 5467 1066',
    async () => {
      const load = (f: string) => {
        const r = assemble(readFileSync(join(WARRIORS_DIR, 'pmars-debian', f), 'utf8'), { ...KOTH, warriors: 2 });
        if (!r.ok) throw new Error(f);
        return r.warrior;
      };
      const rounds = permutationRounds(8000, 100);
      expect(rounds).toBe(15602);
      const [r] = await arena.fight([
        { warriors: [load('aeka.red'), load('rave.red')], settings: { ...KOTH, rounds }, options: { permutate: true, seed: 42 } },
      ]);
      expect([r.warriors[0].wins, r.warriors[1].wins, r.warriors[0].ties]).toEqual([9069, 5467, 1066]);
    },
    120_000,
  );

  it('reports a failing battle and recovers for the next fight', async () => {
    const imp = parseLoad('MOV.I $0, $1');
    const bad: Pairing = { warriors: [imp, imp], settings: { ...KOTH, coreSize: 150, rounds: 2 }, options: { seed: 1 } };
    const good: Pairing = { warriors: [imp, imp], settings: { ...KOTH, maxCycles: 100, rounds: 4 }, options: { seed: 1 } };
    await expect(arena.fight([good, bad, good])).rejects.toThrow(/Core size/);
    expect(await arena.fight([good])).toEqual([runBattle(good.warriors, good.settings, good.options)]);
  });

  it('keeps the results of concurrent fights apart', async () => {
    // The evolution loop judges several warriors at once on one arena: replies must reach their own call.
    const imp = parseLoad('MOV.I $0, $1');
    const bomber = parseLoad('ADD.AB #4, $3; MOV.I $2, @2; JMP.B $-2, $0; DAT.F #0, #0');
    const stone = parseLoad('MOV.I $3, @2; ADD.AB #7, $1; JMP.B $-2, #7; DAT.F #0, #0');
    const settings = { ...KOTH, coreSize: 800, maxCycles: 8000, maxLength: 20, minDistance: 20, rounds: 15 };
    const calls: Pairing[][] = [
      [
        { warriors: [imp, bomber], settings, options: { seed: 3 } },
        { warriors: [imp, stone], settings, options: { seed: 3 } },
      ],
      [{ warriors: [bomber, stone], settings, options: { seed: 5 } }],
      [
        { warriors: [stone, imp], settings, options: { seed: 9 } },
        { warriors: [bomber, imp], settings, options: { seed: 9 } },
        { warriors: [stone, bomber], settings, options: { seed: 9 } },
      ],
    ];
    const results = await Promise.all(calls.map((c) => arena.fight(c)));
    calls.forEach((c, i) => {
      expect(results[i]).toEqual(c.map((p) => runBattle(p.warriors, p.settings, p.options)));
    });
  });

  it('can run in the calling thread', async () => {
    const imp = parseLoad('MOV.I $0, $1');
    const p: Pairing = { warriors: [imp, imp], settings: { ...KOTH, rounds: 2 }, options: { seed: 1 } };
    const inline = new Arena({ threads: 0 });
    expect(await inline.fight([p])).toEqual([runBattle(p.warriors, p.settings, p.options)]);
  });
});
