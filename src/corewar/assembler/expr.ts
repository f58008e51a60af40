// Expression evaluator with pMARS semantics.
//
// pMARS evaluates in C `long` (64-bit on the Linux build that produced our oracle), with C
// truncating division, 26 single-letter registers (`a=5` assigns, `a` reads) that live for the
// whole assembly, and comparison/logical operators that yield 0/1. Its precedence climbing has
// quirks we reproduce on purpose:
//  - levels (high to low): * / %, + -, comparisons, &&, ||; unary - + ! bind tightest;
//  - an operator "pushed back" when a sub-evaluation ends is forgotten if it is `==`, because
//    pMARS encodes `==` as 0 and tests the pushed-back operator for truthiness. `1+2*3==7` is
//    therefore a "Bad expression" in pMARS, and so it is here.

export const EXPR_OK = 0;
export const EXPR_OVERFLOW = 1;
export const EXPR_BAD = -1;
export const EXPR_DIV_ZERO = -2;

// Two-character operators use pMARS' small codes; one-character ones use their char code.
const OP_EQ = 0;
const OP_NE = 1;
const OP_GE = 2;
const OP_LE = 3;
const OP_AND = 4;
const OP_OR = 5;
const OP_IDENT = 6; // "take the right operand", used to start an evaluation
const CH = (c: string): number => c.charCodeAt(0);

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);
const MAX_DIGITS = 20;

function precedence(op: number): number {
  if (op === CH('*') || op === CH('/') || op === CH('%')) return 5;
  if (op === CH('+') || op === CH('-')) return 4;
  if (op === CH('<') || op === CH('>') || op === OP_EQ || op === OP_NE || op === OP_GE || op === OP_LE) return 3;
  if (op === OP_AND) return 2;
  if (op === OP_OR) return 1;
  return 0;
}

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
const inRange = (v: bigint): boolean => v >= LONG_MIN && v <= LONG_MAX;
const bool = (b: boolean): bigint => (b ? 1n : 0n);

/** The 26 registers a..z; one set per assembly. */
export type Registers = bigint[];
export const newRegisters = (): Registers => new Array<bigint>(26).fill(0n);

export interface EvalResult {
  /** EXPR_OK, EXPR_OVERFLOW (a warning), EXPR_BAD or EXPR_DIV_ZERO. */
  status: number;
  value: bigint;
}

class Evaluator {
  private p = 0;
  private saved = -1; // pushed-back operator; -1 = none
  status = EXPR_OK;

  private readonly s: string;
  private readonly regs: Registers;

  constructor(s: string, regs: Registers) {
    this.s = s;
    this.regs = regs;
  }

  get pos(): number {
    return this.p;
  }

  private skipSpace(): void {
    while (this.p < this.s.length && ' \t\n\r\v\f'.includes(this.s[this.p])) this.p++;
  }

  private calc(x: bigint, y: bigint, op: number): bigint {
    let z: bigint;
    switch (op) {
      case CH('+'):
        z = x + y;
        break;
      case CH('-'):
        z = x - y;
        break;
      case CH('*'):
        z = x * y;
        break;
      case CH('/'):
      case CH('%'):
        if (y === 0n) {
          // pMARS reads an uninitialised value after a missing operand, so a division following
          // a bad expression does not reliably report division by zero: keep "Bad expression".
          if (this.status !== EXPR_BAD) this.status = EXPR_DIV_ZERO;
          return 0n;
        }
        z = op === CH('/') ? x / y : x % y; // BigInt division truncates, like C
        break;
      case OP_AND:
        return bool(x !== 0n && y !== 0n);
      case OP_OR:
        return bool(x !== 0n || y !== 0n);
      case OP_EQ:
        return bool(x === y);
      case OP_NE:
        return bool(x !== y);
      case CH('<'):
        return bool(x < y);
      case CH('>'):
        return bool(x > y);
      case OP_LE:
        return bool(x <= y);
      case OP_GE:
        return bool(x >= y);
      case OP_IDENT:
        return y;
      default:
        this.status = EXPR_BAD;
        return 0n;
    }
    if (!inRange(z) && this.status === EXPR_OK) this.status = EXPR_OVERFLOW;
    return wrap(z);
  }

