import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ProgramList } from '../../../src/store/program-table.ts';
import { fmt, get, paths } from '../api.ts';
import { DownloadLink } from '../components/Download.tsx';
import { parseTableQuery, tableFacets, tableQueryString, tableRows, type TableSort, type TableView, validView } from '../program-rows.ts';
import { hashQuery, replaceHashQuery } from '../route.ts';
import { useData } from '../useData.ts';

const PAGE_SIZE = 50;
/** How long typing may pause before the search is sent. */
const SEARCH_DELAY_MS = 150;

type Filters = Omit<TableView, 'matches' | 'size'>;

/** A select over a facet's values, "any" first. */
function Facet<T extends string | number | null>(props: {
  label: string;
  values: T[];
  value: T | undefined;
  show?: (v: T) => string;
  onChange: (v: T | undefined) => void;
}) {
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

/** The ids matching a search (asked of the server once typing pauses); `for` is the text they answer. */
function useSearch(runId: string, typed: string): { for: string; matches: Set<number> | null; error: string | null } {
  const [state, setState] = useState<{ for: string; matches: Set<number> | null; error: string | null }>({ for: '', matches: null, error: null });
  useEffect(() => {
    if (typed === '') {
      setState({ for: '', matches: null, error: null });
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      get<{ ids: number[] }>(`/api/runs/${encodeURIComponent(runId)}/search?text=${encodeURIComponent(typed)}`).then(
        (r) => live && setState({ for: typed, matches: new Set(r.ids), error: null }),
        (e: Error) => live && setState({ for: typed, matches: new Set(), error: e.message }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [runId, typed]);
  return state;
}

/**
 * A run's programs as a table: search the code and the feedback, filter by status, operator, island and model, sort by
 * score (either way), sample or id, a page at a time. The page holds the run's compact program list and filters and
 * sorts it itself (program-rows.ts); the table carries `data-ready` when its rows answer the current query, and
 * `data-query` names that query.
 */
export function Programs({ runId }: { runId: string }) {
  const run = encodeURIComponent(runId);
  const { data: list, error } = useData<ProgramList>(paths.table(run));
  // The search, filters, sort and page start from the address and are kept in it (replaced, not pushed): Back from a
  // program, a reload or a shared link shows the same rows.
  const [addressed] = useState(() => parseTableQuery(hashQuery()));
  const [typed, setTyped] = useState(addressed.text);
  const search = useSearch(runId, typed);
  const [asked, setF] = useState<Filters>(addressed.view);
  const facets = useMemo(() => (list ? tableFacets(list) : null), [list]);
  const f = useMemo(() => (facets ? validView(asked, facets) : asked), [asked, facets]);
  const shown = useMemo(() => (list ? tableRows(list, { ...f, matches: search.matches, size: PAGE_SIZE }) : null), [list, f, search.matches]);
  useEffect(() => {
    // A new address for the same table (typed, or Back and Forward between two queries): the table follows it.
    const follow = () => {
      const q = parseTableQuery(hashQuery());
      setTyped(q.text);
      setF(q.view);
    };
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  useEffect(() => replaceHashQuery(tableQueryString({ text: typed, view: f })), [typed, f]);

  const set = (change: Partial<Filters>) => setF((old) => ({ ...old, page: 0, ...change }));
  const sortBy = (sort: TableSort) => set({ sort, dir: f.sort === sort && f.dir === 'desc' ? 'asc' : 'desc' });
  const arrow = (sort: TableSort) => (f.sort === sort ? (f.dir === 'desc' ? ' ▼' : ' ▲') : '');
  if (error) return <p class="error">{error}</p>;
  if (!list || !facets || !shown) return <p>Loading programs…</p>;
  const pages = Math.max(1, Math.ceil(shown.total / PAGE_SIZE));
  const ready = search.for === typed;
  return (
    <section>
      <div class="toolbar">
        <input
          type="search"
          placeholder="search code and feedback"
          value={typed}
          onInput={(e) => {
            setTyped((e.target as HTMLInputElement).value);
            setF((old) => ({ ...old, page: 0 }));
          }}
          data-testid="program-search"
        />
        <Facet label="status" values={facets.statuses} value={f.status} onChange={(status) => set({ status })} />
        <Facet label="operator" values={facets.operators} value={f.operator} onChange={(operator) => set({ operator })} />
        <Facet label="island" values={facets.islands} value={f.island} onChange={(island) => set({ island })} />
        <Facet label="model" values={facets.models} value={f.model} show={(m) => m ?? '(none)'} onChange={(model) => set({ model })} />
        <DownloadLink href={`/api/runs/${run}/download`} testId="download-run">
          run JSON
        </DownloadLink>
      </div>
      {search.error && <p class="error">{search.error}</p>}
      <p class="muted" data-testid="program-total">
        {shown.total} programs · page {f.page + 1} of {pages}
      </p>
      <table
        class="grid programs"
        data-testid="programs-table"
        data-ready={ready ? 'true' : undefined}
        data-query={JSON.stringify([search.for, f.status, f.operator, f.island, f.model, f.sort, f.dir, f.page])}
      >
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
          {shown.rows.map((r) => (
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
