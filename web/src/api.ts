// Typed fetches of the dashboard's API (src/server): same origin, the token travels in a cookie.

import type { ExecutorSnapshot } from '../../src/executor/stats.ts';
import type { agentsView } from '../../src/server/agents.ts';
import type { modelsView } from '../../src/server/models.ts';
import type { lineage, programDetail } from '../../src/server/programs.ts';
import type { CurvePoint, listRuns, runOverview } from '../../src/server/runs.ts';
import type { LedgerView, safeguardsView } from '../../src/server/safeguards.ts';
import type { RunBattle, replayRound } from '../../src/server/battle.ts';
import type { FrontPoint, RunFront, RunPrompts, TreeRow, VariantView } from '../../src/store/queries.ts';

export type { ExecutorSnapshot };

// The API's response types come from the server's own functions: the page cannot disagree with what it is sent.
type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export type RunRow = Result<typeof listRuns>[number];
export type { CurvePoint };
export type Overview = Result<typeof runOverview>;

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

export async function get<T>(path: string): Promise<T> {
  const r = await fetch(path, { credentials: 'same-origin' });
  const body = (await r.json()) as T & { error?: string };
  if (!r.ok) throw new Error(body.error ?? `${r.status} ${r.statusText}`);
  return body;
}

export const fmt = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(digits));
export const usd = (x: number) => `$${x.toFixed(4)}`;
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
