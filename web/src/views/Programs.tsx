import { useEffect, useState } from 'preact/hooks';
import type { ProgramTable, TableQuery } from '../../../src/store/program-table.ts';
import { fmt, get } from '../api.ts';
import { DownloadLink } from '../components/Download.tsx';

const PAGE_SIZE = 50;
/** How long typing may pause before the search is sent. */
const SEARCH_DELAY_MS = 150;

type Filters = Required<Pick<TableQuery, 'sort' | 'dir' | 'page'>> & Pick<TableQuery, 'status' | 'operator' | 'island' | 'model'>;

function tableUrl(runId: string, search: string, f: Filters): string {
  const q = new URLSearchParams({ sort: f.sort, dir: f.dir, page: String(f.page), size: String(PAGE_SIZE) });
  if (search) q.set('search', search);
  if (f.status) q.set('status', f.status);
  if (f.operator !== undefined) q.set('operator', f.operator);
  if (f.island !== undefined) q.set('island', String(f.island));
  if (f.model !== undefined) q.set('model', f.model);
  return `/api/runs/${encodeURIComponent(runId)}/table?${q}`;
}

/** A select over a facet's values; '' is "any". */
function Facet<T extends string | number | null>(props: { label: string; values: T[]; value: T | undefined; show?: (v: T) => string; onChange: (v: T | undefined) => void }) {
  const show = props.show ?? ((v: T) => String(v));
  return (
    <label>
      {props.label}{' '}
      <select
        data-testid={`filter-${props.label}`}
        value={props.value === undefined ? '' : String(props.values.indexOf(props.value))}
        onChange={(e) => {
          const i = (e.target as HTMLSelectElement).value;
          props.onChange(i === '' ? undefined : props.values[Number(i)]);
        }}
      >
        <option value="">any</option>
        {props.values.map((v, i) => (
          <option key={String(v)} value={String(i)}>
            {show(v)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A run's programs as a table: search the code and the feedback, filter by status, operator, island and model, sort by
 * score (either way), sample or id, a page at a time. The server filters and sorts (store/program-table.ts); the table
 * carries `data-ready` once the rows of the current query are drawn.
 */
export function Programs({ runId }: { runId: string }) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [f, setF] = useState<Filters>({ sort: 'score', dir: 'desc', page: 0 });
  const [data, setData] = useState<ProgramTable | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = tableUrl(runId, search, f);
  const [shown, setShown] = useState<string | null>(null);

  useEffect(() => {
    const t = setTimeout(() => setSearch(typed), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [typed]);
  useEffect(() => {
    let live = true;
    get<ProgramTable>(url).then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
        setShown(url);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [url]);

  const set = (change: Partial<Filters>) => setF((old) => ({ ...old, page: 0, ...change }));
  const sortBy = (sort: Filters['sort']) => set({ sort, dir: f.sort === sort && f.dir === 'desc' ? 'asc' : 'desc' });
  const arrow = (sort: Filters['sort']) => (f.sort === sort ? (f.dir === 'desc' ? ' ▼' : ' ▲') : '');
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p>Loading programs…</p>;
  const pages = Math.max(1, Math.ceil(data.total / data.size));
  return (
    <section>
      <div class="toolbar">
        <input
          type="search"
          placeholder="search code and feedback"
          value={typed}
          onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          data-testid="program-search"
        />
        <Facet label="status" values={data.facets.statuses} value={f.status} onChange={(status) => set({ status })} />
        <Facet label="operator" values={data.facets.operators} value={f.operator} onChange={(operator) => set({ operator })} />
        <Facet label="island" values={data.facets.islands} value={f.island} onChange={(island) => set({ island })} />
        <Facet
          label="model"
          values={data.facets.models}
          value={f.model === undefined ? undefined : f.model === '' ? null : f.model}
          show={(m) => m ?? '(none)'}
          onChange={(m) => set({ model: m === undefined ? undefined : (m ?? '') })}
        />
        <DownloadLink href={`/api/runs/${encodeURIComponent(runId)}/download`} testId="download-run">
          run JSON
        </DownloadLink>
      </div>
      <p class="muted" data-testid="program-total">
        {data.total} programs · page {data.page + 1} of {pages}
      </p>
      <table class="grid programs" data-testid="programs-table" data-ready={shown === url ? 'true' : undefined}>
        <thead>
          <tr>
            <th>
              <button type="button" class="link" onClick={() => sortBy('id')} data-testid="sort-id">
                program{arrow('id')}
              </button>
            </th>
            <th>
              <button type="button" class="link" onClick={() => sortBy('sample')} data-testid="sort-sample">
                sample{arrow('sample')}
              </button>
            </th>
            <th>status</th>
            <th>island</th>
            <th>operator</th>
            <th>model</th>
            <th>
              <button type="button" class="link" onClick={() => sortBy('score')} data-testid="sort-score">
                score{arrow('score')}
              </button>
            </th>
            <th>change · feedback</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.id} data-program={r.id}>
              <td>
                <a href={`#/program/${r.id}`}>#{r.id}</a>
              </td>
              <td class="num">{r.sample ?? '—'}</td>
              <td class={`st-${r.status}`}>{r.status}</td>
              <td class="num">{r.island}</td>
              <td>{r.operator}</td>
              <td>{r.model ?? '—'}</td>
              <td class="num" data-score={r.score ?? ''}>
                {fmt(r.score, 6)}
              </td>
              <td>
                {r.change && <div>{r.change}</div>}
                {r.feedback && <div class="muted">{r.feedback}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="pager">
        <button type="button" disabled={f.page === 0} onClick={() => setF((o) => ({ ...o, page: o.page - 1 }))} data-testid="page-previous">
          ← previous
        </button>{' '}
        <button type="button" disabled={f.page + 1 >= pages} onClick={() => setF((o) => ({ ...o, page: o.page + 1 }))} data-testid="page-next">
          next →
        </button>
      </p>
    </section>
  );
}
