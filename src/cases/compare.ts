import { KaizenError } from '../errors.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { mean } from '../util/stats.ts';
import { type CaseRef, caseLabel } from './case-set.ts';
import type { CaseTask } from './case-task.ts';
import type { CaseResult } from './run.ts';
import { pairedComparison } from './summary.ts';

// A pre-registered paired comparison of two programs (`kaizen compare`): both run every case of a fixed set, case by
// case, and the verdict follows a rule fixed before either ran. The figures here are pure; the CLI records the plan
// and the result in the ledger.

/** What is compared: the mean over the cases of B's case score minus A's. */
export const COMPARISON_METRIC = 'case score (the task scorer’s score of each case; 0 for a case that fails), difference B − A per case';
/** The verdict rule, fixed before any program runs. */
export const COMPARISON_RULE = 'better if mean(B − A) > 2·SE, worse if mean(B − A) < −2·SE, else within noise; SE = sample sd of the differences / √n';
/** How the two programs share the machine. */
export const COMPARISON_ORDER = 'case by case, A and B on the same case one after the other, alternating which goes first';

export type ComparisonVerdict = 'better' | 'worse' | 'within noise';

export interface ComparedProgram {
  code: string;
  language: string;
}

/** One case run by both programs. */
export interface PairedCase {
  case: number;
  family: string | null;
  seed: number;
  a: CaseResult;
  b: CaseResult;
  /** b.score − a.score (a failed case scores 0). */
  diff: number;
}

export interface DifferenceFigures {
  /** Paired cases. */
  n: number;
  meanA: number;
  meanB: number;
  /** Mean of B − A. */
  meanDiff: number;
  /** Standard error of the mean difference; null when it cannot be measured (a single case). */
  se: number | null;
  verdict: ComparisonVerdict;
  /** Cases each program failed (any verdict but ok: they count with score 0). */
  failures: { a: number; b: number };
}

export interface ComparisonSummary extends DifferenceFigures {
  perFamily: (DifferenceFigures & { family: string | null })[];
  /** A program that did not compile fails every case; its compiler's message. */
  compileErrors: { a: string | null; b: string | null };
}

/** The rule: B is better (worse) when the mean difference is above (below) two standard errors from 0. */
export function comparisonVerdict(meanDiff: number, se: number | null): ComparisonVerdict {
  if (se === null || !Number.isFinite(se)) return 'within noise';
  if (meanDiff > 2 * se) return 'better';
  if (meanDiff < -2 * se) return 'worse';
  return 'within noise';
}

/**
 * Runs A and B on every case of `refs`, no cascade: for each case both programs, one right after the other (the first
 * alternating), so drift of the machine's speed hits both alike. A program that fails to compile fails every case
 * (compiled once); a broken scorer is an error. `onCase` hears each finished pair.
 */
export async function runPaired(
  caseTask: CaseTask,
  sandbox: Sandbox,
  a: ComparedProgram,
  b: ComparedProgram,
  refs: readonly CaseRef[],
  onCase?: (done: number, total: number) => void,
): Promise<{ pairs: PairedCase[]; compileErrors: { a: string | null; b: string | null } }> {
  const compiled: Record<'a' | 'b', CaseResult | null> = { a: null, b: null };
  const one = async (which: 'a' | 'b', program: ComparedProgram, ref: CaseRef): Promise<CaseResult> => {
    const failed = compiled[which];
    if (failed) return { ...failed, case: ref.index, seed: ref.seed, file: ref.file, ...(ref.family !== null ? { family: ref.family } : {}) };
    const outcome = await caseTask.runAll(sandbox, program.code, program.language, [ref]);
    const result = outcome.results[0];
    if (!result) throw new KaizenError(`${caseLabel(ref)}: program ${which.toUpperCase()} gave no result`);
    if (outcome.judgeError) throw new KaizenError(`the task's scorer failed on program ${which.toUpperCase()}'s answer: ${outcome.judgeError}`);
    if (result.verdict === 'compile-error') compiled[which] = { ...result, wallMs: 0, cpuMs: null };
    return result;
  };
  const pairs: PairedCase[] = [];
  for (const [i, ref] of refs.entries()) {
    let ra: CaseResult;
    let rb: CaseResult;
    if (i % 2 === 0) {
      ra = await one('a', a, ref);
      rb = await one('b', b, ref);
    } else {
      rb = await one('b', b, ref);
      ra = await one('a', a, ref);
    }
    pairs.push({ case: ref.index, family: ref.family, seed: ref.seed ?? 0, a: ra, b: rb, diff: rb.score - ra.score });
    onCase?.(i + 1, refs.length);
  }
  return { pairs, compileErrors: { a: compiled.a?.feedback ?? null, b: compiled.b?.feedback ?? null } };
}

