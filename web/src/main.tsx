import { type ComponentType, h, render } from 'preact';
import { Suspense } from 'preact/compat';
import { paths, prefetch, type Tabs } from './api.ts';
import { primeFonts } from './fonts.ts';
import { currentRoute, useRoute } from './route.ts';
import { useData } from './useData.ts';
import { Runs } from './views/Runs.tsx';
import './style.css';

/**
 * A code-split view: its module loads when the view is first drawn (the view suspends meanwhile), or ahead of that
 * with `preload`. Unlike preact/compat's lazy, which suspends on its first render even when the module has come, a
 * view whose module has come draws at once: the page in the address bar renders in one pass, with no "Loading…" frame.
 */
function splitView<P>(loader: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | undefined;
  let failed: unknown;
  let started: Promise<void> | undefined;
  const preload = () =>
    (started ??= loader().then(
      (view) => {
        loaded = view;
      },
      (e: unknown) => {
        failed = e;
      },
    ));
  function View(props: P & object) {
    if (loaded) return h(loaded, props);
    if (failed) throw failed;
    throw preload(); // caught by the Suspense around the page, which draws the view once the promise settles
  }
  return { View, preload };
}

// Code-split: views with heavy libraries (diff2html, highlight.js) or drawn only on demand load when first shown, so
// the run list and the overview parse only what they draw (bench/ui.ts).
/** The run page's tabs: each a code-split view taking the run's id. */
const views = {
  agents: splitView(() => import('./views/Agents.tsx').then((m) => m.Agents)),
  battle: splitView(() => import('./views/Battle.tsx').then((m) => m.Battle)),
  lineage: splitView(() => import('./views/Lineage.tsx').then((m) => m.Lineage)),
  overview: splitView(() => import('./views/Overview.tsx').then((m) => m.Overview)),
  front: splitView(() => import('./views/Front.tsx').then((m) => m.Front)),
  prompts: splitView(() => import('./views/Prompts.tsx').then((m) => m.Prompts)),
  programs: splitView(() => import('./views/Programs.tsx').then((m) => m.Programs)),
  grid: splitView(() => import('./views/Grid.tsx').then((m) => m.Grid)),
  islands: splitView(() => import('./views/Islands.tsx').then((m) => m.Islands)),
  journal: splitView(() => import('./views/Journal.tsx').then((m) => m.Journal)),
  models: splitView(() => import('./views/Models.tsx').then((m) => m.Models)),
  safeguards: splitView(() => import('./views/Safeguards.tsx').then((m) => m.Safeguards)),
};
/** A run tab's view, by the tab's name in the address (anyone's text: only the table's own keys, never `constructor`). */
const viewOf = (tab: string) => (Object.hasOwn(views, tab) ? views[tab as keyof typeof views] : undefined);
const Program = splitView(() => import('./views/Program.tsx').then((m) => m.Program)).View;
const Compare = splitView(() => import('./views/Overview.tsx').then((m) => m.Compare)).View;

/** What a run's tab asks for first, started with the page when it is the one in the address bar (prefetchRoute). */
const TAB_DATA = new Map<string, (id: string) => string[]>([
  ['overview', (id) => [paths.overview(id)]],
  ['lineage', (id) => [paths.lineage(id)]],
  ['programs', (id) => [paths.table(id)]],
  // Not the ledger's check, asked for once the view is drawn: it takes a second on a big run (on a thread of the
  // server's own: src/server/ledger-thread.ts), and with it asked for at once the view's first render was slower
  // (bench/ui-figures.md).
  ['safeguards', (id) => [paths.safeguards(id)]],
]);

// The token came in the URL once; the server has set its cookie, so drop it from the address bar.
if (location.search.includes('token=')) history.replaceState(null, '', location.pathname + location.hash);

const TABS = [
  ['overview', 'Overview'],
  ['programs', 'Programs'],
  ['lineage', 'Lineage'],
  ['grid', 'Grid'],
  ['islands', 'Islands'],
  ['journal', 'Journal'],
  ['models', 'Models'],
  ['safeguards', 'Safeguards'],
  ['battle', 'Core War'],
] as const;

