// Pass 1: macro expansion. Turns the source lines into one text line per statement (instruction,
// ORG, END or PIN), the way pMARS' first pass does:
//  - EQU is plain text substitution at the point of use (not parenthesised), so forward references
//    inside the EQU text work. A label followed by several `EQU` lines defines a multi-line EQU.
//  - `[labels] [counter] FOR n` ... `ROF` repeats its body n times; `name&counter` concatenates the
//    counter as two digits (01, 02, ...). FOR 0 (or less) skips the block, so it doubles as a
//    block comment or conditional assembly.
//  - Labels collect until the next statement and then name its instruction index. Labels already
//    known are replaced by their offset from the current instruction; unknown ones stay as text
//    and are resolved by pass 2.
//  - `;assert` lines are evaluated where they appear.
// Text produced here is re-tokenised by pass 2, so spacing matters: like pMARS, a space is kept only
// after identifiers and substituted values, so `dat 1 2` becomes `DAT 12`.

import { type Diagnostics, MSG } from './diagnostics.ts';
import { EXPR_DIV_ZERO, EXPR_OK, EXPR_OVERFLOW, evalExpr, type Registers } from './expr.ts';
import { getToken, isAlpha, isInstructionOp, isPseudoOp, isSpace } from './lexer.ts';
import type { StaleBuffer } from './cbuffer.ts';
import type { SourceLine } from './source.ts';
import type { SymbolEntry, SymbolTable } from './symbols.ts';

// What a scan of (part of) a line produced. Values mirror pMARS' ordering: "<= LABEL" means we
// are still at the start of a statement (only labels seen so far).
const NIL = 0; // nothing yet
const LABEL = 1; // only labels so far
const VALUE = 2; // inside an instruction's operands, or an EQU definition was stored
const COMPLETE = 3; // a statement was completed
const PSEUDO = 4; // inside an ORG/END/PIN operand (labels are absolute there)
const FOR_DONE = 5;
const ROF = 6;
const ERROR = -1;
type Scan = number;

/** pMARS' line buffer: longer expanded lines are a "Buffer overflow" error. */
export const MAX_LINE_CHARS = 256;
/** pMARS refuses to encode more lines than this (MAXINSTR). */
export const MAX_INSTRUCTIONS = 1000;
const MAX_LABELS_PER_STATEMENT = 7;
/** Our own bound on expansion work, so FOR 65535 nests and the like cannot hang the caller. */
export const MAX_EXPANSION_STEPS = 2_000_000;

interface Cursor {
  list: SourceLine[];
  idx: number;
}

interface Dest {
  s: string;
}

class Abort extends Error {}

export interface ExpandResult {
  statements: SourceLine[];
  /** Number of instructions (pMARS' `line` after pass 1). */
  instructionCount: number;
  assertSeen: boolean;
}

export class Expander {
  private readonly table: SymbolTable;
  private readonly regs: Registers;
  private readonly diag: Diagnostics;
  private readonly buf: StaleBuffer;
  private readonly out: SourceLine[] = [];
  private line = 0; // instructions emitted so far = index of the next one
  private pending: string[] = []; // labels waiting for a statement, oldest first
  private skip = 0; // depth of FOR blocks being skipped (FOR count <= 0)
  private running = true; // false after END, an unclosed FOR or a limit
  private cur: Cursor = { list: [], idx: 0 };
  private steps = 0;
  private assertSeen = false;

  constructor(table: SymbolTable, regs: Registers, diag: Diagnostics, buf: StaleBuffer) {
    this.table = table;
    this.regs = regs;
    this.diag = diag;
    this.buf = buf;
  }

  run(lines: SourceLine[]): ExpandResult {
    this.cur = { list: lines, idx: 0 };
    try {
      while (this.cur.idx < lines.length && this.running) {
        const dest: Dest = { s: '' };
        const r = this.scan(this.currentText(), 0, dest, NIL);
        if (r === COMPLETE) this.emit(dest.s);
        else if (r === ROF) this.diag.error(this.srcLine(), MSG.unopenedFor);
        this.cur.idx++;
      }
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
    }
    if (this.pending.length > 0) {
      this.diag.warn(0, MSG.discardLabels([...this.pending].reverse().join(' ')));
      this.pending = [];
    }
    return { statements: this.out, instructionCount: this.line, assertSeen: this.assertSeen };
  }

