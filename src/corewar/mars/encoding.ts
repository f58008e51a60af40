// How instructions are packed into the core's typed arrays, and pMARS's own numbering
// (needed only for the `-f` checksum seed, which hashes pMARS's internal encoding).
import { MODES, MODIFIERS, OPCODES } from '../types.ts';
import type { Instruction, Mode, Modifier, Opcode } from '../types.ts';

// Indices into OPCODES / MODIFIERS / MODES (types.ts order).
export const OP = Object.fromEntries(OPCODES.map((o, i) => [o, i])) as Record<Opcode, number>;
export const MOD = Object.fromEntries(MODIFIERS.map((m, i) => [m, i])) as Record<Modifier, number>;
export const MODE = Object.fromEntries(MODES.map((m, i) => [m, i])) as Record<Mode, number>;

// Mode numbers (types.ts MODES order): # $ * @ { < } >
export const M_IMM = 0;
export const M_DIR = 1;
export const M_AIND = 2; // *
export const M_BIND = 3; // @
export const M_APRE = 4; // {
export const M_BPRE = 5; // <
export const M_APOST = 6; // }
export const M_BPOST = 7; // >

/**
 * A cell's non-numeric part packed into one int:
 *   shape << 14 | (op << 3 | mod) << 6 | aMode << 3 | bMode.
 * The shape is a function of the other bits, so two cells are `.I`-equal exactly when their
 * packed words and both numbers are equal, and MOV.I copies it along with the instruction.
 */
export function packWord(op: number, mod: number, aMode: number, bMode: number): number {
  return (shapeOf(op, mod, aMode, bMode) << 14) | (((op << 3) | mod) << 6) | (aMode << 3) | bMode;
}

// Shapes: the hot loop (wasm/execute.ts) runs the instructions of the groups below on paths specialised for their
// exact A- and B-modes, after one dispatch on the shape: group * 64 + aMode * 8 + bMode. These groups are most of
// what warriors execute (fsh94nop0.3 papers, clears and stones: SPL ~30%, MOV.I ~40%, DAT ~10%, DJN ~10%). Shape 0
// is the generic path, which runs anything.
const G_MOV_I = 1;
const G_SPL = 2; // SPL with its target # or $, nearly every SPL: the split without picking among three
const G_DJN = 3; // DJN .B .AB .F .X .I (not .A, .BA)
const G_SPL_JMP_DAT = 4; // the rest of SPL, and JMP and DAT: operands evaluated for their side effects only

const DIRECT_OR_IMMEDIATE = (1 << M_IMM) | (1 << M_DIR);
const ALL_MODES = 0xff;
// The A-modes each group has paths for, a bit per mode. DJN's A operand is its jump target (nearly always $ or #):
// fewer paths keep the loop quick for the engine to compile (~50 ms with these, more than twice that with every
// group's 64).
const A_MODES = [0, ALL_MODES, DIRECT_OR_IMMEDIATE, DIRECT_OR_IMMEDIATE, ALL_MODES];

function group(op: number, mod: number, aMode: number): number {
  if (op === OP.MOV) return mod === MOD.I ? G_MOV_I : 0;
  if (op === OP.SPL) return aMode <= M_DIR ? G_SPL : G_SPL_JMP_DAT;
  if (op === OP.JMP || op === OP.DAT) return G_SPL_JMP_DAT;
  if (op === OP.DJN) return mod === MOD.A || mod === MOD.BA ? 0 : G_DJN;
  return 0;
}

/** The instruction's shape (see above): 0 unless its group has a specialised path. */
export function shapeOf(op: number, mod: number, aMode: number, bMode: number): number {
  const g = group(op, mod, aMode);
  return g === 0 || !(A_MODES[g] & (1 << aMode)) ? 0 : (g << 6) | (aMode << 3) | bMode;
}

/** The same instruction without its shape, which the hot loop runs on the generic path. */
export function genericWord(word: number): number {
  return word & ((1 << 14) - 1);
}

/** A packed word's shape (see shapeOf). */
export function shapeOfWord(word: number): number {
  return word >> 14;
}

export function packInstruction(ins: Instruction): number {
  return packWord(OP[ins.op], MOD[ins.mod], MODE[ins.aMode], MODE[ins.bMode]);
}

/** The default core cell, DAT.F $0,$0. */
export const DAT_F_DIR_DIR = packWord(OP.DAT, MOD.F, M_DIR, M_DIR);

export function unpackWord(word: number): { op: Opcode; mod: Modifier; aMode: Mode; bMode: Mode } {
  return {
    op: OPCODES[(word >> 9) & 31],
    mod: MODIFIERS[(word >> 6) & 7],
    aMode: MODES[(word >> 3) & 7],
    bMode: MODES[word & 7],
  };
}

/** Normalise any integer into [0, coreSize). */
export function modCore(value: number, coreSize: number): number {
  const r = value % coreSize;
  return r < 0 ? r + coreSize : r;
}

// pMARS 0.9.4 internal numbering (global.h / asm.c): opcode byte = op * 8 + modifier.
const PMARS_OP: Record<Opcode, number> = {
  MOV: 0,
  ADD: 1,
  SUB: 2,
  MUL: 3,
  DIV: 4,
  MOD: 5,
  JMZ: 6,
  JMN: 7,
  DJN: 8,
  CMP: 9,
  SLT: 10,
  SPL: 11,
  DAT: 12,
  JMP: 13,
  SEQ: 14,
  SNE: 15,
  NOP: 16,
  LDP: 17,
  STP: 18,
};
// '#'=0 '$'=1 '@'=2 '<'=3 '>'=4; the A-field-indirect modes set bit 7 on the B-field twin.
const PMARS_MODE: Record<Mode, number> = {
  '#': 0,
  $: 1,
  '@': 2,
  '<': 3,
  '>': 4,
  '*': 0x82,
  '{': 0x83,
  '}': 0x84,
};

/**
 * pMARS's `-f` checksum: over all warriors in command-line order, each field XORed with a
 * running counter, summed in a 32-bit signed int. Numbers are the stored values in [0, coreSize).
 */
export function pmarsChecksum(warriors: readonly { instructions: readonly Instruction[] }[], coreSize: number): number {
  let shuffle = 0;
  let sum = 0;
  for (const w of warriors) {
    for (const ins of w.instructions) {
      sum = (sum + ((PMARS_OP[ins.op] * 8 + MOD[ins.mod]) ^ shuffle++)) | 0;
      sum = (sum + (PMARS_MODE[ins.aMode] ^ shuffle++)) | 0;
      sum = (sum + (PMARS_MODE[ins.bMode] ^ shuffle++)) | 0;
      sum = (sum + (modCore(ins.a, coreSize) ^ shuffle++)) | 0;
      sum = (sum + (modCore(ins.b, coreSize) ^ shuffle++)) | 0;
    }
  }
  return sum;
}
