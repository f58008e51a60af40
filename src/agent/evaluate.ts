// Scoring agents on benchmark tasks, with the record: each attempt is the harness's run and score, its model calls
// (as the broker saw them) and its flags appended to the run's ledger, and a cache by (agent, task, seed) so that a
// resumed run re-runs nothing it already scored.
import type { AgentModelCallData, AgentTaskData } from '../ledger/events.ts';
import type { ChatModel } from '../models/types.ts';
import type { Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import type { BrokerCall } from './broker.ts';
import type { CodingTask, Files } from './benchmark.ts';
import { type AgentRun, assignmentOf, type HarnessLimits, type HiddenResult, runAgent, scoreHidden } from './harness.ts';

export type AttemptKey = `${number}:${string}:${number}`;
export const attemptKey = (agent: number, task: string, seed: number): AttemptKey => `${agent}:${task}:${seed}`;

export interface Scorer {
  store: Store;
  runId: string;
  model: ChatModel;
  limits: HarnessLimits;
  concurrency: number;
  /** Attempts already recorded in this run. */
  cache: Map<AttemptKey, AgentTaskData>;
  signal?: AbortSignal;
  /** One line per attempt, for progress displays. */
  onAttempt?: (data: AgentTaskData) => void;
}

/** A model call as the ledger records it (`agent.model-call`). */
export function modelCallEvent(agent: number, purpose: AgentModelCallData['purpose'], task: string, seed: number, call: BrokerCall): AgentModelCallData {
  return {
    agent,
    purpose,
    task,
    seed,
    turn: call.turn,
    model: call.model,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
    cost: call.cost,
    latencyMs: call.latencyMs,
    toolCalls: call.toolCalls,
    ...(call.error ? { error: call.error } : {}),
  };
}

/** Runs `agent` on `task` once, records it, returns the record (and the full run, for a diagnosis). */
export async function attempt(
  scorer: Scorer,
  agent: { id: number; files: Files },
  task: CodingTask,
  seed: number,
): Promise<{ data: AgentTaskData; run: AgentRun; hidden: HiddenResult }> {
  const { store, runId } = scorer;
  const run = await runAgent({
    agent: agent.files,
    assignment: assignmentOf(task),
    model: scorer.model,
    seed,
    limits: scorer.limits,
    onCall: (call) => store.appendEvent(runId, 'agent.model-call', agent.id, modelCallEvent(agent.id, 'solve', task.id, seed, call)),
  });
  const hidden = run.problems.length
    ? { solved: false, exitCode: null, passed: null, failed: null, note: `workspace refused: ${run.problems.join('; ')}`, durationMs: 0 }
    : run.diff === ''
      ? // Every task's untouched repository fails its hidden tests (test/agent/benchmark-*.test.ts checks it).
        { solved: false, exitCode: null, passed: null, failed: null, note: 'no change', durationMs: 0 }
      : await scoreHidden(task, run);
  const b = run.broker;
  const data: AgentTaskData = {
    agent: agent.id,
    task: task.id,
    split: task.split,
    seed,
    solved: hidden.solved,
    hiddenPassed: hidden.passed,
    hiddenFailed: hidden.failed,
    note: hidden.note,
    calls: b.calls.length,
    tokens: b.spent.tokens,
    cost: b.spent.dollars,
    tools: b.tools.map((t) => t.name),
    submitted: b.done?.submitted === true,
    stopped: run.process.stopped ? `${run.process.stopped.reason}: ${run.process.stopped.message}` : null,
    durationMs: run.process.durationMs + hidden.durationMs,
    diffSha256: sha256(run.diff),
  };
  await recordFlags(scorer, agent.id, task.id, run);
  await store.appendEvent(runId, 'agent.task', agent.id, data);
  scorer.cache.set(attemptKey(agent.id, task.id, seed), data);
  scorer.onAttempt?.(data);
  return { data, run, hidden };
}

/** What the harness noticed about an attempt besides its score: recorded, never scored. */
async function recordFlags(scorer: Scorer, agent: number, task: string, run: AgentRun): Promise<void> {
  const flags: { kind: string; detail: string }[] = [];
  if (run.markers.agent !== run.markers.broker) {
    flags.push({ kind: 'log-mismatch', detail: `the agent logged ${run.markers.agent} tool calls, the broker saw ${run.markers.broker}` });
  }
  for (const p of run.problems) flags.push({ kind: 'workspace', detail: p });
  if (run.broker.refusals.length) flags.push({ kind: 'broker-refused', detail: [...new Set(run.broker.refusals)].join('; ') });
  if (run.process.stopped) flags.push({ kind: `stopped:${run.process.stopped.reason}`, detail: run.process.stopped.message });
  for (const f of flags) await scorer.store.appendEvent(scorer.runId, 'agent.flagged', agent, { agent, task, ...f });
}

/** Scores `agent` on `tasks` at `seed` (cached attempts reused), `concurrency` at a time; results in task order. */
export async function scoreTasks(scorer: Scorer, agent: { id: number; files: Files }, tasks: readonly CodingTask[], seed: number): Promise<AgentTaskData[]> {
  const results: AgentTaskData[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !scorer.signal?.aborted) {
      const i = next++;
      const task = tasks[i];
      results[i] = scorer.cache.get(attemptKey(agent.id, task.id, seed)) ?? (await attempt(scorer, agent, task, seed)).data;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, scorer.concurrency) }, worker));
  if (scorer.signal?.aborted) throw scorer.signal.reason ?? new Error('aborted');
  return results;
}

export function rate(results: readonly AgentTaskData[]): number {
  return results.length === 0 ? 0 : results.filter((r) => r.solved).length / results.length;
}
