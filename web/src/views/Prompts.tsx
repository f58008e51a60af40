import { useEffect, useState } from 'preact/hooks';
import { type Prompts as PromptsData, usd, type VariantView } from '../api.ts';
import { get } from '../api.ts';
import { useLive } from '../live.ts';
import { hashQuery } from '../route.ts';

/**
 * GET /api/runs/ID/prompts (again when `tick` changes): `undefined` while loading, null for a run whose prompts did not
 * evolve. (useData cannot tell a null answer from "not yet".)
 */
export function usePrompts(runId: string, tick = 0): { prompts: PromptsData | undefined; error: string | null } {
  const [state, setState] = useState<{ runId: string; prompts: PromptsData | undefined; error: string | null }>({
    runId,
    prompts: undefined,
    error: null,
  });
  useEffect(() => {
    let live = true;
    get<PromptsData>(`/api/runs/${encodeURIComponent(runId)}/prompts`).then(
      (prompts) => live && setState({ runId, prompts, error: null }),
      (e: Error) => live && setState({ runId, prompts: undefined, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [runId, tick]);
  return state.runId === runId ? state : { prompts: undefined, error: null };
}

/** The variant named by the hash's `?variant=N` (a link to one row), or null. */
function useLinkedVariant(): number | null {
  const read = () => {
    const v = Number(hashQuery().get('variant'));
    return Number.isInteger(v) && v > 0 ? v : null;
  };
  const [linked, setLinked] = useState(read);
  useEffect(() => {
    const on = () => setLinked(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return linked;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ORIGIN: Record<VariantView['origin'], string> = { seed: 'seed', recombined: 'recombined', model: 'model', imported: 'imported' };

/** Highest rate first; ties: more decided proposals, then the older variant. */
const byRate = (a: VariantView, b: VariantView) => b.rate - a.rate || b.stats.decided - a.stats.decided || a.id - b.id;

/** A link to a variant's row on this tab. */
function VariantLink({ runId, id }: { runId: string; id: number }) {
  return (
    <a href={`#/run/${encodeURIComponent(runId)}/prompts?variant=${id}`} data-testid={`prompt-parent-${id}`}>
      #{id}
    </a>
  );
}

/** The rate as a bar (0–100%). */
function RateBar({ rate }: { rate: number }) {
  const w = Math.max(0, Math.min(1, rate)) * 80;
  return (
    <svg width={80} height={10} class="rate-bar" aria-hidden="true" style={{ marginLeft: '6px', verticalAlign: 'middle' }}>
      <rect x={0} y={0} width={80} height={10} fill="#e5e7eb" />
      <rect x={0} y={0} width={w.toFixed(1)} height={10} fill="#2563eb" />
    </svg>
  );
}

function PoolTable({
  runId,
  pool,
  shared,
  variants,
  best,
  linked,
}: {
  runId: string;
  pool: number;
  /** The pool's best active variant, as the server ranks it (the same rule as kaizen status). */
  best: number | null;
  /** The run's only pool: it serves every island (a shared pool, or a run with one island). */
  shared: boolean;
  variants: VariantView[];
  linked: number | null;
}) {
  const sorted = [...variants].sort(byRate);
  return (
    <section data-testid={`prompt-pool-${pool}`}>
      <h3>
        {shared ? 'All islands' : `Island ${pool}`}{' '}
        <span class="muted">
          ({variants.length} variants, {variants.filter((v) => v.retired).length} retired)
        </span>
      </h3>
      <table class="grid" data-testid={`prompt-table-${pool}`}>
        <thead>
          <tr>
            <th>variant</th>
            <th>origin</th>
            <th>parents</th>
            <th>made at sample</th>
            <th>decided</th>
            <th>correct</th>
            <th>improved</th>
            <th>improvement rate</th>
            <th>cost</th>
            <th>guidance</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((v) => {
            const isBest = v.id === best;
            const style = {
              background: v.id === linked ? '#fef9c3' : isBest ? '#dcfce7' : undefined,
              opacity: v.retired ? 0.65 : undefined,
            };
            return (
              <tr
                key={v.id}
                id={`prompt-variant-${v.id}`}
                data-testid={`prompt-variant-${v.id}`}
                data-best={isBest ? 'true' : undefined}
                data-retired={v.retired ? 'true' : undefined}
                class={isBest ? 'best' : undefined}
                style={style}
              >
                <td class="num">
                  #{v.id}
                  {isBest && <span class="badge default">best</span>}
                  {v.retired && <span class="badge">retired</span>}
                </td>
                <td>
                  {ORIGIN[v.origin] ?? v.origin}
                  {v.made.model && <div class="muted">{v.made.model}</div>}
                  {v.made.note && <div class="muted">{v.made.note}</div>}
                </td>
                <td data-testid="parents">
                  {v.parent === null ? (
                    '—'
                  ) : (
                    <>
                      <VariantLink runId={runId} id={v.parent} />
                      {v.other !== null && (
                        <>
                          {' + '}
                          <VariantLink runId={runId} id={v.other} />
                        </>
                      )}
                    </>
                  )}
                </td>
                <td class="num">{v.sample}</td>
                <td class="num" data-testid="decided">
                  {v.stats.decided}
                </td>
                <td class="num">{v.stats.correct}</td>
                <td class="num" data-testid="improved">
                  {v.stats.improved}
                </td>
                <td class="num" style={{ whiteSpace: 'nowrap' }}>
                  <span data-testid="rate">{pct(v.rate)}</span>
                  <RateBar rate={v.rate} />
                </td>
                <td class="num">{usd(v.stats.cost + v.made.cost)}</td>
                <td>
                  {v.text === '' ? (
                    <span class="muted" data-testid="guidance">
                      built-in prompt only
                    </span>
                  ) : (
                    <pre data-testid="guidance" style={{ whiteSpace: 'pre-wrap', margin: 0, maxWidth: '560px', fontSize: '12px' }}>
                      {v.text}
                    </pre>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/**
 * A run's evolved prompts: one table per pool (an island's, or the one all islands share), its variants ranked by
 * their posterior improvement rate, the best active one highlighted. The guidance was written by models: it is shown
 * as text, never as markup.
 */
export function Prompts({ runId }: { runId: string }) {
  const [tick, setTick] = useState(0);
  useLive(runId, (u) => {
    if (u.programs.length || u.events.some((e) => e.type.startsWith('prompt.'))) setTick((t) => t + 1);
  });
  const { prompts: data, error } = usePrompts(runId, tick);
  const linked = useLinkedVariant();
  useEffect(() => {
    if (linked === null || !data) return;
    document.getElementById(`prompt-variant-${linked}`)?.scrollIntoView({ block: 'center' });
  }, [linked, data === undefined || data === null]);
  if (error) return <p class="error">{error}</p>;
  if (data === undefined) return <p>Loading…</p>;
  if (!data) return <p data-testid="prompts-none">This run did not evolve its prompts.</p>;

  const pools = [...new Set(data.variants.map((v) => v.pool))].sort((a, b) => a - b);
  const count = (o: VariantView['origin']) => data.variants.filter((v) => v.origin === o).length;
  return (
    <section data-testid="prompts">
      <p data-testid="prompts-summary">
        <b data-testid="prompts-count">{data.variants.length}</b> prompt variants in {pools.length} {pools.length === 1 ? 'pool' : 'pools'} ·{' '}
        <span data-testid="prompts-retired">{data.variants.filter((v) => v.retired).length}</span> retired · made by a model{' '}
        <span data-testid="prompts-model">{count('model')}</span>, recombined <span data-testid="prompts-recombined">{count('recombined')}</span>
        {count('imported') ? `, imported ${count('imported')}` : ''} · mutation cost <span data-testid="prompts-mutation-cost">{usd(data.mutationCost)}</span>
      </p>
      <p class="muted">
        Improvement rate: the posterior mean of the share of decided proposals whose child was correct and beat its parent (uniform prior). Green: the best
        proven (five or more decided proposals) active variant of its pool, as kaizen status names it; cost: its proposals plus the call that made it.
      </p>
      {pools.map((pool) => (
        <PoolTable
          key={pool}
          runId={runId}
          pool={pool}
          shared={pools.length === 1}
          variants={data.variants.filter((v) => v.pool === pool)}
          best={data.best.find((b) => b.pool === pool)?.id ?? null}
          linked={linked}
        />
      ))}
    </section>
  );
}
