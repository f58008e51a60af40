// The MARS hot loop, in AssemblyScript (compiled to execute.wasm by `npm run build:wasm`; a test checks that the
// committed binary is this source's build). It runs in the memory of its MarsState (../state.ts): the header
// (H_* slots) at byte 0, `mem` at byte 128, then score, pspace, pBase and lastResult at offsets the header gives.
//
// Semantics follow pMARS's sim.c rather than the draft where they differ:
// - Operands are evaluated into registers (A first, with its pre/post-increments, then B); the
//   execution uses only those register values (in-register evaluation), but writes go to core.
// - The B operand's address uses the B-number fetched with the instruction, even if the A
//   operand's side effects changed that cell; an immediate B operand reads the *current* cell.
// - DJN decrements the core cell but tests the register value (jump unless it was 1).
// - DIV/MOD .F/.X/.I still compute the half with a non-zero divisor before killing the process.
// - SPL always queues PC+1; the target only while the warrior has fewer than maxProcesses.
// - Every instruction, DAT included, evaluates both operands (their increments happen).
// - The cycle budget is warriors*maxCycles instructions; a death rescales what is left.
//
// Everything lives in `mem` (layout in ../state.ts), read and written through the accessors below. Addresses are
// byte offsets into `mem`: a cell's is CELL times its number (`pc`, `addrA`, `addrB`, queue entries), a warrior's
// block's 4 times its index (`wi`, the running warrior, and the header's cur); ring head and tail are byte
// offsets in the ring, masked with `qm`. Field values are plain numbers in [0, CS).
//
// Two builds of this file (asconfig.json's targets), told apart by the constant WIDE (`--use WIDE=0|1`):
// - execute.wasm, for cores of up to 65,536 cells: a cell is 8 bytes, the packed word then the A- and B-numbers in
//   16 bits each. An 8,000-cell core is 64 kB instead of 128, and MOV.I copies a cell with one 8-byte load and
//   store (1.094x over the benchmark's whole round robin: `ROUNDS=200 node bench/corewar-ab.ts 511c805 45a6cbc`).
// - execute-wide.wasm, for larger cores: 16-byte cells, the word and both numbers in 32 bits each (4 bytes unused).
//
// The loop dispatches once on the cell's shape (the instruction's group, A-mode and B-mode; encoding.ts shapeOf) to a
// path specialised for it, or to generic(). generic()'s case labels are opcode*8+modifier in types.ts order (DAT=0,
// MOV=1, ADD=2, SUB=3, MUL=4, DIV=5, MOD=6, JMP=7, JMZ=8, JMN=9, DJN=10, CMP=11, SLT=12, SPL=13, SEQ=14, SNE=15, NOP=16,
// LDP=17, STP=18; .A=0 .B=1 .AB=2 .BA=3 .F=4 .X=5 .I=6). Case labels are literals so switches compile to jump tables.

// Header slots (i32 index).
const H_CUR: i32 = 0;
const H_CYCLE: i32 = 2;
const H_LEFT: i32 = 3;
const H_OVER: i32 = 4;
const H_LASTPC: i32 = 5;
const H_LASTA: i32 = 6;
const H_LASTB: i32 = 7;
const H_CS: i32 = 8;
const H_MAXPROC: i32 = 9;
const H_QM: i32 = 10;
const H_WARRIORS: i32 = 11;
const H_PSIZE: i32 = 12;
const H_SCORE: i32 = 13;
const H_PSPACE: i32 = 14;
const H_PBASE: i32 = 15;
const H_LASTRESULT: i32 = 16;
const H_STOP_ON_DEATH: i32 = 17; // non-zero: return right after a warrior dies (the round going on)
// The loop's own, during a call: where this call stops (the budget left when it must return), the steps deaths
// dropped, and the running warrior's successor and the steps to go, saved across generic().
const H_STOP: i32 = 18;
const H_DROPPED: i32 = 19;
const H_NEXTW: i32 = 20;
const H_STEPS: i32 = 21;

// A cell's size in bytes (CELL = 1 << CELL_SHIFT), and where its A- and B-numbers are: at 4 and 4 + (1 << FIELD_SHIFT).
const CELL_SHIFT: i32 = WIDE ? 4 : 3;
const CELL: i32 = 1 << CELL_SHIFT;
const FIELD_SHIFT: i32 = WIDE ? 2 : 1;

