// Pass 2: parses each expanded statement (opcode, modifier, modes, operand expressions) with the
// same state machine as pMARS, then evaluates the operands. Labels still present as text are
// resolved here (offset from the current instruction; absolute in ORG/END/PIN operands), and EQU
// names still present are substituted (first line only, as pMARS does).

import type { Mode, Modifier, Opcode } from '../types.ts';
import { type Diagnostics, MSG } from './diagnostics.ts';
import { getToken, isInstructionOp, MODIFIER_NAMES } from './lexer.ts';
import type { SymbolTable } from './symbols.ts';

const OP = 0; // expecting the opcode
const MOD_OR_A = 1; // after the opcode: '.', a mode or the A expression
const MODIFIER = 2; // after '.'
const A_START = 3; // after the modifier
const A_EXPR = 4; // inside the A expression, until ','
const B_START = 5; // after ','
const B_EXPR = 6; // inside the B expression (also the operand of ORG/END/PIN)
type State = number;

/** Inside an expression '<', '>' and '*' are operators, the other mode symbols are misplaced. */
const OPERATOR_MODES = '<>*';

export interface Statement {
  op: string; // upper-case opcode, or ORG / END / PIN
  mod: Modifier | null; // null when not written
  aMode: Mode;
  bMode: Mode;
  aExpr: string;
  bExpr: string;
}

/** Expression buffers are pMARS line buffers too. */
const MAX_EXPR_CHARS = 256;
/** Bounds the work (and recursion) spent on one statement, e.g. through long chains of EQUs. */
const MAX_STEPS = 3000;

export class StatementParser {
  private readonly table: SymbolTable;
  private readonly diag: Diagnostics;
  private src = 0;
  private line = 0;
  private st: Statement = StatementParser.blank();
  private seen = false; // an operand expression was seen (pMARS' statefine)
  private last: State = OP; // state reached by the latest automaton step
  private failed = false;
  private depth = 0;

  constructor(table: SymbolTable, diag: Diagnostics) {
    this.table = table;
    this.diag = diag;
  }

  private static blank(): Statement {
    return { op: '', mod: null, aMode: '$', bMode: '$', aExpr: '', bExpr: '' };
  }

  /** Parses one statement; `line` is the index the instruction will get. Null on error. */
  parse(text: string, srcLine: number, line: number): Statement | null {
    this.src = srcLine;
    this.line = line;
    this.st = StatementParser.blank();
    this.seen = false;
    this.failed = false;
    this.depth = 0;
    this.step(text, 0, OP);
    const st = this.st;
    if (isInstructionOp(st.op)) {
      if (!this.seen && !this.failed) this.fail(MSG.syntax);
      else if (st.bExpr === '') this.oneOperand(st);
      if (st.mod === null) st.mod = defaultModifier(st.op as Opcode, st.aMode, st.bMode);
    }
    return this.failed ? null : st;
  }

  private oneOperand(st: Statement): void {
    switch (st.op) {
      case 'DAT': // `dat x` is `dat #0, x`
        st.bMode = st.aMode;
        st.bExpr = st.aExpr;
        st.aMode = '#';
        st.aExpr = '0';
        break;
      case 'SPL':
      case 'JMP':
      case 'NOP': // pMARS fills in $0 (the draft says #0)
        st.bMode = '$';
        st.bExpr = '0';
        break;
      default:
        this.fail(MSG.incompleteOperand(st.op));
    }
  }

  private fail(message: string): void {
    this.failed = true;
    this.diag.error(this.src, message);
  }

  private add(which: 'a' | 'b', text: string): void {
    const cur = which === 'a' ? this.st.aExpr : this.st.bExpr;
    if (cur.length + text.length >= MAX_EXPR_CHARS) {
      this.fail(MSG.bufferOverflow);
      return;
    }
    if (which === 'a') this.st.aExpr += text;
    else this.st.bExpr += text;
    this.seen = true;
  }

