// Shared shapes of the Core War engine: what the assembler produces and the MARS consumes.
// This folder imports nothing else of Kaizen, so it can be published on its own.

/** Opcodes in pMARS order (the numeric value is the index; keep this order stable, the MARS dispatches on it). */
export const OPCODES = [
  'DAT',
  'MOV',
  'ADD',
  'SUB',
  'MUL',
  'DIV',
  'MOD',
  'JMP',
  'JMZ',
  'JMN',
  'DJN',
  'CMP',
  'SLT',
  'SPL',
  'SEQ',
  'SNE',
  'NOP',
  'LDP',
  'STP',
] as const;
export type Opcode = (typeof OPCODES)[number];

export const MODIFIERS = ['A', 'B', 'AB', 'BA', 'F', 'X', 'I'] as const;
export type Modifier = (typeof MODIFIERS)[number];

/** Addressing modes by their Redcode symbol. */
export const MODES = ['#', '$', '*', '@', '{', '<', '}', '>'] as const;
export type Mode = (typeof MODES)[number];

/** One core cell as assembled: fields are already reduced into [0, coreSize). */
export interface Instruction {
  op: Opcode;
  mod: Modifier;
  aMode: Mode;
  a: number;
  bMode: Mode;
  b: number;
}

/** The settings a warrior is assembled and fought under (pMARS flags in brackets). */
export interface MarsSettings {
  coreSize: number; // -s, default 8000
  maxCycles: number; // -c, default 80000
  maxProcesses: number; // -p, default 8000
  maxLength: number; // -l, default 100
  minDistance: number; // -d, default 100
  rounds: number; // -r, default 1
  pSpaceSize: number; // -S, default coreSize/16 (pMARS: 500 for 8000)
  warriors: number; // number of warriors in the battle (WARRIORS constant)
}

export interface Warrior {
  name: string; // ;name, or 'Unknown'
  author: string; // ;author, or 'Anonymous'
  strategy: string; // ;strategy lines joined with '\n'
  instructions: Instruction[];
  /** Offset of the first instruction executed (ORG / END label), in [0, instructions.length). */
  start: number;
  /** P-space identifier (PIN), or null when the warrior has none (its own P-space). */
  pin: number | null;
  /** Warnings the assembler printed (pMARS prints them but still loads the warrior). */
  warnings: string[];
}