// @ts-ignore
@inline function hdr(i: i32): i32 { return load<i32>(i << 2); }
// @ts-ignore
@inline function setHdr(i: i32, v: i32): void { store<i32>(i << 2, v); }
// Inside the loop every address is a byte offset into `mem` (a cell's is CELL * its number; a warrior's block's is
// 4 * its index in `mem`), so that each field is one load with a constant offset (MEM_OFFSET + the field's).
// Cell fields: the packed word, the A-number, the B-number.
// @ts-ignore
@inline function W(p: i32): i32 { return load<i32>(p, 128); }
// @ts-ignore
@inline function A(p: i32): i32 { return WIDE ? load<i32>(p, 132) : load<u16>(p, 132); }
// @ts-ignore
@inline function B(p: i32): i32 { return WIDE ? load<i32>(p, 136) : load<u16>(p, 134); }
// @ts-ignore
@inline function setW(p: i32, v: i32): void { store<i32>(p, v, 128); }
// @ts-ignore
@inline function setA(p: i32, v: i32): void { if (WIDE) store<i32>(p, v, 132); else store<u16>(p, v, 132); }
// @ts-ignore
@inline function setB(p: i32, v: i32): void { if (WIDE) store<i32>(p, v, 136); else store<u16>(p, v, 134); }
// Any field by its byte offset.
// @ts-ignore
@inline function field(f: i32): i32 { return WIDE ? load<i32>(f, 128) : load<u16>(f, 128); }
// @ts-ignore
@inline function setField(f: i32, v: i32): void { if (WIDE) store<i32>(f, v, 128); else store<u16>(f, v, 128); }
// A warrior's block (state.ts I_*): ring head and tail (byte offsets in the ring), processes, next warrior's block,
// warrior number; its ring of queued cell addresses starts 32 bytes in.
// @ts-ignore
@inline function head(w: i32): i32 { return load<i32>(w, 128); }
// @ts-ignore
@inline function tail(w: i32): i32 { return load<i32>(w, 132); }
// @ts-ignore
@inline function tasks(w: i32): i32 { return load<i32>(w, 136); }
// @ts-ignore
@inline function next(w: i32): i32 { return load<i32>(w, 140); }
// @ts-ignore
@inline function id(w: i32): i32 { return load<i32>(w, 144); }
// @ts-ignore
@inline function setHead(w: i32, v: i32): void { store<i32>(w, v, 128); }
// @ts-ignore
@inline function setTail(w: i32, v: i32): void { store<i32>(w, v, 132); }
// @ts-ignore
@inline function setTasks(w: i32, v: i32): void { store<i32>(w, v, 136); }
// @ts-ignore
@inline function setNext(w: i32, v: i32): void { store<i32>(w, v, 140); }
// @ts-ignore
@inline function ring(w: i32, h: i32): i32 { return load<i32>(w + h, 160); }
// @ts-ignore
@inline function setRing(w: i32, h: i32, v: i32): void { store<i32>(w + h, v, 160); }

// Operand modes: # 0, $ 1, * 2, @ 3, { 4, < 5, } 6, > 7. From * on, bit 0 picks the field the pointer is read from
// (A for * { }, B for @ < >), and mode >> 1 is 1 plain, 2 predecrement, 3 postincrement.

/** The cell a pointer at `pc + number` designates; a predecrement happens here. `number` is in [0, CS). */
// @ts-ignore
@inline function pointerCell(pc: i32, number: i32, CS: i32): i32 {
  const p = pc + (number << CELL_SHIFT);
  return p >= CS << CELL_SHIFT ? p - (CS << CELL_SHIFT) : p;
}

/** The operand's address for a mode other than #, with a predecrement done (postincrements: postIncrement). */
// @ts-ignore
@inline function operand(pc: i32, number: i32, mode: i32, CS: i32): i32 {
  const p = pointerCell(pc, number, CS);
  if (mode === 1) return p;
  const f = p + 4 + ((mode & 1) << FIELD_SHIFT); // the pointer field's byte offset
  let v = field(f);
  if (mode >> 1 === 2) {
    v = v === 0 ? CS - 1 : v - 1;
    setField(f, v);
  }
  const a = p + (v << CELL_SHIFT);
  return a >= CS << CELL_SHIFT ? a - (CS << CELL_SHIFT) : a;
}

/** A postincrement (} or >), after the operand's instruction was read into the registers. */
// @ts-ignore
@inline function postIncrement(pc: i32, number: i32, mode: i32, CS: i32): void {
  const f = pointerCell(pc, number, CS) + 4 + ((mode & 1) << FIELD_SHIFT);
  const v = field(f) + 1;
  setField(f, v === CS ? 0 : v);
}

// The specialised paths: one per instruction shape (encoding.ts shapeOf), each called with its modes as literals so
// that inlining folds every mode test away and the shape's whole work is one straight run after a single dispatch.
// They record the operands' addresses (setLast, what the stepping API reports) and return the next PC, or a
// NP_* code.

/** Records the operands' addresses (byte offsets; the loop makes them cell numbers when it returns). */
// @ts-ignore
@inline function setLast(a: i32, b: i32): void {
  setHdr(H_LASTA, a);
  setHdr(H_LASTB, b);
}

const NP_DIE: i32 = -1; // the process dies
const NP_SPLIT: i32 = -2; // queue PC+1, then the A address while the warrior has room
const OP_DAT: i32 = 0;
const OP_SPL: i32 = 13;

/** The A operand's address, its predecrement done. */
// @ts-ignore
@inline function addressA(pc: i32, irA: i32, am: i32, CS: i32): i32 {
  return am === 0 ? pc : operand(pc, irA, am, CS);
}

/** SPL: its operands' side effects, then the split. */
// @ts-ignore
@inline function spl(pc: i32, irA: i32, irB: i32, am: i32, bm: i32, CS: i32): i32 {
  const a = addressA(pc, irA, am, CS);
  if (am >= 6) postIncrement(pc, irA, am, CS);
  const b = bm === 0 ? pc : operand(pc, irB, bm, CS);
  if (bm >= 6) postIncrement(pc, irB, bm, CS);
  setLast(a, b);
  return NP_SPLIT;
}

