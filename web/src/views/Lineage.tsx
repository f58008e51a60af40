import { useEffect, useRef, useState } from 'preact/hooks';
import { fmt, type Lineage as LineageData, type LiveProgram, paths } from '../api.ts';
import { useLive } from '../live.ts';
import { go, hashQuery, replaceHashQuery } from '../route.ts';
import { useData } from '../useData.ts';
import { type DrawNode, LineageCanvas } from './lineage-canvas.ts';
import { COLOUR_CHOICES, type ColourBy, colouring, type LegendEntry, type LineageNode, MUTED } from './lineage-colours.ts';
import { treeLayout } from './tree.ts';

const fromLive = (p: LiveProgram): LineageNode => ({ ...p, status: p.status === 'evaluated' && p.correct === 0 ? 'incorrect' : p.status });

const COLOUR_KEY = 'kaizen.lineage.colour';

/** The colouring asked for in the address (`#/run/ID/lineage?colour=operator`), else the last one chosen this session. */
function savedColour(): ColourBy {
  const asked = hashQuery().get('colour') ?? sessionStorage.getItem(COLOUR_KEY);
  return COLOUR_CHOICES.find((c) => c === asked) ?? 'score';
}

/** Keeps the choice in the address (so Back returns to it) without a new history entry, and for this session. */
function saveColour(by: ColourBy): void {
  sessionStorage.setItem(COLOUR_KEY, by);
  if (location.hash.split('?')[0].includes('/lineage')) replaceHashQuery(`colour=${by}`);
}

const hoverText = (n: LineageNode) => `#${n.id} · ${n.operator} · island ${n.island} · ${n.status} · score ${fmt(n.score)}`;

/** The run's tree of programs on a canvas (zoom, pan, click a node to open it), with a legend; updated live. */
export function Lineage({ runId }: { runId: string }) {
  const { data, error } = useData<LineageData>(paths.lineage(runId));
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<LineageCanvas | null>(null);
  const nodes = useRef(new Map<number, LineageNode>());
  const [count, setCount] = useState(0);
  const [by, setBy] = useState<ColourBy>(savedColour);
  const [legend, setLegend] = useState<LegendEntry[]>([]);
  const [hover, setHover] = useState('');
  const [ready, setReady] = useState(false);
  const byRef = useRef(by);
  byRef.current = by;

  const recolour = () => {
    const c = colouring(nodes.current.values(), byRef.current);
    view.current?.recolour((id) => {
      const n = nodes.current.get(id)!;
      return { colour: c.colour(n), muted: MUTED.has(n.status) };
    });
    setLegend(c.legend);
  };

  useEffect(() => {
    if (!data || !canvas.current) return;
    const pos = treeLayout(data);
    const champion = new Set(data.champion);
    const map = new Map<number, LineageNode>();
    const at = new Map<number, number>();
    data.id.forEach((id, i) => {
      map.set(id, { id, parent: data.parent[i], island: data.island[i], operator: data.operator[i], status: data.status[i], score: data.score[i] });
      at.set(id, i);
    });
    nodes.current = map;
    const c = colouring(map.values(), byRef.current);
    const drawn: DrawNode[] = data.id.map((id, i) => {
      const n = map.get(id)!;
      const p = data.parent[i];
      return {
        id,
        ...pos.get(id)!,
        parent: p === null ? -1 : (at.get(p) ?? -1),
        colour: c.colour(n),
        muted: MUTED.has(n.status),
        champion: champion.has(id),
      };
    });
    const v = new LineageCanvas(canvas.current, {
      hover: (id) => {
        const n = id === null ? undefined : nodes.current.get(id);
        setHover(n ? hoverText(n) : '');
      },
      open: (id) => go(`program/${id}`),
      drawn: () => setReady(true),
    });
    v.setNodes(drawn);
    view.current = v;
    (window as unknown as { __kaizenLineage?: LineageCanvas }).__kaizenLineage = v;
    setLegend(c.legend);
    setCount(map.size);
    return () => {
      v.destroy();
      view.current = null;
    };
  }, [data]);

  useEffect(() => {
    saveColour(by);
    recolour();
  }, [by]);

  useLive(
    data ? runId : null,
    (u) => {
      const v = view.current;
      if (!v) return;
      for (const p of u.programs) {
        const n = fromLive(p);
        nodes.current.set(n.id, n);
        if (!v.has(n.id)) v.add({ id: n.id, colour: '#9ca3af', muted: false, champion: false }, n.parent);
      }
      setCount(nodes.current.size);
      recolour();
    },
    data?.lastEvent,
  );

  if (error) return <p class="error">{error}</p>;
  return (
    <section>
      <p>
        <span data-testid="node-count">{count}</span> programs · champion path in amber · failed, rejected and incorrect muted ·{' '}
        <label>
          colour by{' '}
          <select value={by} onChange={(e) => setBy((e.target as HTMLSelectElement).value as ColourBy)} data-testid="colour-by">
            {COLOUR_CHOICES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" onClick={() => view.current?.fit()}>
          fit
        </button>{' '}
        <span class="muted" data-testid="lineage-hover">
          {hover}
        </span>
      </p>
      <p data-testid="lineage-legend">
        {legend.map((e) => (
          <span key={`${e.kind}:${e.label}`} data-legend={e.kind} style={{ marginRight: '14px', whiteSpace: 'nowrap' }}>
            <span
              style={{
                display: 'inline-block',
                width: e.kind === 'score' ? '48px' : '11px',
                height: '11px',
                marginRight: '5px',
                background: e.swatch,
                verticalAlign: 'middle',
              }}
            />
            {e.label}
          </span>
        ))}
      </p>
      {!data && <p>Loading the lineage…</p>}
      <div class="cy" data-testid="lineage" data-ready={ready ? '1' : undefined}>
        <canvas ref={canvas} style={{ width: '100%', height: '100%', display: 'block', touchAction: 'none' }} />
      </div>
      {data && data.champion.length > 0 && (
        <p>
          Champion path:{' '}
          {[...data.champion].reverse().map((id) => (
            <a key={id} href={`#/program/${id}`} class="chip">
              #{id}
            </a>
          ))}
        </p>
      )}
    </section>
  );
}
