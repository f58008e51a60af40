// Unit tests of the MARS on tiny hand-written cores (pMARS 0.9.4 semantics).
import { describe, expect, it } from 'vitest';
import { Mars } from '../../src/corewar/mars/mars.ts';
import { formatResults, runBattle } from '../../src/corewar/mars/battle.ts';
import { permutationRounds, RoundPlan } from '../../src/corewar/mars/plan.ts';
import { placeWarriors, rng } from '../../src/corewar/mars/rng.ts';
import type { Instruction, MarsSettings, Warrior } from '../../src/corewar/types.ts';
import { parseLoad } from './support/loadfile.ts';

const SMALL: MarsSettings = {
  coreSize: 100,
  maxCycles: 1000,
  maxProcesses: 16,
  maxLength: 20,
  minDistance: 20,
  rounds: 1,
  pSpaceSize: 10,
  warriors: 1,
};

function warrior(code: string, start = 0, pin: number | null = null): Warrior {
  const w = parseLoad(code.split(';').join('\n'));
  return { ...w, start, pin };
}

/** One warrior at address 0 of a 100-cell core. */
function single(code: string, settings: Partial<MarsSettings> = {}): Mars {
  const m = new Mars([warrior(code)], { ...SMALL, ...settings });
  m.startRound([0]);
  return m;
}

function ins(text: string): Instruction {
  return parseLoad(text).instructions[0];
}

function steps(m: Mars, n: number): void {
  for (let i = 0; i < n; i++) m.step();
}

describe('MOV', () => {
  const src = 'DAT.F $ 7, $ 9; DAT.F $ 1, $ 2';
  it.each([
    ['A', 'DAT.F $7, $2'],
    ['B', 'DAT.F $1, $9'],
    ['AB', 'DAT.F $1, $7'],
    ['BA', 'DAT.F $9, $2'],
    ['F', 'DAT.F $7, $9'],
    ['X', 'DAT.F $9, $7'],
  ])('.%s writes the right fields', (mod, expected) => {
    const m = single(`MOV.${mod} $1, $2; ${src}`);
    m.step();
    expect(m.cell(2)).toEqual(ins(expected));
    expect(m.processes(0)).toEqual([1]);
  });
  it('.I copies the whole instruction', () => {
    const m = single('MOV.I $1, $2; SPL.X <3, }4');
    m.step();
    expect(m.cell(2)).toEqual(ins('SPL.X <3, }4'));
  });
});

describe('arithmetic', () => {
  const cases: [string, string, string][] = [
    ['ADD.A', 'DAT.F $3, $4', 'DAT.F $13, $20'],
    ['ADD.B', 'DAT.F $3, $4', 'DAT.F $10, $24'],
    ['ADD.AB', 'DAT.F $3, $4', 'DAT.F $10, $23'],
    ['ADD.BA', 'DAT.F $3, $4', 'DAT.F $14, $20'],
    ['ADD.F', 'DAT.F $3, $4', 'DAT.F $13, $24'],
    ['ADD.I', 'DAT.F $3, $4', 'DAT.F $13, $24'],
    ['ADD.X', 'DAT.F $3, $4', 'DAT.F $14, $23'],
    ['SUB.F', 'DAT.F $3, $30', 'DAT.F $7, $90'],
    ['SUB.X', 'DAT.F $3, $30', 'DAT.F $80, $17'],
    ['MUL.F', 'DAT.F $30, $5', 'DAT.F $0, $0'],
    ['MUL.AB', 'DAT.F $3, $4', 'DAT.F $10, $60'],
    ['DIV.F', 'DAT.F $3, $4', 'DAT.F $3, $5'],
    ['DIV.X', 'DAT.F $3, $4', 'DAT.F $2, $6'],
    ['MOD.F', 'DAT.F $3, $4', 'DAT.F $1, $0'],
    ['MOD.BA', 'DAT.F $3, $4', 'DAT.F $2, $20'],
  ];
  it.each(cases)('%s of %s into DAT 10,20', (op, a, expected) => {
    const m = single(`${op} $1, $2; ${a}; DAT.F $10, $20`);
    m.step();
    expect(m.cell(2)).toEqual(ins(expected));
    expect(m.alive()).toEqual([true]);
  });
  it('wraps modulo the core size', () => {
    const m = single('ADD.AB #60, $1; DAT.F $0, $70');
    m.step();
    expect(m.cell(1).b).toBe(30);
    const s = single('SUB.AB #60, $1; DAT.F $0, $10');
    s.step();
    expect(s.cell(1).b).toBe(50);
  });
});

