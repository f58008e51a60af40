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
// Everything lives in `mem` (layout in ../state.ts; M(i) reads mem[i], S(i, v) writes it); addresses here are cell indices
// times 4 (`pc`, `addrA`, `addrB`, queue entries), field values are plain numbers in [0, CS).
// `wi` is the block index of the running warrior; its fields (state.ts I_*) are inlined as
// literals: m[wi] head, m[wi+1] tail, m[wi+2] tasks, m[wi+3] next warrior, m[wi+4] warrior
// number; its process ring is m[wi+8 ..], indexed by head/tail masked with `qm`.
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

// @ts-ignore
@inline function hdr(i: i32): i32 { return load<i32>(i << 2); }
// @ts-ignore
@inline function setHdr(i: i32, v: i32): void { store<i32>(i << 2, v); }
// mem[i]
// @ts-ignore
@inline function M(i: i32): i32 { return load<i32>(<usize>(i << 2), 128); }
// @ts-ignore
@inline function S(i: i32, v: i32): void { store<i32>(<usize>(i << 2), v, 128); }

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
  const CS4 = CS * 4;
  const maxProc = hdr(H_MAXPROC);
  const qm = hdr(H_QM);

  let wi = hdr(H_CUR);
  let wn = M(wi + 3);
  let prev = hdr(H_PREV);
  let cycle = hdr(H_CYCLE);
  const cycleStart = cycle;
  let stop = maxSteps >= cycle ? 0 : cycle - maxSteps;
  let dropped = 0;
  let pc = 0;
  let addrA = 0;
  let addrB = 0;

  while (true) {
    const h = M(wi);
    pc = M(wi + 8 + h);
    S(wi, (h + 1) & qm);
    const word = M(pc);
    const irA = M(pc + 1);
    const irB = M(pc + 2);

    let np = pc + 4;
    if (np === CS4) np = 0;
    const fast = word >> 14;
    if (fast !== 0) {
      addrA = pc + ((irA << 2) & -((word >> 3) & 1));
      if (addrA >= CS4) addrA -= CS4;
      addrB = pc + ((irB << 2) & -(word & 1));
      if (addrB >= CS4) addrB -= CS4;
      switch (fast) {
        case 1: {
          let tl = M(wi + 1);
          S(wi + 8 + tl, np);
          tl = (tl + 1) & qm;
          if (M(wi + 2) < maxProc) {
            S(wi + 2, M(wi + 2) + 1);
            S(wi + 8 + tl, addrA);
            tl = (tl + 1) & qm;
          }
          S(wi + 1, tl);
          np = -2;
          break;
        }
        case 2:
          np = -1;
          break;
        case 3:
          S(addrB, M(addrA));
          S(addrB + 1, M(addrA + 1));
          S(addrB + 2, M(addrA + 2));
          break;
        default:
          np = addrA;
          break;
      }
    } else {
      let aA: i32 = 0;
      let aB: i32 = 0;
      const am = (word >> 3) & 7;
      if (am === 0) {
        addrA = pc;
        aA = irA;
        aB = irB;
      } else {
        let p = pc + (irA << 2);
        if (p >= CS4) p -= CS4;
        if (am === 1) {
          addrA = p;
        } else if (am === 2) {
          addrA = p + (M(p + 1) << 2);
          if (addrA >= CS4) addrA -= CS4;
        } else if (am === 3) {
          addrA = p + (M(p + 2) << 2);
          if (addrA >= CS4) addrA -= CS4;
        } else if (am === 4) {
          let v = M(p + 1) - 1;
          if (v < 0) v += CS;
          S(p + 1, v);
          addrA = p + (v << 2);
          if (addrA >= CS4) addrA -= CS4;
        } else if (am === 5) {
          let v = M(p + 2) - 1;
          if (v < 0) v += CS;
          S(p + 2, v);
          addrA = p + (v << 2);
          if (addrA >= CS4) addrA -= CS4;
        } else if (am === 6) {
          const v = M(p + 1);
          addrA = p + (v << 2);
          if (addrA >= CS4) addrA -= CS4;
          aA = M(addrA + 1);
          aB = M(addrA + 2);
          S(p + 1, v + 1 === CS ? 0 : v + 1);
        } else {
          const v = M(p + 2);
          addrA = p + (v << 2);
          if (addrA >= CS4) addrA -= CS4;
          aA = M(addrA + 1);
          aB = M(addrA + 2);
          S(p + 2, v + 1 === CS ? 0 : v + 1);
        }
        if (am < 6) {
          aA = M(addrA + 1);
          aB = M(addrA + 2);
        }
      }

      let bA: i32 = 0;
      let bB: i32 = 0;
      const bm = word & 7;
      if (bm === 0) {
        addrB = pc;
        bA = M(pc + 1);
        bB = M(pc + 2);
      } else {
        let p = pc + (irB << 2);
        if (p >= CS4) p -= CS4;
        if (bm === 1) {
          addrB = p;
        } else if (bm === 2) {
          addrB = p + (M(p + 1) << 2);
          if (addrB >= CS4) addrB -= CS4;
        } else if (bm === 3) {
          addrB = p + (M(p + 2) << 2);
          if (addrB >= CS4) addrB -= CS4;
        } else if (bm === 4) {
          let v = M(p + 1) - 1;
          if (v < 0) v += CS;
          S(p + 1, v);
          addrB = p + (v << 2);
          if (addrB >= CS4) addrB -= CS4;
        } else if (bm === 5) {
          let v = M(p + 2) - 1;
          if (v < 0) v += CS;
          S(p + 2, v);
          addrB = p + (v << 2);
          if (addrB >= CS4) addrB -= CS4;
        } else if (bm === 6) {
          const v = M(p + 1);
          addrB = p + (v << 2);
          if (addrB >= CS4) addrB -= CS4;
          bA = M(addrB + 1);
          bB = M(addrB + 2);
          S(p + 1, v + 1 === CS ? 0 : v + 1);
        } else {
          const v = M(p + 2);
          addrB = p + (v << 2);
          if (addrB >= CS4) addrB -= CS4;
          bA = M(addrB + 1);
          bB = M(addrB + 2);
          S(p + 2, v + 1 === CS ? 0 : v + 1);
        }
        if (bm < 6) {
          bA = M(addrB + 1);
          bB = M(addrB + 2);
        }
      }

      let t: i32 = 0;
      switch ((word >> 6) & 0xff) {
        case 0: case 1: case 2: case 3: case 4: case 5: case 6:
          np = -1;
          break;
        case 8: S(addrB + 1, aA); break;
        case 9: S(addrB + 2, aB); break;
        case 10: S(addrB + 2, aA); break;
        case 11: S(addrB + 1, aB); break;
        case 12: S(addrB + 1, aA); S(addrB + 2, aB); break;
        case 13: S(addrB + 2, aA); S(addrB + 1, aB); break;
        case 14: S(addrB, M(addrA)); S(addrB + 1, aA); S(addrB + 2, aB); break;
        case 16: t = bA + aA; S(addrB + 1, t >= CS ? t - CS : t); break;
        case 17: t = bB + aB; S(addrB + 2, t >= CS ? t - CS : t); break;
        case 18: t = bB + aA; S(addrB + 2, t >= CS ? t - CS : t); break;
        case 19: t = bA + aB; S(addrB + 1, t >= CS ? t - CS : t); break;
        case 20: case 22:
          t = bA + aA; S(addrB + 1, t >= CS ? t - CS : t);
          t = bB + aB; S(addrB + 2, t >= CS ? t - CS : t);
          break;
        case 21:
          t = bB + aA; S(addrB + 2, t >= CS ? t - CS : t);
          t = bA + aB; S(addrB + 1, t >= CS ? t - CS : t);
          break;
        case 24: t = bA - aA; S(addrB + 1, t < 0 ? t + CS : t); break;
        case 25: t = bB - aB; S(addrB + 2, t < 0 ? t + CS : t); break;
        case 26: t = bB - aA; S(addrB + 2, t < 0 ? t + CS : t); break;
        case 27: t = bA - aB; S(addrB + 1, t < 0 ? t + CS : t); break;
        case 28: case 30:
          t = bA - aA; S(addrB + 1, t < 0 ? t + CS : t);
          t = bB - aB; S(addrB + 2, t < 0 ? t + CS : t);
          break;
        case 29:
          t = bB - aA; S(addrB + 2, t < 0 ? t + CS : t);
          t = bA - aB; S(addrB + 1, t < 0 ? t + CS : t);
          break;
        case 32: S(addrB + 1, <i32>(<u32>(bA * aA) % <u32>CS)); break;
        case 33: S(addrB + 2, <i32>(<u32>(bB * aB) % <u32>CS)); break;
        case 34: S(addrB + 2, <i32>(<u32>(bB * aA) % <u32>CS)); break;
        case 35: S(addrB + 1, <i32>(<u32>(bA * aB) % <u32>CS)); break;
        case 36: case 38:
          S(addrB + 1, <i32>(<u32>(bA * aA) % <u32>CS));
          S(addrB + 2, <i32>(<u32>(bB * aB) % <u32>CS));
          break;
        case 37:
          S(addrB + 2, <i32>(<u32>(bB * aA) % <u32>CS));
          S(addrB + 1, <i32>(<u32>(bA * aB) % <u32>CS));
          break;
        case 40: if (aA === 0) np = -1; else S(addrB + 1, bA / aA); break;
        case 41: if (aB === 0) np = -1; else S(addrB + 2, bB / aB); break;
        case 42: if (aA === 0) np = -1; else S(addrB + 2, bB / aA); break;
        case 43: if (aB === 0) np = -1; else S(addrB + 1, bA / aB); break;
        case 44: case 46:
          if (aA !== 0) S(addrB + 1, bA / aA);
          if (aB !== 0) S(addrB + 2, bB / aB);
          if (aA === 0 || aB === 0) np = -1;
          break;
        case 45:
          if (aB !== 0) S(addrB + 1, bA / aB);
          if (aA !== 0) S(addrB + 2, bB / aA);
          if (aA === 0 || aB === 0) np = -1;
          break;
        case 48: if (aA === 0) np = -1; else S(addrB + 1, bA % aA); break;
        case 49: if (aB === 0) np = -1; else S(addrB + 2, bB % aB); break;
        case 50: if (aA === 0) np = -1; else S(addrB + 2, bB % aA); break;
        case 51: if (aB === 0) np = -1; else S(addrB + 1, bA % aB); break;
        case 52: case 54:
          if (aA !== 0) S(addrB + 1, bA % aA);
          if (aB !== 0) S(addrB + 2, bB % aB);
          if (aA === 0 || aB === 0) np = -1;
          break;
        case 53:
          if (aB !== 0) S(addrB + 1, bA % aB);
          if (aA !== 0) S(addrB + 2, bB % aA);
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
          t = M(addrB + 1) - 1; S(addrB + 1, t < 0 ? CS - 1 : t);
          if (bA !== 1) np = addrA;
          break;
        case 81: case 82:
          t = M(addrB + 2) - 1; S(addrB + 2, t < 0 ? CS - 1 : t);
          if (bB !== 1) np = addrA;
          break;
        case 84: case 85: case 86:
          t = M(addrB + 2) - 1; S(addrB + 2, t < 0 ? CS - 1 : t);
          t = M(addrB + 1) - 1; S(addrB + 1, t < 0 ? CS - 1 : t);
          if (bA !== 1 || bB !== 1) np = addrA;
          break;
        case 88: case 112: if (aA === bA) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 89: case 113: if (aB === bB) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 90: case 114: if (aA === bB) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 91: case 115: if (aB === bA) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 92: case 116: if (aA === bA && aB === bB) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 93: case 117: if (aA === bB && aB === bA) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 94: case 118: if (aA === bA && aB === bB && M(addrA) === M(addrB)) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 120: if (aA !== bA) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 121: if (aB !== bB) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 122: if (aA !== bB) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 123: if (aB !== bA) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 124: if (aA !== bA || aB !== bB) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 125: if (aA !== bB || aB !== bA) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 126: if (aA !== bA || aB !== bB || M(addrA) !== M(addrB)) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 96: if (aA < bA) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 97: if (aB < bB) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 98: if (aA < bB) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 99: if (aB < bA) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 100: case 102: if (aA < bA && aB < bB) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 101: if (aA < bB && aB < bA) np = np + 4 === CS4 ? 0 : np + 4; break;
        case 104: case 105: case 106: case 107: case 108: case 109: case 110: {
          let tl = M(wi + 1);
          S(wi + 8 + tl, np);
          tl = (tl + 1) & qm;
          if (M(wi + 2) < maxProc) {
            S(wi + 2, M(wi + 2) + 1);
            S(wi + 8 + tl, addrA);
            tl = (tl + 1) & qm;
          }
          S(wi + 1, tl);
          np = -2;
          break;
        }
        case 128: case 129: case 130: case 131: case 132: case 133: case 134:
          break;
        case 136: S(addrB + 1, loadP(M(wi + 4), aA)); break;
        case 137: case 140: case 141: case 142: S(addrB + 2, loadP(M(wi + 4), aB)); break;
        case 138: S(addrB + 2, loadP(M(wi + 4), aA)); break;
        case 139: S(addrB + 1, loadP(M(wi + 4), aB)); break;
        case 144: storeP(M(wi + 4), bA, aA); break;
        case 145: case 148: case 149: case 150: storeP(M(wi + 4), bB, aB); break;
        case 146: storeP(M(wi + 4), bB, aA); break;
        case 147: storeP(M(wi + 4), bA, aB); break;
        default:
          unreachable();
      }
    }

    if (np >= 0) {
      const tl = M(wi + 1);
      S(wi + 8 + tl, np);
      S(wi + 1, (tl + 1) & qm);
    } else if (np === -1) {
      const left0 = M(wi + 2) - 1;
      S(wi + 2, left0);
      if (left0 === 0) {
        const left = hdr(H_LEFT);
        const W = hdr(H_WARRIORS);
        const si = hdr(H_SCORE) + ((M(wi + 4) * (2 * W - 1) + left + W - 2) << 2);
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
        S(prev + 3, wi);
        wn = M(wi + 3);
        if (--cycle === stop) {
          if (cycle === 0) setHdr(H_OVER, 1);
          break;
        }
        continue;
      }
    }
    prev = wi;
    wi = wn;
    wn = M(wi + 3);
    if (--cycle === stop) {
      if (cycle === 0) setHdr(H_OVER, 1);
      break;
    }
  }

  setHdr(H_CUR, wi);
  setHdr(H_PREV, prev);
  setHdr(H_CYCLE, cycle);
  setHdr(H_LASTPC, pc >> 2);
  setHdr(H_LASTA, addrA >> 2);
  setHdr(H_LASTB, addrB >> 2);
  return cycleStart - cycle - dropped;
}
