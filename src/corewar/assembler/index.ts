// Redcode assembler reproducing pMARS 0.9.4 (ICWS'94 draft + pMARS extensions).
//
// Pipeline: source.ts (logical lines, header comments, ;redcode) -> expand.ts (pass 1: EQU, FOR/ROF,
// labels, ;assert) -> parse.ts (pass 2: opcode/modifier/modes/expressions) -> evaluation here.

import type { MarsSettings, Mode, Modifier, Opcode, Warrior } from '../types.ts';
import { type AssembleError, type AssemblyReport, Diagnostics, MSG, TooManyMessages } from './diagnostics.ts';
import { Expander, MAX_INSTRUCTIONS } from './expand.ts';
import { EXPR_DIV_ZERO, EXPR_OK, EXPR_OVERFLOW, evalExpr, newRegisters, type Registers } from './expr.ts';
import { getToken, isInstructionOp } from './lexer.ts';
import { StatementParser } from './parse.ts';
import { readSource } from './source.ts';
import { SymbolTable } from './symbols.ts';

export type { AssembleError, AssemblyReport, Diagnostic } from './diagnostics.ts';
export { formatReport } from './diagnostics.ts';
export { defaultModifier } from './parse.ts';

export interface AssembleOptions {
  /**
   * 0-based position of this warrior on the pMARS command line. pMARS checks its score formula
   * `(W*W-1)/S` before assembling, which leaves registers W and S (the single-letter expression
   * registers) equal to WARRIORS while the first warrior is assembled; later warriors see 0.
   * Only sources that read the undefined names `w`/`s` notice. Default 0.
   */
  position?: number;
}

/** `report` holds the messages as pMARS prints them (`formatReport`); `errors` and `warnings` just their texts. */
export type AssembleResult =
  | { ok: true; warrior: Warrior; report: AssemblyReport }
  | { ok: false; errors: AssembleError[]; warnings: string[]; report: AssemblyReport };

/** Prefix of the message reporting an unexpected exception (a bug in this assembler). */
export const INTERNAL_ERROR = 'Internal assembler error';

/** pMARS 0.9.4 reports VERSION as 94. */
export const PMARS_VERSION = 94;

/**
 * pMARS' default P-space size: CORESIZE/d for the largest d ≤ 16 dividing CORESIZE (8000 → 500, 100 → 10,
 * 34 → 17; a prime core size gets a P-space as large as the core: `;assert PSPACESIZE == 7999` holds under
 * Debian's pmars 0.9.2 with -s 7999).
 */
export function defaultPSpaceSize(coreSize: number): number {
  for (let d = 16; d >= 1; d--) if (coreSize % d === 0) return coreSize / d;
  return 1;
}

export function resolveSettings(s: Partial<MarsSettings> = {}): MarsSettings {
  const coreSize = s.coreSize ?? 8000;
  const maxLength = s.maxLength ?? 100;
  return {
    coreSize,
    maxCycles: s.maxCycles ?? 80000,
    maxProcesses: s.maxProcesses ?? 8000,
    maxLength,
    minDistance: s.minDistance ?? maxLength, // pMARS: -d defaults to -l
    rounds: s.rounds ?? 1,
    pSpaceSize: s.pSpaceSize ?? defaultPSpaceSize(coreSize),
    // `pmars -A file` assembles one warrior; battles should pass the real count.
    warriors: s.warriors ?? 1,
  };
}

function predefine(table: SymbolTable, settings: MarsSettings): void {
  const consts: [string, number][] = [
    ['CORESIZE', settings.coreSize],
    ['MAXPROCESSES', settings.maxProcesses],
    ['MAXCYCLES', settings.maxCycles],
    ['MAXLENGTH', settings.maxLength],
    ['MINDISTANCE', settings.minDistance],
    ['VERSION', PMARS_VERSION],
    ['WARRIORS', settings.warriors],
    ['ROUNDS', settings.rounds],
    ['PSPACESIZE', settings.pSpaceSize],
  ];
  // Predefined constants are EQU text, so they are substituted exactly like user EQUs.
  for (const [name, value] of consts) table.defineText([name], [{ text: String(value >>> 0), line: 0 }]);
}

function normalize(v: bigint, coreSize: number): number {
  const m = BigInt(coreSize);
  return Number(((v % m) + m) % m);
}

export function assemble(source: string, settings?: Partial<MarsSettings>, options: AssembleOptions = {}): AssembleResult {
  const diag = new Diagnostics();
  try {
    return assembleInner(source, resolveSettings(settings), diag, options.position ?? 0);
  } catch (e) {
    if (e instanceof TooManyMessages) return failure(diag);
    // Deep nesting can exhaust the JS stack; report it instead of throwing. Anything else is a bug,
    // still reported as an error so that callers (e.g. an evolution loop) never crash on input.
    diag.error(0, e instanceof RangeError ? 'Source too complex (nesting too deep)' : `${INTERNAL_ERROR}: ${String(e)}`);
    return failure(diag);
  }
}