describe('DIV/MOD by zero', () => {
  it('.B kills the process and leaves the target', () => {
    const m = single('DIV.B $1, $2; DAT.F $0, $0; DAT.F $10, $20');
    m.step();
    expect(m.alive()).toEqual([false]);
    expect(m.cell(2)).toEqual(ins('DAT.F $10, $20'));
  });
  it('.F still divides the half with a non-zero divisor, then kills', () => {
    const m = single('DIV.F $1, $2; DAT.F $0, $5; DAT.F $10, $20');
    m.step();
    expect(m.cell(2)).toEqual(ins('DAT.F $10, $4'));
    expect(m.alive()).toEqual([false]);
    const x = single('MOD.X $1, $2; DAT.F $0, $3; DAT.F $10, $20');
    x.step();
    expect(x.cell(2)).toEqual(ins('DAT.F $1, $20'));
    expect(x.alive()).toEqual([false]);
  });
  it('only the dying process is removed', () => {
    const m = single('SPL.B $2, $0; DIV.A #0, $0; JMP.B $0, $0');
    m.step();
    expect(m.processes(0)).toEqual([1, 2]);
    m.step();
    expect(m.processes(0)).toEqual([2]);
    expect(m.alive()).toEqual([true]);
  });
});

describe('jumps', () => {
  it.each([
    ['JMZ.A', 'DAT.F $0, $5', 3],
    ['JMZ.B', 'DAT.F $0, $5', 1],
    ['JMZ.F', 'DAT.F $0, $5', 1],
    ['JMZ.F', 'DAT.F $0, $0', 3],
    ['JMN.A', 'DAT.F $0, $5', 1],
    ['JMN.B', 'DAT.F $0, $5', 3],
    ['JMN.F', 'DAT.F $0, $5', 3],
    ['JMN.X', 'DAT.F $0, $0', 1],
  ])('%s on %s goes to %i', (op, b, to) => {
    const m = single(`${op} $3, $1; ${b}`);
    m.step();
    expect(m.processes(0)).toEqual([to]);
  });
  it('DJN decrements the core and tests the register', () => {
    const m = single('DJN.B $3, $1; DAT.F $0, $2');
    m.step();
    expect(m.processes(0)).toEqual([3]);
    expect(m.cell(1).b).toBe(1);
    const e = single('DJN.B $3, $1; DAT.F $0, $1');
    e.step();
    expect(e.processes(0)).toEqual([1]);
    expect(e.cell(1).b).toBe(0);
    const z = single('DJN.A $3, $1; DAT.F $0, $1');
    z.step();
    expect(z.cell(1).a).toBe(99);
    expect(z.processes(0)).toEqual([3]);
  });
  it('DJN.F jumps unless both numbers were 1', () => {
    const both = single('DJN.F $3, $1; DAT.F $1, $1');
    both.step();
    expect(both.processes(0)).toEqual([1]);
    expect(both.cell(1)).toEqual(ins('DAT.F $0, $0'));
    const one = single('DJN.F $3, $1; DAT.F $1, $2');
    one.step();
    expect(one.processes(0)).toEqual([3]);
  });
  it('JMP evaluates its B operand', () => {
    const m = single('JMP.B $2, <1; DAT.F $0, $0');
    m.step();
    expect(m.processes(0)).toEqual([2]);
    expect(m.cell(1).b).toBe(99);
  });
});