/** `kaizen agent evolve` runs: their programs are coding agents (language `agent`). */
const isAgentRun = (id: string) => id.startsWith('agent-');

function RunPage({ id, tab }: { id: string; tab: string }) {
  // Optional tabs: Core War for a run of Redcode warriors, Front for a multi-objective run, Prompts for a run whose
  // prompts evolved (shown once /tabs has answered).
  const has = useData<Tabs>(paths.tabs(id)).data;
  const base = isAgentRun(id)
    ? [['agents', 'Agents'] as const, ...TABS.filter(([k]) => k !== 'battle')]
    : has?.redcode
      ? TABS
      : TABS.filter(([k]) => k !== 'battle');
  const at = base.findIndex(([k]) => k === 'overview') + 1;
  const extra: (readonly [string, string])[] = [
    ...(has?.front ? [['front', 'Front'] as const] : []),
    ...(has?.prompts ? [['prompts', 'Prompts'] as const] : []),
  ];
  const tabs: (readonly [string, string])[] = [...base.slice(0, at), ...extra, ...base.slice(at)];
  const View = viewOf(tab)?.View;
  return (
    <section>
      <h2>
        Run <span data-testid="run-id">{id}</span>
      </h2>
      <nav class="tabs">
        {tabs.map(([k, label]) => (
          <a key={k} href={`#/run/${id}/${k}`} class={tab === k ? 'active' : ''}>
            {label}
          </a>
        ))}
      </nav>
      {View ? (
        <View runId={id} />
      ) : (
        <p class="error" data-testid="no-such-tab">
          No tab “{tab}” on a run page: choose one above.
        </p>
      )}
    </section>
  );
}

function App() {
  const [page, a, b] = useRoute();
  let body = <Runs />;
  if (page === 'run' && a) body = <RunPage id={a} tab={b ?? (isAgentRun(a) ? 'agents' : 'overview')} />;
  else if (page === 'program' && a) body = <Program key={a} id={a} />;
  else if (page === 'compare' && a && b) body = <Compare a={a} b={b} />;
  return (
    <>
      <header>
        <a href="#/">
          <b>Kaizen</b>
        </a>{' '}
        dashboard
      </header>
      <main>
        <Suspense fallback={<p>Loading…</p>}>{body}</Suspense>
      </main>
    </>
  );
}

/**
 * Starts the requests of the page in the address bar now, with its view's code (see prefetch); resolves when what the
 * first render draws has come: the run list's answer, or a run page's tab bar, its view's code and its view's data.
 */
function prefetchRoute([page, id, tab]: string[]): Promise<unknown> {
  // index.html has asked for the run list already (a preload): taken on every route, as an untaken preload is
  // reported as wasted; the run list is one click away.
  const runs = prefetch(paths.runs);
  if (page !== 'run' || !id) return page ? Promise.resolve() : runs;
  const shown = tab ?? (isAgentRun(id) ? 'agents' : 'overview');
  // The view's code first: the server answers in order, and its files come at once where the queries take a while.
  const code = viewOf(shown)?.preload() ?? Promise.resolve();
  const tabs = prefetch(paths.tabs(id));
  return Promise.all([tabs, code, ...(TAB_DATA.get(shown)?.(id) ?? []).map((path) => prefetch(path))]);
}

/** How long the first render waits for the answers it can draw: after that, it shows them loading. */
const FIRST_RENDER_WAIT_MS = 150;

// The first render waits (briefly) for the answers it can draw, so that its first frame is the page and not "Loading…".
// (A promise, not a top-level await: with one, the bundler splits the entry into four files to load.)
// A run page's text styles are looked up meanwhile (fonts.ts); not the run list's, whose answer index.html asked for
// in its first lines, so that there is little to wait for.
const route = currentRoute();
const unprime = route[0] === 'run' ? primeFonts() : () => {};
Promise.race([prefetchRoute(route), new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS))]).then(() => {
  render(<App />, document.getElementById('app')!);
  unprime();
});
