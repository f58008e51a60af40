import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Curve, fmt, type Overview as OverviewData, paths } from '../api.ts';
import { StageCounts, summaryText } from '../components/Cases.tsx';
import { ChartDownloads } from '../components/Download.tsx';
import { Chart, decimalsFor } from '../components/Chart.tsx';
import { Fields } from '../components/Fields.tsx';
import { ExecutorPanel, type ExecutorView, newer } from '../components/Executor.tsx';
import { type LiveUpdate, useLive } from '../live.ts';
import { useData } from '../useData.ts';

/** The curve's column each x axis reads. */
const AXIS_COLUMN = { samples: 'sample', seconds: 'seconds', cost: 'cost' } as const;
type Axis = keyof typeof AXIS_COLUMN;

/**
 * The score curve against one axis: x, best so far and score, in that axis's order. The server sends its columns in
 * sample order (src/server/runs.ts Curve), the best so far in that order: for samples they are taken as they come.
 * For time or cost the points are sorted and the best so far recomputed in that order (evaluations finish out of
 * sample order, so against time the server's would go down).
 */
export function curveOn(c: Curve, axis: Axis): (number | null)[][] {
  if (axis === 'samples') return [c.sample, c.best, c.score];
  const xs = c[AXIS_COLUMN[axis]];
  const order = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a] - xs[b] || c.sample[a] - c.sample[b]);
  const scores = order.map((i) => c.score[i]);
  let best: number | null = null;
  const bests = scores.map((s) => {
    if (s !== null && (best === null || s > best)) best = s;
    return best;
  });
  return [order.map((i) => xs[i]), bests, scores];
}

/**
 * The failure chart's columns: every bucket from sample 0 to the run's last (the server sends only those with a
 * failure), and one more x where the last bucket ends, since a bar is drawn from its bucket's start to the right.
 */
export function failureColumns(f: OverviewData['failures'], lastSample: number): (number | null)[][] {
  const counts = new Map(f.buckets.map((b) => [b.start, b.counts]));
  const starts: number[] = [];
  for (let start = 0; start <= lastSample; start += f.bucketSize) starts.push(start);
  return [[...starts, starts.length * f.bucketSize], ...f.classes.map((c) => [...starts.map((start) => counts.get(start)?.[c] ?? 0), null])];
}

/** A gain with its sign, to `digits` decimals. */
const signed = (x: number | null, digits: number) => (x === null ? '—' : `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(digits)}`);

/** Steps of a long ancestry shown at each end; those between fold into one row until asked for. */
const PATH_ENDS = 6;

type Step = OverviewData['champion'][number];

/** The ancestry's rows: every step, or both ends around one folded row (its steps' count, improving steps and total gain). */
function foldPath(path: Step[], unfold: boolean): (Step | { folded: Step[] })[] {
  if (unfold || path.length <= 2 * PATH_ENDS + 1) return path;
  return [...path.slice(0, PATH_ENDS), { folded: path.slice(PATH_ENDS, -PATH_ENDS) }, ...path.slice(-PATH_ENDS)];
}