describe('comparisons', () => {
  it.each([
    ['SEQ.I', 'DAT.F $1, $2', 'DAT.F $1, $2', 2],
    ['SEQ.I', 'DAT.F $1, $2', 'DAT.B $1, $2', 1],
    ['SEQ.I', 'DAT.F $1, $2', 'DAT.F #1, $2', 1],
    ['CMP.F', 'DAT.F $1, $2', 'DAT.B #1, $2', 2],
    ['SEQ.X', 'DAT.F $1, $2', 'DAT.F $2, $1', 2],
    ['SEQ.AB', 'DAT.F $1, $2', 'DAT.F $2, $1', 2],
    ['SNE.I', 'DAT.F $1, $2', 'DAT.F $1, $2', 1],
    ['SNE.F', 'DAT.F $1, $2', 'DAT.F $1, $3', 2],
    ['SNE.BA', 'DAT.F $1, $2', 'DAT.F $2, $3', 1],
    ['SLT.A', 'DAT.F $1, $2', 'DAT.F $2, $0', 2],
    ['SLT.A', 'DAT.F $2, $2', 'DAT.F $2, $0', 1],
    ['SLT.F', 'DAT.F $1, $2', 'DAT.F $2, $3', 2],
    ['SLT.F', 'DAT.F $1, $2', 'DAT.F $2, $2', 1],
    ['SLT.X', 'DAT.F $1, $2', 'DAT.F $3, $2', 2],
    ['SLT.AB', 'DAT.F $99, $0', 'DAT.F $0, $1', 1],
  ])('%s %s vs %s -> %i', (op, a, b, to) => {
    const m = single(`${op} $1, $2; ${a}; ${b}`);
    m.step();
    expect(m.processes(0)).toEqual([to]);
  });
});

describe('SPL and process queues', () => {
  it('queues PC+1 before the target, FIFO across processes', () => {
    const m = single('SPL.B $2, $0; NOP.F $0, $0; NOP.F $0, $0');
    m.step();
    expect(m.processes(0)).toEqual([1, 2]);
    m.step();
    expect(m.processes(0)).toEqual([2, 2]);
  });
  it('stops adding the target at maxProcesses but keeps PC+1', () => {
    const m = single('SPL.B $0, $0; JMP.B $-1, $0', { maxProcesses: 3 });
    steps(m, 3);
    expect(m.processes(0)).toEqual([0, 1, 0]);
    m.step(); // SPL with 3 processes: only PC+1 is queued
    expect(m.processes(0)).toEqual([1, 0, 1]);
  });
  // The loop reads the next warrior's next PC before it executes the current instruction; with one warrior that is
  // the queue it is about to push to, which must be read again afterwards (a queue of one process is empty then).
  it.each([
    ['an imp, one process', 'MOV.I $0, $1', 40],
    ['an imp spiral of a few processes', 'SPL.B $1, $0; MOV.I $0, $1; DJN.B $-1, #3', 60],
  ])('one warrior: one run() of many steps does what as many step() calls do (%s)', (_, code, n) => {
    const stepped = single(code);
    steps(stepped, n);
    const ran = single(code);
    expect(ran.run(n)).toBe(n);
    expect(ran.processes(0)).toEqual(stepped.processes(0));
    for (let a = 0; a < 100; a++) expect(ran.cell(a)).toEqual(stepped.cell(a));
  });
});

describe('addressing modes', () => {
  it('# and $ and @ and *', () => {
    const m = single('MOV.I @1, *2; DAT.F $0, $2; DAT.F $3, $0; DAT.F $9, $9; DAT.F $0, $0; DAT.F $0, $0');
    m.step();
    // A: @1 -> 1 + B(1)=2 -> cell 3. B: *2 -> 2 + A(2)=3 -> cell 5.
    expect(m.cell(5)).toEqual(ins('DAT.F $9, $9'));
  });
  it('predecrement changes core before use; postincrement after the read', () => {
    const m = single('MOV.I {1, >2; DAT.F $3, $0; DAT.F $0, $2; DAT.F $0, $0; DAT.F $7, $7');
    m.step();
    // A: {1 -> A(1) 3->2, cell 3 (DAT 0,0). B: >2 -> cell 2+2=4, then B(2) 2->3.
    expect(m.cell(1).a).toBe(2);
    expect(m.cell(2).b).toBe(3);
    expect(m.cell(4)).toEqual(ins('DAT.F $0, $0'));
  });
  it('the A operand post-increment happens before the B operand is evaluated', () => {
    const m = single('MOV.AB }1, $1; DAT.F $5, $0');
    m.step();
    // A reads cell 1+5=6 (empty), then A(1) becomes 6; B target cell 1 gets A-number 0.
    expect(m.cell(1)).toEqual(ins('DAT.F $6, $0'));
  });
  it('the B address uses the B-number fetched with the instruction', () => {
    const m = single('MOV.I <0, $2; DAT.F $4, $4; DAT.F $0, $0');
    m.step();
    // A: <0 decrements own B 2->1, A-pointer = 0+1 = cell 1. B still uses 2 -> cell 2.
    expect(m.cell(0).b).toBe(1);
    expect(m.cell(2)).toEqual(ins('DAT.F $4, $4'));
  });
  it('an immediate B operand sees the A operand side effects', () => {
    const m = single('SEQ.B >0, #7; DAT.F $0, $0', {});
    // Put DAT 0, 8 at cell 7 so the A-value is 8; the post-increment makes B-number 8 too.
    m.state.setCell(7, m.state.word(7), m.state.aNumber(7), 8);
    m.step();
    expect(m.processes(0)).toEqual([2]);
  });
  it('in-register: the A value is captured before the B operand writes', () => {
    // B operand predecrements cell 1 (the A source) after A was read.
    const m = single('MOV.B $1, <1; DAT.F $0, $5; DAT.F $0, $0; DAT.F $0, $0; DAT.F $0, $0');
    m.step();
    // A value = B(1) = 5 (read before), B: cell 1 B 5->4, target 1+4=5 gets 5.
    expect(m.cell(1).b).toBe(4);
    expect(m.cell(5).b).toBe(5);
  });
});

