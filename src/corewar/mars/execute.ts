// The hot loop: executes up to `maxSteps` instructions of the current round, pMARS 0.9.4 exact.
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
// Everything lives in one Int32Array `m` (layout in state.ts); addresses here are cell indices
// times 4 (`pc`, `addrA`, `addrB`, queue entries), field values are plain numbers in [0, CS).
// `wi` is the block index of the running warrior; its fields (state.ts I_*) are inlined as
// literals: m[wi] head, m[wi+1] tail, m[wi+2] tasks, m[wi+3] next warrior, m[wi+4] warrior
// number; its process ring is m[wi+8 ..], indexed by head/tail masked with `qm`.
//
// Case labels are opcode*8+modifier in types.ts order (DAT=0, MOV=1, ADD=2, SUB=3, MUL=4, DIV=5,
// MOD=6, JMP=7, JMZ=8, JMN=9, DJN=10, CMP=11, SLT=12, SPL=13, SEQ=14, SNE=15, NOP=16, LDP=17,
// STP=18; .A=0 .B=1 .AB=2 .BA=3 .F=4 .X=5 .I=6). They are literals so V8 builds a jump table.
import type { MarsState } from './state.ts';

/** Runs until the round ends or `maxSteps` instructions were executed; returns the count executed. */
export function execute(s: MarsState, maxSteps: number): number {
  if (s.roundOver) return 0;
  const m = s.mem;
  const CS = s.coreSize;
  const CS4 = CS * 4;
  const maxProc = s.maxProcesses;
  const qm = s.queueSize - 1;

  let wi = s.cur;
  let wn = m[wi + 3]; // next warrior, loaded early to keep it off the fetch's dependency chain
  let prev = s.prev;
  let cycle = s.cycle;
  const cycleStart = cycle;
  // Pause when `cycle` reaches `stop` (0 = the round's end comes first). A death drops `cycle` by
  // more than one; `stop` drops with it, and `dropped` keeps the executed count exact.
  let stop = maxSteps >= cycle ? 0 : cycle - maxSteps;
  let dropped = 0;
  let pc = 0;
  let addrA = 0;
  let addrB = 0;

  for (;;) {
    // Fetch: pop the warrior's next process.
    const h = m[wi];
    pc = m[wi + 8 + h];
    m[wi] = (h + 1) & qm;
    const word = m[pc];
    const irA = m[pc + 1];
    const irB = m[pc + 2];

    // Execute. `np` is the address to queue; -1 kills the process; -2 queues nothing more.
    let np = pc + 4;
    if (np === CS4) np = 0;
    const fast = word >> 14;
    if (fast !== 0) {
      // Fast classes (encoding.ts): both operands are # or $, so they have no side effects.
      // Masks stand in for branches: -(mode & 1) is all ones for $ and 0 for #.
      addrA = pc + ((irA << 2) & -((word >> 3) & 1));
      if (addrA >= CS4) addrA -= CS4;
      addrB = pc + ((irB << 2) & -(word & 1));
      if (addrB >= CS4) addrB -= CS4;
      switch (fast) {
        case 1: {
          // SPL
          let tl = m[wi + 1];
          m[wi + 8 + tl] = np;
          tl = (tl + 1) & qm;
          if (m[wi + 2] < maxProc) {
            m[wi + 2]++;
            m[wi + 8 + tl] = addrA;
            tl = (tl + 1) & qm;
          }
          m[wi + 1] = tl;
          np = -2;
          break;
        }
        case 2: // DAT
          np = -1;
          break;
        case 3: // MOV.I (for #, addrA = pc, whose cell still holds the fetched instruction)
          m[addrB] = m[addrA];
          m[addrB + 1] = m[addrA + 1];
          m[addrB + 2] = m[addrA + 2];
          break;
        default: // JMP
          np = addrA;
          break;
      }
    } else {
      // A operand -> addrA, aA (A-number of the A-instruction), aB (its B-number).
      let aA: number;
      let aB: number;
      switch ((word >> 3) & 7) {
        case 0: // #
          addrA = pc;
          aA = irA;
          aB = irB;
          break;
        case 1: // $
          addrA = pc + (irA << 2);
          if (addrA >= CS4) addrA -= CS4;
          aA = m[addrA + 1];
          aB = m[addrA + 2];
          break;
        case 2: {
          // *
          let p = pc + (irA << 2);
          if (p >= CS4) p -= CS4;
          addrA = p + (m[p + 1] << 2);
          if (addrA >= CS4) addrA -= CS4;
          aA = m[addrA + 1];
          aB = m[addrA + 2];
          break;
        }
        case 3: {
          // @
          let p = pc + (irA << 2);
          if (p >= CS4) p -= CS4;
          addrA = p + (m[p + 2] << 2);
          if (addrA >= CS4) addrA -= CS4;
          aA = m[addrA + 1];
          aB = m[addrA + 2];
          break;
        }
        case 4: {
          // {
          let p = pc + (irA << 2);
          if (p >= CS4) p -= CS4;
          let v = m[p + 1] - 1;
          if (v < 0) v += CS;
          m[p + 1] = v;
          addrA = p + (v << 2);
          if (addrA >= CS4) addrA -= CS4;
          aA = m[addrA + 1];
          aB = m[addrA + 2];
          break;
        }
        case 5: {
          // <
          let p = pc + (irA << 2);
          if (p >= CS4) p -= CS4;
          let v = m[p + 2] - 1;
          if (v < 0) v += CS;
          m[p + 2] = v;
          addrA = p + (v << 2);
          if (addrA >= CS4) addrA -= CS4;
          aA = m[addrA + 1];
          aB = m[addrA + 2];
          break;
        }
        case 6: {
          // }  (increment after the A-instruction is read)
          let p = pc + (irA << 2);
          if (p >= CS4) p -= CS4;
          const v = m[p + 1];
          addrA = p + (v << 2);
          if (addrA >= CS4) addrA -= CS4;
          aA = m[addrA + 1];
          aB = m[addrA + 2];
          m[p + 1] = v + 1 === CS ? 0 : v + 1;
          break;
        }
        default: {
          // >
          let p = pc + (irA << 2);
          if (p >= CS4) p -= CS4;
          const v = m[p + 2];
          addrA = p + (v << 2);
          if (addrA >= CS4) addrA -= CS4;
          aA = m[addrA + 1];
          aB = m[addrA + 2];
          m[p + 2] = v + 1 === CS ? 0 : v + 1;
          break;
        }
      }

      // B operand -> addrB, bA, bB. Uses the fetched B-number irB for the base address.
      let bA: number;
      let bB: number;
      switch (word & 7) {
        case 0: // # : reads the current cell (A's side effects are visible)
          addrB = pc;
          bA = m[pc + 1];
          bB = m[pc + 2];
          break;
        case 1: // $
          addrB = pc + (irB << 2);
          if (addrB >= CS4) addrB -= CS4;
          bA = m[addrB + 1];
          bB = m[addrB + 2];
          break;
        case 2: {
          // *
          let p = pc + (irB << 2);
          if (p >= CS4) p -= CS4;
          addrB = p + (m[p + 1] << 2);
          if (addrB >= CS4) addrB -= CS4;
          bA = m[addrB + 1];
          bB = m[addrB + 2];
          break;
        }
        case 3: {
          // @
          let p = pc + (irB << 2);
          if (p >= CS4) p -= CS4;
          addrB = p + (m[p + 2] << 2);
          if (addrB >= CS4) addrB -= CS4;
          bA = m[addrB + 1];
          bB = m[addrB + 2];
          break;
        }
        case 4: {
          // {
          let p = pc + (irB << 2);
          if (p >= CS4) p -= CS4;
          let v = m[p + 1] - 1;
          if (v < 0) v += CS;
          m[p + 1] = v;
          addrB = p + (v << 2);
          if (addrB >= CS4) addrB -= CS4;
          bA = m[addrB + 1];
          bB = m[addrB + 2];
          break;
        }
        case 5: {
          // <
          let p = pc + (irB << 2);
          if (p >= CS4) p -= CS4;
          let v = m[p + 2] - 1;
          if (v < 0) v += CS;
          m[p + 2] = v;
          addrB = p + (v << 2);
          if (addrB >= CS4) addrB -= CS4;
          bA = m[addrB + 1];
          bB = m[addrB + 2];
          break;
        }
        case 6: {
          // }
          let p = pc + (irB << 2);
          if (p >= CS4) p -= CS4;
          const v = m[p + 1];
          addrB = p + (v << 2);
          if (addrB >= CS4) addrB -= CS4;
          bA = m[addrB + 1];
          bB = m[addrB + 2];
          m[p + 1] = v + 1 === CS ? 0 : v + 1;
          break;
        }
        default: {
          // >
          let p = pc + (irB << 2);
          if (p >= CS4) p -= CS4;
          const v = m[p + 2];
          addrB = p + (v << 2);
          if (addrB >= CS4) addrB -= CS4;
          bA = m[addrB + 1];
          bB = m[addrB + 2];
          m[p + 2] = v + 1 === CS ? 0 : v + 1;
          break;
        }
      }

      let t = 0;
      switch ((word >> 6) & 0xff) {
        // DAT
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
        case 5:
        case 6:
          np = -1;
          break;

        // MOV
        case 8: // .A
          m[addrB + 1] = aA;
          break;
        case 9: // .B
          m[addrB + 2] = aB;
          break;
        case 10: // .AB
          m[addrB + 2] = aA;
          break;
        case 11: // .BA
          m[addrB + 1] = aB;
          break;
        case 12: // .F
          m[addrB + 1] = aA;
          m[addrB + 2] = aB;
          break;
        case 13: // .X
          m[addrB + 2] = aA;
          m[addrB + 1] = aB;
          break;
        case 14: // .I
          m[addrB] = m[addrA];
          m[addrB + 1] = aA;
          m[addrB + 2] = aB;
          break;

        // ADD (.I acts as .F)
        case 16:
          t = bA + aA;
          m[addrB + 1] = t >= CS ? t - CS : t;
          break;
        case 17:
          t = bB + aB;
          m[addrB + 2] = t >= CS ? t - CS : t;
          break;
        case 18:
          t = bB + aA;
          m[addrB + 2] = t >= CS ? t - CS : t;
          break;
        case 19:
          t = bA + aB;
          m[addrB + 1] = t >= CS ? t - CS : t;
          break;
        case 20:
        case 22:
          t = bA + aA;
          m[addrB + 1] = t >= CS ? t - CS : t;
          t = bB + aB;
          m[addrB + 2] = t >= CS ? t - CS : t;
          break;
        case 21:
          t = bB + aA;
          m[addrB + 2] = t >= CS ? t - CS : t;
          t = bA + aB;
          m[addrB + 1] = t >= CS ? t - CS : t;
          break;

        // SUB (B minus A)
        case 24:
          t = bA - aA;
          m[addrB + 1] = t < 0 ? t + CS : t;
          break;
        case 25:
          t = bB - aB;
          m[addrB + 2] = t < 0 ? t + CS : t;
          break;
        case 26:
          t = bB - aA;
          m[addrB + 2] = t < 0 ? t + CS : t;
          break;
        case 27:
          t = bA - aB;
          m[addrB + 1] = t < 0 ? t + CS : t;
          break;
        case 28:
        case 30:
          t = bA - aA;
          m[addrB + 1] = t < 0 ? t + CS : t;
          t = bB - aB;
          m[addrB + 2] = t < 0 ? t + CS : t;
          break;
        case 29:
          t = bB - aA;
          m[addrB + 2] = t < 0 ? t + CS : t;
          t = bA - aB;
          m[addrB + 1] = t < 0 ? t + CS : t;
          break;

        // MUL: pMARS multiplies in unsigned 32 bits, then reduces.
        case 32:
          m[addrB + 1] = (Math.imul(bA, aA) >>> 0) % CS;
          break;
        case 33:
          m[addrB + 2] = (Math.imul(bB, aB) >>> 0) % CS;
          break;
        case 34:
          m[addrB + 2] = (Math.imul(bB, aA) >>> 0) % CS;
          break;
        case 35:
          m[addrB + 1] = (Math.imul(bA, aB) >>> 0) % CS;
          break;
        case 36:
        case 38:
          m[addrB + 1] = (Math.imul(bA, aA) >>> 0) % CS;
          m[addrB + 2] = (Math.imul(bB, aB) >>> 0) % CS;
          break;
        case 37:
          m[addrB + 2] = (Math.imul(bB, aA) >>> 0) % CS;
          m[addrB + 1] = (Math.imul(bA, aB) >>> 0) % CS;
          break;

        // DIV: a zero divisor kills the process; .F/.X/.I still do the other half.
        case 40:
          if (aA === 0) np = -1;
          else m[addrB + 1] = (bA / aA) | 0;
          break;
        case 41:
          if (aB === 0) np = -1;
          else m[addrB + 2] = (bB / aB) | 0;
          break;
        case 42:
          if (aA === 0) np = -1;
          else m[addrB + 2] = (bB / aA) | 0;
          break;
        case 43:
          if (aB === 0) np = -1;
          else m[addrB + 1] = (bA / aB) | 0;
          break;
        case 44:
        case 46:
          if (aA !== 0) m[addrB + 1] = (bA / aA) | 0;
          if (aB !== 0) m[addrB + 2] = (bB / aB) | 0;
          if (aA === 0 || aB === 0) np = -1;
          break;
        case 45:
          if (aB !== 0) m[addrB + 1] = (bA / aB) | 0;
          if (aA !== 0) m[addrB + 2] = (bB / aA) | 0;
          if (aA === 0 || aB === 0) np = -1;
          break;

        // MOD
        case 48:
          if (aA === 0) np = -1;
          else m[addrB + 1] = bA % aA;
          break;
        case 49:
          if (aB === 0) np = -1;
          else m[addrB + 2] = bB % aB;
          break;
        case 50:
          if (aA === 0) np = -1;
          else m[addrB + 2] = bB % aA;
          break;
        case 51:
          if (aB === 0) np = -1;
          else m[addrB + 1] = bA % aB;
          break;
        case 52:
        case 54:
          if (aA !== 0) m[addrB + 1] = bA % aA;
          if (aB !== 0) m[addrB + 2] = bB % aB;
          if (aA === 0 || aB === 0) np = -1;
          break;
        case 53:
          if (aB !== 0) m[addrB + 1] = bA % aB;
          if (aA !== 0) m[addrB + 2] = bB % aA;
          if (aA === 0 || aB === 0) np = -1;
          break;

        // JMP
        case 56:
        case 57:
        case 58:
        case 59:
        case 60:
        case 61:
        case 62:
          np = addrA;
          break;

        // JMZ
        case 64:
        case 67:
          if (bA === 0) np = addrA;
          break;
        case 65:
        case 66:
          if (bB === 0) np = addrA;
          break;
        case 68:
        case 69:
        case 70:
          if (bA === 0 && bB === 0) np = addrA;
          break;

        // JMN
        case 72:
        case 75:
          if (bA !== 0) np = addrA;
          break;
        case 73:
        case 74:
          if (bB !== 0) np = addrA;
          break;
        case 76:
        case 77:
        case 78:
          if (bA !== 0 || bB !== 0) np = addrA;
          break;

        // DJN: decrement in core, test the register (it was 1 <=> it is now 0).
        case 80:
        case 83:
          t = m[addrB + 1] - 1;
          m[addrB + 1] = t < 0 ? CS - 1 : t;
          if (bA !== 1) np = addrA;
          break;
        case 81:
        case 82:
          t = m[addrB + 2] - 1;
          m[addrB + 2] = t < 0 ? CS - 1 : t;
          if (bB !== 1) np = addrA;
          break;
        case 84:
        case 85:
        case 86:
          t = m[addrB + 2] - 1;
          m[addrB + 2] = t < 0 ? CS - 1 : t;
          t = m[addrB + 1] - 1;
          m[addrB + 1] = t < 0 ? CS - 1 : t;
          if (bA !== 1 || bB !== 1) np = addrA;
          break;

        // CMP and SEQ: skip when equal.
        case 88:
        case 112:
          if (aA === bA) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 89:
        case 113:
          if (aB === bB) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 90:
        case 114:
          if (aA === bB) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 91:
        case 115:
          if (aB === bA) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 92:
        case 116:
          if (aA === bA && aB === bB) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 93:
        case 117:
          if (aA === bB && aB === bA) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 94:
        case 118:
          if (aA === bA && aB === bB && m[addrA] === m[addrB]) np = np + 4 === CS4 ? 0 : np + 4;
          break;

        // SNE: skip when not equal.
        case 120:
          if (aA !== bA) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 121:
          if (aB !== bB) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 122:
          if (aA !== bB) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 123:
          if (aB !== bA) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 124:
          if (aA !== bA || aB !== bB) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 125:
          if (aA !== bB || aB !== bA) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 126:
          if (aA !== bA || aB !== bB || m[addrA] !== m[addrB]) np = np + 4 === CS4 ? 0 : np + 4;
          break;

        // SLT: skip when A < B (unsigned, values are already in [0, CS)).
        case 96:
          if (aA < bA) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 97:
          if (aB < bB) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 98:
          if (aA < bB) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 99:
          if (aB < bA) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 100:
        case 102:
          if (aA < bA && aB < bB) np = np + 4 === CS4 ? 0 : np + 4;
          break;
        case 101:
          if (aA < bB && aB < bA) np = np + 4 === CS4 ? 0 : np + 4;
          break;

        // SPL: PC+1 first, then the target if the warrior has room (tasks m[wi+2]).
        case 104:
        case 105:
        case 106:
        case 107:
        case 108:
        case 109:
        case 110: {
          let tl = m[wi + 1];
          m[wi + 8 + tl] = np;
          tl = (tl + 1) & qm;
          if (m[wi + 2] < maxProc) {
            m[wi + 2]++;
            m[wi + 8 + tl] = addrA;
            tl = (tl + 1) & qm;
          }
          m[wi + 1] = tl;
          np = -2;
          break;
        }

        // NOP
        case 128:
        case 129:
        case 130:
        case 131:
        case 132:
        case 133:
        case 134:
          break;

        // LDP: load P-space cell (A-value mod size); cell 0 is the warrior's last result.
        case 136:
          m[addrB + 1] = loadP(s, m[wi + 4], aA);
          break;
        case 137:
        case 140:
        case 141:
        case 142:
          m[addrB + 2] = loadP(s, m[wi + 4], aB);
          break;
        case 138:
          m[addrB + 2] = loadP(s, m[wi + 4], aA);
          break;
        case 139:
          m[addrB + 1] = loadP(s, m[wi + 4], aB);
          break;

        // STP: store the A-value into P-space cell (B-value mod size).
        case 144:
          storeP(s, m[wi + 4], bA, aA);
          break;
        case 145:
        case 148:
        case 149:
        case 150:
          storeP(s, m[wi + 4], bB, aB);
          break;
        case 146:
          storeP(s, m[wi + 4], bB, aA);
          break;
        case 147:
          storeP(s, m[wi + 4], bA, aB);
          break;

        default:
          throw new Error(`corrupt instruction word ${word} at ${pc >> 2}`);
      }
    }

    if (np >= 0) {
      const tl = m[wi + 1];
      m[wi + 8 + tl] = np;
      m[wi + 1] = (tl + 1) & qm;
    } else if (np === -1 && --m[wi + 2] === 0) {
      // The warrior's last process died: pMARS rescales the budget, then still counts this cycle.
      const left = s.warriorsLeft;
      s.score[m[wi + 4] * (2 * s.warriors - 1) + left + s.warriors - 2]++;
      const fl = ((cycle - 1) / left) | 0; // cycle < 2^31 (validateSettings)
      cycle -= 1 + fl;
      s.warriorsLeft = left - 1;
      if (left - 1 < 2) {
        dropped += fl;
        s.roundOver = true;
        break;
      }
      // The budget fell by fl+1 more than one instruction's worth (fl now, 1 more below).
      dropped += fl + 1;
      if (stop > 0) stop = stop > fl + 1 ? stop - (fl + 1) : 0;
      wi = wn;
      m[prev + 3] = wi;
      wn = m[wi + 3];
      if (--cycle === stop) {
        if (cycle === 0) s.roundOver = true;
        break;
      }
      continue;
    }
    prev = wi;
    wi = wn;
    wn = m[wi + 3];
    if (--cycle === stop) {
      if (cycle === 0) s.roundOver = true;
      break;
    }
  }

  s.cur = wi;
  s.prev = prev;
  s.cycle = cycle;
  s.lastPc = pc >> 2;
  s.lastAddrA = addrA >> 2;
  s.lastAddrB = addrB >> 2;
  return cycleStart - cycle - dropped;
}

function loadP(s: MarsState, w: number, index: number): number {
  const k = index % s.pSpaceSize;
  return k === 0 ? s.lastResult[w] : s.pspace[s.pBase[w] + k];
}

function storeP(s: MarsState, w: number, index: number, value: number): void {
  const k = index % s.pSpaceSize;
  if (k === 0) s.lastResult[w] = value;
  else s.pspace[s.pBase[w] + k] = value;
}