/** SPL, JMP and DAT, which read neither operand: their side effects, then split, jump or die. */
// @ts-ignore
@inline function splJmpDat(pc: i32, word: i32, irA: i32, irB: i32, am: i32, bm: i32, CS: i32): i32 {
  const a = addressA(pc, irA, am, CS);
  if (am >= 6) postIncrement(pc, irA, am, CS);
  const b = bm === 0 ? pc : operand(pc, irB, bm, CS);
  if (bm >= 6) postIncrement(pc, irB, bm, CS);
  setLast(a, b);
  const op = (word >> 9) & 31; // without a branch: the three share this path
  return select<i32>(NP_SPLIT, select<i32>(NP_DIE, a, op === OP_DAT), op === OP_SPL);
}

/** MOV.I: the A instruction (numbers as read into the register, before any B side effect) over the B cell. */
// @ts-ignore
@inline function movI(pc: i32, np: i32, irA: i32, irB: i32, am: i32, bm: i32, CS: i32): i32 {
  const a = addressA(pc, irA, am, CS);
  // The A register, read before any side effect of the B operand: narrow cells in one 8-byte load (stored in one),
  // wide ones as their two numbers (the word is copied from the cell, as no operand can change it).
  const cell = WIDE ? 0 : load<i64>(a, 128);
  const aA = !WIDE ? 0 : am === 0 ? irA : A(a);
  const aB = !WIDE ? 0 : am === 0 ? irB : B(a);
  if (am >= 6) postIncrement(pc, irA, am, CS);
  const b = bm === 0 ? pc : operand(pc, irB, bm, CS);
  if (bm >= 6) postIncrement(pc, irB, bm, CS);
  if (WIDE) {
    setW(b, W(a));
    setA(b, aA);
    setB(b, aB);
  } else {
    store<i64>(b, cell, 128);
  }
  setLast(a, b);
  return np;
}

/** DJN.B, .AB (the B-number) and .F, .X, .I (both numbers): decrement the B cell; jump unless the B register's were 1. */
// @ts-ignore
@inline function djn(pc: i32, np: i32, word: i32, irA: i32, irB: i32, am: i32, bm: i32, CS: i32): i32 {
  const a = addressA(pc, irA, am, CS);
  if (am >= 6) postIncrement(pc, irA, am, CS);
  const b = bm === 0 ? pc : operand(pc, irB, bm, CS);
  const bA = A(b);
  const bB = B(b);
  if (bm >= 6) postIncrement(pc, irB, bm, CS);
  const both = ((word >> 6) & 7) >= 4; // .F .X .I; without a branch: the A-number is rewritten unchanged otherwise
  let t = B(b) - 1;
  setB(b, t < 0 ? CS - 1 : t);
  const nA = A(b);
  t = nA - 1;
  setA(b, select<i32>(t < 0 ? CS - 1 : t, nA, both));
  setLast(a, b);
  return select<i32>(a, np, bB !== 1 || (both && bA !== 1));
}

function loadP(w: i32, index: i32): i32 {
  const k = index % hdr(H_PSIZE);
  if (k === 0) return load<i32>(hdr(H_LASTRESULT) + (w << 2));
  return load<i32>(hdr(H_PSPACE) + ((load<i32>(hdr(H_PBASE) + (w << 2)) + k) << 2));
}

function storeP(w: i32, index: i32, value: i32): void {
  const k = index % hdr(H_PSIZE);
  if (k === 0) store<i32>(hdr(H_LASTRESULT) + (w << 2), value);
  else store<i32>(hdr(H_PSPACE) + ((load<i32>(hdr(H_PBASE) + (w << 2)) + k) << 2), value);
}

/**
 * Any instruction, in pMARS's order: operands (A first, with its side effects, then B), then the opcode.modifier;
 * returns the next PC or an NP_* code. Its own function: it holds most of the code and runs little of the time, and
 * kept out of the loop it leaves the loop small enough for the engine to keep its state in registers.
 */
