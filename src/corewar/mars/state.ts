// The mutable state of one simulation, held in the memory of its own WebAssembly instance (the hot
// loop, wasm/execute.ts, compiled to wasm/execute.wasm, or execute-wide.wasm for wide cells) so that
// the loop and this class share it without copies. The core, the process queues and the per-warrior
// queue bookkeeping all live in ONE Int32Array (`mem`): one base pointer, good locality, no allocation.
//
// Layout of the wasm memory (bytes): the header (H_* slots: the round's scalars and where the arrays
// below start), `mem` at MEM_OFFSET, then score, pspace, pBase and lastResult.
// Layout of `mem`:
//   [0, infoBase)     cells, one of two layouts (wasm/execute.ts has a build for each):
//                     narrow (cores of up to 65,536 cells), 2 ints a cell: packed word, then the A-number
//                     in the low 16 bits and the B-number in the high 16 of the second;
//                     wide (larger cores), 4 ints a cell: packed word, A-number, B-number, (unused).
//   [infoBase, ...)   per warrior a block: INFO_SIZE ints of bookkeeping (the I_* offsets), then
//                     its process queue, a ring of queueSize (a power of two >= maxProcesses)
//                     slots, each holding a cell's byte offset. Head and tail are byte offsets in the ring
//                     (4*slot), so the hot loop wraps them with a mask instead of loading bounds.
// The hot loop works with byte offsets into `mem`: cellBytes*address for a cell, 4*index for a block (I_NEXT
// and the header's cur/prev hold those; the getters below give indices).
import { readFileSync } from 'node:fs';
import { DAT_F_DIR_DIR } from './encoding.ts';

export const I_HEAD = 0; // ring offset of the next process to run
export const I_TAIL = 1; // ring offset where the next process is queued
export const I_TASKS = 2; // processes, counted as pMARS does (the running one still counts)
export const I_NEXT = 3; // byte offset (4 * block index) of the next live warrior in execution order
export const I_ID = 4; // warrior number
export const INFO_SIZE = 8; // the ring starts right after

/** Largest core supported (16*coreSize*2, a wide cell's byte offset doubled, must stay a small integer). */
export const MAX_CORE_SIZE = 1 << 26;
/** Largest core in narrow cells (numbers below 65,536 fit their 16 bits); larger ones run on the wide build. */
export const NARROW_MAX_CORE_SIZE = 1 << 16;
/** A battle larger than this MARS holds: a core above MAX_CORE_SIZE, or more than its memory's 4 GiB. */
export class MarsCapacityError extends Error {}

/** A 32-bit WebAssembly memory's limit, in 64 KiB pages (4 GiB). */
const MAX_PAGES = 65536;

// Header slots (i32 index), the same numbers as in wasm/execute.ts.
const H_CUR = 0;
const H_CYCLE = 2;
const H_LEFT = 3;
const H_OVER = 4;
const H_LASTPC = 5;
const H_LASTA = 6;
const H_LASTB = 7;
const H_CS = 8;
const H_MAXPROC = 9;
const H_QM = 10;
const H_WARRIORS = 11;
const H_PSIZE = 12;
const H_SCORE = 13;
const H_PSPACE = 14;
const H_PBASE = 15;
const H_LASTRESULT = 16;
const H_STOP_ON_DEATH = 17;
// Slot 1 is free; 18 to 21 are the hot loop's own (where a call stops, and what it saves across its one call).
const HEADER_INTS = 32;
/** Byte offset of `mem` in the wasm memory (the loop's loads carry it as a constant offset). */
const MEM_OFFSET = 4 * HEADER_INTS;

/** The compiled hot loops, once per thread or shared between threads (instances, one per MarsState, are cheap). */
let compiled: WebAssembly.Module | null = null;
let compiledWide: WebAssembly.Module | null = null;
const compile = (file: string) => new WebAssembly.Module(readFileSync(new URL(`./wasm/${file}`, import.meta.url)));

/** The hot loop for narrow cells (cores of up to NARROW_MAX_CORE_SIZE), or with `wide` for larger cores. */
export function hotLoop(wide = false): WebAssembly.Module {
  if (wide) {
    compiledWide ??= compile('execute-wide.wasm');
    return compiledWide;
  }
  compiled ??= compile('execute.wasm');
  return compiled;
}

/**
 * Uses another thread's compiled (narrow) hot loop, posted from it, in this thread. Threads holding one module share
 * its machine code: V8 starts the loop in its baseline compiler and optimizes it once it is hot (~20 ms of compiling),
 * and a thread given the module after that runs the optimized loop from its first round instead of doing both again.
 * The wide loop, for cores few battles use, is compiled where it is needed.
 */
export function shareHotLoop(module: WebAssembly.Module): void {
  compiled ??= module;
}

/** An empty core (all DAT.F $0,$0) in each layout, copied in at each round start; the last size asked for. */
const emptyCores = new Map<boolean, Int32Array>();

