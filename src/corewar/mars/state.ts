// The mutable state of one simulation. The core, the process queues and the per-warrior queue
// bookkeeping all live in ONE Int32Array (`mem`), so the hot loop (execute.ts) works on a single
// typed array: one base pointer, good locality, no allocation.
//
// Layout of `mem`:
//   [0, 4*coreSize)   cells, 4 ints each: packed word, A-number, B-number, (unused)
//   [infoBase, ...)   per warrior a block: INFO_SIZE ints of bookkeeping (the I_* offsets), then
//                     its process queue, a ring of queueSize (a power of two >= maxProcesses)
//                     slots, each holding 4*address. Head and tail are offsets in the ring, so
//                     the hot loop wraps them with a mask instead of loading bounds.
// Inside the hot loop addresses are kept multiplied by 4 (a cell's index in `mem`).

export const I_HEAD = 0; // ring offset of the next process to run
export const I_TAIL = 1; // ring offset where the next process is queued
export const I_TASKS = 2; // processes, counted as pMARS does (the running one still counts)
export const I_NEXT = 3; // block index of the next live warrior in execution order
export const I_ID = 4; // warrior number
export const INFO_SIZE = 8; // the ring starts right after

/** Largest core supported (4*coreSize*2 must stay a small integer for V8). */
export const MAX_CORE_SIZE = 1 << 26;

export class MarsState {
  readonly coreSize: number;
  readonly warriors: number;
  readonly maxProcesses: number;
  readonly pSpaceSize: number;
  readonly mem: Int32Array;
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

  /** Block index of the warrior about to execute, and of the one before it (pMARS's W / oldW). */
  cur = 0;
  prev = 0;
  /** Instructions left in this round's budget (pMARS: warriors * cycles, rescaled on deaths). */
  cycle = 0;
  warriorsLeft = 0;
  roundOver = true;

  /** What the last executed instruction did (cell addresses, for the stepping API). */
  lastPc = -1;
  lastAddrA = -1;
  lastAddrB = -1;

  constructor(coreSize: number, warriors: number, maxProcesses: number, pSpaceSize: number, pSpaces: number) {
    if (coreSize > MAX_CORE_SIZE) throw new Error(`core size above ${MAX_CORE_SIZE} is not supported`);
    this.coreSize = coreSize;
    this.warriors = warriors;
    this.maxProcesses = maxProcesses;
    this.pSpaceSize = pSpaceSize;
    this.infoBase = 4 * coreSize;
    let q = 1;
    while (q < maxProcesses) q *= 2;
    this.queueSize = q;
    this.blockSize = INFO_SIZE + q;
    this.mem = new Int32Array(this.infoBase + warriors * this.blockSize);
    for (let w = 0; w < warriors; w++) this.mem[this.info(w) + I_ID] = w;
    this.pspace = new Int32Array(Math.max(1, pSpaces) * pSpaceSize);
    this.pBase = new Int32Array(warriors);
    this.lastResult = new Int32Array(warriors);
    this.score = new Int32Array(warriors * (2 * warriors - 1));
  }

  /** Index in `mem` of a warrior's block. */
  info(warrior: number): number {
    return this.infoBase + warrior * this.blockSize;
  }

  /** Empties a warrior's queue, gives it one process at `address`, links it before `next`. */
  initWarrior(warrior: number, address: number, next: number): void {
    const b = this.info(warrior);
    this.mem[b + INFO_SIZE] = address * 4;
    this.mem[b + I_HEAD] = 0;
    this.mem[b + I_TAIL] = 1 & (this.queueSize - 1);
    this.mem[b + I_TASKS] = 1;
    this.mem[b + I_NEXT] = this.info(next);
  }

  warriorOf(info: number): number {
    return this.mem[info + I_ID];
  }

  tasks(warrior: number): number {
    return this.mem[this.info(warrior) + I_TASKS];
  }

  word(address: number): number {
    return this.mem[4 * address];
  }

  aNumber(address: number): number {
    return this.mem[4 * address + 1];
  }

  bNumber(address: number): number {
    return this.mem[4 * address + 2];
  }

  setCell(address: number, word: number, a: number, b: number): void {
    const i = 4 * address;
    this.mem[i] = word;
    this.mem[i + 1] = a;
    this.mem[i + 2] = b;
  }

  /** Queued process addresses of a warrior, next to run first (valid between instructions). */
  processes(warrior: number): number[] {
    const m = this.mem;
    const b = this.info(warrior);
    const out: number[] = [];
    for (let k = 0; k < m[b + I_TASKS]; k++) out.push(m[b + INFO_SIZE + ((m[b + I_HEAD] + k) & (this.queueSize - 1))] >> 2);
    return out;
  }
}