function generic(pc: i32, np: i32, word: i32, irA: i32, irB: i32, w: i32, CS: i32): i32 {
  const CSB = CS << CELL_SHIFT;
  // Operands (see operand()): A first, with its side effects, then B. Registers aA, aB (bA, bB) hold the A- and
  // B-numbers of the instruction the operand points at, read before its own postincrement.
  const am = (word >> 3) & 7;
  const addrA = am === 0 ? pc : operand(pc, irA, am, CS);
  const aA = am === 0 ? irA : A(addrA);
  const aB = am === 0 ? irB : B(addrA);
  if (am >= 6) postIncrement(pc, irA, am, CS);

  const bm = word & 7;
  const addrB = bm === 0 ? pc : operand(pc, irB, bm, CS);
  const bA = A(addrB); // for #, the current cell: A's side effects are visible
  const bB = B(addrB);
  if (bm >= 6) postIncrement(pc, irB, bm, CS);

  let t: i32 = 0;
  switch ((word >> 6) & 0xff) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6:
      np = NP_DIE;
      break;
    case 8: setA(addrB, aA); break;
    case 9: setB(addrB, aB); break;
    case 10: setB(addrB, aA); break;
    case 11: setA(addrB, aB); break;
    case 12: setA(addrB, aA); setB(addrB, aB); break;
    case 13: setB(addrB, aA); setA(addrB, aB); break;
    case 14: setW(addrB, W(addrA)); setA(addrB, aA); setB(addrB, aB); break;
    case 16: t = bA + aA; setA(addrB, t >= CS ? t - CS : t); break;
    case 17: t = bB + aB; setB(addrB, t >= CS ? t - CS : t); break;
    case 18: t = bB + aA; setB(addrB, t >= CS ? t - CS : t); break;
    case 19: t = bA + aB; setA(addrB, t >= CS ? t - CS : t); break;
    case 20: case 22:
      t = bA + aA; setA(addrB, t >= CS ? t - CS : t);
      t = bB + aB; setB(addrB, t >= CS ? t - CS : t);
      break;
    case 21:
      t = bB + aA; setB(addrB, t >= CS ? t - CS : t);
      t = bA + aB; setA(addrB, t >= CS ? t - CS : t);
      break;
    case 24: t = bA - aA; setA(addrB, t < 0 ? t + CS : t); break;
    case 25: t = bB - aB; setB(addrB, t < 0 ? t + CS : t); break;
    case 26: t = bB - aA; setB(addrB, t < 0 ? t + CS : t); break;
    case 27: t = bA - aB; setA(addrB, t < 0 ? t + CS : t); break;
    case 28: case 30:
      t = bA - aA; setA(addrB, t < 0 ? t + CS : t);
      t = bB - aB; setB(addrB, t < 0 ? t + CS : t);
      break;
    case 29:
      t = bB - aA; setB(addrB, t < 0 ? t + CS : t);
      t = bA - aB; setA(addrB, t < 0 ? t + CS : t);
      break;
    case 32: setA(addrB, <i32>(<u32>(bA * aA) % <u32>CS)); break;
    case 33: setB(addrB, <i32>(<u32>(bB * aB) % <u32>CS)); break;
    case 34: setB(addrB, <i32>(<u32>(bB * aA) % <u32>CS)); break;
    case 35: setA(addrB, <i32>(<u32>(bA * aB) % <u32>CS)); break;
    case 36: case 38:
      setA(addrB, <i32>(<u32>(bA * aA) % <u32>CS));
      setB(addrB, <i32>(<u32>(bB * aB) % <u32>CS));
      break;
    case 37:
      setB(addrB, <i32>(<u32>(bB * aA) % <u32>CS));
      setA(addrB, <i32>(<u32>(bA * aB) % <u32>CS));
      break;
    case 40: if (aA === 0) np = NP_DIE; else setA(addrB, bA / aA); break;
    case 41: if (aB === 0) np = NP_DIE; else setB(addrB, bB / aB); break;
    case 42: if (aA === 0) np = NP_DIE; else setB(addrB, bB / aA); break;
    case 43: if (aB === 0) np = NP_DIE; else setA(addrB, bA / aB); break;
    case 44: case 46:
      if (aA !== 0) setA(addrB, bA / aA);
      if (aB !== 0) setB(addrB, bB / aB);
      if (aA === 0 || aB === 0) np = NP_DIE;
      break;
    case 45:
      if (aB !== 0) setA(addrB, bA / aB);
      if (aA !== 0) setB(addrB, bB / aA);
      if (aA === 0 || aB === 0) np = NP_DIE;
      break;
    case 48: if (aA === 0) np = NP_DIE; else setA(addrB, bA % aA); break;
    case 49: if (aB === 0) np = NP_DIE; else setB(addrB, bB % aB); break;
    case 50: if (aA === 0) np = NP_DIE; else setB(addrB, bB % aA); break;
    case 51: if (aB === 0) np = NP_DIE; else setA(addrB, bA % aB); break;
    case 52: case 54:
      if (aA !== 0) setA(addrB, bA % aA);
      if (aB !== 0) setB(addrB, bB % aB);
      if (aA === 0 || aB === 0) np = NP_DIE;
      break;
    case 53:
      if (aB !== 0) setA(addrB, bA % aB);
      if (aA !== 0) setB(addrB, bB % aA);
      if (aA === 0 || aB === 0) np = NP_DIE;
      break;
    case 56: case 57: case 58: case 59: case 60: case 61: case 62:
      np = addrA;
      break;
    case 64: case 67: if (bA === 0) np = addrA; break;
    case 65: case 66: if (bB === 0) np = addrA; break;
    case 68: case 69: case 70: if (bA === 0 && bB === 0) np = addrA; break;
    case 72: case 75: if (bA !== 0) np = addrA; break;
    case 73: case 74: if (bB !== 0) np = addrA; break;
    case 76: case 77: case 78: if (bA !== 0 || bB !== 0) np = addrA; break;
    case 80: case 83:
      t = A(addrB) - 1; setA(addrB, t < 0 ? CS - 1 : t);
      if (bA !== 1) np = addrA;
      break;
    case 81: case 82:
      t = B(addrB) - 1; setB(addrB, t < 0 ? CS - 1 : t);
      if (bB !== 1) np = addrA;
      break;
    case 84: case 85: case 86:
      t = B(addrB) - 1; setB(addrB, t < 0 ? CS - 1 : t);
      t = A(addrB) - 1; setA(addrB, t < 0 ? CS - 1 : t);
      if (bA !== 1 || bB !== 1) np = addrA;
      break;
    case 88: case 112: if (aA === bA) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 89: case 113: if (aB === bB) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 90: case 114: if (aA === bB) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 91: case 115: if (aB === bA) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 92: case 116: if (aA === bA && aB === bB) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 93: case 117: if (aA === bB && aB === bA) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 94: case 118: if (aA === bA && aB === bB && W(addrA) === W(addrB)) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 120: if (aA !== bA) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 121: if (aB !== bB) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 122: if (aA !== bB) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 123: if (aB !== bA) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 124: if (aA !== bA || aB !== bB) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 125: if (aA !== bB || aB !== bA) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 126: if (aA !== bA || aB !== bB || W(addrA) !== W(addrB)) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 96: if (aA < bA) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 97: if (aB < bB) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 98: if (aA < bB) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 99: if (aB < bA) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 100: case 102: if (aA < bA && aB < bB) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 101: if (aA < bB && aB < bA) np = np + CELL === CSB ? 0 : np + CELL; break;
    case 104: case 105: case 106: case 107: case 108: case 109: case 110:
      np = NP_SPLIT;
      break;
    case 128: case 129: case 130: case 131: case 132: case 133: case 134:
      break;
    case 136: setA(addrB, loadP(id(w), aA)); break;
    case 137: case 140: case 141: case 142: setB(addrB, loadP(id(w), aB)); break;
    case 138: setB(addrB, loadP(id(w), aA)); break;
    case 139: setA(addrB, loadP(id(w), aB)); break;
    case 144: storeP(id(w), bA, aA); break;
    case 145: case 148: case 149: case 150: storeP(id(w), bB, aB); break;
    case 146: storeP(id(w), bB, aA); break;
    case 147: storeP(id(w), bA, aB); break;
    default:
      unreachable();
  }
  setLast(addrA, addrB);
  return np;
}