  private currentText(): string {
    return this.cur.list[this.cur.idx]?.text ?? '';
  }

  private srcLine(): number {
    return this.cur.list[this.cur.idx]?.line ?? 0;
  }

  private tick(): void {
    if (++this.steps > MAX_EXPANSION_STEPS) {
      this.diag.error(this.srcLine(), MSG.expansionLimit(MAX_EXPANSION_STEPS), true);
      this.running = false;
      throw new Abort();
    }
  }

  private emit(text: string): void {
    this.out.push({ text, line: this.srcLine() });
    if (this.line > MAX_INSTRUCTIONS) {
      // pMARS would expand on and then refuse to encode (assemble() reports it after pass 1); stopping here bounds
      // time and memory.
      this.running = false;
      throw new Abort();
    }
  }

  /** Appends to the statement being built; false (after reporting) when the buffer is full. */
  private append(dest: Dest, text: string): boolean {
    if (dest.s.length + text.length >= MAX_LINE_CHARS) {
      this.diag.error(this.srcLine(), MSG.bufferOverflow);
      return false;
    }
    dest.s += text;
    return true;
  }

  private evaluate(text: string): { ok: boolean; value: bigint } {
    const r = evalExpr(text, this.regs);
    if (r.status < EXPR_OK) {
      this.diag.error(this.srcLine(), r.status === EXPR_DIV_ZERO ? MSG.divZero : MSG.badExpr);
      return { ok: false, value: 0n };
    }
    if (r.status === EXPR_OVERFLOW) this.diag.warn(this.srcLine(), MSG.overflow);
    return { ok: true, value: r.value };
  }

  /** Scans `buf` from `pos`, appending the expanded text to `dest`. */
  private scan(buf: string, pos: number, dest: Dest, state: Scan): Scan {
    // One call per token; iterate instead of recursing where pMARS recursed on the rest of the line.
    for (;;) {
      this.tick();
      const tok = getToken(buf, pos);
      const after = buf[tok.end];
      switch (tok.type) {
        case 'none':
          return state;
        case 'comment':
          if (state === NIL && this.skip === 0) this.assertion(buf, tok.end);
          return state;
        case 'ident':
          break;
        default:
          if (this.skip > 0) return NIL;
          if (state <= LABEL) {
            this.diag.error(this.srcLine(), MSG.token(tok.text));
            return ERROR;
          }
          if (!this.append(dest, tok.text)) return ERROR;
          pos = tok.end;
          continue;
      }

      const upper = tok.text.toUpperCase();
      this.buf.write(0, upper); // pMARS copies every identifier into its line buffer first
      if (upper === 'ROF') {
        if (this.skip > 0) this.skip--;
        else if (state <= LABEL) return ROF;
        else this.diag.error(this.srcLine(), MSG.improperPlace(tok.text));
        return ERROR;
      }
      if (upper === 'FOR') {
        if (this.skip > 0) this.skip++;
        else if (state <= LABEL) return this.forBlock(buf, tok.end, dest);
        else this.diag.error(this.srcLine(), MSG.improperPlace(tok.text));
        return ERROR;
      }
      if (tok.text === 'CURLINE') {
        // Case-sensitive, unlike opcodes; substituted by the absolute instruction index.
        if (this.skip > 0) return NIL;
        if (state <= LABEL) {
          this.diag.error(this.srcLine(), MSG.curline);
          return ERROR;
        }
        this.buf.write(0, String(this.line) + (isSpace(after) ? ' ' : ''));
        if (!this.append(dest, this.buf.cString())) return ERROR;
        pos = tok.end;
        continue;
      }
      if (upper === 'EQU') {
        if (this.skip > 0) return NIL;
        if (state <= LABEL) return this.defineEqu(buf.slice(tok.end));
        this.diag.error(this.srcLine(), MSG.improperPlace(tok.text));
        return ERROR;
      }
      if (isInstructionOp(upper) || isPseudoOp(upper)) {
        if (this.skip > 0) return NIL;
        if (state > LABEL) {
          this.diag.error(this.srcLine(), MSG.improperPlace(tok.text));
          return ERROR;
        }
        return this.statement(buf, tok.end, dest, upper);
      }

      // Any other identifier.
      if (this.skip > 0) {
        // Inside a skipped block only FOR/ROF nesting matters; keep looking along the line.
        pos = tok.end;
        state = NIL;
        continue;
      }
      const { name, end } = this.concatenate(buf, tok.text, tok.end);
      const entry = this.table.lookup(name);
      if (entry !== undefined) {
        if (entry.kind === 'text') {
          if (entry.visit) {
            this.diag.error(this.srcLine(), MSG.recursive(name));
            return ERROR;
          }
          return this.substitute(buf, end, dest, state, entry);
        }
        if (state <= LABEL) {
          // pMARS drops the whole line with only a warning.
          this.diag.warn(this.srcLine(), MSG.redefinition(name));
          return ERROR;
        }
        let text: string;
        if (entry.kind === 'counter') text = String(entry.value).padStart(2, '0');
        else if (state === PSEUDO) text = String(entry.value);
        else text = String(entry.value - this.line);
        if (isSpace(buf[end])) text += ' ';
        this.buf.write(0, text);
        if (!this.append(dest, text)) return ERROR;
        pos = end;
        continue;
      }
      if (state <= LABEL) {
        if (this.pending.length < MAX_LABELS_PER_STATEMENT) this.pending.push(name);
        else this.diag.error(this.srcLine(), MSG.tooManyLabels(name));
        pos = buf[end] === ':' ? end + 1 : end; // `label:` is accepted
        state = LABEL;
        continue;
      }
      if (!this.append(dest, name + (isSpace(buf[end]) ? ' ' : ''))) return ERROR;
      pos = end;
    }
  }

