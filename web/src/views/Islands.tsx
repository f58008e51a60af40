import { useMemo } from 'preact/hooks';
import type { RunIslands } from '../../../src/store/run-views.ts';
import { fmt } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { ChartDownloads, DownloadLink } from '../components/Download.tsx';
import { useData } from '../useData.ts';

/**
 * Each island over time (store/run-views.ts): its best correct score and the programs it held as programs arrived
 * (evaluations finishing, copies between islands), one series per island; the table is `kaizen status`'s figures.
 */
export function Islands({ runId }: { runId: string }) {
  const run = encodeURIComponent(runId);
  const { data, error } = useData<RunIslands>(`/api/runs/${run}/islands`);
  const series = useMemo(() => data?.islands.map((s) => ({ label: `island ${s.island}`, step: true })) ?? [], [data]);
  const best = useMemo(() => (data ? [data.evaluations, ...data.best] : []), [data]);
  const size = useMemo(() => (data ? [data.evaluations, ...data.size] : []), [data]);
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p>Loading islands…</p>;
  if (data.evaluations.length === 0) return <p>No program has been evaluated yet.</p>;
  return (
    <section>
      <ChartDownloads name="islands" svg={`/api/runs/${run}/charts/islands.svg`}>
        <Chart title="Best score per island" xLabel="evaluations" series={series} data={best} testId="islands-chart" />
      </ChartDownloads>
      <Chart title="Programs per island" xLabel="evaluations" series={series} data={size} testId="islands-size-chart" />
      <table class="grid" data-testid="islands-table">
        <thead>
          <tr>
            <th>island</th>
            <th>programs</th>
            <th>best</th>
          </tr>
        </thead>
        <tbody>
          {data.islands.map((s) => (
            <tr key={s.island} data-island={s.island}>
              <td>{s.island}</td>
              <td class="num">{s.programs}</td>
              <td class="num">{fmt(s.best, 6)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <DownloadLink href={`/api/runs/${run}/charts/best.svg`} testId="best-svg">
          best score so far (SVG)
        </DownloadLink>
      </p>
    </section>
  );
}
