import { EXECUTOR_STATE_KEY, type ExecutorSnapshot } from '../executor/stats.ts';
import { championPath, proposalsOf, runFigures } from '../store/figures.ts';
import { currentStatus } from '../store/run-owner.ts';
import type { Run, Store } from '../store/store.ts';
import { runLanguage } from './battle.ts';

const ms = (a: string, b: string | null) => (b ? Date.parse(b) : Date.now()) - Date.parse(a);

/** Every run with status, samples (evaluated programs: see store/figures.ts), best score, cost and duration. */
export async function listRuns(store: Store) {
  const runs = await store.listRuns();
  const totals = await store.read.runTotals();
  const best = await store.read.championScores();
  const statuses = new Map(await Promise.all(runs.map(async (r) => [r.id, await currentStatus(store, r)] as const)));
  return runs.map((r) => {
    const s = totals.get(r.id);
    const budget = (JSON.parse(r.config_json) as { budget?: { samples?: number } }).budget?.samples ?? null;
    return {
      id: r.id,
      task: r.task_name,
      status: statuses.get(r.id) ?? r.status,
      createdAt: r.created_at,
      samples: s?.samples ?? 0,
      budget,
      seedScore: r.seed_score,
      bestScore: best.get(r.id) ?? null,
      bestProgramId: r.best_program_id,
      cost: s?.cost ?? 0,
      durationMs: ms(r.created_at, r.finished_at ?? (statuses.get(r.id) === 'running' ? null : (s?.last ?? r.updated_at))),
    };
  });
}

/**
 * The score curve, one array per field, in sample order (the best so far in that order too): the page charts the
 * columns as they come for the samples axis, where 5,000 rows of five were 5,000 small arrays to parse, walk and copy.
 */
export interface Curve {
  sample: number[];
  /** Seconds from the run's start to the sample's evaluation. */
  seconds: number[];
  /** Cost spent up to and including the sample (USD, to 1e-10). */
  cost: number[];
  /** The sample's score, null unless it evaluated correct with a score. */
  score: (number | null)[];
  best: (number | null)[];
}

/**
 * A run at a glance: per-sample scores and best-so-far against samples, time and cost; evaluations per second;
 * failure classes per bucket of samples; islands; the remote executor's last snapshot (null when the run evaluates
 * locally) with the server's clock (`now`), so the page can tell how old the snapshot is. The dashboard sends the two
 * parts apart (app.ts): overviewFigures is a function of the record alone, kept while the record is unchanged.
 */
export async function runOverview(store: Store, run: Run) {
  return { ...(await overviewHead(store, run)), ...(await overviewFigures(store, run)) };
}

/** What changes with the clock as well as the record: the run's shown status (a silent owner is stale) and the time. */
export async function overviewHead(store: Store, run: Run) {
  return {
    run: {
      id: run.id,
      task: run.task_name,
      status: await currentStatus(store, run),
      createdAt: run.created_at,
      finishedAt: run.finished_at,
      bestProgramId: run.best_program_id,
      seedScore: run.seed_score,
    },
    now: new Date().toISOString(),
  };
}

/** The overview's figures: a function of the run's record alone. */
export async function overviewFigures(store: Store, run: Run) {
  // One read of the run's programs (no code) for every figure: the curves, the islands, the champion's path.
  const figureRows = await store.read.figureRows(run.id);
  const rows = proposalsOf(figureRows);
  const figures = runFigures(figureRows);
  const t0 = Date.parse(run.created_at);
  let best: number | null = null;
  let spent = 0;
  const curve: Curve = { sample: [], seconds: [], cost: [], score: [], best: [] };
  const failureBuckets = new Map<number, Record<string, number>>();
  const bucketSize = Math.max(10, Math.ceil(rows.length / 40 / 10) * 10);
  for (const r of rows) {
    spent += r.cost ?? 0;
    const ok = r.status === 'evaluated' && r.correct === 1 && r.score !== null;
    if (ok && (best === null || r.score! > best)) best = r.score;
    const t = (Date.parse(r.evaluated_at ?? r.created_at) - t0) / 1000;
    curve.sample.push(r.sample!);
    curve.seconds.push(Math.max(0, t));
    // To 1e-10 USD: a running sum of per-sample costs carries binary noise (0.0012000000000000001), which the answer
    // would send as 20 characters per sample and the chart's legend would show.
    curve.cost.push(Math.round(spent * 1e10) / 1e10);
    curve.score.push(ok ? r.score : null);
    curve.best.push(best);
    const cls = r.status === 'rejected' ? 'rejected' : (r.failure_class ?? (r.status === 'evaluated' && r.correct === 0 ? 'incorrect' : null));
    if (cls) {
      const b = Math.floor(r.sample! / bucketSize) * bucketSize;
      const rec = failureBuckets.get(b) ?? {};
      rec[cls] = (rec[cls] ?? 0) + 1;
      failureBuckets.set(b, rec);
    }
  }
  const evaluated = rows.filter((r) => r.evaluated_at);
  const span = evaluated.length > 1 ? (Date.parse(evaluated.at(-1)!.evaluated_at!) - Date.parse(evaluated[0].evaluated_at!)) / 1000 : 0;
  const classes = [...new Set([...failureBuckets.values()].flatMap((r) => Object.keys(r)))].sort();
  return {
    curve,
    evalsPerSecond: span > 0 ? (evaluated.length - 1) / span : null,
    failures: { bucketSize, classes, buckets: [...failureBuckets.entries()].sort((a, b) => a[0] - b[0]).map(([start, counts]) => ({ start, counts })) },
    /** Island membership and counts as store/figures.ts defines them (the same as kaizen status). */
    islands: figures.islands,
    samples: figures.samples,
    improvements: figures.improvements,
    /** How the champion was reached: its ancestry, initial program first, with each step's operator and gain. */
    champion: championPath(figureRows, run.best_program_id),
    /** Multi-case tasks (null otherwise): samples by cascade stage reached, the hidden-case gate, the champion's hidden score. */
    cases: await casesOverview(store, run),
    executor: (await store.getState<ExecutorSnapshot>(run.id, EXECUTOR_STATE_KEY)) ?? null,
  };
}

/**
 * Which of its optional tabs a run has, in one request for the tab bar: Core War (its programs are Redcode warriors),
 * Front (it declared several objectives: /front is not null), Prompts (its prompts evolved: /prompts is not null).
 */
export async function runTabs(store: Store, run: Run) {
  const started = (await store.read.eventsAfter(run.id, 0, { types: ['run.started'], limit: 1 }))[0];
  const objectives = (started?.data as { objectives?: unknown[] } | undefined)?.objectives;
  const prompts = await store.read.hasEvent(run.id, ['prompt.variant', 'prompt.retired']);
  return { redcode: (await runLanguage(store, run)) === 'redcode', front: !!objectives?.length, prompts };
}

/** What the overview shows of a multi-case run; the champion's cases themselves are on its program page. */
async function casesOverview(store: Store, run: Run) {
  const c = await store.read.runCases(run.id);
  if (!c) return null;
  return {
    stages: c.stages,
    checks: c.checks,
    championId: c.championId,
    championStage: c.champion?.stage ?? null,
    publicSummary: c.champion?.summary ?? null,
    hiddenSummary: c.champion?.hiddenSummary ?? null,
    hiddenScore: c.hiddenScore,
    /** [evaluations, hidden score] at each promotion that has one. */
    hiddenCurve: c.history.flatMap((h): [number, number][] => (h.hidden === null ? [] : [[h.evaluated, h.hidden]])),
  };
}
