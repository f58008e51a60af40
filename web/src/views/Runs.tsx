import { useEffect, useState } from 'preact/hooks';
import { duration, fmt, paths, type RunRow, usd, when } from '../api.ts';
import { go } from '../route.ts';
import { useData } from '../useData.ts';

/** Every run in the database; ticks every 2 s so new runs and progress appear; pick two to compare. */
export function Runs() {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 2000);
    return () => clearInterval(t);
  }, []);
  const { data, error } = useData<RunRow[]>(paths.runs, tick);
  const [picked, setPicked] = useState<string[]>([]);
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p>Loading runs…</p>;
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  return (
    <section>
      <h2>Runs</h2>
      <p>
        <button type="button" disabled={picked.length !== 2} onClick={() => go(`compare/${picked[0]}/${picked[1]}`)} data-testid="compare">
          Compare the two selected
        </button>
      </p>
      <table class="grid" data-testid="runs">
        <thead>
          <tr>
            <th />
            <th>run</th>
            <th>task</th>
            <th>status</th>
            <th>samples</th>
            <th>seed → best</th>
            <th>cost</th>
            <th>duration</th>
            <th>started</th>
          </tr>
        </thead>
        <tbody>
          {data.map((r) => (
            <tr key={r.id} data-run={r.id}>
              <td>
                <input type="checkbox" aria-label={`select ${r.id}`} checked={picked.includes(r.id)} onChange={() => toggle(r.id)} />
              </td>
              <td>
                <a href={`#/run/${r.id}`}>{r.id}</a>
              </td>
              <td>{r.task}</td>
              <td class={`status-${r.status}`}>{r.status}</td>
              <td>
                {r.samples}
                {r.budget ? ` / ${r.budget}` : ''}
              </td>
              <td>
                {fmt(r.seedScore)} → <b>{fmt(r.bestScore)}</b>
              </td>
              <td>{usd(r.cost)}</td>
              <td>{duration(r.durationMs)}</td>
              <td>{when(r.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.length === 0 && <p>No runs yet.</p>}
    </section>
  );
}
