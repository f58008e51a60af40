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
// byte offsets into `mem`: a cell's is 16 times its number (`pc`, `addrA`, `addrB`, queue entries), a warrior's
// block's 4 times its index (`wi`, the running warrior, and the header's cur/prev); ring head and tail are byte
// offsets in the ring, masked with `qm`. Field values are plain numbers in [0, CS).
//
// Case labels are opcode*8+modifier in types.ts order (DAT=0, MOV=1, ADD=2, SUB=3, MUL=4, DIV=5,
// MOD=6, JMP=7, JMZ=8, JMN=9, DJN=10, CMP=11, SLT=12, SPL=13, SEQ=14, SNE=15, NOP=16, LDP=17,
// STP=18; .A=0 .B=1 .AB=2 .BA=3 .F=4 .X=5 .I=6). They are literals so the switch compiles to a jump table.

// Header slots (i32 index).
const H_CUR: i32 = 0;
const H_PREV: i32 = 1;
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

// @ts-ignore
@inline function hdr(i: i32): i32 { return load<i32>(i << 2); }
// @ts-ignore
@inline function setHdr(i: i32, v: i32): void { store<i32>(i << 2, v); }
// Inside the loop every address is a byte offset into `mem` (a cell's is 16 * its number; a warrior's block's is
// 4 * its index in `mem`), so that each field is one load with a constant offset (MEM_OFFSET + the field's).
// Cell fields: the packed word, the A-number, the B-number.
// @ts-ignore
@inline function W(p: i32): i32 { return load<i32>(p, 128); }
// @ts-ignore
@inline function A(p: i32): i32 { return load<i32>(p, 132); }
// @ts-ignore
@inline function B(p: i32): i32 { return load<i32>(p, 136); }
// @ts-ignore
@inline function setW(p: i32, v: i32): void { store<i32>(p, v, 128); }
// @ts-ignore
@inline function setA(p: i32, v: i32): void { store<i32>(p, v, 132); }
// @ts-ignore
@inline function setB(p: i32, v: i32): void { store<i32>(p, v, 136); }
// Any field by its byte offset.
// @ts-ignore
@inline function field(f: i32): i32 { return load<i32>(f, 128); }
// @ts-ignore
@inline function setField(f: i32, v: i32): void { store<i32>(f, v, 128); }
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
  const p = pc + (number << 4);
  return p >= CS << 4 ? p - (CS << 4) : p;
}

/** The operand's address for a mode other than #, with a predecrement done (postincrements: postIncrement). */
// @ts-ignore
@inline function operand(pc: i32, number: i32, mode: i32, CS: i32): i32 {
  const p = pointerCell(pc, number, CS);
  if (mode === 1) return p;
  const f = p + 4 + ((mode & 1) << 2); // the pointer field's byte offset (A at 4, B at 8)
  let v = field(f);
  if (mode >> 1 === 2) {
    v = v === 0 ? CS - 1 : v - 1;
    setField(f, v);
  }
  const a = p + (v << 4);
  return a >= CS << 4 ? a - (CS << 4) : a;
}

