import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/corewar/arena/index.ts';
import { assemble, resolveSettings } from '../../src/corewar/assembler/index.ts';
import { runBattle } from '../../src/corewar/mars/battle.ts';
import { execute } from '../../src/corewar/mars/execute.ts';
import { Mars } from '../../src/corewar/mars/mars.ts';
import { RoundPlan } from '../../src/corewar/mars/plan.ts';
import type { MarsSettings, Warrior } from '../../src/corewar/types.ts';
import { championSource, warriorKey } from '../../src/tasks/redqueen/champion.ts';
import { cosine, spearman } from '../../src/tasks/redqueen/measures.ts';
import { checkWarriorCount, survivalBattle, survivalBattleOn, survivalShares } from '../../src/tasks/redqueen/survival.ts';

const IMP = 'mov.i #1, }0\n';
const DWARF = 'add.ab #4, 3\nmov.i 2, @2\njmp -2\ndat #0, #0\n';
const SUICIDE = 'dat #0, #0\n';
const SCANNER = 'start add #10, ptr\nptr jmz start, 20\nmov bomb, @ptr\njmp start\nbomb dat #0, #0\n';

function warriors(sources: string[], settings: MarsSettings): Warrior[] {
  return sources.map((s) => {
    const r = assemble(s, settings);
    if (!r.ok) throw new Error(r.errors[0].message);
    return r.warrior;
  });
}