export class MarsState {
  readonly coreSize: number;
  readonly warriors: number;
  readonly maxProcesses: number;
  readonly pSpaceSize: number;
  readonly mem: Int32Array;
  /** Whether cells are wide (cores above NARROW_MAX_CORE_SIZE): 16 bytes each instead of 8. */
  readonly wide: boolean;
  /** Ints per cell in `mem` (2 narrow, 4 wide), and log2 of its bytes (what a ring slot holds is address << cellShift). */
  readonly cellInts: number;
  readonly cellShift: number;
  readonly infoBase: number;
  /** Ring size per warrior: a power of two >= maxProcesses. */
  readonly queueSize: number;
  readonly blockSize: number;

  /** Flat P-space: pSpaceSize cells per distinct P-space (warriors sharing a PIN share one). */
  readonly pspace: Int32Array;
  readonly pBase: Int32Array; // offset of each warrior's P-space in `pspace`
  /** P-space cell 0 is private per warrior: last round's result (pMARS keeps it apart). */
  readonly lastResult: Int32Array;

  /**
   * pMARS's per-warrior score array, `2W-1` counters per warrior: [0, W) = rounds survived with
   * k+1 warriors alive; [W, 2W-1) = deaths, indexed by how many were alive when it died.
   */
  readonly score: Int32Array;

  /** The round's scalars (H_* slots), shared with the hot loop. */
  private readonly header: Int32Array;
  /** The hot loop: runs up to maxSteps instructions, returns how many it ran. */
  readonly run: (maxSteps: number) => number;

  /** `wide`: the wide cell layout even for a core that fits narrow cells (tests compare the two builds). */
  constructor(coreSize: number, warriors: number, maxProcesses: number, pSpaceSize: number, pSpaces: number, wide = coreSize > NARROW_MAX_CORE_SIZE) {
    if (coreSize > MAX_CORE_SIZE) throw new MarsCapacityError(`core size above ${MAX_CORE_SIZE} is not supported`);
    if (!wide && coreSize > NARROW_MAX_CORE_SIZE) throw new Error(`a core of ${coreSize} cells needs wide cells`);
    this.coreSize = coreSize;
    this.warriors = warriors;
    this.maxProcesses = maxProcesses;
    this.pSpaceSize = pSpaceSize;
    this.wide = wide;
    this.cellInts = this.wide ? 4 : 2;
    this.cellShift = this.wide ? 4 : 3;
    this.infoBase = this.cellInts * coreSize;
    let q = 1;
    while (q < maxProcesses) q *= 2;
    this.queueSize = q;
    this.blockSize = INFO_SIZE + q;

    // Lay the arrays out one after another in a memory of their total size.
    const memInts = this.infoBase + warriors * this.blockSize;
    const scoreInts = warriors * (2 * warriors - 1);
    const pspaceInts = Math.max(1, pSpaces) * pSpaceSize;
    let offset = MEM_OFFSET;
    const place = (ints: number): number => {
      const at = offset;
      offset += 4 * ints;
      return at;
    };
    const memAt = place(memInts);
    const scoreAt = place(scoreInts);
    const pspaceAt = place(pspaceInts);
    const pBaseAt = place(warriors);
    const lastResultAt = place(warriors);
    const pages = Math.ceil(offset / 65536);
    if (pages > MAX_PAGES) {
      throw new MarsCapacityError(
        `${coreSize} cells and ${warriors} × ${q} process slots need ${Math.ceil(offset / 2 ** 20)} MiB; the MARS's memory holds 4,096 MiB`,
      );
    }
    const memory = new WebAssembly.Memory({ initial: pages });
    const instance = new WebAssembly.Instance(hotLoop(this.wide), { env: { memory } });
    this.run = instance.exports.execute as (maxSteps: number) => number;

    const buffer = memory.buffer;
    this.header = new Int32Array(buffer, 0, HEADER_INTS);
    this.mem = new Int32Array(buffer, memAt, memInts);
    this.score = new Int32Array(buffer, scoreAt, scoreInts);
    this.pspace = new Int32Array(buffer, pspaceAt, pspaceInts);
    this.pBase = new Int32Array(buffer, pBaseAt, warriors);
    this.lastResult = new Int32Array(buffer, lastResultAt, warriors);
    const h = this.header;
    h[H_CS] = coreSize;
    h[H_MAXPROC] = maxProcesses;
    h[H_QM] = (q - 1) << 2;
    h[H_WARRIORS] = warriors;
    h[H_PSIZE] = pSpaceSize;
    h[H_SCORE] = scoreAt;
    h[H_PSPACE] = pspaceAt;
    h[H_PBASE] = pBaseAt;
    h[H_LASTRESULT] = lastResultAt;
    h[H_OVER] = 1;
    for (let w = 0; w < warriors; w++) this.mem[this.info(w) + I_ID] = w;
  }

