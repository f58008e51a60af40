import type { Rng } from '../../util/rng.ts';
import { type Region, type TextEdit, applyEdits, evolveRegions, insideRegions, lineAt } from '../evolve-blocks.ts';
import type { Operator, OperatorInput, OperatorOutput } from '../operator.ts';
import { isJsLike, parseSource, syntaxError, ts, walk } from './syntax.ts';

interface NumberSite {
  start: number;
  end: number;
  text: string;
  value: number;
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
      if (DECIMAL.test(text) && insideRegions(regions, start, end)) sites.push({ start, end, text, value: Number(text) });
    });
    return sites;
  }
  for (const r of regions) {
    const region = code.slice(r.start, r.end);
    const masked = maskCommentsAndStrings(region);
    for (const m of masked.matchAll(/(?<![\w.])(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?![\w.])/g)) {
      const start = r.start + (m.index ?? 0);
      sites.push({ start, end: start + m[0].length, text: m[0], value: Number(m[0]) });
    }
  }
  return sites;
}

/** Blanks out comments (# and //, /* *\/) and quoted strings so their digits are not taken for constants. */
function maskCommentsAndStrings(text: string): string {
  return text.replace(/("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/g, (s) => s.replace(/[^\n]/g, ' '));
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
  const sigma = rng.pick([0.002, 0.02, 0.1, 0.3]);
  const next = value === 0 ? sigma * rng.normal() * 0.1 : value * (1 + sigma * rng.normal());
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

/** Perturbs one to three numeric constants inside the evolvable regions. */
export class NumericOperator implements Operator {
  readonly name = 'numeric';

  supports(): boolean {
    return true;
  }

  async propose({ code, language, rng }: OperatorInput): Promise<OperatorOutput | null> {
    const regions = evolveRegions(code);
    const sites = numberSites(code, language, regions);
    if (sites.length === 0) return null;
    const count = Math.min(sites.length, rng.weighted([0.6, 0.3, 0.1]) + 1);
    const chosen = rng.sample(sites, count);
    const edits: TextEdit[] = chosen.map((s) => ({ start: s.start, end: s.end, text: perturb(s.text, s.value, rng) }));
    const child = applyEdits(code, edits);
    if (isJsLike(language) && syntaxError(child, language)) return null;
    const change = chosen.map((s, i) => `line ${lineAt(code, s.start)}: ${s.text} → ${edits[i].text}`).join('; ');
    return { code: child, change: `constants ${change}` };
  }
}