describe('P-space', () => {
  it('STP/LDP round-trip, cell index modulo the P-space size', () => {
    const m = single('STP.AB #42, #13; LDP.AB #3, $1; DAT.F $0, $0');
    steps(m, 2);
    expect(m.pspace(0, 3)).toBe(42);
    expect(m.cell(2).b).toBe(42);
  });
  it('cell 0 holds the last result: coreSize-1 in round 1, then survivors or 0', () => {
    const w = warrior('LDP.AB #0, $2; JMP.B $0, $0; DAT.F $0, $0');
    const m = new Mars([w, warrior('DAT.F $0, $0')], { ...SMALL, warriors: 2 });
    m.startRound([0, 50]);
    m.step();
    expect(m.cell(2).b).toBe(99);
    m.runRound();
    expect(m.pspace(0, 0)).toBe(1);
    expect(m.pspace(1, 0)).toBe(0);
  });
  it('warriors with the same PIN share P-space except cell 0', () => {
    const a = warrior('STP.AB #7, #4; STP.AB #5, #0; JMP.B $0, $0', 0, 9);
    const b = warrior('JMP.B $0, $0', 0, 9);
    const m = new Mars([a, b], { ...SMALL, warriors: 2 });
    m.startRound([0, 50]);
    steps(m, 4);
    expect(m.pspace(1, 4)).toBe(7);
    expect(m.pspace(0, 0)).toBe(5);
    expect(m.pspace(1, 0)).toBe(99);
  });
});

describe('rounds', () => {
  const imp = warrior('MOV.I $0, $1');
  it('a tie lasts warriors * maxCycles instructions', () => {
    const r = runBattle([imp, imp], { ...SMALL, warriors: 2, rounds: 3 }, { seed: 1 });
    expect(r.instructions).toBe(3 * 2 * 1000);
    expect(r.warriors.map((w) => w.ties)).toEqual([3, 3]);
    expect(formatResults(r)).toBe('Unknown by Anonymous scores 3\nUnknown by Anonymous scores 3\nResults: 0 0 3\n');
  });
  it('a death rescales the remaining budget (3 warriors)', () => {
    const dead = warrior('DAT.F $0, $0');
    const r = runBattle([dead, imp, imp], { ...SMALL, warriors: 3, minDistance: 20, rounds: 1 }, { seed: 5 });
    // cycle = 3000; the death makes it 3000-1-floor(2999/3) = 2000, then --cycle per instruction.
    expect(r.instructions).toBe(1 + 1999);
    expect(r.warriors[0].losses).toBe(1);
    expect(r.warriors[1].survived).toEqual([0, 1, 0]);
    expect(r.warriors[1].score).toBe(4); // (9-1)/2
  });
  it('the first mover rotates each round and a win is 3 points', () => {
    const bomber = warrior('MOV.I $1, $-1; DAT.F $0, $0');
    const r = runBattle([bomber, warrior('DAT.F $0, $0')], { ...SMALL, warriors: 2, rounds: 4 }, { seed: 3 });
    expect(r.warriors[0].wins).toBe(4);
    expect(r.warriors[0].score).toBe(12);
    expect(formatResults(r).endsWith('Results: 4 0 0\n')).toBe(true);
  });
});