  /** `name&i&j`: appends the two-digit values of FOR counters. */
  private concatenate(buf: string, first: string, pos: number): { name: string; end: number } {
    let name = first;
    let ok = true;
    while (buf[pos] === '&' && isAlpha(buf[pos + 1])) {
      const t = getToken(buf, pos + 1);
      pos = t.end;
      this.buf.write(0, t.text);
      if (!ok) break; // pMARS consumes one more `&x` after a failure, then stops
      const e = this.table.lookup(t.text);
      if (e !== undefined && e.kind === 'counter') {
        const digits = String(e.value).padStart(2, '0');
        this.buf.write(0, digits);
        name += digits;
      } else {
        this.diag.error(this.srcLine(), MSG.concatUse(t.text));
        ok = false;
      }
    }
    return { name, end: pos };
  }

  /** An opcode or ORG/END/PIN at the start of a statement. */
  private statement(buf: string, pos: number, dest: Dest, upper: string): Scan {
    // The opcode is emitted upper-cased together with whatever non-blank text is glued to it
    // (".AB", "#5,"...), verbatim. pMARS builds this in its line buffer and NUL-terminates it only
    // when a blank follows, so glued text reaching the end of the line drags stale buffer bytes in.
    let i = pos;
    while (i < buf.length && !isSpace(buf[i])) i++;
    const glued = buf.slice(pos, i);
    this.buf.write(upper.length, glued, false);
    if (isSpace(buf[i])) this.buf.write(upper.length + glued.length, ' ');
    if (!this.append(dest, this.buf.cString())) return ERROR;
    const instruction = isInstructionOp(upper);
    const r = this.scan(buf, i, dest, instruction ? VALUE : PSEUDO);
    if (r === ERROR) return ERROR;
    if (this.pending.length > 0) {
      this.table.defineLabels(this.pending, this.line);
      this.pending = [];
    }
    if (instruction) this.line++;
    else if (upper === 'END') this.running = false;
    return COMPLETE;
  }

