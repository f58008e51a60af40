import cytoscape from 'cytoscape';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Lineage as LineageData, LiveProgram } from '../api.ts';
import { PALETTE } from '../components/Chart.tsx';
import { useLive } from '../live.ts';
import { go } from '../route.ts';
import { useData } from '../useData.ts';
import { treeLayout } from './tree.ts';

type ColourBy = 'score' | 'island' | 'operator';
const MUTED = new Set(['failed', 'rejected', 'incorrect']);

interface Node {
  id: number;
  parent: number | null;
  island: number;
  operator: string;
  status: string;
  score: number | null;
}

function colourOf(n: Node, by: ColourBy, range: [number, number], operators: string[]): string {
  if (MUTED.has(n.status)) return '#d1d5db';
  if (by === 'island') return PALETTE[n.island % PALETTE.length];
  if (by === 'operator') return PALETTE[Math.max(0, operators.indexOf(n.operator)) % PALETTE.length];
  if (n.score === null) return '#9ca3af';
  const t = range[1] > range[0] ? (n.score - range[0]) / (range[1] - range[0]) : 1;
  return `hsl(${Math.round(220 - 200 * t)}, 80%, ${Math.round(55 - 10 * t)}%)`;
}

const fromLive = (p: LiveProgram): Node => ({ ...p, status: p.status === 'evaluated' && p.correct === 0 ? 'incorrect' : p.status });

/** The run's tree of programs (cytoscape: zoom, pan, click a node to open it), updated live. */
export function Lineage({ runId }: { runId: string }) {
  const { data, error } = useData<LineageData>(`/api/runs/${runId}/programs`);
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const nodes = useRef(new Map<number, Node>());
  const [count, setCount] = useState(0);
  const [by, setBy] = useState<ColourBy>('score');
  const [hover, setHover] = useState<string>('');

  const recolour = () => {
    const cy = cyRef.current;
    if (!cy) return;
    const all = [...nodes.current.values()];
    const scores = all.filter((n) => n.score !== null && !MUTED.has(n.status)).map((n) => n.score!);
    const range: [number, number] = scores.length ? [Math.min(...scores), Math.max(...scores)] : [0, 1];
    const operators = [...new Set(all.map((n) => n.operator))].sort();
    cy.batch(() => {
      for (const n of all) cy.getElementById(String(n.id)).data({ color: colourOf(n, by, range, operators), muted: MUTED.has(n.status) ? 1 : 0 });
    });
  };

  useEffect(() => {
    if (!data || !box.current) return;
    const pos = treeLayout(data);
    const champ = new Set(data.champion);
    const map = new Map<number, Node>();
    const elements: cytoscape.ElementDefinition[] = [];
    data.id.forEach((id, i) => {
      const n: Node = { id, parent: data.parent[i], island: data.island[i], operator: data.operator[i], status: data.status[i], score: data.score[i] };
      map.set(id, n);
      elements.push({ group: 'nodes', data: { id: String(id), color: '#9ca3af', muted: 0 }, position: pos.get(id), classes: champ.has(id) ? 'champ' : '' });
    });
    data.id.forEach((id, i) => {
      const p = data.parent[i];
      if (p !== null && map.has(p))
        elements.push({ group: 'edges', data: { id: `e${id}`, source: String(p), target: String(id) }, classes: champ.has(id) && champ.has(p) ? 'champ' : '' });
    });
    nodes.current = map;
    const cy = cytoscape({
      container: box.current,
      elements,
      layout: { name: 'preset' },
      minZoom: 0.02,
      maxZoom: 4,
      textureOnViewport: true,
      hideEdgesOnViewport: elements.length > 4000,
      style: [
        { selector: 'node', style: { width: 8, height: 8, 'background-color': 'data(color)', 'border-width': 0 } },
        { selector: 'node[muted = 1]', style: { opacity: 0.45 } },
        { selector: 'edge', style: { width: 1, 'line-color': '#cbd5e1', 'curve-style': 'haystack' } },
        { selector: 'node.champ', style: { width: 14, height: 14, 'border-width': 3, 'border-color': '#f59e0b' } },
        { selector: 'edge.champ', style: { width: 4, 'line-color': '#f59e0b' } },
      ],
    });
    cyRef.current = cy;
    // Zoomed far out (thousands of programs), keep nodes and the champion's path a few pixels wide on screen.
    let pending = 0;
    const rescale = () => {
      pending = 0;
      const k = Math.max(1, 1 / cy.zoom());
      cy.style()
        .selector('node')
        .style({ width: Math.min(8 * k, 3 * k + 5), height: Math.min(8 * k, 3 * k + 5) })
        .selector('node.champ')
        .style({ width: 14 * Math.sqrt(k), height: 14 * Math.sqrt(k), 'border-width': 3 * Math.sqrt(k) })
        .selector('edge')
        .style({ width: Math.min(k, 0.8 * k + 0.2) })
        .selector('edge.champ')
        .style({ width: 4 * k })
        .update();
    };
    rescale();
    cy.on('zoom', () => {
      if (!pending) pending = requestAnimationFrame(rescale);
    });
    (window as unknown as { __kaizenCy?: cytoscape.Core }).__kaizenCy = cy;
    cy.on('tap', 'node', (e) => go(`program/${e.target.id()}`));
    cy.on('mouseover', 'node', (e) => {
      const n = map.get(Number(e.target.id()));
      if (n) setHover(`#${n.id} · ${n.operator} · island ${n.island} · ${n.status} · score ${n.score ?? '—'}`);
    });
    setCount(map.size);
    recolour();
    box.current.dataset.ready = '1';
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, [data]);

  useEffect(recolour, [by]);

  useLive(
    data ? runId : null,
    (u) => {
      const cy = cyRef.current;
      if (!cy) return;
      for (const p of u.programs) {
        const n = fromLive(p);
        const known = nodes.current.has(n.id);
        nodes.current.set(n.id, n);
        if (known) continue;
        const parentEl = n.parent !== null ? cy.getElementById(String(n.parent)) : null;
        const base = parentEl?.nonempty() ? parentEl.position() : { x: 0, y: -40 };
        const siblings = parentEl?.nonempty() ? parentEl.outgoers('node').length : 0;
        cy.add({ group: 'nodes', data: { id: String(n.id), color: '#9ca3af', muted: 0 }, position: { x: base.x + 12 * siblings, y: base.y + 40 } });
        if (parentEl?.nonempty()) cy.add({ group: 'edges', data: { id: `e${n.id}`, source: String(n.parent), target: String(n.id) } });
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
            <option value="score">score</option>
            <option value="island">island</option>
            <option value="operator">operator</option>
          </select>
        </label>{' '}
        <button type="button" onClick={() => cyRef.current?.fit(undefined, 20)}>
          fit
        </button>{' '}
        <span class="muted">{hover}</span>
      </p>
      {!data && <p>Loading the lineage…</p>}
      <div class="cy" ref={box} data-testid="lineage" />
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