function failure(diag: Diagnostics): AssembleResult {
  return { ok: false, errors: diag.errors, warnings: diag.warnings, report: diag.report };
}

function assembleInner(source: string, settings: MarsSettings, diag: Diagnostics, position: number): AssembleResult {
  const { lines, header, buffer } = readSource(source);
  diag.setSources(lines);
  const table = new SymbolTable();
  predefine(table, settings);
  const regs: Registers = newRegisters();
  if (position === 0) {
    regs['W'.charCodeAt(0) - 65] = BigInt(settings.warriors);
    regs['S'.charCodeAt(0) - 65] = BigInt(settings.warriors);
  }

  const expanded = new Expander(table, regs, diag, buffer).run(lines);
  if (!expanded.assertSeen) diag.warn(0, MSG.missingAssert);

  const { statements, instructionCount } = expanded;
  // pMARS reports this when it starts encoding, after pass 1's messages.
  if (instructionCount > MAX_INSTRUCTIONS) diag.error(statements.at(-1)?.line ?? 0, MSG.tooMuchStuff(MAX_INSTRUCTIONS), true);
  if (instructionCount > settings.maxLength && instructionCount <= MAX_INSTRUCTIONS) {
    const line = lineOfInstruction(statements, settings.maxLength);
    diag.error(line, MSG.tooManyInstructions(instructionCount - settings.maxLength), true);
  }
  if (instructionCount === 0) diag.warn(0, MSG.noInstructions);

  const warrior: Warrior = {
    name: header.name,
    author: header.author,
    strategy: header.strategy.join('\n'),
    instructions: [],
    start: 0,
    pin: null,
    warnings: diag.warnings,
  };

  const parser = new StatementParser(table, diag);
  const evaluate = (text: string, line: number): bigint | null => {
    const r = evalExpr(text === '' ? '0' : text, regs);
    if (r.status < EXPR_OK) {
      diag.error(line, r.status === EXPR_DIV_ZERO ? MSG.divZero : MSG.badExpr);
      return null;
    }
    if (r.status === EXPR_OVERFLOW) diag.warn(line, MSG.overflow);
    return r.value;
  };

  // pMARS encodes nothing at all when there is no instruction (not even ORG/END operands), nor
  // when there are more than it can hold.
  const encode = instructionCount > 0 && instructionCount <= MAX_INSTRUCTIONS;
  for (const stmt of encode ? statements : []) {
    const index = warrior.instructions.length;
    const st = parser.parse(stmt.text, stmt.line, index);
    // Like pMARS, statements are still parsed (and their errors reported) after the first error,
    // but nothing more is evaluated.
    if (st === null || diag.hasErrors) continue;

    if (!isInstructionOp(st.op)) {
      const v = evaluate(st.bExpr, stmt.line);
      if (v === null) continue;
      if (st.op === 'ORG') warrior.start = normalize(v, settings.coreSize);
      else if (st.op === 'PIN') warrior.pin = Number(v);
      else if (v !== 0n) {
        // END with a non-zero operand gives the start unless ORG already set a non-zero one.
        if (warrior.start !== 0) diag.warn(stmt.line, MSG.ignoreEnd);
        else warrior.start = normalize(v, settings.coreSize);
      }
      continue;
    }
    const a = evaluate(st.aExpr, stmt.line);
    if (a === null) continue;
    const b = evaluate(st.bExpr, stmt.line);
    if (b === null) continue;
    warrior.instructions.push({
      op: st.op as Opcode,
      mod: st.mod as Modifier,
      aMode: st.aMode as Mode,
      a: normalize(a, settings.coreSize),
      bMode: st.bMode as Mode,
      b: normalize(b, settings.coreSize),
    });
  }

  // pMARS only warns and keeps the offset; it checks it against the instruction count even after errors.
  if (encode && warrior.start >= instructionCount) diag.warn(0, MSG.badOffset);
  if (diag.hasErrors) return failure(diag);
  return { ok: true, warrior, report: diag.report };
}

/** Source line of the instruction with the given index (for "too many instructions"). */
function lineOfInstruction(statements: { text: string; line: number }[], index: number): number {
  let n = 0;
  for (const s of statements) {
    if (isInstructionOp(getToken(s.text, 0).text.toUpperCase())) {
      if (n === index) return s.line;
      n++;
    }
  }
  return 0;
}
