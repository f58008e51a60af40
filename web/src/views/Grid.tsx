import type { FeatureAxis } from '../../../src/population/map-elites.ts';
import type { GridCell, RunGrid } from '../../../src/store/run-views.ts';
import { fmt } from '../api.ts';
import { useData } from '../useData.ts';

/** A bin's range on its axis, e.g. "0.25–0.5". */
const range = (axis: FeatureAxis, bin: number) => {
  const w = (axis.max - axis.min) / axis.bins;
  return `${fmt(axis.min + bin * w, 3)}–${fmt(axis.min + (bin + 1) * w, 3)}`;
};

/** A cell's fill, light for the lowest elite score and dark for the highest (one hue in both schemes), and its text. */
function shade(score: number, lo: number, hi: number) {
  const lightness = Math.round(82 - (hi > lo ? (score - lo) / (hi - lo) : 1) * 47);
  return { background: `hsl(220 75% ${lightness}%)`, '--heat-text': lightness < 58 ? '#ffffff' : '#0f172a' };
}

/**
 * The run's MAP-Elites grid, replayed from the record (store/run-views.ts): the first two feature axes as a heat map
 * of elite scores (with more axes, each square shows the best elite over the others), and every cell in a table.
 */
export function Grid({ runId }: { runId: string }) {
  const { data: answer, error } = useData<{ grid: RunGrid | null }>(`/api/runs/${encodeURIComponent(runId)}/grid`);
  if (error) return <p class="error">{error}</p>;
  if (!answer) return <p>Loading the grid…</p>;
  const data = answer.grid;
  if (!data) return <p data-testid="no-grid">This run has no MAP-Elites grid (its config sets no `mapElites`).</p>;
  const [x, y] = data.axes;
  const scores = data.cells.map((c) => c.score);
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  // The best elite in each square of the first two axes.
  const square = new Map<string, GridCell>();
  for (const c of data.cells) {
    const key = `${c.bins[0]},${c.bins[1] ?? 0}`;
    const old = square.get(key);
    if (!old || c.score > old.score) square.set(key, c);
  }
  const rows = y ? Array.from({ length: y.bins }, (_, i) => y.bins - 1 - i) : [0];
  return (
    <section>
      <p data-testid="grid-summary">
        {data.cells.length} elites · coverage {(data.coverage * 100).toFixed(1)}% of {data.axes.reduce((n, a) => n * a.bins, 1)} cells · axes{' '}
        {data.axes.map((a) => a.name).join(' × ')}
      </p>
      <div class="scroll">
        <table class="heat" data-testid="grid-heat">
          <tbody>
            {rows.map((j) => (
              <tr key={j}>
                <th class="muted">{y ? range(y, j) : ''}</th>
                {Array.from({ length: x.bins }, (_, i) => {
                  const c = square.get(`${i},${j}`);
                  return (
                    <td key={i} style={c ? shade(c.score, lo, hi) : undefined} title={c ? `#${c.id} score ${fmt(c.score, 6)}` : 'empty'}>
                      {c && <a href={`#/program/${c.id}`}>{fmt(c.score, 3)}</a>}
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <th>
                {y?.name ?? ''} ↑ / {x.name} →
              </th>
              {Array.from({ length: x.bins }, (_, i) => (
                <th key={i} class="muted">
                  {range(x, i)}
                </th>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <h3>Cells</h3>
      <table class="grid" data-testid="grid-cells">
        <thead>
          <tr>
            {data.axes.map((a) => (
              <th key={a.name}>{a.name}</th>
            ))}
            <th>elite</th>
            <th>score</th>
            <th>sample</th>
            <th>correct programs in the cell</th>
          </tr>
        </thead>
        <tbody>
          {data.cells.map((c) => (
            <tr key={c.bins.join(',')} data-testid="grid-cell" data-bins={c.bins.join(',')} data-id={c.id}>
              {data.axes.map((a, k) => (
                <td key={a.name}>{range(a, c.bins[k] as number)}</td>
              ))}
              <td>
                <a href={`#/program/${c.id}`}>#{c.id}</a>
              </td>
              <td class="num">{fmt(c.score, 6)}</td>
              <td class="num">{c.sample ?? '—'}</td>
              <td class="num">{c.programs}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