/** The champion: its score, its program, and how it was reached (its ancestry with each step's operator and gain). */
function ChampionSummary({ path, digits }: { path: OverviewData['champion']; digits: number }) {
  const [unfold, setUnfold] = useState(false);
  const champion = path.at(-1);
  if (!champion) return <p data-testid="champion">No champion yet.</p>;
  const steps = path.length - 1;
  const improving = path.filter((p) => p.improvement).length;
  return (
    <>
      <h3>Champion</h3>
      <p data-testid="champion">
        score <b data-testid="champion-score">{champion.score === null ? '—' : champion.score.toFixed(digits)}</b> ·{' '}
        <a href={`#/program/${champion.id}`}>program #{champion.id}</a> · reached in {steps} step{steps === 1 ? '' : 's'} from the initial program ({improving}{' '}
        improving), {signed(champion.score !== null && path[0].score !== null ? champion.score - path[0].score : null, digits)} in all
      </p>
      <table class="grid" data-testid="champion-path">
        <thead>
          <tr>
            <th>program</th>
            <th>sample</th>
            <th>operator</th>
            <th>score</th>
            <th>gain</th>
          </tr>
        </thead>
        <tbody>
          {foldPath(path, unfold).map((p) =>
            'folded' in p ? (
              <tr key="folded" data-testid="champion-path-folded">
                <td>… {p.folded.length} steps</td>
                <td />
                <td>
                  {p.folded.filter((f) => f.improvement).length} improving{' '}
                  <button type="button" onClick={() => setUnfold(true)}>
                    show every step
                  </button>
                </td>
                <td>—</td>
                <td>{signed(p.folded.every((f) => f.gain !== null) ? p.folded.reduce((a, f) => a + f.gain!, 0) : null, digits)}</td>
              </tr>
            ) : (
              <tr key={p.id} data-program={p.id}>
                <td>
                  <a href={`#/program/${p.id}`}>#{p.id}</a>
                </td>
                <td>{p.sample ?? '—'}</td>
                <td>{p.sample === 0 ? 'initial program' : p.operator}</td>
                <td>{p.score === null ? '—' : p.score.toFixed(digits)}</td>
                <td>{signed(p.gain, digits)}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </>
  );
}

/**
 * False until a frame has been painted since `ready` became true: the view's first frame draws what is at the top (the
 * summary and the score chart), and what is below it (the champion's ancestry, a second chart, the tables) comes in the
 * next task instead of lengthening the first (bench/ui.ts).
 */
function usePainted(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setPainted(true));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, painted]);
  return painted;
}

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
  const { data, error } = useData<OverviewData>(paths.overview(runId), tick);
  useEffect(() => {
    if (data?.executor) setExecutor((prev) => newer(prev, { runId: data.run.id, snapshot: data.executor!, serverNow: data.now, receivedAt: Date.now() }));
  }, [data]);
  const [axis, setAxis] = useState<Axis>('samples');
  const curve = useMemo(() => (data ? curveOn(data.curve, axis) : null), [data, axis]);
  // Enough decimals for the run's gains: its best-so-far steps and the champion's ancestry.
  const digits = useMemo(() => (data ? decimalsFor([...data.curve.best, ...data.champion.map((p) => p.score)]) : 2), [data]);
  const costFree = data ? data.curve.cost.every((x) => x === 0) : false;
  const failures = useMemo(() => (data ? failureColumns(data.failures, data.curve.sample.at(-1) ?? 0) : null), [data]);
  const hidden = useMemo(() => {
    const c = data?.cases?.hiddenCurve;
    return c?.length ? [c.map((p) => p[0]), c.map((p) => p[1])] : null;
  }, [data]);
  const painted = usePainted(!!data);
  if (error) return <p class="error">{error}</p>;
  if (!data || !curve || !failures) return <p>Loading…</p>;
  const cases = data.cases;
  return (
    <section>
      <p data-testid="overview-summary">
        {data.run.task} · {data.run.status} · <span data-testid="samples">{data.samples}</span> samples ·{' '}
        <span data-testid="improvements">{data.improvements}</span> improvements · seed {fmt(data.run.seedScore, digits)} · evaluations/s{' '}
        {fmt(data.evalsPerSecond, 2)}
      </p>
      {executor && executor.runId === runId && <ExecutorPanel view={executor} runStatus={data.run.status} />}
      {/* Buttons, not a <select>: a fresh page's first select costs the overview's first render ~10 ms (bench/ui-figures.md). */}
      <div class="segmented" data-testid="x-axis">
        x axis{' '}
        {(
          [
            ['samples', 'sample no.'],
            ['seconds', 'time (s)'],
            ['cost', costFree ? 'cost (USD): every sample cost $0' : 'cost (USD)'],
          ] as const
        ).map(([value, label]) => (
          <button key={value} type="button" aria-pressed={axis === value} data-axis={value} onClick={() => setAxis(value)}>
            {label}
          </button>
        ))}
      </div>
      <ChartDownloads name="best" svg={`/api/runs/${encodeURIComponent(runId)}/charts/best.svg`}>
        <Chart
          testId="score-chart"
          title="Score"
          xLabel={axis === 'samples' ? 'sample no.' : axis === 'cost' && costFree ? 'cost (USD): every sample cost $0' : axis}
          series={[
            { label: 'best so far', step: true, decimals: digits },
            { label: 'sample score', points: true, color: '#9ca3af', decimals: digits },
          ]}
          data={curve}
        />
      </ChartDownloads>
      {painted && (
        <>
          <ChampionSummary path={data.champion} digits={digits} />
          <Chart
            testId="failure-chart"
            title={`Failures per ${data.failures.bucketSize} samples`}
            xLabel="sample no."
            series={data.failures.classes.map((c) => ({ label: c, bars: true }))}
            data={failures}
            height={200}
          />
        </>
      )}
      {recent.length > 0 && (
        <>
          <h3>Live events</h3>
          <ul data-testid="live-events">
            {recent.map((e) => (
              <li key={e.id}>
                <code>{e.type}</code> {e.programId !== null && <a href={`#/program/${e.programId}`}>#{e.programId}</a>} <Fields data={e.data} limit={8} />
              </li>
            ))}
          </ul>
        </>
      )}
      {painted && cases && (
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
      {painted && <IslandTable islands={data.islands} digits={digits} />}
    </section>
  );
}

/** Island membership and best score, as kaizen status counts them. */
function IslandTable({ islands, digits }: { islands: OverviewData['islands']; digits: number }) {
  return (
    <>
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
          {islands.map((i) => (
            <tr key={i.island} data-island={i.island}>
              <td>#{i.island}</td>
              <td>{i.programs}</td>
              <td>{fmt(i.best, digits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Two runs' best-so-far curves on one chart (x: sample no.). */
export function Compare({ a, b }: { a: string; b: string }) {
  const { data: ra, error: ea } = useData<OverviewData>(paths.overview(a));
  const { data: rb, error: eb } = useData<OverviewData>(paths.overview(b));
  const data = useMemo(() => {
    if (!ra || !rb) return null;
    const xs = [...new Set([...ra.curve.sample, ...rb.curve.sample])].sort((x, y) => x - y);
    // Each run's line ends at its last sample: past it the run has no figure, not a flat one.
    const at = (c: Curve) => {
      const m = new Map(c.sample.map((x, i) => [x, c.best[i]]));
      const end = c.sample.length ? Math.max(...c.sample) : -1;
      let last: number | null = null;
      return xs.map((x) => {
        if (m.has(x)) last = m.get(x) ?? last;
        return x <= end ? last : null;
      });
    };
    return [xs, at(ra.curve), at(rb.curve)];
  }, [ra, rb]);
  const digits = useMemo(() => (data ? decimalsFor([...data[1], ...data[2]]) : 2), [data]);
  if (ea || eb)
    return (
      <p class="error" data-testid="compare-error">
        {[ea, eb].filter(Boolean).join('; ')}
      </p>
    );
  if (!data) return <p>Loading…</p>;
  return (
    <section>
      <h2>
        Compare {a} and {b}
      </h2>
      <Chart
        testId="compare-chart"
        title="Best so far"
        xLabel="sample no."
        series={[
          { label: a, step: true, decimals: digits },
          { label: b, step: true, decimals: digits },
        ]}
        data={data}
        height={320}
      />
    </section>
  );
}
