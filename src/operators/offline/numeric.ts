import type { Rng } from '../../util/rng.ts';
import { type Region, type TextEdit, applyEdits, evolveRegions, insideRegions, lineAt } from '../evolve-blocks.ts';
import type { Operator, OperatorInput, OperatorOutput } from '../operator.ts';
import { isJsLike, parseSource, syntaxError, ts, walk } from './syntax.ts';

interface NumberSite {
  start: number;
  end: number;
  text: string;
  value: number;
  /** The literal is the whole value of a named constant (`const NAME = 0.05`, `NAME = 3`, `#define NAME 3`). */
  named: boolean;
}

const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Numeric literals inside the evolvable regions. JavaScript/TypeScript through the parser; other languages by tokens. */
export function numberSites(code: string, language: string, regions: readonly Region[]): NumberSite[] {
  const sites: NumberSite[] = [];
  if (isJsLike(language)) {
    const sf = parseSource(code, language);
    walk(sf, (node) => {
      if (!ts.isNumericLiteral(node)) return;
      const start = node.getStart(sf);
      const end = node.getEnd();
      const text = code.slice(start, end);
      const named = isConstInitializer(node);
      if (DECIMAL.test(text) && insideRegions(regions, start, end)) sites.push({ start, end, text, value: Number(text), named });
    });
    return sites;
  }
  for (const r of regions) {
    const region = code.slice(r.start, r.end);
    const masked = maskCommentsAndStrings(region, language);
    for (const m of masked.matchAll(/(?<![\w.])(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?![\w.])/g)) {
      const start = r.start + (m.index ?? 0);
      const end = start + m[0].length;
      sites.push({ start, end, text: m[0], value: Number(m[0]), named: isNamedConstant(code, start, end) });
    }
  }
  return sites;
}

/** `const NAME = 0.05` (not a loop counter's start, not a `let`). */
function isConstInitializer(node: ts.Node): boolean {
  const declaration = node.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== node) return false;
  const list = declaration.parent;
  return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0 && ts.isVariableStatement(list.parent);
}

/** A literal that is the whole right-hand side of an assignment or `#define` on its own line, outside JS/TS. */
function isNamedConstant(code: string, start: number, end: number): boolean {
  const lineStart = code.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = code.indexOf('\n', end);
  const before = code.slice(lineStart, start);
  const after = code.slice(end, lineEnd < 0 ? code.length : lineEnd);
  const head = /^\s*(?:(?:static\s+)?(?:const(?:expr)?\s+)?[\w:<>]+\s+)?[A-Za-z_]\w*\s*(?::\s*\w+\s*)?=\s*$|^\s*#define\s+\w+\s+$/;
  const tail = /^\s*(?:;|,)?\s*(?:(?:\/\/|#).*)?$/;
  return head.test(before) && tail.test(after);
}

const HASH_COMMENTS = new Set(['python', 'ruby', 'shell', 'bash', 'sh', 'r', 'perl']);
const STRINGS = String.raw`"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'`;
const HASH_COMMENT = new RegExp(`${STRINGS}|#[^\\n]*`, 'g');
// In C-like languages `#` starts a preprocessor line (`#define N 3`, a constant), and in Python `//` divides.
const SLASH_COMMENT = new RegExp(`${STRINGS}|\\/\\/[^\\n]*|\\/\\*[\\s\\S]*?\\*\\/`, 'g');

/** Blanks out comments (the language's own kind) and quoted strings so their digits are not taken for constants. */
function maskCommentsAndStrings(text: string, language: string): string {
  const pattern = HASH_COMMENTS.has(language) ? HASH_COMMENT : SLASH_COMMENT;
  return text.replace(pattern, (s) => s.replace(/[^\n]/g, ' '));
}

const isIntegerText = (text: string) => /^\d+$/.test(text);

/** A new value for a constant: multiplicative noise at a random scale, so both fine tuning and big jumps happen. */
export function perturb(text: string, value: number, rng: Rng): string {
  if (isIntegerText(text)) {
    for (let attempt = 0; attempt < 8; attempt++) {
      const next = rng.next() < 0.5 ? value + (rng.next() < 0.5 ? -1 : 1) : Math.round(value * Math.exp(0.35 * rng.normal()));
      const bounded = value >= 1 ? Math.max(1, next) : Math.max(0, next);
      if (bounded !== value) return String(bounded);
    }
    return String(value + 1);
  }
  // Small steps tune; log-normal jumps (×0.5 to ×2 typical) move a setting far from where its author left it.
  const sigma = rng.pick([0.002, 0.02, 0.1, 0.3, 0, 0]);
  if (value !== 0 && sigma === 0) return formatFloat(value * Math.exp(0.7 * rng.normal()), value);
  const next = value === 0 ? (sigma || 0.3) * rng.normal() * 0.1 : value * (1 + sigma * rng.normal());
  return formatFloat(next, value);
}

function formatFloat(v: number, original: number): string {
  let s = Number(Math.abs(v).toPrecision(6)).toString();
  if (s.includes('e')) s = Math.abs(v).toFixed(12).replace(/0+$/, '');
  if (!s.includes('.')) s += '.0';
  const negative = v < 0 && original >= 0;
  // A literal cannot carry a sign: a negative value of a non-negative literal becomes a parenthesised negation.
  return negative ? `(-${s})` : s;
}

/**
 * Whether a literal is under a unary minus (`x = -0.5`, `f(-2)`), not after a binary one (`a - 2`): the literal alone
 * is unsigned, and a change note must show the value the program holds.
 */
export function isNegated(code: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && (code[i] === ' ' || code[i] === '\t')) i--;
  if (code[i] !== '-') return false;
  let j = i - 1;
  while (j >= 0 && (code[j] === ' ' || code[j] === '\t')) j--;
  return j < 0 || !/[\w)\].]/.test(code[j]);
}

/** A literal's text as the value it gives under a unary minus: `-0.5`, and `-(-0.5)` read as `0.5`. */
function asWritten(text: string, negated: boolean): string {
  if (!negated) return text;
  return text.startsWith('(-') && text.endsWith(')') ? text.slice(2, -1) : `-${text}`;
}

/** Share of proposals that change named constants only, when the program has some: the knobs its author exposed. */
const NAMED_SHARE = 0.7;

/** Perturbs one to three numeric constants inside the evolvable regions, named constants first. */
export class NumericOperator implements Operator {
  readonly name = 'numeric';

  supports(): boolean {
    return true;
  }

  async propose({ code, language, rng }: OperatorInput): Promise<OperatorOutput | null> {
    const regions = evolveRegions(code);
    const sites = numberSites(code, language, regions);
    if (sites.length === 0) return null;
    const named = sites.filter((s) => s.named);
    const pool = named.length > 0 && rng.next() < NAMED_SHARE ? named : sites;
    const count = Math.min(pool.length, rng.weighted([0.6, 0.3, 0.1]) + 1);
    const chosen = rng.sample(pool, count);
    const edits: TextEdit[] = chosen.map((s) => ({ start: s.start, end: s.end, text: perturb(s.text, s.value, rng) }));
    const child = applyEdits(code, edits);
    if (isJsLike(language) && syntaxError(child, language)) return null;
    const change = chosen
      .map((s, i) => {
        const negated = isNegated(code, s.start);
        return `line ${lineAt(code, s.start)}: ${asWritten(s.text, negated)} → ${asWritten(edits[i].text, negated)}`;
      })
      .join('; ');
    return { code: child, change: `constants ${change}` };
  }
}