describe('RNG and placement', () => {
  it('is Park-Miller minimal standard', () => {
    expect(rng(1)).toBe(16807);
    let s = 1;
    for (let i = 0; i < 10000; i++) s = rng(s);
    expect(s).toBe(1043618065);
  });
  it('-F pos puts warrior 2 at pos in round 1', () => {
    const box = { seed: 2229 - 100 };
    const pos = new Int32Array(2);
    placeWarriors(box, pos, 2, 8000, 100);
    expect(pos[1]).toBe(2229);
    expect(box.seed).toBe(rng(2129));
    const plan = new RoundPlan(2, 8000, 100, 2129);
    plan.next();
    expect([...plan.positions, plan.starter]).toEqual([0, 2229, 0]);
    plan.next();
    expect([...plan.positions, plan.starter]).toEqual([0, 100 + (rng(2129) % 7801), 1]);
  });
  it('multi-warrior placement keeps the separation', () => {
    const box = { seed: 12345 };
    const pos = new Int32Array(5);
    for (let r = 0; r < 100; r++) {
      placeWarriors(box, pos, 5, 8000, 100);
      const sorted = [...pos].sort((a, b) => a - b);
      for (let i = 1; i < 5; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(100);
      expect(8000 - sorted[4]).toBeGreaterThanOrEqual(100);
    }
  });
});

describe('permutation mode (-P)', () => {
  it('draws every position/first-mover pair exactly once', () => {
    const plan = new RoundPlan(2, 100, 20, 12345, true);
    const seen = new Set<string>();
    for (let r = 0; r < permutationRounds(100, 20); r++) {
      plan.next();
      seen.add(`${plan.positions[1]}/${plan.starter}`);
      expect(plan.positions[1]).toBeGreaterThanOrEqual(20);
      expect(plan.positions[1]).toBeLessThanOrEqual(80);
    }
    expect(seen.size).toBe(2 * 61);
    expect(() => plan.next()).toThrow();
  });
  it('a full permutation battle does not depend on the seed', () => {
    const a = warrior('ADD.AB #7, $3; MOV.I $2, @2; JMP.B $-2, $0; DAT.F #0, #0');
    const b = warrior('SPL.B $0, $0; MOV.I $1, $-10; DAT.F $0, $0');
    const settings = { ...SMALL, warriors: 2, maxCycles: 300, rounds: permutationRounds(100, 20) };
    const r1 = runBattle([a, b], settings, { seed: 1, permutate: true });
    const r2 = runBattle([a, b], settings, { fixedPosition: 57, permutate: true });
    expect(r1.warriors).toEqual(r2.warriors);
  });
});

describe('stepping API', () => {
  it('stepping a round gives exactly what running it does (deaths, rescaled budget, timeout)', () => {
    const ws = [
      warrior('SPL.B $2, $0; DAT.F $0, $0; MOV.I $0, $1'),
      warrior('ADD.AB #7, $3; MOV.I $2, @2; JMP.B $-2, $0; DAT.F #0, #0'),
      warrior('DAT.F $0, $0'),
    ];
    const settings = { ...SMALL, warriors: 3, maxCycles: 300 };
    const run = new Mars(ws, settings);
    const stepped = new Mars(ws, settings);
    run.startRound([0, 30, 60], 1);
    stepped.startRound([0, 30, 60], 1);
    const executed = run.runRound();
    let steps = 0;
    while (stepped.step()) steps++;
    expect(steps).toBe(executed);
    expect(stepped.state.mem).toEqual(run.state.mem);
    expect(stepped.state.score).toEqual(run.state.score);
    expect(stepped.state.lastResult).toEqual(run.state.lastResult);
  });

  it('reports events and tracks cell owners', () => {
    const m = new Mars([warrior('MOV.I $0, $1'), warrior('JMP.B $0, $0')], { ...SMALL, warriors: 2 }, { trackOwners: true });
    m.startRound([0, 50]);
    const e = m.step();
    expect(e).toMatchObject({ warrior: 0, pc: 0, addrA: 0, addrB: 1, roundOver: false });
    expect(m.owner?.[1]).toBe(0);
    expect(m.owner?.[50]).toBe(1);
    expect(m.step()).toMatchObject({ warrior: 1, pc: 50 });
  });
});
