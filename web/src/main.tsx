import { render } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { paths, prefetch, type Tabs } from './api.ts';
import { currentRoute, useRoute } from './route.ts';
import { useData } from './useData.ts';
import { Runs } from './views/Runs.tsx';
import './style.css';

// Code-split: views with heavy libraries (diff2html, highlight.js) or drawn only on demand load when first shown, so
// the run list and the overview parse only what they draw (bench/ui.ts).
const load = {
  agents: () => import('./views/Agents.tsx'),
  battle: () => import('./views/Battle.tsx'),
  lineage: () => import('./views/Lineage.tsx'),
  program: () => import('./views/Program.tsx'),
  overview: () => import('./views/Overview.tsx'),
  front: () => import('./views/Front.tsx'),
  prompts: () => import('./views/Prompts.tsx'),
  programs: () => import('./views/Programs.tsx'),
  grid: () => import('./views/Grid.tsx'),
  islands: () => import('./views/Islands.tsx'),
  journal: () => import('./views/Journal.tsx'),
  models: () => import('./views/Models.tsx'),
  safeguards: () => import('./views/Safeguards.tsx'),
};
const Agents = lazy(() => load.agents().then((m) => ({ default: m.Agents })));
const Battle = lazy(() => load.battle().then((m) => ({ default: m.Battle })));
const Lineage = lazy(() => load.lineage().then((m) => ({ default: m.Lineage })));
const Program = lazy(() => load.program().then((m) => ({ default: m.Program })));
const Overview = lazy(() => load.overview().then((m) => ({ default: m.Overview })));
const Front = lazy(() => load.front().then((m) => ({ default: m.Front })));
const Prompts = lazy(() => load.prompts().then((m) => ({ default: m.Prompts })));
const Compare = lazy(() => load.overview().then((m) => ({ default: m.Compare })));
const Programs = lazy(() => load.programs().then((m) => ({ default: m.Programs })));
const Grid = lazy(() => load.grid().then((m) => ({ default: m.Grid })));
const Islands = lazy(() => load.islands().then((m) => ({ default: m.Islands })));
const Journal = lazy(() => load.journal().then((m) => ({ default: m.Journal })));
const Models = lazy(() => load.models().then((m) => ({ default: m.Models })));
const Safeguards = lazy(() => load.safeguards().then((m) => ({ default: m.Safeguards })));

/** What a run's tab asks for first, started with the page when it is the one in the address bar (prefetchRoute). */
const TAB_DATA = new Map<string, (id: string) => string[]>([
  ['overview', (id) => [paths.overview(id)]],
  ['lineage', (id) => [paths.lineage(id)]],
  ['programs', (id) => [paths.table(id)]],
  // Not the ledger's check: it holds the server for a second or more, and the page's files would wait behind it.
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
      {tab === 'agents' && <Agents runId={id} />}
      {tab === 'overview' && <Overview runId={id} />}
      {tab === 'front' && <Front runId={id} />}
      {tab === 'prompts' && <Prompts runId={id} />}
      {tab === 'programs' && <Programs runId={id} />}
      {tab === 'lineage' && <Lineage runId={id} />}
      {tab === 'grid' && <Grid runId={id} />}
      {tab === 'islands' && <Islands runId={id} />}
      {tab === 'journal' && <Journal runId={id} />}
      {tab === 'models' && <Models runId={id} />}
      {tab === 'safeguards' && <Safeguards runId={id} />}
      {tab === 'battle' && <Battle runId={id} />}
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
 * Starts the requests of the page in the address bar now, while its view's code loads (see prefetch); resolves when
 * the answers the first render can draw have come: the run list's, or a run page's tab bar.
 */
function prefetchRoute([page, id, tab]: string[]): Promise<void> {
  // index.html has asked for the run list already (a preload): taken on every route, as an untaken preload is
  // reported as wasted; the run list is one click away.
  const runs = prefetch(paths.runs);
  if (page !== 'run' || !id) return page ? Promise.resolve() : runs;
  const shown = tab ?? (isAgentRun(id) ? 'agents' : 'overview');
  // The view's code first: the server answers in order, and its files come at once where the queries take a while.
  // (The address is anyone's text: only the table's own keys, never an inherited name such as `constructor`.)
  if (Object.hasOwn(load, shown)) load[shown as keyof typeof load]().catch(() => {}); // a failure shows where the view is drawn
  // The tab bar's answer is quick, a tab's own may take longer.
  const tabs = prefetch(paths.tabs(id));
  for (const path of TAB_DATA.get(shown)?.(id) ?? []) prefetch(path);
  return tabs;
}

/** How long the first render waits for the answers it can draw: after that, it shows them loading. */
const FIRST_RENDER_WAIT_MS = 150;

// The first render waits (briefly) for the answers it can draw, so that its first frame is the page and not "Loading…".
// (A promise, not a top-level await: with one, the bundler splits the entry into four files to load.)
Promise.race([prefetchRoute(currentRoute()), new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS))]).then(() =>
  render(<App />, document.getElementById('app')!),
);
