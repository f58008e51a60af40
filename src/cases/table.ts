import type { CaseResult } from './run.ts';

/** Per-case results as a plain-text table: case, seed or file, verdict, score, CPU and wall ms, answer digest, feedback. */
export function caseTable(results: readonly CaseResult[]): string {
  const rows = results.map((r) => [
    String(r.case),
    r.file ?? (r.seed === null ? '(hidden)' : String(r.seed)),
    r.verdict,
    String(r.score),
    r.cpuMs === null ? '—' : String(Math.round(r.cpuMs)),
    String(r.wallMs),
    r.digest ? r.digest.slice(0, 12) : '—',
    firstLine(r.feedback ?? ''),
  ]);
  const head = ['case', 'input', 'verdict', 'score', 'cpu ms', 'wall ms', 'answer', 'feedback'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === 7 ? 0 : row[i].length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 7 ? c : i === 3 || i === 4 || i === 5 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}
