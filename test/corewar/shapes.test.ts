// The hot loop's specialised paths (one per instruction shape, encoding.ts shapeOf) against its generic path, which
// the pMARS oracle tests cover for every instruction: random cores where the two must agree step by step, on every
// cell, queue and reported address. The twin core holds the same instructions without their shapes (genericWord).
import { describe, expect, it } from 'vitest';
import { genericWord, MODE, MOD, OP, packInstruction, shapeOf, shapeOfWord } from '../../src/corewar/mars/encoding.ts';
import { Mars } from '../../src/corewar/mars/mars.ts';
import { MarsState } from '../../src/corewar/mars/state.ts';
import { type Instruction, type MarsSettings, MODES, MODIFIERS, OPCODES, type Warrior } from '../../src/corewar/types.ts';

const SETTINGS: MarsSettings = {
  coreSize: 64,
  maxCycles: 400,
  maxProcesses: 8,
  maxLength: 16,
  minDistance: 16,
  rounds: 1,
  pSpaceSize: 8,
  warriors: 3,
};

/** Park-Miller, so that a failure reproduces. */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 16807) % 2147483647;
    return s % n;
  };
}

const SHAPED: Instruction['op'][] = ['MOV', 'SPL', 'JMP', 'DAT', 'DJN'];

function randomWarrior(next: (n: number) => number): Warrior {
  const instructions: Instruction[] = [];
  for (let i = 0; i < SETTINGS.maxLength; i++) {
    // Half the instructions from the specialised groups (MOV mostly as .I), the rest anything.
    const op = next(2) === 0 ? SHAPED[next(SHAPED.length)] : OPCODES[next(OPCODES.length)];
    const mod = op === 'MOV' && next(2) === 0 ? 'I' : MODIFIERS[next(MODIFIERS.length)];
    const a = next(SETTINGS.coreSize);
    const b = next(SETTINGS.coreSize);
    instructions.push({ op, mod, aMode: MODES[next(MODES.length)], a, bMode: MODES[next(MODES.length)], b });
  }
  return { name: 'random', author: 'test', strategy: '', instructions, start: next(SETTINGS.maxLength), pin: null, warnings: [] };
}

/** Everything the two cores must agree on after a step. */
function snapshot(m: Mars): { core: number[]; queues: number[][] } {
  const s = m.state;
  const core: number[] = [];
  for (let i = 0; i < SETTINGS.coreSize; i++) core.push(genericWord(s.word(i)), s.aNumber(i), s.bNumber(i));
  return { core, queues: [0, 1, 2].map((w) => m.processes(w)) };
}

describe('specialised instruction paths', () => {
  it('do exactly what the generic path does, on random cores', () => {
    const next = random(20260601);
    const executed = new Set<number>();
    let steps = 0;
    for (let battle = 0; battle < 1000; battle++) {
      const warriors = [0, 1, 2].map(() => randomWarrior(next));
      const positions = [0, 16 + next(8), 40 + next(8)];
      const shaped = new Mars(warriors, SETTINGS);
      const generic = new Mars(warriors, SETTINGS);
      shaped.startRound(positions);
      generic.startRound(positions);
      for (let i = 0; i < SETTINGS.coreSize; i++) {
        generic.state.setCell(i, genericWord(generic.state.word(i)), generic.state.aNumber(i), generic.state.bNumber(i));
      }
      for (let k = 0; k < 300; k++) {
        const pc = shaped.processes(shaped.state.warriorOf(shaped.state.cur))[0];
        const shape = shapeOfWord(shaped.state.word(pc));
        const a = shaped.step();
        const b = generic.step();
        expect(a, `battle ${battle}, step ${k}, shape ${shape}`).toEqual(b);
        expect(snapshot(shaped), `battle ${battle}, step ${k}, shape ${shape}`).toEqual(snapshot(generic));
        if (!a || a.roundOver) break;
        executed.add(shape);
        steps++;
      }
    }
    // Every specialised shape ran (and the generic path too): the comparison covered them all.
    const shapes = new Set<number>([0]);
    for (const op of Object.values(OP))
      for (const mod of Object.values(MOD)) for (const am of Object.values(MODE)) for (const bm of Object.values(MODE)) shapes.add(shapeOf(op, mod, am, bm));
    expect(shapes.size).toBeGreaterThan(100);
    expect([...shapes].filter((s) => !executed.has(s))).toEqual([]);
    expect(steps).toBeGreaterThan(20_000);
  });

  it('run alike on the narrow and the wide cell layouts (the two builds of the loop), on random cores', () => {
    const next = random(20261206);
    let steps = 0;
    for (let battle = 0; battle < 300; battle++) {
      const warriors = [0, 1, 2].map(() => randomWarrior(next));
      const positions = [0, 16 + next(8), 40 + next(8)];
      const narrow = new Mars(warriors, SETTINGS);
      const wide = new Mars(warriors, SETTINGS, { wideCells: true });
      expect([narrow.state.wide, wide.state.wide]).toEqual([false, true]);
      narrow.startRound(positions);
      wide.startRound(positions);
      for (let k = 0; k < 300; k++) {
        const a = narrow.step();
        expect(wide.step(), `battle ${battle}, step ${k}`).toEqual(a);
        expect(snapshot(wide), `battle ${battle}, step ${k}`).toEqual(snapshot(narrow));
        if (!a || a.roundOver) break;
        steps++;
      }
    }
    expect(steps).toBeGreaterThan(5_000);
  });

  it('a core above 65,536 cells runs on wide cells, its numbers whole', () => {
    const big = { ...SETTINGS, coreSize: 100_000, warriors: 1 };
    const add: Instruction = { op: 'ADD', mod: 'AB', aMode: '#', a: 40_000, bMode: '$', b: 1 };
    const dat: Instruction = { op: 'DAT', mod: 'F', aMode: '#', a: 99_999, bMode: '#', b: 30_000 };
    const mars = new Mars([{ name: 'w', author: '', strategy: '', instructions: [add, dat], start: 0, pin: null, warnings: [] }], big);
    expect(mars.state.wide).toBe(true);
    mars.startRound([0]);
    mars.step();
    expect(mars.cell(1)).toEqual({ ...dat, b: 70_000 });
    expect(() => new MarsState(100_000, 1, 8, 8, 1, false)).toThrow(/needs wide cells/);
  });

  it('a shape is a function of the instruction, so MOV.I copies it with the instruction', () => {
    const mov = packInstruction({ op: 'MOV', mod: 'I', aMode: '}', a: 0, bMode: '>', b: 0 });
    expect(shapeOfWord(mov)).toBe(shapeOf(OP.MOV, MOD.I, MODE['}'], MODE['>']));
    expect(shapeOfWord(mov)).not.toBe(0);
    expect(shapeOfWord(packInstruction({ op: 'ADD', mod: 'F', aMode: '$', a: 0, bMode: '$', b: 0 }))).toBe(0);
    expect(genericWord(mov) >> 14).toBe(0);
  });
});
