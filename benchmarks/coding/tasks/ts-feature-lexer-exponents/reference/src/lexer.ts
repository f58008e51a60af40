// Lexer for the formula language of the spreadsheet: numbers, identifiers, operators and parentheses.

export type Token =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'ident'; name: string; pos: number }
  | { kind: 'op'; op: string; pos: number }
  | { kind: 'paren'; open: boolean; pos: number };

const OPERATORS = ['<=', '>=', '<>', '+', '-', '*', '/', '^', '<', '>', '=', ',', '&'];

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isIdentStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const isIdentPart = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_.]/.test(c);

// Reads a number starting at `start`; returns its value and the index just past it.
function readNumber(src: string, start: number): [number, number] {
  let i = start;
  while (isDigit(src[i])) i++;
  if (src[i] === '.') {
    i++;
    if (!isDigit(src[i])) throw new SyntaxError(`digit expected after '.' at ${i}`);
    while (isDigit(src[i])) i++;
  }
  if (src[i] === 'e' || src[i] === 'E') {
    i++;
    if (src[i] === '+' || src[i] === '-') i++;
    if (!isDigit(src[i])) throw new SyntaxError(`digit expected in exponent at ${i}`);
    while (isDigit(src[i])) i++;
  }
  return [Number(src.slice(start, i)), i];
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (isDigit(c) || (c === '.' && isDigit(src[i + 1]))) {
      const [value, end] = readNumber(src, i);
      tokens.push({ kind: 'number', value, pos: i });
      i = end;
    } else if (isIdentStart(c)) {
      let end = i + 1;
      while (isIdentPart(src[end])) end++;
      tokens.push({ kind: 'ident', name: src.slice(i, end).toUpperCase(), pos: i });
      i = end;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: 'paren', open: c === '(', pos: i });
      i++;
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (!op) throw new SyntaxError(`unexpected '${c}' at ${i}`);
      tokens.push({ kind: 'op', op, pos: i });
      i += op.length;
    }
  }
  return tokens;
}

// Compact form for debugging and tests: "SUM ( 1 , 2.5 )".
export function show(tokens: Token[]): string {
  return tokens
    .map((t) => (t.kind === 'number' ? String(t.value) : t.kind === 'ident' ? t.name : t.kind === 'op' ? t.op : t.open ? '(' : ')'))
    .join(' ');
}
