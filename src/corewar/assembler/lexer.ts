// Tokeniser shared by both assembler passes. It reproduces pMARS' get_token(): one token at a
// time from a string offset, whitespace skipped, identifiers are [A-Za-z_][A-Za-z0-9_]*, numbers
// are digit runs, every other character is a one-character token (except '&&' and '||').

export type TokenType =
  | 'none' // end of text
  | 'number'
  | 'ident'
  | 'expr' // ( ) / + - % ! = && ||
  | 'mode' // # $ @ < > * { }
  | 'concat' // a lone '&'
  | 'comment' // ;
  | 'comma'
  | 'dot'
  | 'misc';

export interface Token {
  type: TokenType;
  text: string;
  /** Offset just after the token. */
  end: number;
}

/** C isspace() in the "C" locale. */
export function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** C isalpha() (ASCII only: pMARS runs in the C locale). */
export function isAlpha(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
}

function isIdentStart(ch: string | undefined): boolean {
  return isAlpha(ch) || ch === '_';
}

function isIdentChar(ch: string | undefined): boolean {
  return isIdentStart(ch) || isDigit(ch);
}

// With pMARS' EXT94 modes, '*' is an addressing-mode symbol, not an expression operator: inside an
// expression it is accepted only where the parser allows a mode symbol to mean multiply / compare.
const EXPR_CHARS = '()/+-%!=';
const MODE_CHARS = '#$@<>*{}';

export function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s[i])) i++;
  return i;
}

export function getToken(s: string, start: number): Token {
  let i = skipSpace(s, start);
  if (i >= s.length) return { type: 'none', text: '', end: i };
  const ch = s[i];
  if (isDigit(ch)) {
    const from = i;
    while (isDigit(s[i])) i++;
    return { type: 'number', text: s.slice(from, i), end: i };
  }
  if (isIdentStart(ch)) {
    const from = i;
    while (i < s.length && isIdentChar(s[i])) i++;
    return { type: 'ident', text: s.slice(from, i), end: i };
  }
  if (EXPR_CHARS.includes(ch)) return { type: 'expr', text: ch, end: i + 1 };
  if (MODE_CHARS.includes(ch)) return { type: 'mode', text: ch, end: i + 1 };
  if (ch === '&') {
    if (s[i + 1] === '&') return { type: 'expr', text: '&&', end: i + 2 };
    return { type: 'concat', text: '&', end: i + 1 };
  }
  if (ch === ';') return { type: 'comment', text: ch, end: i + 1 };
  if (ch === ',') return { type: 'comma', text: ch, end: i + 1 };
  if (ch === '.') return { type: 'dot', text: ch, end: i + 1 };
  if (ch === '|' && s[i + 1] === '|') return { type: 'expr', text: '||', end: i + 2 };
  return { type: 'misc', text: ch, end: i + 1 };
}

/** Real opcodes, in the order used for lookup (order is irrelevant to the output). */
export const INSTRUCTION_OPS = [
  'MOV',
  'ADD',
  'SUB',
  'MUL',
  'DIV',
  'MOD',
  'JMZ',
  'JMN',
  'DJN',
  'CMP',
  'SLT',
  'SPL',
  'DAT',
  'JMP',
  'SEQ',
  'SNE',
  'NOP',
  'LDP',
  'STP',
] as const;
export const PSEUDO_OPS = ['ORG', 'END', 'PIN'] as const;

export function isInstructionOp(upper: string): boolean {
  return (INSTRUCTION_OPS as readonly string[]).includes(upper);
}

export function isPseudoOp(upper: string): boolean {
  return (PSEUDO_OPS as readonly string[]).includes(upper);
}

export const MODIFIER_NAMES = ['A', 'B', 'AB', 'BA', 'F', 'X', 'I'] as const;