  private step(s: string, pos: number, state: State): void {
    // Like pMARS, an error does not stop the rest of the line from being parsed (it may report
    // more problems); only the evaluation is skipped.
    if (++this.depth > MAX_STEPS) {
      if (!this.failed) this.fail(MSG.bufferOverflow);
      return;
    }
    this.last = state;
    const tok = getToken(s, pos);
    switch (state) {
      case OP: {
        this.seen = false;
        if (tok.type !== 'ident') {
          this.fail(MSG.missing('opcode'));
          return;
        }
        const upper = tok.text.toUpperCase();
        this.st.op = upper;
        if (isInstructionOp(upper)) {
          this.step(s, tok.end, MOD_OR_A);
          return;
        }
        if (upper === 'ORG' || upper === 'END' || upper === 'PIN') {
          this.step(s, tok.end, B_EXPR);
          return;
        }
        this.st.op = '';
        this.fail(MSG.missing('opcode'));
        return;
      }
      case MOD_OR_A:
      case A_START:
      case B_START: {
        this.seen = false;
        const next = state === B_START ? B_EXPR : A_EXPR;
        switch (tok.type) {
          case 'dot':
            if (state === MOD_OR_A) {
              this.step(s, tok.end, MODIFIER);
              return;
            }
            break;
          case 'mode':
            if (state === B_START) this.st.bMode = tok.text as Mode;
            else this.st.aMode = tok.text as Mode;
            this.step(s, tok.end, next);
            return;
          case 'number':
          case 'expr':
            this.step(s, pos, next);
            return;
          case 'ident':
            this.symbol(s, pos, tok.text, tok.end, state);
            return;
          case 'none':
            return;
          default:
            break;
        }
        if (state === MOD_OR_A) {
          this.fail(MSG.improperPlace(tok.text));
          return;
        }
        this.fail(MSG.missing(state === A_START ? 'A-term' : 'B-term'));
        return;
      }
      case MODIFIER: {
        this.seen = false;
        if (tok.type === 'none') return;
        const upper = tok.text.toUpperCase();
        if (tok.type === 'ident' && (MODIFIER_NAMES as readonly string[]).includes(upper)) {
          this.st.mod = upper as Modifier;
          this.step(s, tok.end, A_START);
          return;
        }
        this.fail(MSG.missing('modifier'));
        return;
      }
      default: {
        // A_EXPR / B_EXPR: collect expression text.
        const which = state === A_EXPR ? 'a' : 'b';
        switch (tok.type) {
          case 'comma':
            if (state === A_EXPR) {
              this.step(s, tok.end, B_START);
              return;
            }
            this.fail(MSG.improperPlace(tok.text));
            return;
          case 'mode':
            if (!OPERATOR_MODES.includes(tok.text)) {
              this.fail(MSG.improperPlace(tok.text));
              return;
            }
            this.add(which, tok.text);
            this.step(s, tok.end, state);
            return;
          case 'number':
            this.add(which, tok.text + ' ');
            this.step(s, tok.end, state);
            return;
          case 'expr':
            this.add(which, tok.text);
            this.step(s, tok.end, state);
            return;
          case 'ident':
            this.symbol(s, pos, tok.text, tok.end, state);
            return;
          case 'none':
            return;
          default:
            this.fail(MSG.improperPlace(tok.text));
            return;
        }
      }
    }
  }

  /** A name inside an operand: EQU text, a label, or a single-letter register. */
  private symbol(s: string, pos: number, name: string, end: number, state: State): void {
    const entry = this.table.lookup(name);
    if (entry !== undefined) {
      if (entry.visit) {
        this.fail(MSG.recursive(name));
        return;
      }
      let text: string;
      if (entry.kind === 'text') text = entry.lines[0].text;
      else if (state === B_EXPR && !isInstructionOp(this.st.op)) text = String(entry.value);
      else text = String(entry.value - this.line);
      entry.visit = true;
      this.step(text, 0, state);
      entry.visit = false;
      // pMARS resumes in the state the substitution ended in, except inside the B expression.
      this.step(s, end, state === B_EXPR ? B_EXPR : this.last);
      return;
    }
    if (name.length !== 1) {
      this.fail(MSG.undefinedSymbol(name));
      return;
    }
    // An unknown one-letter name is a register (a..z).
    if (state === A_EXPR || state === B_EXPR) {
      this.add(state === A_EXPR ? 'a' : 'b', name);
      this.step(s, end, state);
      return;
    }
    this.step(s, pos, state === B_START ? B_EXPR : A_EXPR);
    return;
  }
}

/** pMARS' defaults when no modifier is written (the ICWS'88 to '94 conversion, extended). */
export function defaultModifier(op: Opcode, aMode: Mode, bMode: Mode): Modifier {
  switch (op) {
    case 'DAT':
    case 'NOP': // the draft says .B; pMARS uses .F
      return 'F';
    case 'MOV':
    case 'CMP':
    case 'SEQ':
    case 'SNE':
      if (aMode === '#') return 'AB';
      return bMode === '#' ? 'B' : 'I';
    case 'ADD':
    case 'SUB':
    case 'MUL':
    case 'DIV':
    case 'MOD':
      if (aMode === '#') return 'AB';
      return bMode === '#' ? 'B' : 'F';
    case 'SLT':
    case 'LDP':
    case 'STP':
      return aMode === '#' ? 'AB' : 'B';
    default:
      return 'B';
  }
}
