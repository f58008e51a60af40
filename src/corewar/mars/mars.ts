// The Mars class: loads warriors, sets up rounds the way pMARS does, and runs or steps them.
// runBattle (battle.ts) drives it for whole battles; a dashboard can step one round with step()
// and read the core, the process queues and (optionally) which warrior last wrote each cell.
import type { Instruction, MarsSettings, Warrior } from '../types.ts';
import { M_APOST, M_APRE, M_BPOST, M_BPRE, OP, modCore, packInstruction, unpackWord } from './encoding.ts';
import { execute } from './execute.ts';
import { borrowState, MarsState } from './state.ts';

/** A warrior compiled to the core's packed form. */
export interface LoadedWarrior {
  words: Int32Array;
  a: Int32Array;
  b: Int32Array;
  start: number;
  pin: number | null;
}

export function loadWarrior(w: Warrior, coreSize: number): LoadedWarrior {
  const n = w.instructions.length;
  const words = new Int32Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  w.instructions.forEach((ins, i) => {
    words[i] = packInstruction(ins);
    a[i] = modCore(ins.a, coreSize);
    b[i] = modCore(ins.b, coreSize);
  });
  return { words, a, b, start: w.start, pin: w.pin };
}

/** pMARS's P-space assignment: warriors with equal PINs share one P-space, others get their own. */
export function assignPSpaces(pins: readonly (number | null)[]): { index: number[]; count: number } {
  const index: number[] = [];
  const byPin = new Map<number, number>();
  let count = 0;
  for (const pin of pins) {
    if (pin === null) {
      index.push(count++);
    } else {
      let k = byPin.get(pin);
      if (k === undefined) {
        k = count++;
        byPin.set(pin, k);
      }
      index.push(k);
    }
  }
  return { index, count };
}

export interface MarsOptions {
  /** Record which warrior last wrote each cell (stepping API only; runRound ignores it). */
  trackOwners?: boolean;
  /**
   * Borrow this thread's state of the same shape instead of making one: a WebAssembly instance and its memory cost
   * ~130 µs, a third of a nano battle. Only for a Mars that is done with before the next borrowing one is made in the
   * same thread, as runRounds and runTimedBattle (synchronous, nothing kept) are.
   */
  borrowState?: boolean;
  /** Wide cells (state.ts) even for a core that fits narrow ones: for tests that compare the two builds of the loop. */
  wideCells?: boolean;
}

/** What one step() did, for tracing. */
export interface StepEvent {
  warrior: number;
  pc: number;
  instruction: Instruction;
  addrA: number;
  addrB: number;
  /** True when the round ended with this step. */
  roundOver: boolean;
}

const WRITES_B = new Set([OP.MOV, OP.ADD, OP.SUB, OP.MUL, OP.DIV, OP.MOD, OP.DJN, OP.LDP]);

export class Mars {
  readonly settings: MarsSettings;
  readonly state: MarsState;
  readonly warriors: readonly LoadedWarrior[];
  /** Load address of each warrior in the current round. */
  readonly positions: Int32Array;
  /** Owner (warrior index, -1 = none) of each cell, when trackOwners is on. */
  readonly owner: Int8Array | null;
  private scored = true; // whether the current round's result has been recorded

  constructor(warriors: readonly Warrior[], settings: MarsSettings, options: MarsOptions = {}) {
    this.settings = settings;
    const n = warriors.length;
    if (n < 1) throw new Error('at least one warrior is needed');
    this.warriors = warriors.map((w) => loadWarrior(w, settings.coreSize));
    const ps = assignPSpaces(warriors.map((w) => w.pin));
    // A warrior gains at most one process per turn, and a round has at most n × maxCycles turns: a limit above that
    // never binds, and the process rings are sized by the lower figure (pMARS's -p 268435457 would need 4 GiB).
    const processes = Math.min(settings.maxProcesses, n * settings.maxCycles + 1);
    const shape = [settings.coreSize, n, processes, Math.max(1, settings.pSpaceSize), ps.count] as const;
    if (options.wideCells) this.state = new MarsState(...shape, true);
    else this.state = options.borrowState ? borrowState(...shape) : new MarsState(...shape);
    ps.index.forEach((k, i) => {
      this.state.pBase[i] = k * this.state.pSpaceSize;
    });
    this.positions = new Int32Array(n);
    this.owner = options.trackOwners ? new Int8Array(settings.coreSize).fill(-1) : null;
    this.resetPSpace();
  }

  /** Clears P-space and sets every warrior's last result to pMARS's "no round yet" value (coreSize-1). */
  resetPSpace(): void {
    this.state.pspace.fill(0);
    this.state.lastResult.fill(this.settings.coreSize - 1);
    this.state.score.fill(0);
  }