  private readOp(): number {
    const c = this.s[this.p++] ?? '';
    const n = this.s[this.p];
    const two = (second: string, code: number): number => {
      if (n === second) {
        this.p++;
        return code;
      }
      return CH(c);
    };
    switch (c) {
      case '&':
        return two('&', OP_AND);
      case '|':
        return two('|', OP_OR);
      case '=':
        return two('=', OP_EQ);
      case '!':
        return two('=', OP_NE);
      case '<':
        return two('=', OP_LE);
      case '>':
        return two('=', OP_GE);
      default:
        return c === '' ? -1 : CH(c);
    }
  }

  private value(): bigint {
    this.skipSpace();
    const c = this.s[this.p];
    if (c === '(') {
      this.p++;
      const v = this.evaluate(-1, 0n, OP_IDENT);
      if (this.s[this.p] !== ')') this.status = EXPR_BAD;
      if (this.p < this.s.length) this.p++;
      return v;
    }
    if (c === '-') {
      this.p++;
      return wrap(-this.value());
    }
    if (c === '!') {
      this.p++;
      return bool(this.value() === 0n);
    }
    if (c === '+') {
      this.p++;
      return this.value();
    }
    if (c !== undefined && /^[A-Za-z]$/.test(c)) {
      this.p++;
      return this.register(c.toUpperCase().charCodeAt(0) - 65);
    }
    const from = this.p;
    while (this.p < this.s.length && this.p - from < MAX_DIGITS && this.s[this.p] >= '0' && this.s[this.p] <= '9') {
      this.p++;
    }
    if (this.p === from) {
      this.status = EXPR_BAD;
      return 0n;
    }
    const v = BigInt(this.s.slice(from, this.p));
    return v > LONG_MAX ? LONG_MAX : v; // sscanf("%ld") saturates
  }

  private register(id: number): bigint {
    this.skipSpace();
    if (this.s[this.p] === '=' && this.s[this.p + 1] !== '=') {
      this.p++;
      const v = this.evaluate(-1, 0n, OP_IDENT);
      this.regs[id] = v;
      return v;
    }
    return this.regs[id];
  }

  /** Evaluates `val1 op1 <rest>`, stopping before operators of precedence <= prevPrec. */
  evaluate(prevPrec: number, val1: bigint, op1: number): bigint {
    this.saved = -1;
    const val2 = this.value();
    this.skipSpace();
    if (this.p >= this.s.length || this.s[this.p] === ')') return this.calc(val1, val2, op1);
    const op2 = this.readOp();
    const prec1 = precedence(op1);
    const prec2 = precedence(op2);
    if (prec1 >= prec2) {
      if (prec2 > prevPrec) return this.evaluate(prevPrec, this.calc(val1, val2, op1), op2);
      const r = this.calc(val1, val2, op1);
      this.saved = op2;
      return r;
    }
    const right = this.evaluate(prec1, val2, op2);
    let r = this.calc(val1, right, op1);
    // pMARS stores the pushed-back operator in a char and tests it for truthiness, so `==`
    // (code 0) is lost here.
    if (this.saved > 0 && precedence(this.saved) >= prevPrec) r = this.evaluate(prevPrec, r, this.saved);
    return r;
  }
}

// Deeply nested input (thousands of parentheses) would overflow the JS stack; pMARS' own line
// buffer makes such input impossible there, so rejecting it is safe.
const MAX_EXPR_LENGTH = 4000;

export function evalExpr(text: string, regs: Registers): EvalResult {
  if (text.length > MAX_EXPR_LENGTH) return { status: EXPR_BAD, value: 0n };
  const ev = new Evaluator(text, regs);
  let value: bigint;
  try {
    value = ev.evaluate(-1, 0n, OP_IDENT);
  } catch (e) {
    if (e instanceof RangeError) return { status: EXPR_BAD, value: 0n };
    throw e;
  }
  if (ev.pos < text.length) return { status: EXPR_BAD, value };
  return { status: ev.status, value };
}