export function execute(maxSteps: i32): i32 {
  if (hdr(H_OVER) !== 0) return 0;
  const CS = hdr(H_CS);
  const CSB = CS << CELL_SHIFT;
  const maxProc = hdr(H_MAXPROC);
  const qm = hdr(H_QM);

  // The loop carries four values from one instruction to the next: the running warrior, the one after it, the steps
  // to go before the call must return, and the PC the running warrior executes next (read one instruction ahead, see
  // `early`). Everything else that changes (the budget's stopping point, the steps a death dropped) lives in the
  // header and is touched on a death only, and none of the four is live across the one call (generic(), which saves
  // and reloads them): values the engine must keep across a call it spills to the stack on every turn of the loop.
  const cycleStart = hdr(H_CYCLE);
  setHdr(H_STOP, maxSteps >= cycleStart ? 0 : cycleStart - maxSteps);
  setHdr(H_DROPPED, 0);
  let wi = hdr(H_CUR);
  let wn = next(wi);
  let n = cycleStart - hdr(H_STOP); // the budget left is H_STOP + n
  let pcNext = ring(wi, head(wi));

  while (true) {
    let pc = pcNext;
    setHead(wi, (head(wi) + 4) & qm);
    const word = W(pc);
    const shape = word >> 14; // taken at once, so that the dispatch waits on this load alone
    const irA = A(pc);
    const irB = B(pc);
    // The next warrior's next PC, read now, before the dispatch: the processor cannot predict where the dispatch
    // jumps, and loads placed after it would wait for it. The running warrior's instruction cannot change that
    // queue entry, unless the next warrior is this one (a battle down to one warrior): then it is read again below.
    let early = ring(wn, head(wn));

    let np = pc + CELL;
    if (np === CSB) np = 0;
    // One dispatch on the cell's shape (encoding.ts shapeOf): a specialised path, or 0, the generic one.
    switch (shape) {
      case 0:
        setHdr(H_CUR, wi);
        setHdr(H_NEXTW, wn);
        setHdr(H_STEPS, n);
        setHdr(H_LASTPC, pc);
        np = generic(pc, np, word, irA, irB, wi, CS);
        pc = hdr(H_LASTPC);
        wi = hdr(H_CUR);
        wn = hdr(H_NEXTW);
        n = hdr(H_STEPS);
        early = ring(wn, head(wn)); // read again rather than kept across the call
        break;
      // MOV.I: 64 + A-mode * 8 + B-mode.
      case 64: np = movI(pc, np, irA, irB, 0, 0, CS); break; case 65: np = movI(pc, np, irA, irB, 0, 1, CS); break; case 66: np = movI(pc, np, irA, irB, 0, 2, CS); break; case 67: np = movI(pc, np, irA, irB, 0, 3, CS); break;
      case 68: np = movI(pc, np, irA, irB, 0, 4, CS); break; case 69: np = movI(pc, np, irA, irB, 0, 5, CS); break; case 70: np = movI(pc, np, irA, irB, 0, 6, CS); break; case 71: np = movI(pc, np, irA, irB, 0, 7, CS); break;
      case 72: np = movI(pc, np, irA, irB, 1, 0, CS); break; case 73: np = movI(pc, np, irA, irB, 1, 1, CS); break; case 74: np = movI(pc, np, irA, irB, 1, 2, CS); break; case 75: np = movI(pc, np, irA, irB, 1, 3, CS); break;
      case 76: np = movI(pc, np, irA, irB, 1, 4, CS); break; case 77: np = movI(pc, np, irA, irB, 1, 5, CS); break; case 78: np = movI(pc, np, irA, irB, 1, 6, CS); break; case 79: np = movI(pc, np, irA, irB, 1, 7, CS); break;
      case 80: np = movI(pc, np, irA, irB, 2, 0, CS); break; case 81: np = movI(pc, np, irA, irB, 2, 1, CS); break; case 82: np = movI(pc, np, irA, irB, 2, 2, CS); break; case 83: np = movI(pc, np, irA, irB, 2, 3, CS); break;
      case 84: np = movI(pc, np, irA, irB, 2, 4, CS); break; case 85: np = movI(pc, np, irA, irB, 2, 5, CS); break; case 86: np = movI(pc, np, irA, irB, 2, 6, CS); break; case 87: np = movI(pc, np, irA, irB, 2, 7, CS); break;
      case 88: np = movI(pc, np, irA, irB, 3, 0, CS); break; case 89: np = movI(pc, np, irA, irB, 3, 1, CS); break; case 90: np = movI(pc, np, irA, irB, 3, 2, CS); break; case 91: np = movI(pc, np, irA, irB, 3, 3, CS); break;
      case 92: np = movI(pc, np, irA, irB, 3, 4, CS); break; case 93: np = movI(pc, np, irA, irB, 3, 5, CS); break; case 94: np = movI(pc, np, irA, irB, 3, 6, CS); break; case 95: np = movI(pc, np, irA, irB, 3, 7, CS); break;
      case 96: np = movI(pc, np, irA, irB, 4, 0, CS); break; case 97: np = movI(pc, np, irA, irB, 4, 1, CS); break; case 98: np = movI(pc, np, irA, irB, 4, 2, CS); break; case 99: np = movI(pc, np, irA, irB, 4, 3, CS); break;
      case 100: np = movI(pc, np, irA, irB, 4, 4, CS); break; case 101: np = movI(pc, np, irA, irB, 4, 5, CS); break; case 102: np = movI(pc, np, irA, irB, 4, 6, CS); break; case 103: np = movI(pc, np, irA, irB, 4, 7, CS); break;
      case 104: np = movI(pc, np, irA, irB, 5, 0, CS); break; case 105: np = movI(pc, np, irA, irB, 5, 1, CS); break; case 106: np = movI(pc, np, irA, irB, 5, 2, CS); break; case 107: np = movI(pc, np, irA, irB, 5, 3, CS); break;
      case 108: np = movI(pc, np, irA, irB, 5, 4, CS); break; case 109: np = movI(pc, np, irA, irB, 5, 5, CS); break; case 110: np = movI(pc, np, irA, irB, 5, 6, CS); break; case 111: np = movI(pc, np, irA, irB, 5, 7, CS); break;
      case 112: np = movI(pc, np, irA, irB, 6, 0, CS); break; case 113: np = movI(pc, np, irA, irB, 6, 1, CS); break; case 114: np = movI(pc, np, irA, irB, 6, 2, CS); break; case 115: np = movI(pc, np, irA, irB, 6, 3, CS); break;
      case 116: np = movI(pc, np, irA, irB, 6, 4, CS); break; case 117: np = movI(pc, np, irA, irB, 6, 5, CS); break; case 118: np = movI(pc, np, irA, irB, 6, 6, CS); break; case 119: np = movI(pc, np, irA, irB, 6, 7, CS); break;
      case 120: np = movI(pc, np, irA, irB, 7, 0, CS); break; case 121: np = movI(pc, np, irA, irB, 7, 1, CS); break; case 122: np = movI(pc, np, irA, irB, 7, 2, CS); break; case 123: np = movI(pc, np, irA, irB, 7, 3, CS); break;
      case 124: np = movI(pc, np, irA, irB, 7, 4, CS); break; case 125: np = movI(pc, np, irA, irB, 7, 5, CS); break; case 126: np = movI(pc, np, irA, irB, 7, 6, CS); break; case 127: np = movI(pc, np, irA, irB, 7, 7, CS); break;
      // SPL: 128 + A-mode * 8 + B-mode.
      case 128: np = spl(pc, irA, irB, 0, 0, CS); break; case 129: np = spl(pc, irA, irB, 0, 1, CS); break; case 130: np = spl(pc, irA, irB, 0, 2, CS); break; case 131: np = spl(pc, irA, irB, 0, 3, CS); break;
      case 132: np = spl(pc, irA, irB, 0, 4, CS); break; case 133: np = spl(pc, irA, irB, 0, 5, CS); break; case 134: np = spl(pc, irA, irB, 0, 6, CS); break; case 135: np = spl(pc, irA, irB, 0, 7, CS); break;
      case 136: np = spl(pc, irA, irB, 1, 0, CS); break; case 137: np = spl(pc, irA, irB, 1, 1, CS); break; case 138: np = spl(pc, irA, irB, 1, 2, CS); break; case 139: np = spl(pc, irA, irB, 1, 3, CS); break;
      case 140: np = spl(pc, irA, irB, 1, 4, CS); break; case 141: np = spl(pc, irA, irB, 1, 5, CS); break; case 142: np = spl(pc, irA, irB, 1, 6, CS); break; case 143: np = spl(pc, irA, irB, 1, 7, CS); break;
      // DJN but .A and .BA: 192 + A-mode * 8 + B-mode.
      case 192: np = djn(pc, np, word, irA, irB, 0, 0, CS); break; case 193: np = djn(pc, np, word, irA, irB, 0, 1, CS); break; case 194: np = djn(pc, np, word, irA, irB, 0, 2, CS); break; case 195: np = djn(pc, np, word, irA, irB, 0, 3, CS); break;
      case 196: np = djn(pc, np, word, irA, irB, 0, 4, CS); break; case 197: np = djn(pc, np, word, irA, irB, 0, 5, CS); break; case 198: np = djn(pc, np, word, irA, irB, 0, 6, CS); break; case 199: np = djn(pc, np, word, irA, irB, 0, 7, CS); break;
      case 200: np = djn(pc, np, word, irA, irB, 1, 0, CS); break; case 201: np = djn(pc, np, word, irA, irB, 1, 1, CS); break; case 202: np = djn(pc, np, word, irA, irB, 1, 2, CS); break; case 203: np = djn(pc, np, word, irA, irB, 1, 3, CS); break;
      case 204: np = djn(pc, np, word, irA, irB, 1, 4, CS); break; case 205: np = djn(pc, np, word, irA, irB, 1, 5, CS); break; case 206: np = djn(pc, np, word, irA, irB, 1, 6, CS); break; case 207: np = djn(pc, np, word, irA, irB, 1, 7, CS); break;
      // SPL, JMP, DAT: 256 + A-mode * 8 + B-mode.
      case 256: np = splJmpDat(pc, word, irA, irB, 0, 0, CS); break; case 257: np = splJmpDat(pc, word, irA, irB, 0, 1, CS); break; case 258: np = splJmpDat(pc, word, irA, irB, 0, 2, CS); break; case 259: np = splJmpDat(pc, word, irA, irB, 0, 3, CS); break;
      case 260: np = splJmpDat(pc, word, irA, irB, 0, 4, CS); break; case 261: np = splJmpDat(pc, word, irA, irB, 0, 5, CS); break; case 262: np = splJmpDat(pc, word, irA, irB, 0, 6, CS); break; case 263: np = splJmpDat(pc, word, irA, irB, 0, 7, CS); break;
      case 264: np = splJmpDat(pc, word, irA, irB, 1, 0, CS); break; case 265: np = splJmpDat(pc, word, irA, irB, 1, 1, CS); break; case 266: np = splJmpDat(pc, word, irA, irB, 1, 2, CS); break; case 267: np = splJmpDat(pc, word, irA, irB, 1, 3, CS); break;
      case 268: np = splJmpDat(pc, word, irA, irB, 1, 4, CS); break; case 269: np = splJmpDat(pc, word, irA, irB, 1, 5, CS); break; case 270: np = splJmpDat(pc, word, irA, irB, 1, 6, CS); break; case 271: np = splJmpDat(pc, word, irA, irB, 1, 7, CS); break;
      case 272: np = splJmpDat(pc, word, irA, irB, 2, 0, CS); break; case 273: np = splJmpDat(pc, word, irA, irB, 2, 1, CS); break; case 274: np = splJmpDat(pc, word, irA, irB, 2, 2, CS); break; case 275: np = splJmpDat(pc, word, irA, irB, 2, 3, CS); break;
      case 276: np = splJmpDat(pc, word, irA, irB, 2, 4, CS); break; case 277: np = splJmpDat(pc, word, irA, irB, 2, 5, CS); break; case 278: np = splJmpDat(pc, word, irA, irB, 2, 6, CS); break; case 279: np = splJmpDat(pc, word, irA, irB, 2, 7, CS); break;
      case 280: np = splJmpDat(pc, word, irA, irB, 3, 0, CS); break; case 281: np = splJmpDat(pc, word, irA, irB, 3, 1, CS); break; case 282: np = splJmpDat(pc, word, irA, irB, 3, 2, CS); break; case 283: np = splJmpDat(pc, word, irA, irB, 3, 3, CS); break;
      case 284: np = splJmpDat(pc, word, irA, irB, 3, 4, CS); break; case 285: np = splJmpDat(pc, word, irA, irB, 3, 5, CS); break; case 286: np = splJmpDat(pc, word, irA, irB, 3, 6, CS); break; case 287: np = splJmpDat(pc, word, irA, irB, 3, 7, CS); break;
      case 288: np = splJmpDat(pc, word, irA, irB, 4, 0, CS); break; case 289: np = splJmpDat(pc, word, irA, irB, 4, 1, CS); break; case 290: np = splJmpDat(pc, word, irA, irB, 4, 2, CS); break; case 291: np = splJmpDat(pc, word, irA, irB, 4, 3, CS); break;
      case 292: np = splJmpDat(pc, word, irA, irB, 4, 4, CS); break; case 293: np = splJmpDat(pc, word, irA, irB, 4, 5, CS); break; case 294: np = splJmpDat(pc, word, irA, irB, 4, 6, CS); break; case 295: np = splJmpDat(pc, word, irA, irB, 4, 7, CS); break;
      case 296: np = splJmpDat(pc, word, irA, irB, 5, 0, CS); break; case 297: np = splJmpDat(pc, word, irA, irB, 5, 1, CS); break; case 298: np = splJmpDat(pc, word, irA, irB, 5, 2, CS); break; case 299: np = splJmpDat(pc, word, irA, irB, 5, 3, CS); break;
      case 300: np = splJmpDat(pc, word, irA, irB, 5, 4, CS); break; case 301: np = splJmpDat(pc, word, irA, irB, 5, 5, CS); break; case 302: np = splJmpDat(pc, word, irA, irB, 5, 6, CS); break; case 303: np = splJmpDat(pc, word, irA, irB, 5, 7, CS); break;
      case 304: np = splJmpDat(pc, word, irA, irB, 6, 0, CS); break; case 305: np = splJmpDat(pc, word, irA, irB, 6, 1, CS); break; case 306: np = splJmpDat(pc, word, irA, irB, 6, 2, CS); break; case 307: np = splJmpDat(pc, word, irA, irB, 6, 3, CS); break;
      case 308: np = splJmpDat(pc, word, irA, irB, 6, 4, CS); break; case 309: np = splJmpDat(pc, word, irA, irB, 6, 5, CS); break; case 310: np = splJmpDat(pc, word, irA, irB, 6, 6, CS); break; case 311: np = splJmpDat(pc, word, irA, irB, 6, 7, CS); break;
      case 312: np = splJmpDat(pc, word, irA, irB, 7, 0, CS); break; case 313: np = splJmpDat(pc, word, irA, irB, 7, 1, CS); break; case 314: np = splJmpDat(pc, word, irA, irB, 7, 2, CS); break; case 315: np = splJmpDat(pc, word, irA, irB, 7, 3, CS); break;
      case 316: np = splJmpDat(pc, word, irA, irB, 7, 4, CS); break; case 317: np = splJmpDat(pc, word, irA, irB, 7, 5, CS); break; case 318: np = splJmpDat(pc, word, irA, irB, 7, 6, CS); break; case 319: np = splJmpDat(pc, word, irA, irB, 7, 7, CS); break;
      default:
        unreachable();
    }

    if (np >= 0) {
      const tl = tail(wi);
      setRing(wi, tl, np);
      setTail(wi, (tl + 4) & qm);
    } else if (np === NP_SPLIT) {
      let tl = tail(wi);
      let next1 = pc + CELL;
      if (next1 === CSB) next1 = 0;
      setRing(wi, tl, next1);
      tl = (tl + 4) & qm;
      const k = tasks(wi);
      if (k < maxProc) {
        setTasks(wi, k + 1);
        setRing(wi, tl, hdr(H_LASTA));
        tl = (tl + 4) & qm;
      }
      setTail(wi, tl);
    } else {
      const left0 = tasks(wi) - 1;
      setTasks(wi, left0);
      if (left0 === 0) {
        // The warrior's last process died: score it, take it out of the turn order, rescale the budget.
        const left = hdr(H_LEFT);
        const warriors = hdr(H_WARRIORS);
        const si = hdr(H_SCORE) + ((id(wi) * (2 * warriors - 1) + left + warriors - 2) << 2);
        store<i32>(si, load<i32>(si) + 1);
        let stop = hdr(H_STOP);
        let cycle = stop + n;
        const fl = (cycle - 1) / left;
        cycle -= 1 + fl;
        setHdr(H_LEFT, left - 1);
        if (left - 1 < 2) {
          setHdr(H_DROPPED, hdr(H_DROPPED) + fl);
          setHdr(H_OVER, 1);
          n = cycle - stop;
          setHdr(H_LASTPC, pc);
          break;
        }
        setHdr(H_DROPPED, hdr(H_DROPPED) + fl + 1);
        if (stop > 0) stop = stop > fl + 1 ? stop - (fl + 1) : 0;
        setHdr(H_STOP, stop);
        let before = wi;
        while (next(before) !== wi) before = next(before);
        setNext(before, wn);
        wi = wn;
        wn = next(wi);
        n = cycle - 1 - stop;
        if (n === 0) {
          if (stop === 0) setHdr(H_OVER, 1);
          setHdr(H_LASTPC, pc);
          break;
        }
        if (hdr(H_STOP_ON_DEATH) !== 0) {
          setHdr(H_LASTPC, pc);
          break;
        }
        pcNext = early;
        continue;
      }
    }
    pcNext = wn === wi ? ring(wi, head(wi)) : early;
    wi = wn;
    wn = next(wi);
    if (--n === 0) {
      if (hdr(H_STOP) === 0) setHdr(H_OVER, 1);
      setHdr(H_LASTPC, pc);
      break;
    }
  }

  const cycle = hdr(H_STOP) + n;
  setHdr(H_CUR, wi);
  setHdr(H_CYCLE, cycle);
  setHdr(H_LASTPC, hdr(H_LASTPC) >> CELL_SHIFT);
  setHdr(H_LASTA, hdr(H_LASTA) >> CELL_SHIFT);
  setHdr(H_LASTB, hdr(H_LASTB) >> CELL_SHIFT);
  return cycleStart - cycle - hdr(H_DROPPED);
}