  /**
   * Sets up a round: clears the core to DAT.F $0,$0, loads each warrior at `positions[i]`
   * (positions[0] is normally 0) and gives each one process at its start. `starter` moves first.
   */
  startRound(positions: ArrayLike<number>, starter = 0): void {
    const s = this.state;
    const n = s.warriors;
    const CS = s.coreSize;
    s.clearCore();
    this.owner?.fill(-1);
    for (let i = 0; i < n; i++) this.positions[i] = positions[i];
    // Load in execution order from the starter, as pMARS does (it matters only on overlap).
    for (let k = 0; k < n; k++) {
      const i = (starter + k) % n;
      const w = this.warriors[i];
      const pos = this.positions[i];
      for (let j = 0; j < w.words.length; j++) {
        const addr = (pos + j) % CS;
        s.setCell(addr, w.words[j], w.a[j], w.b[j]);
        if (this.owner) this.owner[addr] = i;
      }
      s.initWarrior(i, (pos + w.start) % CS, (i + 1) % n);
    }
    s.cur = s.info(starter);
    s.cycle = n * this.settings.maxCycles;
    s.warriorsLeft = n;
    s.roundOver = false;
    this.scored = false;
  }

  /**
   * Executes up to `maxSteps` instructions of the current round, stopping early when the round ends or, with
   * `untilDeath`, right after a warrior dies; returns the number executed. Call runRound() to finish the round.
   */
  run(maxSteps: number, untilDeath = false): number {
    const s = this.state;
    s.stopOnDeath = untilDeath;
    const n = execute(s, maxSteps);
    s.stopOnDeath = false;
    return n;
  }

  /** Runs the current round to its end; returns the number of instructions executed. */
  runRound(): number {
    let total = 0;
    const s = this.state;
    while (!s.roundOver) total += execute(s, 0x7fffffff);
    this.finishRound();
    return total;
  }

  /**
   * Executes one instruction of the current round (finishing the round's bookkeeping when it
   * ends). Returns null when the round was already over.
   */
  step(): StepEvent | null {
    const s = this.state;
    if (s.roundOver) return null;
    const w = s.warriorOf(s.cur);
    const pc = s.nextPc(w);
    const word = s.word(pc);
    const irA = s.aNumber(pc);
    const irB = s.bNumber(pc);
    execute(s, 1);
    if (this.owner) this.markOwners(w, pc, word, irA, irB);
    const event: StepEvent = {
      warrior: w,
      pc,
      instruction: this.decode(word, irA, irB),
      addrA: s.lastAddrA,
      addrB: s.lastAddrB,
      roundOver: s.roundOver,
    };
    if (s.roundOver) this.finishRound();
    return event;
  }

  private markOwners(w: number, pc: number, word: number, irA: number, irB: number): void {
    const owner = this.owner!;
    const CS = this.state.coreSize;
    const am = (word >> 3) & 7;
    const bm = word & 7;
    if (am === M_APRE || am === M_BPRE || am === M_APOST || am === M_BPOST) owner[(pc + irA) % CS] = w;
    if (bm === M_APRE || bm === M_BPRE || bm === M_APOST || bm === M_BPOST) owner[(pc + irB) % CS] = w;
    if (WRITES_B.has((word >> 9) & 31)) owner[this.state.lastAddrB] = w;
  }

  /** Round-end bookkeeping (pMARS nextround): survivors score, P-space cell 0 gets the result. */
  private finishRound(): void {
    if (this.scored) return;
    this.scored = true;
    const s = this.state;
    const n = s.warriors;
    const stride = 2 * n - 1;
    for (let i = 0; i < n; i++) {
      if (s.tasks(i) > 0) {
        s.score[i * stride + s.warriorsLeft - 1]++;
        s.lastResult[i] = s.warriorsLeft;
      } else {
        s.lastResult[i] = 0;
      }
    }
  }

  get roundOver(): boolean {
    return this.state.roundOver;
  }

  /** The instruction in a core cell. */
  cell(address: number): Instruction {
    const s = this.state;
    const i = modCore(address, s.coreSize);
    return this.decode(s.word(i), s.aNumber(i), s.bNumber(i));
  }

  private decode(word: number, a: number, b: number): Instruction {
    return { ...unpackWord(word), a, b };
  }

  /** The queued process addresses of a warrior, next to run first. */
  processes(warrior: number): number[] {
    return this.state.processes(warrior);
  }

  /** Warriors still alive this round. */
  alive(): boolean[] {
    return Array.from({ length: this.state.warriors }, (_, i) => this.state.tasks(i) > 0);
  }

  /** Read a P-space cell of a warrior as LDP would. */
  pspace(warrior: number, index: number): number {
    const s = this.state;
    const k = modCore(index, s.pSpaceSize);
    return k === 0 ? s.lastResult[warrior] : s.pspace[s.pBase[warrior] + k];
  }
}
