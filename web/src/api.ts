// Typed fetches of the dashboard's API (src/server): same origin, the token travels in a cookie.

import type { ExecutorSnapshot } from '../../src/executor/stats.ts';

export type { ExecutorSnapshot };

export interface RunRow {
  id: string;
  task: string;
  status: string;
  createdAt: string;
  samples: number;
  budget: number | null;
  seedScore: number | null;
  bestScore: number | null;
  bestProgramId: number | null;
  cost: number;
  durationMs: number;
}

export type CurvePoint = [number, number, number, number | null, number | null];

export interface Overview {
  run: { id: string; task: string; status: string; createdAt: string; finishedAt: string | null; bestProgramId: number | null; seedScore: number | null };
  curve: CurvePoint[];
  evalsPerSecond: number | null;
  failures: { bucketSize: number; classes: string[]; buckets: { start: number; counts: Record<string, number> }[] };
  islands: { island: number; programs: number; best: number | null }[];
  /** The remote executor's last snapshot; null when the run evaluates locally. */
  executor: ExecutorSnapshot | null;
  /** The server's clock when it answered (the snapshot's age is measured on it). */
  now: string;
}

/** The live stream's `executor` event: the snapshot changed. */
export interface ExecutorEvent {
  executor: ExecutorSnapshot | null;
  now: string;
}

export interface Lineage {
  runId: string;
  /** Largest event id when the lineage was read: the live stream starts after it. */
  lastEvent: number;
  bestProgramId: number | null;
  champion: number[];
  id: number[];
  parent: (number | null)[];
  island: number[];
  operator: string[];
  status: string[];
  score: (number | null)[];
  sample: (number | null)[];
}

export interface LiveProgram {
  id: number;
  parent: number | null;
  island: number;
  operator: string;
  status: string;
  correct: number | null;
  score: number | null;
  sample: number | null;
}

export interface Program {
  id: number;
  runId: string;
  sample: number | null;
  parentId: number | null;
  island: number;
  generation: number;
  operator: string;
  model: string | null;
  status: string;
  correct: number | null;
  score: number | null;
  parentScore: number | null;
  language: string;
  code: string;
  diff: string | null;
  change: string | null;
  metrics: { public: unknown; private: unknown; features: unknown };
  feedback: string | null;
  failureClass: string | null;
  error: string | null;
  prompt: string | null;
  reply: string | null;
  cost: number | null;
  usage: unknown;
  timings: { proposeMs: number | null; evalMs: number | null; judgeMs: number | null; createdAt: string; evaluatedAt: string | null };
}

export interface Models {
  bandit: { id: string; pulls: number; failures: number; meanReward: number; decayedMean: number; totalCost: number; weight: number }[] | null;
  totals: Record<string, { pulls: number; improvements: number; cost: number }>;
  samples: number[];
  series: Record<string, { pulls: number[]; improvements: number[]; cost: number[] }>;
}

export interface Safeguards {
  events: Record<string, { id: number; seq: number | null; at: string; programId: number | null; data: Record<string, unknown> }[]>;
  ledger: { ok: boolean; events: number; signedSeq: number | null; unsigned: number; problems: string[]; warnings: string[]; headHash: string | null; publicKeyFingerprint: string | null };
}

export interface Replay {
  hill: string;
  coreSize: number;
  round: number;
  positions: number[];
  starter: number;
  warriors: { id: number; name: string; length: number }[];
  initial: number[];
  initialProcs: number[][];
  steps: { w: number; pc: number; ins: string; writes: number[]; procs: number[][] }[];
  alive: boolean[];
  truncated: boolean;
}

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
