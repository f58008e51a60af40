// Typed fetches of the dashboard's API (src/server): same origin, the token travels in a cookie.

import type { ExecutorSnapshot } from '../../src/executor/stats.ts';
import type { agentsView } from '../../src/server/agents.ts';
import type { modelsView } from '../../src/server/models.ts';
import type { lineage, programDetail } from '../../src/server/programs.ts';
import type { Curve, listRuns, runOverview, runTabs } from '../../src/server/runs.ts';
import type { LedgerView, safeguardsView } from '../../src/server/safeguards.ts';
import type { RunBattle, replayRound } from '../../src/server/battle.ts';
import type { FrontPoint, RunFront, RunPrompts, TreeRow, VariantView } from '../../src/store/queries.ts';

export type { ExecutorSnapshot };

// The API's response types come from the server's own functions: the page cannot disagree with what it is sent.
type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type RunRow = Result<typeof listRuns>[number];
export type { Curve };
export type Overview = Result<typeof runOverview>;
/** GET /api/runs/ID/tabs: which optional tabs the run has. */
export type Tabs = Result<typeof runTabs>;

/** The live stream's `executor` event: the snapshot changed. */
export interface ExecutorEvent {
  executor: ExecutorSnapshot | null;
  now: string;
}

export type Lineage = Result<typeof lineage>;
export type LiveProgram = TreeRow;
export type Program = NonNullable<Result<typeof programDetail>>;
export type Models = Result<typeof modelsView>;
export type Safeguards = Result<typeof safeguardsView>;
export type Ledger = LedgerView;
export type Replay = ReturnType<typeof replayRound>;
export type { RunBattle };
export type Agents = Result<typeof agentsView>;
/** GET /api/runs/ID/front: a multi-objective run's Pareto front, null for a run with one score. */
export type Front = RunFront | null;
export type { FrontPoint };
/** GET /api/runs/ID/prompts: a run's prompt variants, null for a run whose prompts did not evolve. */
export type Prompts = RunPrompts | null;
export type { VariantView };
export type AgentInfo = Agents['agents'][number];

async function request<T>(path: string): Promise<T> {
  const r = await fetch(path, { credentials: 'same-origin' });
  const body = (await r.json()) as T & { error?: string };
  if (!r.ok) throw new Error(body.error ?? `${r.status} ${r.statusText}`);
  return body;
}

/** A request started before a view asked for it (prefetch): when it started, and its answer once it came. */
interface Early {
  answer: Promise<unknown>;
  at: number;
  value?: { data: unknown };
}
const early = new Map<string, Early>();
/** An early answer older than this is not handed out: the view fetches afresh. */
const EARLY_MS = 5000;

const fresh = (path: string) => {
  const started = early.get(path);
  return started && performance.now() - started.at < EARLY_MS ? started : undefined;
};

/**
 * Starts GET `path` now, for the first get() of the same path to take: main.tsx asks for the data of the page in the
 * address bar while the page's own code is still loading, so the two overlap instead of following each other.
 * Resolves when the answer has come (or failed).
 */
export function prefetch(path: string): Promise<void> {
  const answer = request(path);
  const entry: Early = { answer, at: performance.now() };
  early.set(path, entry);
  // A failure is the taker's to report; untaken, it is no unhandled rejection.
  return answer.then(
    (data) => {
      entry.value = { data };
    },
    () => {},
  );
}

/** An early answer that has already come, without taking it: a view's first render can draw it at once (useData). */
export function arrived<T>(path: string): T | undefined {
  return fresh(path)?.value?.data as T | undefined;
}

export function get<T>(path: string): Promise<T> {
  const started = fresh(path);
  early.delete(path);
  return started ? (started.answer as Promise<T>) : request<T>(path);
}

/** The paths the views fetch that main.tsx prefetches: one spelling each, or the early answer would not be found. */
export const paths = {
  runs: '/api/runs',
  overview: (runId: string) => `/api/runs/${encodeURIComponent(runId)}`,
  tabs: (runId: string) => `/api/runs/${encodeURIComponent(runId)}/tabs`,
  lineage: (runId: string) => `/api/runs/${encodeURIComponent(runId)}/programs`,
  table: (runId: string) => `/api/runs/${encodeURIComponent(runId)}/table`,
  safeguards: (runId: string) => `/api/runs/${encodeURIComponent(runId)}/safeguards`,
  ledger: (runId: string) => `/api/runs/${encodeURIComponent(runId)}/ledger`,
};

export const fmt = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(digits));
export const usd = (x: number) => `$${x.toFixed(4)}`;
/** A count with its noun: `1 process`, `2 processes`. */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/**
 * A number as an axis tick or legend shows it: at most 12 significant digits, thousands grouped with commas. The
 * charts use it instead of uPlot's own, an Intl.NumberFormat: a fresh page's first Intl object costs ~75 ms
 * (web/build/lazy-intl.ts).
 */
export function plainNumber(v: number): string {
  const [whole, fraction] = String(Number(v.toPrecision(12))).split('.');
  if (/e/i.test(whole)) return fraction === undefined ? whole : `${whole}.${fraction}`;
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
/**
 * A timestamp in local time, `2026-12-06 08:12:37` (`clock`: the time only). Written by hand: the first
 * toLocaleString() of a fresh page loads the locale's data, ~100 ms on the benchmark's machine (bench/ui.ts).
 */
export function when(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(iso)}`;
}
export function clock(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
