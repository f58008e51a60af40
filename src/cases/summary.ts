import { mean, sampleSd } from '../util/stats.ts';
import { caseLabel } from './case-set.ts';
import type { CaseResult } from './run.ts';

/** Counts of verdicts, e.g. { ok: 10, 'time-limit': 2 }. */
export function verdictCounts(results: readonly CaseResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  return counts;
}

/** The metrics a multi-case evaluation shows the search (public cases only). */
export function caseMetrics(results: readonly CaseResult[], stage: number, stages: number, cpuLimitMs: number): Record<string, number> {
  const cpu = results.flatMap((r) => (r.cpuMs === null ? [] : [r.cpuMs]));
  const counts = verdictCounts(results);
  return {
    cases: results.length,
    cases_ok: counts.ok ?? 0,
    stage,
    stages,
    mean_case_score: round(mean(results.map((r) => r.score))),
    time_limit_rate: round((counts['time-limit'] ?? 0) / Math.max(1, results.length)),
    cpu_ms_mean: round(mean(cpu)),
    cpu_ms_max: cpu.length ? Math.max(...cpu) : 0,
    cpu_limit_ms: cpuLimitMs,
  };
}

/**
 * Feedback a model or a person can act on: the verdict counts, CPU use against the limit, then the cases that went
 * wrong and the weakest ones that went right (public cases only; hidden results never pass through here).
 */
export function caseFeedback(results: readonly CaseResult[], stage: number, stages: number, total: number, cpuLimitMs: number): string {
  const counts = Object.entries(verdictCounts(results))
    .map(([v, n]) => `${n} ${v}`)
    .join(', ');
  const cpu = results.flatMap((r) => (r.cpuMs === null ? [] : [r.cpuMs]));
  const lines = [
    `${results.length} of ${total} public cases run (stage ${stage} of ${stages}${results.length < total ? ', stopped early: not among the best of its island' : ''}): ${counts}.`,
  ];
  if (cpu.length) lines.push(`CPU per case: mean ${Math.round(mean(cpu))} ms, max ${Math.round(Math.max(...cpu))} ms (limit ${cpuLimitMs} ms).`);
  const wrong = results.filter((r) => r.verdict !== 'ok').slice(0, 3);
  for (const r of wrong)
    lines.push(`${caseLabel({ index: r.case, seed: r.seed, file: r.file, family: r.family })}: ${r.verdict}${r.feedback ? ` — ${oneLine(r.feedback)}` : ''}`);
  const ok = results.filter((r) => r.verdict === 'ok').sort((a, b) => a.score - b.score);
  if (ok.length) {
    const low = ok[0];
    lines.push(
      `lowest score ${low.score} on ${caseLabel({ index: low.case, seed: low.seed, file: low.file, family: low.family })}; highest ${ok[ok.length - 1].score}.`,
    );
  }
  return lines.join('\n');
}

export interface PairedComparison {
  /** Cases present in both. */
  n: number;
  meanDiff: number;
  /** Standard error of the mean difference. */
  se: number;
  /** The challenger's mean is above the champion's by more than two standard errors. */
  better: boolean;
}

/**
 * The challenger against the champion, case by case on the same cases: the mean of the differences and its standard
 * error. Pairing removes the cases' own spread (some inputs are just harder), so small real gains show.
 */
export function pairedComparison(challenger: readonly CaseResult[], champion: readonly CaseResult[]): PairedComparison {
  const theirs = new Map(champion.map((r) => [r.case, r.score]));
  const diffs = challenger.flatMap((r) => (theirs.has(r.case) ? [r.score - (theirs.get(r.case) ?? 0)] : []));
  const n = diffs.length;
  if (n === 0) return { n, meanDiff: 0, se: 0, better: false };
  const meanDiff = mean(diffs);
  const se = n > 1 ? sampleSd(diffs) / Math.sqrt(n) : Number.POSITIVE_INFINITY;
  return { n, meanDiff, se, better: meanDiff > 0 && meanDiff > 2 * se };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function oneLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 240 ? `${line.slice(0, 240)}…` : line;
}
