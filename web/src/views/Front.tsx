import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Front as FrontData, type FrontPoint, fmt, get } from '../api.ts';
import { useLive } from '../live.ts';

type Objective = NonNullable<FrontData>['objectives'][number];

const W = 720;
const H = 420;
const M = { left: 70, right: 20, top: 20, bottom: 50 };

/** Tick label: short, whatever the magnitude. */
const tick = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : String(Number(x.toPrecision(4))));

/** A value as the page shows it: integers whole, others to 6 significant digits. */
const val = (x: number | undefined) => (x === undefined ? '—' : Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));

const valuesText = (objectives: Objective[], p: FrontPoint) => objectives.map((o) => `${o.name} ${val(p.values[o.name])}`).join(', ');

/** The range of `xs`, widened a little so the marks clear the axes (and made non-empty). */
function range(xs: number[]): [number, number] {
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) [lo, hi] = [lo - Math.abs(lo || 1) * 0.1, hi + Math.abs(hi || 1) * 0.1];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/**
 * GET /api/runs/ID/front (again when `tick` changes): `undefined` while loading, null for a run with one score.
 * (useData cannot tell a null answer from "not yet".)
 */
export function useFront(runId: string, tick = 0): { front: FrontData | undefined; error: string | null } {
  const [state, setState] = useState<{ runId: string; front: FrontData | undefined; error: string | null }>({ runId, front: undefined, error: null });
  useEffect(() => {
    let live = true;
    get<FrontData>(`/api/runs/${encodeURIComponent(runId)}/front`).then(
      (front) => live && setState({ runId, front, error: null }),
      (e: Error) => live && setState({ runId, front: undefined, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [runId, tick]);
  return state.runId === runId ? state : { front: undefined, error: null };
}

/**
 * A multi-objective run's Pareto front: two chosen objectives as a scatter (every correct program grey, the front
 * highlighted and, for two objectives, joined as the edge of the region it dominates; the seed ringed), each point a
 * link to its program, hover for its values; then the front's programs in a table.
 */
export function Front({ runId }: { runId: string }) {
  const [tick_, setTick] = useState(0);
  useLive(runId, (u) => {
    if (u.programs.length) setTick((t) => t + 1);
  });
  const { front: data, error } = useFront(runId, tick_);
  const [axes, setAxes] = useState<[string | null, string | null]>([null, null]);
  const [hover, setHover] = useState<FrontPoint | null>(null);
  const x = data ? (data.objectives.find((o) => o.name === axes[0]) ?? data.objectives[0]) : null;
  const y = data ? (data.objectives.find((o) => o.name === axes[1]) ?? data.objectives[1]) : null;
  const onFront = useMemo(() => new Set(data?.front.map((p) => p.id) ?? []), [data]);
  const dominating = useMemo(() => new Set(data?.seedDominatedBy ?? []), [data]);
  if (error) return <p class="error">{error}</p>;
  if (data === undefined) return <p>Loading…</p>;
  if (!data || !x || !y) return <p data-testid="front-none">This run has one score: it keeps no Pareto front.</p>;

  const finite = (p: FrontPoint) => Number.isFinite(p.values[x.name]) && Number.isFinite(p.values[y.name]);
  const shown = data.points.filter(finite);
  const [x0, x1] = range(shown.map((p) => p.values[x.name]));
  const [y0, y1] = range(shown.map((p) => p.values[y.name]));
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0)) * (W - M.left - M.right);
  const sy = (v: number) => H - M.bottom - ((v - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const at = (p: FrontPoint) => ({ cx: sx(p.values[x.name]).toFixed(1), cy: sy(p.values[y.name]).toFixed(1) });
  const front = data.front.filter(finite);
  // The edge of the region the front dominates, for two objectives (with more, the projection is no staircase).
  let stair = '';
  if (data.objectives.length === 2 && front.length) {
    const sorted = [...front].sort((a, b) => a.values[x.name] - b.values[x.name] || a.values[y.name] - b.values[y.name]);
    const parts = [`M${sx(sorted[0].values[x.name]).toFixed(1)},${sy(sorted[0].values[y.name]).toFixed(1)}`];
    for (const p of sorted.slice(1)) {
      const h = `H${sx(p.values[x.name]).toFixed(1)}`;
      const v = `V${sy(p.values[y.name]).toFixed(1)}`;
      parts.push(...(x.direction === 'max' ? [v, h] : [h, v]));
    }
    stair = parts.join(' ');
  }
  const better = (o: Objective) => `${o.name} (${o.direction === 'max' ? 'higher' : 'lower'} is better)`;
  const seed = data.seed;
  const ticks = [0, 1, 2, 3, 4];
  // Each mark is a link to its program; hovering shows its values below the chart.
  const mark = (p: FrontPoint, cls: string, r: number) => (
    <a
      key={`${cls}-${p.id}`}
      href={`#/program/${p.id}`}
      onMouseEnter={() => setHover(p)}
      onMouseLeave={() => setHover((h) => (h?.id === p.id ? null : h))}
      onFocus={() => setHover(p)}
    >
      <circle class={cls} data-id={p.id} {...at(p)} r={r}>
        <title>{`#${p.id}: ${valuesText(data.objectives, p)}`}</title>
      </circle>
    </a>
  );
  const pick = (i: 0 | 1, name: string) => setAxes((a) => (i === 0 ? [name, a[1] ?? y.name] : [a[0] ?? x.name, name]));
  return (
    <section>
      <p data-testid="front-summary">
        Pareto front over {data.objectives.map((o) => `${o.name} (${o.direction})`).join(', ')}: <b data-testid="front-size">{data.front.length}</b> of{' '}
        {data.points.length} correct programs
        {data.hypervolume === null || data.reference === null
          ? ' · no hypervolume (no reference for every objective)'
          : ` · hypervolume ${fmt(data.hypervolume, 4)} against (${data.objectives.map((o) => `${o.name} ${val(data.reference![o.name])}`).join(', ')})`}
        {' · '}
        {seed === null ? (
          'the seed was not correct'
        ) : data.seedDominatedBy.length ? (
          <>
            the seed (<a href={`#/program/${seed.id}`}>#{seed.id}</a>) is dominated by {data.seedDominatedBy.length} front program(s)
          </>
        ) : (
          <>
            no program dominates the seed (<a href={`#/program/${seed.id}`}>#{seed.id}</a>)
          </>
        )}
      </p>
      {data.objectives.length > 2 && (
        <p>
          <label>
            x{' '}
            <select data-testid="front-x" value={x.name} onChange={(e) => pick(0, (e.target as HTMLSelectElement).value)}>
              {data.objectives.map((o) => (
                <option key={o.name} value={o.name}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            y{' '}
            <select data-testid="front-y" value={y.name} onChange={(e) => pick(1, (e.target as HTMLSelectElement).value)}>
              {data.objectives.map((o) => (
                <option key={o.name} value={o.name}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        </p>
      )}
      <svg class="front-chart" data-testid="front-chart" width={W} height={H} viewBox={`0 0 ${W} ${H}`} font-size="11">
        <title>{`Pareto front: ${x.name} and ${y.name}`}</title>
        <rect x={0} y={0} width={W} height={H} fill="white" />
        {ticks.map((i) => {
          const vx = x0 + ((x1 - x0) * i) / 4;
          const vy = y0 + ((y1 - y0) * i) / 4;
          return (
            <g key={i}>
              <line x1={M.left} y1={sy(vy)} x2={W - M.right} y2={sy(vy)} stroke="#eee" />
              <text x={sx(vx)} y={H - M.bottom + 15} text-anchor="middle">
                {tick(vx)}
              </text>
              <text x={M.left - 6} y={sy(vy) + 4} text-anchor="end">
                {tick(vy)}
              </text>
            </g>
          );
        })}
        <line x1={M.left} y1={H - M.bottom} x2={W - M.right} y2={H - M.bottom} stroke="black" />
        <line x1={M.left} y1={M.top} x2={M.left} y2={H - M.bottom} stroke="black" />
        <text x={W / 2} y={H - 12} text-anchor="middle">
          {better(x)}
        </text>
        <text x={14} y={H / 2} text-anchor="middle" transform={`rotate(-90 14 ${H / 2})`}>
          {better(y)}
        </text>
        {shown.filter((p) => !onFront.has(p.id)).map((p) => mark(p, 'point', 3))}
        {stair && <path d={stair} fill="none" stroke="#dc2626" stroke-width={1.5} pointer-events="none" />}
        {seed && finite(seed) && <circle class="seed-point" {...at(seed)} r={8} fill="none" stroke="#111827" stroke-width={2} pointer-events="none" />}
        {front.map((p) => mark(p, 'front-point', 5))}
      </svg>
      <p data-testid="front-hover" class="muted">
        {hover
          ? `#${hover.id}${onFront.has(hover.id) ? ' (front)' : ''}${hover.id === seed?.id ? ' (seed)' : ''}: ${valuesText(data.objectives, hover)} · score ${fmt(hover.score)}`
          : 'Hover over a point for its values; click it to open the program. Grey: correct programs; red: the front; ringed: the seed.'}
      </p>
      <h3>The front</h3>
      <table class="grid" data-testid="front-table">
        <thead>
          <tr>
            <th>program</th>
            {data.objectives.map((o) => (
              <th key={o.name}>
                {o.name} ({o.direction})
              </th>
            ))}
            <th>score</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {[...data.front]
            .sort((a, b) => (x.direction === 'max' ? b.values[x.name] - a.values[x.name] : a.values[x.name] - b.values[x.name]) || a.id - b.id)
            .map((p) => (
              <tr key={p.id}>
                <td>
                  <a href={`#/program/${p.id}`}>#{p.id}</a>
                </td>
                {data.objectives.map((o) => (
                  <td key={o.name} class="num">
                    {val(p.values[o.name])}
                  </td>
                ))}
                <td class="num">{fmt(p.score)}</td>
                <td>{[p.id === seed?.id ? 'seed' : '', dominating.has(p.id) ? 'dominates the seed' : ''].filter(Boolean).join(', ')}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}
