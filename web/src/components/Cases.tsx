import { fmt, type Overview, type Program } from '../api.ts';

type ProgramCases = NonNullable<Program['cases']>;
export type CaseRow = ProgramCases['results'][number];
export type CaseSummary = ProgramCases['summary'];
export type StageCount = NonNullable<Overview['cases']>['stages'][number];

const firstLine = (text: string) => {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
};

/** "20 cases · 18 ok · mean score 12.5 · ok 18, time-limit 2 · CPU ms mean 40, max 95". */
export function summaryText(s: CaseSummary): string {
  const verdicts = Object.entries(s.verdicts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
  const cpu = s.cpuMsMean === null ? '' : ` · CPU ms mean ${Math.round(s.cpuMsMean)}, max ${Math.round(s.cpuMsMax ?? 0)}`;
  return `${s.cases} cases · ${s.ok} ok · mean score ${fmt(s.meanScore)} · ${verdicts || 'no verdicts'}${cpu}`;
}

/** One row per case: which input, the verdict, score, CPU and wall time, the answer's digest, the scorer's feedback. */
export function CaseTable({ results, hidden, testId }: { results: CaseRow[]; hidden: boolean; testId: string }) {
  if (results.length === 0) return <p class="muted">No case results.</p>;
  return (
    <table class="grid cases" data-testid={testId}>
      <thead>
        <tr>
          <th>case</th>
          <th>input</th>
          <th>verdict</th>
          <th>score</th>
          <th>CPU ms</th>
          <th>wall ms</th>
          <th>answer</th>
          <th>feedback</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r) => (
          <tr key={r.case}>
            <td class="num">{r.case}</td>
            <td>{hidden ? <span class="muted">hidden</span> : (r.file ?? (r.seed === null ? '—' : `seed ${r.seed}`))}</td>
            <td class={r.verdict === 'ok' ? 'ok' : 'error'}>{r.verdict}</td>
            <td class="num">{fmt(r.score, 4)}</td>
            <td class="num">{r.cpuMs === null ? '—' : Math.round(r.cpuMs)}</td>
            <td class="num">{r.wallMs}</td>
            <td>{r.digest ? <code title={r.digest}>{r.digest.slice(0, 12)}</code> : '—'}</td>
            <td title={r.feedback ?? undefined}>{r.feedback ? firstLine(r.feedback) : <span class="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Samples by the cascade stage they stopped at. */
export function StageCounts({ stages }: { stages: StageCount[] }) {
  if (stages.length === 0) return <p class="muted">No program reached a cascade stage yet.</p>;
  return (
    <table class="grid" data-testid="stage-counts">
      <thead>
        <tr>
          <th>stage reached</th>
          <th>programs</th>
        </tr>
      </thead>
      <tbody>
        {stages.map((s) => (
          <tr key={s.stage}>
            <td>stage {s.stage}</td>
            <td class="num">{s.programs}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
