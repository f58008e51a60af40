import { render } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { useRunBattle } from './views/run-battle.ts';
import { Front, useFront } from './views/Front.tsx';
import { Prompts, usePrompts } from './views/Prompts.tsx';
import { Runs } from './views/Runs.tsx';
import { useRoute } from './route.ts';
import './style.css';

// Code-split: views with heavy libraries (diff2html, highlight.js) or drawn only on demand load when first shown, so
// the run list and the overview parse only what they draw (bench/ui.ts).
const Agents = lazy(() => import('./views/Agents.tsx').then((m) => ({ default: m.Agents })));
const Battle = lazy(() => import('./views/Battle.tsx').then((m) => ({ default: m.Battle })));
const Lineage = lazy(() => import('./views/Lineage.tsx').then((m) => ({ default: m.Lineage })));
const Program = lazy(() => import('./views/Program.tsx').then((m) => ({ default: m.Program })));
const Overview = lazy(() => import('./views/Overview.tsx').then((m) => ({ default: m.Overview })));
const Compare = lazy(() => import('./views/Overview.tsx').then((m) => ({ default: m.Compare })));
const Programs = lazy(() => import('./views/Programs.tsx').then((m) => ({ default: m.Programs })));
const Grid = lazy(() => import('./views/Grid.tsx').then((m) => ({ default: m.Grid })));
const Islands = lazy(() => import('./views/Islands.tsx').then((m) => ({ default: m.Islands })));
const Journal = lazy(() => import('./views/Journal.tsx').then((m) => ({ default: m.Journal })));
const Models = lazy(() => import('./views/Models.tsx').then((m) => ({ default: m.Models })));
const Safeguards = lazy(() => import('./views/Safeguards.tsx').then((m) => ({ default: m.Safeguards })));

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
  // The Core War tab only for a run of Redcode warriors (its battle settings are not null).
  const redcode = useRunBattle(id);
  const base = isAgentRun(id)
    ? [['agents', 'Agents'] as const, ...TABS.filter(([k]) => k !== 'battle')]
    : redcode
      ? TABS
      : TABS.filter(([k]) => k !== 'battle');
  // A multi-objective run (its front is not null) has a Front tab, after the overview.
  const multi = useFront(id).front;
  const at = base.findIndex(([k]) => k === 'overview') + 1;
  // A run whose prompts evolved (its prompts are not null) has a Prompts tab, after the overview (and the front).
  const evolved = usePrompts(id).prompts;
  const extra: (readonly [string, string])[] = [...(multi ? [['front', 'Front'] as const] : []), ...(evolved ? [['prompts', 'Prompts'] as const] : [])];
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

render(<App />, document.getElementById('app')!);