  /** Block index of the warrior about to execute (pMARS's W). */
  get cur(): number {
    return this.header[H_CUR] >> 2;
  }
  set cur(v: number) {
    this.header[H_CUR] = v << 2;
  }
  /** Instructions left in this round's budget (pMARS: warriors * cycles, rescaled on deaths). */
  get cycle(): number {
    return this.header[H_CYCLE];
  }
  set cycle(v: number) {
    this.header[H_CYCLE] = v;
  }
  get warriorsLeft(): number {
    return this.header[H_LEFT];
  }
  set warriorsLeft(v: number) {
    this.header[H_LEFT] = v;
  }
  get roundOver(): boolean {
    return this.header[H_OVER] !== 0;
  }
  set roundOver(v: boolean) {
    this.header[H_OVER] = v ? 1 : 0;
  }
  /** Whether the hot loop returns right after a warrior dies (the round going on), for callers that time deaths. */
  set stopOnDeath(v: boolean) {
    this.header[H_STOP_ON_DEATH] = v ? 1 : 0;
  }
  /** What the last executed instruction did (cell addresses, for the stepping API). */
  get lastPc(): number {
    return this.header[H_LASTPC];
  }
  get lastAddrA(): number {
    return this.header[H_LASTA];
  }
  get lastAddrB(): number {
    return this.header[H_LASTB];
  }

  /** Index in `mem` of a warrior's block. */
  info(warrior: number): number {
    return this.infoBase + warrior * this.blockSize;
  }

  /** Empties a warrior's queue, gives it one process at `address`, links it before `next`. */
  initWarrior(warrior: number, address: number, next: number): void {
    const b = this.info(warrior);
    this.mem[b + INFO_SIZE] = address << this.cellShift;
    this.mem[b + I_HEAD] = 0;
    this.mem[b + I_TAIL] = (1 & (this.queueSize - 1)) << 2;
    this.mem[b + I_TASKS] = 1;
    this.mem[b + I_NEXT] = this.info(next) << 2;
  }

  warriorOf(info: number): number {
    return this.mem[info + I_ID];
  }

  tasks(warrior: number): number {
    return this.mem[this.info(warrior) + I_TASKS];
  }

  word(address: number): number {
    return this.mem[this.cellInts * address];
  }

  aNumber(address: number): number {
    return this.wide ? this.mem[4 * address + 1] : this.mem[2 * address + 1] & 0xffff;
  }

  bNumber(address: number): number {
    return this.wide ? this.mem[4 * address + 2] : this.mem[2 * address + 1] >>> 16;
  }

  setCell(address: number, word: number, a: number, b: number): void {
    if (this.wide) {
      const i = 4 * address;
      this.mem[i] = word;
      this.mem[i + 1] = a;
      this.mem[i + 2] = b;
    } else {
      this.mem[2 * address] = word;
      this.mem[2 * address + 1] = a | (b << 16);
    }
  }

  /** Sets every cell to DAT.F $0,$0 (a round's start). */
  clearCore(): void {
    let empty = emptyCores.get(this.wide);
    if (empty?.length !== this.infoBase) {
      empty = new Int32Array(this.infoBase);
      for (let i = 0; i < empty.length; i += this.cellInts) empty[i] = DAT_F_DIR_DIR;
      emptyCores.set(this.wide, empty);
    }
    this.mem.set(empty);
  }

  /** The address a warrior's next process runs at (valid between instructions). */
  nextPc(warrior: number): number {
    return this.queued(this.info(warrior), 0);
  }

  /** The address of the `k`th process queued in the block at `b`, from the next to run. */
  private queued(b: number, k: number): number {
    return this.mem[b + INFO_SIZE + (((this.mem[b + I_HEAD] >> 2) + k) & (this.queueSize - 1))] >> this.cellShift;
  }

  /** Queued process addresses of a warrior, next to run first (valid between instructions). */
  processes(warrior: number): number[] {
    const b = this.info(warrior);
    const out: number[] = [];
    for (let k = 0; k < this.mem[b + I_TASKS]; k++) out.push(this.queued(b, k));
    return out;
  }
}

/** States lent by borrowState, by shape; a few shapes at most are in use in a thread (a hill, a task's battles). */
const lent = new Map<string, MarsState>();
const LENT_SHAPES = 8;

/**
 * This thread's state of the given shape, made once and lent again to every caller (see MarsOptions.borrowState):
 * its previous user must be done with it. Mars resets what a battle reads (P-space, scores, the core each round).
 */
export function borrowState(coreSize: number, warriors: number, maxProcesses: number, pSpaceSize: number, pSpaces: number): MarsState {
  const key = `${coreSize} ${warriors} ${maxProcesses} ${pSpaceSize} ${pSpaces}`;
  let state = lent.get(key);
  if (!state) {
    if (lent.size >= LENT_SHAPES) lent.delete(lent.keys().next().value!);
    state = new MarsState(coreSize, warriors, maxProcesses, pSpaceSize, pSpaces);
    lent.set(key, state);
  }
  return state;
}