/** A postincrement (} or >), after the operand's instruction was read into the registers. */
// @ts-ignore
@inline function postIncrement(pc: i32, number: i32, mode: i32, CS: i32): void {
  const f = pointerCell(pc, number, CS) + 4 + ((mode & 1) << 2);
  const v = field(f) + 1;
  setField(f, v === CS ? 0 : v);
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

export function execute(maxSteps: i32): i32 {
  if (hdr(H_OVER) !== 0) return 0;
  const CS = hdr(H_CS);
  const CS16 = CS << 4;
  const maxProc = hdr(H_MAXPROC);
  const qm = hdr(H_QM);

  let wi = hdr(H_CUR);
  let wn = next(wi);
  let prev = hdr(H_PREV);
  let cycle = hdr(H_CYCLE);
  const cycleStart = cycle;
  let stop = maxSteps >= cycle ? 0 : cycle - maxSteps;
  let dropped = 0;
  let pc = 0;
  let addrA = 0;
  let addrB = 0;

  while (true) {
    const h = head(wi);
    pc = ring(wi, h);
    setHead(wi, (h + 4) & qm);
    const word = W(pc);
    const irA = A(pc);
    const irB = B(pc);

    let np = pc + 16;
    if (np === CS16) np = 0;
    const fast = word >> 14;
    if (fast !== 0) {
      addrA = pc + ((irA << 4) & -((word >> 3) & 1));
      if (addrA >= CS16) addrA -= CS16;
      addrB = pc + ((irB << 4) & -(word & 1));
      if (addrB >= CS16) addrB -= CS16;
      switch (fast) {
        case 1: {
          let tl = tail(wi);
          setRing(wi, tl, np);
          tl = (tl + 4) & qm;
          if (tasks(wi) < maxProc) {
            setTasks(wi, tasks(wi) + 1);
            setRing(wi, tl, addrA);
            tl = (tl + 4) & qm;
          }
          setTail(wi, tl);
          np = -2;
          break;
        }
        case 2:
          np = -1;
          break;
        case 3:
          setW(addrB, W(addrA));
          setA(addrB, A(addrA));
          setB(addrB, B(addrA));
          break;
        default:
          np = addrA;
          break;
      }
    } else {
      // Operands (see operand()): A first, with its side effects, then B. Registers aA, aB (bA, bB) hold the A- and
      // B-numbers of the instruction the operand points at, read before its own postincrement.
      const am = (word >> 3) & 7;
      addrA = am === 0 ? pc : operand(pc, irA, am, CS);
      const aA = am === 0 ? irA : A(addrA);
      const aB = am === 0 ? irB : B(addrA);
      if (am >= 6) postIncrement(pc, irA, am, CS);

      const bm = word & 7;
      addrB = bm === 0 ? pc : operand(pc, irB, bm, CS);
      const bA = A(addrB); // for #, the current cell: A's side effects are visible
      const bB = B(addrB);
      if (bm >= 6) postIncrement(pc, irB, bm, CS);

      let t: i32 = 0;
      switch ((word >> 6) & 0xff) {
        case 0: case 1: case 2: case 3: case 4: case 5: case 6:
          np = -1;
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
        case 40: if (aA === 0) np = -1; else setA(addrB, bA / aA); break;
        case 41: if (aB === 0) np = -1; else setB(addrB, bB / aB); break;
        case 42: if (aA === 0) np = -1; else setB(addrB, bB / aA); break;
        case 43: if (aB === 0) np = -1; else setA(addrB, bA / aB); break;
        case 44: case 46:
          if (aA !== 0) setA(addrB, bA / aA);
          if (aB !== 0) setB(addrB, bB / aB);
          if (aA === 0 || aB === 0) np = -1;
          break;
        case 45:
          if (aB !== 0) setA(addrB, bA / aB);
          if (aA !== 0) setB(addrB, bB / aA);
          if (aA === 0 || aB === 0) np = -1;
          break;
        case 48: if (aA === 0) np = -1; else setA(addrB, bA % aA); break;
        case 49: if (aB === 0) np = -1; else setB(addrB, bB % aB); break;
        case 50: if (aA === 0) np = -1; else setB(addrB, bB % aA); break;
        case 51: if (aB === 0) np = -1; else setA(addrB, bA % aB); break;
        case 52: case 54:
          if (aA !== 0) setA(addrB, bA % aA);
          if (aB !== 0) setB(addrB, bB % aB);
          if (aA === 0 || aB === 0) np = -1;
          break;
        case 53:
          if (aB !== 0) setA(addrB, bA % aB);
          if (aA !== 0) setB(addrB, bB % aA);
          if (aA === 0 || aB === 0) np = -1;
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
        case 88: case 112: if (aA === bA) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 89: case 113: if (aB === bB) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 90: case 114: if (aA === bB) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 91: case 115: if (aB === bA) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 92: case 116: if (aA === bA && aB === bB) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 93: case 117: if (aA === bB && aB === bA) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 94: case 118: if (aA === bA && aB === bB && W(addrA) === W(addrB)) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 120: if (aA !== bA) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 121: if (aB !== bB) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 122: if (aA !== bB) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 123: if (aB !== bA) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 124: if (aA !== bA || aB !== bB) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 125: if (aA !== bB || aB !== bA) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 126: if (aA !== bA || aB !== bB || W(addrA) !== W(addrB)) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 96: if (aA < bA) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 97: if (aB < bB) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 98: if (aA < bB) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 99: if (aB < bA) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 100: case 102: if (aA < bA && aB < bB) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 101: if (aA < bB && aB < bA) np = np + 16 === CS16 ? 0 : np + 16; break;
        case 104: case 105: case 106: case 107: case 108: case 109: case 110: {
          let tl = tail(wi);
          setRing(wi, tl, np);
          tl = (tl + 4) & qm;
          if (tasks(wi) < maxProc) {
            setTasks(wi, tasks(wi) + 1);
            setRing(wi, tl, addrA);
            tl = (tl + 4) & qm;
          }
          setTail(wi, tl);
          np = -2;
          break;
        }
        case 128: case 129: case 130: case 131: case 132: case 133: case 134:
          break;
        case 136: setA(addrB, loadP(id(wi), aA)); break;
        case 137: case 140: case 141: case 142: setB(addrB, loadP(id(wi), aB)); break;
        case 138: setB(addrB, loadP(id(wi), aA)); break;
        case 139: setA(addrB, loadP(id(wi), aB)); break;
        case 144: storeP(id(wi), bA, aA); break;
        case 145: case 148: case 149: case 150: storeP(id(wi), bB, aB); break;
        case 146: storeP(id(wi), bB, aA); break;
        case 147: storeP(id(wi), bA, aB); break;
        default:
          unreachable();
      }
    }

    if (np >= 0) {
      const tl = tail(wi);
      setRing(wi, tl, np);
      setTail(wi, (tl + 4) & qm);
    } else if (np === -1) {
      const left0 = tasks(wi) - 1;
      setTasks(wi, left0);
      if (left0 === 0) {
        const left = hdr(H_LEFT);
        const warriors = hdr(H_WARRIORS);
        const si = hdr(H_SCORE) + ((id(wi) * (2 * warriors - 1) + left + warriors - 2) << 2);
        store<i32>(si, load<i32>(si) + 1);
        const fl = (cycle - 1) / left;
        cycle -= 1 + fl;
        setHdr(H_LEFT, left - 1);
        if (left - 1 < 2) {
          dropped += fl;
          setHdr(H_OVER, 1);
          break;
        }
        dropped += fl + 1;
        if (stop > 0) stop = stop > fl + 1 ? stop - (fl + 1) : 0;
        wi = wn;
        setNext(prev, wi);
        wn = next(wi);
        if (--cycle === stop) {
          if (cycle === 0) setHdr(H_OVER, 1);
          break;
        }
        if (hdr(H_STOP_ON_DEATH) !== 0) break;
        continue;
      }
    }
    prev = wi;
    wi = wn;
    wn = next(wi);
    if (--cycle === stop) {
      if (cycle === 0) setHdr(H_OVER, 1);
      break;
    }
  }

  setHdr(H_CUR, wi);
  setHdr(H_PREV, prev);
  setHdr(H_CYCLE, cycle);
  setHdr(H_LASTPC, pc >> 4);
  setHdr(H_LASTA, addrA >> 4);
  setHdr(H_LASTB, addrB >> 4);
  return cycleStart - cycle - dropped;
}
