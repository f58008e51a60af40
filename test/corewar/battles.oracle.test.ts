// Checks the MARS against pMARS 0.9.4: 612 `-b` outputs of fsh94nop0.3 pairings
// (`-r 1 -F pos`, `-r 100 -F 1000`, `-r 100 -f`). Warriors come from pMARS's own `-A` load files,
// so this tests the simulator independently of the assembler. Runs on worker threads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Arena } from '../../src/corewar/arena/index.ts';
import { formatResults } from '../../src/corewar/mars/battle.ts';
import type { BattleResult } from '../../src/corewar/mars/battle.ts';
import { haveOracle, KOTH, oracleBattles, oracleOptions, oracleWarrior } from './support/loadfile.ts';

describe.skipIf(!haveOracle)('pMARS oracle battles (skipped: /work/shared/corewar/pmars-oracle not found)', () => {
  const battles = haveOracle ? oracleBattles() : [];
  const arena = new Arena();
  let results: BattleResult[] = [];

  beforeAll(async () => {
    results = await arena.fight(
      battles.map((b) => {
        const o = oracleOptions(b.cmd);
        return { warriors: [oracleWarrior(b.w1), oracleWarrior(b.w2)], settings: { ...KOTH, rounds: o.rounds }, options: o };
      }),
    );
  }, 300_000);
  afterAll(() => arena.close());

  it('has all 612 entries', () => {
    expect(battles.length).toBe(612);
  });

  it.each(battles.map((b, i) => [b.cmd.replace(/pycorewar\/fsh94nop0\.3\//g, ''), i] as const))('%s', (_cmd, i) => {
    expect(formatResults(results[i])).toBe(battles[i].stdout);
  });
});
