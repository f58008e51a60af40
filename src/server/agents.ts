import type { AgentTaskData, EventPayloads } from '../ledger/events.ts';
import type { Run, Store } from '../store/store.ts';

/** The events the agent view reads (model calls, the bulk of an agent run's ledger, are left out). */
const TYPES = ['agent.task', 'agent.diagnosed', 'agent.self-edit', 'agent.gate', 'agent.promoted', 'agent.generation'] as const;

type AgentEvent = {
  [T in (typeof TYPES)[number]]: { id: number; at: string; type: T; programId: number | null; data: EventPayloads[T] };
}[(typeof TYPES)[number]];

/** One agent on one task: on dev the run's own seed; on the held-out split every gate seed (solved: on all of them). */
export interface AgentCell {
  split: 'dev' | 'heldout';
  seed: number;
  solved: boolean;
  seeds: { seed: number; solved: boolean }[];
}

interface Recorded {
  stage?: number;
  solved?: number;
  tasks?: number;
  results?: Record<string, boolean>;
}

const parse = (s: string | null): Recorded => {
  if (!s) return {};
  try {
    return JSON.parse(s) as Recorded;
  } catch {
    return {};
  }
};

/**
 * The archive of a `kaizen agent evolve` run: its agents (program rows of language `agent`) as a tree with their dev
 * scores, the default and the seed agent, per agent and task the attempts with the run's seed (dev) and the held-out
 * gate's (every seed), cost and best dev score per generation, and the gates. Empty lists for other runs.
 */
export async function agentsView(store: Store, run: Run) {
  const rows = await store.read.agentRows(run.id);
  const events = (await store.read.eventsAfter(run.id, 0, { types: TYPES })) as AgentEvent[];
  const seedRow = rows.find((r) => r.operator === 'seed') ?? rows.find((r) => r.parent_id === null);
  const ids = new Set(rows.map((r) => r.id));
  let promoted: number | null = null;
  const selfEdits = new Map<number, EventPayloads['agent.self-edit']>();
  const diagnosedTask = new Map<number, string>();
  const lastDiagnosis = new Map<number, string>();
  const attempts = new Map<number, { cost: number; calls: number; runs: number }>();
  const results: Record<number, Record<string, AgentCell>> = {};
  const tasks = new Map<string, 'dev' | 'heldout'>();
  const gates: (EventPayloads['agent.gate'] & { eventId: number; at: string })[] = [];
  const generations: { generation: number; bestDev: number; cost: number; evaluated: number; archive: number; defaultAgent: number }[] = [];
  const cell = (d: AgentTaskData) => {
    results[d.agent] ??= {};
    const c = results[d.agent][d.task];
    if (!c) results[d.agent][d.task] = { split: d.split, seed: d.seed, solved: d.solved, seeds: [{ seed: d.seed, solved: d.solved }] };
    else if (!c.seeds.some((s) => s.seed === d.seed)) {
      c.seeds.push({ seed: d.seed, solved: d.solved });
      c.seeds.sort((a, b) => a.seed - b.seed);
      c.seed = c.seeds[0].seed;
      c.solved = c.seeds.every((s) => s.solved);
    }
  };
  for (const e of events) {
    switch (e.type) {
      case 'agent.task': {
        const d = e.data;
        tasks.set(d.task, d.split);
        const a = attempts.get(d.agent) ?? { cost: 0, calls: 0, runs: 0 };
        a.cost += d.cost;
        a.calls += d.calls;
        a.runs++;
        attempts.set(d.agent, a);
        // Dev: the run's own seed (the diagnosis re-runs use other seeds); held-out: the gate's seeds.
        if (d.split === 'heldout' || d.seed === run.seed) cell(d);
        break;
      }
      case 'agent.diagnosed':
        lastDiagnosis.set(e.data.parent, e.data.task);
        break;
      case 'agent.self-edit':
        if (e.programId !== null) {
          selfEdits.set(e.programId, e.data);
          const task = lastDiagnosis.get(e.data.parent);
          if (task) diagnosedTask.set(e.programId, task);
        }
        break;
      case 'agent.gate':
        gates.push({ ...e.data, eventId: e.id, at: e.at });
        break;
      case 'agent.promoted':
        promoted = e.data.agent;
        break;
      case 'agent.generation': {
        const { generation, bestDev, cost, evaluated, archive, defaultAgent } = e.data;
        generations.push({ generation, bestDev, cost, evaluated, archive, defaultAgent });
        break;
      }
    }
  }
  const defaultAgent =
    run.best_program_id !== null && ids.has(run.best_program_id)
      ? run.best_program_id
      : promoted !== null && ids.has(promoted)
        ? promoted
        : (seedRow?.id ?? null);
  const agents = rows.map((r) => {
    const recorded = parse(r.public_json);
    const edit = selfEdits.get(r.id);
    const a = attempts.get(r.id);
    return {
      id: r.id,
      parent: r.parent_id,
      generation: r.generation,
      operator: r.operator,
      status: r.status,
      score: r.score,
      solved: recorded.solved ?? null,
      tasks: recorded.tasks ?? null,
      stage: recorded.stage ?? null,
      change: r.change,
      /** Why the guard refused the self-edit (rejected rows), else why the agent failed. */
      reasons: r.status === 'rejected' ? (edit?.reasons.length ? edit.reasons : (r.error?.split('; ').filter(Boolean) ?? [])) : r.error ? [r.error] : [],
      flags: edit?.flags ?? [],
      files: edit?.files ?? [],
      /** The dev task whose diagnosis led to this agent. */
      diagnosedTask: diagnosedTask.get(r.id) ?? null,
      editCost: edit?.cost ?? null,
      attemptCost: a?.cost ?? 0,
      attempts: a?.runs ?? 0,
      isDefault: r.id === defaultAgent,
    };
  });
  const order = { dev: 0, heldout: 1 };
  return {
    runId: run.id,
    seed: run.seed,
    defaultAgent,
    seedAgent: seedRow?.id ?? null,
    agents,
    tasks: [...tasks.entries()].map(([id, split]) => ({ id, split })).sort((a, b) => order[a.split] - order[b.split] || a.id.localeCompare(b.id)),
    results,
    generations,
    gates,
  };
}