/** The figures of a set of pairs: each program's mean, the mean difference, its standard error and the verdict. */
export function differenceFigures(pairs: readonly PairedCase[]): DifferenceFigures {
  const paired = pairedComparison(
    pairs.map((p) => p.b),
    pairs.map((p) => p.a),
  );
  const se = paired.n > 1 && Number.isFinite(paired.se) ? paired.se : null;
  return {
    n: paired.n,
    meanA: mean(pairs.map((p) => p.a.score)),
    meanB: mean(pairs.map((p) => p.b.score)),
    meanDiff: paired.meanDiff,
    se,
    verdict: comparisonVerdict(paired.meanDiff, se),
    failures: { a: pairs.filter((p) => p.a.verdict !== 'ok').length, b: pairs.filter((p) => p.b.verdict !== 'ok').length },
  };
}

/** The whole comparison: overall figures and the same per family (in the families' order). */
export function summarise(pairs: readonly PairedCase[], compileErrors: ComparisonSummary['compileErrors']): ComparisonSummary {
  const families = [...new Set(pairs.map((p) => p.family))];
  return {
    ...differenceFigures(pairs),
    perFamily: families.map((family) => ({ family, ...differenceFigures(pairs.filter((p) => p.family === family)) })),
    compileErrors,
  };
}

/** A signed figure: `+0.0123`, `−0.5000`; very small ones in exponent form. */
export function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${magnitude(Math.abs(x))}`;
}

/** A figure with four decimals, or in exponent form when that would show nothing. */
export function magnitude(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return x !== 0 && Math.abs(x) < 0.001 ? x.toExponential(3) : x.toFixed(4);
}

/** Per-case results of both programs as a plain-text table (the family column only when the cases have families). */
export function pairedTable(pairs: readonly PairedCase[]): string {
  const withFamily = pairs.some((p) => p.family !== null);
  const head = ['case', ...(withFamily ? ['family'] : []), 'seed', 'A verdict', 'A score', 'B verdict', 'B score', 'B − A'];
  const rows = pairs.map((p) => [
    String(p.case),
    ...(withFamily ? [p.family ?? '—'] : []),
    String(p.seed),
    p.a.verdict,
    String(p.a.score),
    p.b.verdict,
    String(p.b.score),
    signed(p.diff),
  ]);
  return alignedTable(head, rows, (h) => /score|B − A|seed|case/.test(h));
}

/** Per-family figures as a plain-text table. */
export function familyTable(summary: ComparisonSummary): string {
  const head = ['family', 'cases', 'mean A', 'mean B', 'B − A', 'SE', 'A failed', 'B failed', 'verdict'];
  const rows = summary.perFamily.map((f) => [
    f.family ?? '(none)',
    String(f.n),
    magnitude(f.meanA),
    magnitude(f.meanB),
    signed(f.meanDiff),
    f.se === null ? '—' : magnitude(f.se),
    String(f.failures.a),
    String(f.failures.b),
    f.verdict,
  ]);
  return alignedTable(head, rows, (h) => h !== 'family' && h !== 'verdict');
}

/** The closing line: `B vs A: +0.0123 ± 0.0090 (2 SE; SE 0.0045) over 32 paired cases → better`. */
export function verdictLine(s: DifferenceFigures): string {
  const band = s.se === null ? '± — (SE not measurable from one case)' : `± ${magnitude(2 * s.se)} (2 SE; SE ${magnitude(s.se)})`;
  return `B vs A: ${signed(s.meanDiff)} ${band} over ${s.n} paired case${s.n === 1 ? '' : 's'} → ${s.verdict}`;
}

function alignedTable(head: string[], rows: string[][], right: (header: string) => boolean): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right(head[i]) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
