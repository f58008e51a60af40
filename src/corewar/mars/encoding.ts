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
 *   fastClass << 14 | (op << 3 | mod) << 6 | aMode << 3 | bMode.
 * The fast class is a function of the other bits, so two cells are `.I`-equal exactly when their
 * packed words and both numbers are equal, and MOV.I copies it along with the instruction.
 */
export function packWord(op: number, mod: number, aMode: number, bMode: number): number {
  return (fastClass(op, mod, aMode, bMode) << 14) | (((op << 3) | mod) << 6) | (aMode << 3) | bMode;
}

// Fast classes: the most frequent instruction shapes, which execute.ts runs on a short path with a
// single dispatch (shares of executed instructions in the fsh94nop0.3 mix). 0 = the generic path.
export const FC_GENERIC = 0;
export const FC_SPL_SIMPLE = 1; // SPL.*  A in {#,$}, B in {#,$} (~16%)
export const FC_DAT_SIMPLE = 2; // DAT.*  A in {#,$}, B in {#,$} (~5%)
export const FC_MOV_I_SIMPLE = 3; // MOV.I  A in {#,$}, B in {#,$} (~11%, and every imp)
export const FC_JMP_SIMPLE = 4; // JMP.*  A in {#,$}, B in {#,$}

function fastClass(op: number, mod: number, aMode: number, bMode: number): number {
  const simple = aMode <= M_DIR && bMode <= M_DIR; // no side effects, no indirection
  if (simple && op === OP_SPL) return FC_SPL_SIMPLE;
  if (simple && op === OP_DAT) return FC_DAT_SIMPLE;
  if (simple && op === OP_JMP) return FC_JMP_SIMPLE;
  if (simple && op === OP_MOV && mod === MOD.I) return FC_MOV_I_SIMPLE;
  return FC_GENERIC;
}

const OP_SPL = OPCODES.indexOf('SPL');
const OP_DAT = OPCODES.indexOf('DAT');
const OP_JMP = OPCODES.indexOf('JMP');
const OP_MOV = OPCODES.indexOf('MOV');

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
