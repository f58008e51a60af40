import type { CaseResult } from '../cases/run.ts';
import type { CaseSummary, RunCases } from '../store/figures.ts';

/**
 * How a multi-case run's figures are worded, once, for `kaizen status` and `kaizen report`. Hidden cases are only
 * ever summarised here: counts, mean and verdicts, never a seed or an input.
 */

// Integers in full (a score of 14747597 must read the same as in --json), other numbers to 6 significant digits.
const num = (x: number | null) => (x === null ? '—' : Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));

/** Verdict counts, most frequent first: "ok 18, time-limit 2". */
export function verdictsText(verdicts: Record<string, number>): string {
  const parts = Object.entries(verdicts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([v, n]) => `${v} ${n}`);
  return parts.join(', ') || 'none';
}

/** "20 cases, 18 ok, mean score 12.5 (ok 18, time-limit 2), CPU ms mean 40, max 95". */
export function summaryText(s: CaseSummary): string {
  const cpu = s.cpuMsMean === null ? '' : `, CPU ms mean ${Math.round(s.cpuMsMean)}, max ${Math.round(s.cpuMsMax ?? 0)}`;
  return `${s.cases} cases, ${s.ok} ok, mean score ${num(s.meanScore)} (${verdictsText(s.verdicts)})${cpu}`;
}

/** The champion's hidden cases in one line (never per case), with the gate's checks. */
export function hiddenText(h: CaseSummary | null, hiddenScore: number | null, checks: RunCases['checks']): string {
  const gate = `${checks.checks} hidden-case checks, ${checks.promoted} promoted`;
  if (!h) return `hidden: the champion was not run on the hidden cases; ${gate}`;
  const score = hiddenScore === null ? '' : `, hidden score ${num(hiddenScore)}`;
  return `hidden: ${h.cases} cases, mean score ${num(h.meanScore)}${score} (${verdictsText(h.verdicts)}); ${gate}`;
}

/** "stage 1: 120, stage 2: 80". */
export function stagesText(stages: RunCases['stages']): string {
  return stages.map((s) => `stage ${s.stage}: ${s.programs}`).join(', ') || 'none';
}

/** The per-case table's columns and rows (the same cells as cases/table.ts's plain-text table), for Markdown and HTML. */
export const CASE_HEAD = ['case', 'input', 'verdict', 'score', 'cpu ms', 'wall ms', 'answer', 'feedback'];

export function caseRows(results: readonly CaseResult[]): string[][] {
  return results.map((r) => [
    String(r.case),
    r.file ?? (r.seed === null ? '(hidden)' : String(r.seed)),
    r.verdict,
    String(r.score),
    r.cpuMs === null ? '—' : String(Math.round(r.cpuMs)),
    String(r.wallMs),
    r.digest ? r.digest.slice(0, 12) : '—',
    firstLine(r.feedback ?? ''),
  ]);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}
