// The archive's agents as program rows: an agent's folder is its code (a JSON object of path → text, sorted), its
// diff against its parent the patch, the diagnosis that led to it the feedback.
import type { AgentTaskData } from '../ledger/events.ts';
import type { ProgramRow } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import type { Files } from './benchmark.ts';

/** An archived agent: its row, its files, its dev results so far and the stage it reached. */
export interface Agent {
  row: ProgramRow;
  files: Files;
  dev: AgentTaskData[];
  stage: number;
}

export const filesOf = (row: ProgramRow) => JSON.parse(row.code) as Files;
export const codeOf = (files: Files) => JSON.stringify(Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b))));

/** A child's sample number: generation and index within it (at most 100 children a generation). */
export const childSample = (generation: number, index: number) => generation * 100 + index;

/** The row of a new agent (the seed, a child, or a refused self-edit kept for the record). */
export function agentRow(a: {
  runId: string;
  sample: number;
  parent: number | null;
  generation: number;
  operator: 'seed' | 'self-edit';
  status: 'pending' | 'rejected';
  files: Files;
  change: string;
  patch?: string;
  feedback?: string;
  error?: string;
}) {
  const code = codeOf(a.files);
  return {
    run_id: a.runId,
    sample: a.sample,
    parent_id: a.parent,
    island: 0,
    generation: a.generation,
    operator: a.operator,
    model: null,
    status: a.status,
    correct: null,
    score: null,
    public_json: null,
    private_json: null,
    features_json: null,
    feedback: a.feedback ?? null,
    failure_class: a.status === 'rejected' ? 'guard' : null,
    error: a.error ?? null,
    language: 'agent',
    code,
    code_hash: sha256(code),
    patch: a.patch ?? null,
    change: a.change,
    inspirations_json: null,
    prompt: null,
    reply: null,
    stdout: null,
    stderr: null,
    cost: null,
    usage_json: null,
    evaluated_at: null,
    propose_ms: null,
    eval_ms: null,
    judge_ms: null,
  } as const;
}
