import { useEffect, useMemo, useState } from 'preact/hooks';
import { fmt, type Overview as OverviewData } from '../api.ts';
import { StageCounts, summaryText } from '../components/Cases.tsx';
import { Chart } from '../components/Chart.tsx';
import { ExecutorPanel, type ExecutorView, newer } from '../components/Executor.tsx';
import { type LiveUpdate, useLive } from '../live.ts';
import { useData } from '../useData.ts';

const AXES = { samples: 0, seconds: 1, cost: 2 } as const;

/** Best-so-far and per-sample scores against samples, time or cost; evals/s; failure classes; islands; the executor. */
export function Overview({ runId }: { runId: string }) {
  const [tick, setTick] = useState(0);
  const [recent, setRecent] = useState<LiveUpdate['events']>([]);
  // The remote executor's snapshot: from the overview, then from the live stream as the coordinator refreshes it.
  const [executor, setExecutor] = useState<ExecutorView | null>(null);
  useLive(
    runId,
    (u) => {
      setTick((t) => t + 1);
      setRecent((r) => [...u.events.filter((e) => !e.type.startsWith('program.')).reverse(), ...r].slice(0, 12));
    },
    undefined,
    (e) => setExecutor((prev) => (e.executor ? newer(prev, { runId, snapshot: e.executor, serverNow: e.now, receivedAt: Date.now() }) : null)),
  );
  const { data, error } = useData<OverviewData>(`/api/runs/${runId}`, tick);
  useEffect(() => {
    if (data?.executor) setExecutor((prev) => newer(prev, { runId: data.run.id, snapshot: data.executor!, serverNow: data.now, receivedAt: Date.now() }));
  }, [data]);
  const [axis, setAxis] = useState<keyof typeof AXES>('samples');
  const curve = useMemo(() => {
    if (!data) return null;
    const pts = [...data.curve].sort((a, b) => a[AXES[axis]] - b[AXES[axis]]);
    return [pts.map((p) => p[AXES[axis]]), pts.map((p) => p[4]), pts.map((p) => p[3])];
  }, [data, axis]);
  const failures = useMemo(() => {
    if (!data) return null;
    const b = data.failures.buckets;
    return [b.map((x) => x.start), ...data.failures.classes.map((c) => b.map((x) => x.counts[c] ?? 0))];
  }, [data]);
  const hidden = useMemo(() => {
    const c = data?.cases?.hiddenCurve;
    return c?.length ? [c.map((p) => p[0]), c.map((p) => p[1])] : null;
  }, [data]);
  if (error) return <p class="error">{error}</p>;
  if (!data || !curve || !failures) return <p>Loading…</p>;
  const cases = data.cases;
  return (
    <section>
      <p data-testid="overview-summary">
        {data.run.task} · {data.run.status} · {data.curve.length} samples · seed {fmt(data.run.seedScore)} · evaluations/s {fmt(data.evalsPerSecond, 2)}
      </p>
      {executor && executor.runId === runId && <ExecutorPanel view={executor} runStatus={data.run.status} />}
      <label>
        x axis{' '}
        <select value={axis} onChange={(e) => setAxis((e.target as HTMLSelectElement).value as keyof typeof AXES)}>
          <option value="samples">samples</option>
          <option value="seconds">time (s)</option>
          <option value="cost">cost (USD)</option>
        </select>
      </label>
      <Chart
        testId="score-chart"
        title="Score"
        xLabel={axis}
        series={[
          { label: 'best so far', step: true },
          { label: 'sample score', points: true, color: '#9ca3af' },
        ]}
        data={curve}
      />
      <Chart
        testId="failure-chart"
        title={`Failures per ${data.failures.bucketSize} samples`}
        xLabel="sample"
        series={data.failures.classes.map((c) => ({ label: c, bars: true }))}
        data={failures}
        height={200}
      />
      {recent.length > 0 && (
        <>
          <h3>Live events</h3>
          <ul data-testid="live-events">
            {recent.map((e) => (
              <li key={e.id}>
                <code>{e.type}</code> {e.programId !== null && <a href={`#/program/${e.programId}`}>#{e.programId}</a>}{' '}
                <span class="muted">{JSON.stringify(e.data).slice(0, 160)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {cases && (
        <>
          <h3>Cases</h3>
          <p data-testid="cases-overview">
            champion {cases.championId === null ? '—' : <a href={`#/program/${cases.championId}`}>#{cases.championId}</a>}
            {cases.championStage === null ? '' : ` (stage ${cases.championStage})`}
            {cases.publicSummary ? ` · public: ${summaryText(cases.publicSummary)}` : ''}
            <br />
            hidden: {cases.hiddenSummary ? `${summaryText(cases.hiddenSummary)} · hidden score ${fmt(cases.hiddenScore)}` : 'not run on the champion'} ·{' '}
            {cases.checks.checks} hidden-case checks, {cases.checks.promoted} promoted
          </p>
          <StageCounts stages={cases.stages} />
          {hidden && (
            <Chart
              testId="hidden-chart"
              title="Champion's hidden-case score at each promotion"
              xLabel="evaluations"
              series={[{ label: 'hidden score', step: true, points: false }]}
              data={hidden}
              height={200}
            />
          )}
        </>
      )}
      <h3>Islands</h3>
      <table class="grid">
        <thead>
          <tr>
            <th>island</th>
            <th>programs</th>
            <th>best</th>
          </tr>
        </thead>
        <tbody>
          {data.islands.map((i) => (
            <tr key={i.island}>
              <td>#{i.island}</td>
              <td>{i.programs}</td>
              <td>{fmt(i.best)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Two runs' best-so-far curves on one chart (x: samples). */
export function Compare({ a, b }: { a: string; b: string }) {
  const ra = useData<OverviewData>(`/api/runs/${a}`).data;
  const rb = useData<OverviewData>(`/api/runs/${b}`).data;
  const data = useMemo(() => {
    if (!ra || !rb) return null;
    const xs = [...new Set([...ra.curve, ...rb.curve].map((p) => p[0]))].sort((x, y) => x - y);
    const at = (c: OverviewData['curve']) => {
      const m = new Map(c.map((p) => [p[0], p[4]]));
      let last: number | null = null;
      return xs.map((x) => {
        if (m.has(x)) last = m.get(x) ?? last;
        return last;
      });
    };
    return [xs, at(ra.curve), at(rb.curve)];
  }, [ra, rb]);
  if (!data) return <p>Loading…</p>;
  return (
    <section>
      <h2>
        Compare {a} and {b}
      </h2>
      <Chart
        testId="compare-chart"
        title="Best so far"
        xLabel="samples"
        series={[
          { label: a, step: true },
          { label: b, step: true },
        ]}
        data={data}
        height={320}
      />
    </section>
  );
}