describe('Red Queen survival share (DRQ scoring)', () => {
  it('splits each cycle among the warriors alive in it', () => {
    expect(survivalShares([null, null], 100)).toEqual([0.5, 0.5]);
    // One dies at cycle 20: until then each has half, then the survivor has everything.
    expect(survivalShares([20, null], 100)).toEqual([0.1, 0.9]);
    const s = survivalShares([10, 30, null, null], 100);
    expect(s[0]).toBeCloseTo(10 / 4 / 100, 12);
    expect(s[1]).toBeCloseTo((10 / 4 + 20 / 3) / 100, 12);
    expect(s.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('fights all warriors in one core exactly as pMARS scores the same battle', () => {
    const settings = resolveSettings({ coreSize: 8000, maxCycles: 80000, maxProcesses: 8000, maxLength: 100, minDistance: 100, rounds: 6, warriors: 4 });
    const ws = warriors([DWARF, IMP, SCANNER, SUICIDE], settings);
    const b = survivalBattle(ws, settings, 12345);
    const pmars = runBattle(ws, settings, { seed: 12345 });
    expect(b.pmars.warriors.map((w) => [w.survived, w.losses])).toEqual(pmars.warriors.map((w) => [w.survived, w.losses]));
    expect(b.pmars.instructions).toBe(pmars.instructions);
    expect(b.rounds).toHaveLength(6);
    // The DAT warrior dies in its first cycle every round and gets only its slice of that cycle.
    for (const r of b.rounds) expect(r.deaths[3]).toBe(1);
    expect(b.alive[3]).toBeCloseTo(1 / 80000, 12);
    expect(b.share.reduce((a, x) => a + x)).toBeCloseTo(1, 9);
    // Placement: warrior 0 at 0, every pair at least minDistance apart (circularly).
    for (const r of b.rounds) {
      expect(r.positions[0]).toBe(0);
      for (let i = 0; i < 4; i++)
        for (let j = i + 1; j < 4; j++) {
          const d = Math.abs(r.positions[i] - r.positions[j]);
          expect(Math.min(d, 8000 - d)).toBeGreaterThanOrEqual(100);
        }
    }
  });

  it('times each death to the cycle that a cycle-by-cycle run gives', () => {
    // The reference: one cycle (one instruction per live warrior) per call, the live warriors checked after each.
    const settings = resolveSettings({ coreSize: 800, maxCycles: 8000, maxProcesses: 800, maxLength: 20, minDistance: 20, rounds: 12, warriors: 5 });
    const ws = warriors([DWARF, SCANNER, IMP, DWARF, SUICIDE], settings);
    const fast = survivalBattle(ws, settings, 777);
    const plan = new RoundPlan(ws.length, settings.coreSize, settings.minDistance, 777);
    const mars = new Mars(ws, settings);
    let deathsSeen = 0;
    for (const round of fast.rounds) {
      plan.next();
      mars.startRound(plan.positions, plan.starter);
      const deaths: (number | null)[] = ws.map(() => null);
      for (let clock = 1; !mars.state.roundOver; clock++) {
        execute(mars.state, mars.state.warriorsLeft);
        for (let i = 0; i < ws.length; i++) if (deaths[i] === null && mars.state.tasks(i) === 0) deaths[i] = Math.min(clock, settings.maxCycles);
      }
      mars.runRound();
      expect(round.deaths).toEqual(deaths);
      deathsSeen += deaths.filter((d) => d !== null).length;
    }
    expect(deathsSeen).toBeGreaterThan(fast.rounds.length); // more than the DAT warrior's: the battles have real kills
  });

  it("gives the same battle on the Arena's worker threads, several at once, as in this thread", async () => {
    const settings = resolveSettings({ coreSize: 800, maxCycles: 8000, maxProcesses: 800, maxLength: 20, minDistance: 20, rounds: 8, warriors: 4 });
    const ws = warriors([DWARF, SCANNER, IMP, SUICIDE], settings);
    const arena = new Arena({ threads: 2 });
    try {
      const seeds = [5, 6, 7];
      const onThreads = await Promise.all(seeds.map((seed) => survivalBattleOn(arena, ws, settings, seed)));
      for (const [i, seed] of seeds.entries()) expect(onThreads[i]).toEqual(survivalBattle(ws, settings, seed));
    } finally {
      await arena.close();
    }
    const inThread = new Arena({ threads: 0 });
    expect(await survivalBattleOn(inThread, ws, settings, 5)).toEqual(survivalBattle(ws, settings, 5));
  });

  it('refuses more warriors than pMARS fights or the core holds', () => {
    const nano = resolveSettings({ coreSize: 80, maxLength: 5, minDistance: 5, maxCycles: 800, maxProcesses: 80 });
    expect(() => checkWarriorCount(16, nano)).not.toThrow();
    expect(() => checkWarriorCount(17, nano)).toThrow(/does not fit: a core of 80 holds at most 16 warriors 5 apart/);
    expect(() => checkWarriorCount(37, resolveSettings({}))).toThrow(/at most 36/);
  });
});

describe('Red Queen champions and measures', () => {
  it('names a champion and adds the hill assert without changing its instructions', () => {
    const settings = resolveSettings({ coreSize: 8000, maxLength: 100, minDistance: 100, warriors: 2 });
    const code = ';redcode-94\n;name Dwarf\n;author A. K. Dewdney\n' + DWARF;
    const named = championSource(code, 3, settings);
    expect(named.split('\n').slice(0, 3)).toEqual([
      ';redcode-94',
      ';name redqueen round 3 champion',
      ';assert CORESIZE==8000 && MAXLENGTH==100 && MAXCYCLES==80000 && MAXPROCESSES==8000 && MINDISTANCE==100',
    ]);
    const [a, b] = warriors([code, named], settings);
    expect(b.name).toBe('redqueen round 3 champion');
    expect(warriorKey(b)).toBe(warriorKey(a));
    expect(championSource(named, 4, settings)).toBe(named.replace('round 3', 'round 4')); // re-naming replaces the header
    expect(assemble(named, resolveSettings({ coreSize: 8192, warriors: 2 })).ok).toBe(false); // the assert holds the hill
  });

  it('measures phenotype similarity', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosine([0, 0], [1, 1])).toBeNull();
    expect(spearman([1, 2, 3], [10, 20, 30])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(0.8660254, 6);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});
