import { fmt, type Models as ModelsData, usd } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { useData } from '../useData.ts';

/** The bandit's arms and, per model (or operator when no model), cumulative pulls, improvements and cost per sample. */
export function Models({ runId }: { runId: string }) {
  const { data, error } = useData<ModelsData>(`/api/runs/${runId}/models`);
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  const names = Object.keys(data.series);
  const chart = (key: 'pulls' | 'improvements' | 'cost', title: string) => (
    <Chart
      title={title}
      xLabel="sample"
      series={names.map((n) => ({ label: n }))}
      data={[data.samples, ...names.map((n) => data.series[n][key])]}
      height={200}
    />
  );
  return (
    <section>
      <h3>Bandit</h3>
      {data.bandit ? (
        <table class="grid" data-testid="bandit">
          <thead>
            <tr>
              <th>model</th>
              <th>pulls</th>
              <th>failures</th>
              <th>mean reward</th>
              <th>decayed mean</th>
              <th>cost</th>
              <th>weight</th>
            </tr>
          </thead>
          <tbody>
            {data.bandit.map((a) => (
              <tr key={a.id}>
                <td>{a.id}</td>
                <td>{a.pulls}</td>
                <td>{a.failures}</td>
                <td>{fmt(a.meanReward)}</td>
                <td>{fmt(a.decayedMean)}</td>
                <td>{usd(a.totalCost)}</td>
                <td>{a.weight}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">No model bandit in this run (offline operators only): the charts show operators.</p>
      )}
      <h3>Per model or operator</h3>
      <table class="grid">
        <thead>
          <tr>
            <th>name</th>
            <th>proposals</th>
            <th>improvements</th>
            <th>cost</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(data.totals).map(([k, v]) => (
            <tr key={k}>
              <td>{k}</td>
              <td>{v.pulls}</td>
              <td>{v.improvements}</td>
              <td>{usd(v.cost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {chart('pulls', 'Pulls over time')}
      {chart('improvements', 'Improvements (reward) over time')}
      {chart('cost', names.every((n) => data.series[n].cost.every((c) => !c)) ? 'Cost (USD) over time: every sample cost $0' : 'Cost (USD) over time')}
    </section>
  );
}