  private defineEqu(text: string): Scan {
    if (this.pending.length === 0) {
      this.diag.warn(this.srcLine(), MSG.appendUndefined);
      return VALUE;
    }
    const lines: SourceLine[] = [{ text, line: this.srcLine() }];
    this.table.defineText(this.pending, lines);
    this.pending = [];
    // Following lines that start with EQU continue the definition.
    const list = this.cur.list;
    while (this.cur.idx + 1 < list.length) {
      const next = list[this.cur.idx + 1];
      const t = getToken(next.text, 0);
      if (t.text.toUpperCase() !== 'EQU') break;
      this.cur.idx++;
      lines.push({ text: next.text.slice(t.end), line: next.line });
    }
    return VALUE;
  }

  /** Substitutes EQU text (all its lines) at the point of use. */
  private substitute(buf: string, pos: number, dest: Dest, state: Scan, entry: SymbolEntry): Scan {
    entry.visit = true;
    const saved = this.cur;
    // Predefined constants have no source line: messages name the line using them (pMARS stops, see Diagnostics).
    const caller = this.srcLine();
    const predefined = entry.lines[0].line === 0;
    const list = predefined ? entry.lines.map((l) => ({ text: l.text, line: caller })) : entry.lines;
    this.cur = { list, idx: 0 };
    const scan = () => this.scan(list[0].text, 0, dest, state);
    let r = predefined ? this.diag.predefined(scan) : scan();
    // Each line but the last of a multi-line EQU becomes a statement of its own; the last one
    // continues with the rest of the line that used the EQU.
    while (this.cur.idx + 1 < list.length && this.running) {
      if (this.skip === 0 && r === COMPLETE) this.emit(dest.s);
      this.cur.idx++;
      dest.s = '';
      r = this.scan(list[this.cur.idx].text, 0, dest, NIL);
    }
    this.cur = saved;
    if (isSpace(buf[pos]) && dest.s.length + 1 < MAX_LINE_CHARS) dest.s += ' '; // silently dropped when full
    entry.visit = false;
    return this.scan(buf, pos, dest, r);
  }

  /** `[labels] [counter] FOR count` ... `ROF`. The cursor is on the FOR line. */
  private forBlock(buf: string, pos: number, dest: Dest): Scan {
    // The label just before FOR names the counter; any earlier ones label the next instruction.
    let counterNames: string[] = [];
    if (this.pending.length > 0) {
      counterNames = [this.pending[this.pending.length - 1]];
      if (this.pending.length > 1) this.table.defineLabels(this.pending.slice(0, -1), this.line);
      this.pending = [];
    }
    dest.s = '';
    this.scan(buf, pos, dest, VALUE);
    const { ok, value } = this.evaluate(dest.s);
    if (!ok) return FOR_DONE;
    if (value <= 0n) {
      this.skip++;
      return FOR_DONE;
    }
    // pMARS keeps the count in an unsigned short.
    const count = Number(value & 0xffffn);
    const counter: SymbolEntry = { names: counterNames, kind: 'counter', value: 1, lines: [], visit: true };
    this.table.push(counter);
    const start = this.cur.idx;
    const list = this.cur.list;
    for (counter.value = 1; this.running && counter.value <= count; counter.value++) {
      this.cur.idx = start;
      while (this.running) {
        if (this.cur.idx + 1 >= list.length) {
          this.diag.warn(0, MSG.unclosedRof); // pMARS: only a warning, and assembly stops here
          this.running = false;
          break;
        }
        this.cur.idx++;
        const body: Dest = { s: '' };
        const r = this.scan(list[this.cur.idx].text, 0, body, NIL);
        if (r === ROF) break;
        if (r === COMPLETE) this.emit(body.s);
      }
    }
    this.table.popCounter(counter);
    return FOR_DONE;
  }

  private assertion(buf: string, pos: number): void {
    const word = getToken(buf, pos);
    if (word.text.toUpperCase() !== 'ASSERT') return;
    const dest: Dest = { s: '' };
    this.scan(buf, word.end, dest, VALUE);
    const r = evalExpr(dest.s, this.regs);
    if (r.status < EXPR_OK) {
      this.diag.warn(this.srcLine(), MSG.invalidAssert);
      return;
    }
    if (r.status === EXPR_OVERFLOW) this.diag.warn(this.srcLine(), MSG.overflow);
    this.assertSeen = true;
    if (r.value === 0n) this.diag.error(this.srcLine(), MSG.assertFails);
  }
}
