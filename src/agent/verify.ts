// `kaizen verify` on an agent run: besides the ledger, the default agent is re-run on a sample of the tasks it was
// scored on (dev and held-out), with the recorded seeds, and each outcome must match the record. The offline
// stand-in is deterministic, so a run it drove must replay exactly; a run of a provider's model is re-run only when
// that model is given again (its replies are samples: agreement is reported, not required).
import type { KaizenError } from '../errors.ts';
import { eventData } from '../ledger/events.ts';
import type { Run, Store } from '../store/store.ts';
import { Rng } from '../util/rng.ts';
import { type Files, loadBenchmark } from './benchmark.ts';
import { assignmentOf, DEFAULT_HARNESS_LIMITS, runAgent, scoreHidden } from './harness.ts';
import { openAgentModel, STANDIN_NAME } from './model.ts';

export interface AgentReexecution {
  problems: string[];
  warnings: string[];
  /** The re-run agent, how many sampled attempts the record says it solved, and how many it solved again. */
  reexecuted: { id: number; recorded: number | null; score: number | null }[];
}

export async function reexecuteAgentRun(store: Store, run: Run, options: { sample?: number; model?: string } = {}): Promise<AgentReexecution> {
  const out: AgentReexecution = { problems: [], warnings: [], reexecuted: [] };
  const agentId = run.best_program_id;
  if (agentId === null) {
    out.warnings.push(`run ${run.id}: no default agent recorded yet; nothing to re-run`);
    return out;
  }
  const config = JSON.parse(run.config_json) as { model?: string };
  const standin = config.model === STANDIN_NAME;
  if (!standin && !options.model) {
    out.warnings.push(`run ${run.id}: its agents used ${config.model}; re-running them needs that model (kaizen verify --model ${config.model})`);
    return out;
  }
  const row = await store.getProgram(agentId);
  if (row?.language !== 'agent') {
    out.problems.push(`run ${run.id}: default agent #${agentId} is not an agent of the run`);
    return out;
  }
  let tasks: ReturnType<typeof loadBenchmark>;
  try {
    tasks = loadBenchmark(run.task_dir);
  } catch (e) {
    out.problems.push(`run ${run.id}: cannot load its benchmark ${run.task_dir} to re-run agent #${agentId}: ${(e as KaizenError).message}`);
    return out;
  }
  const attempts = (await store.events(run.id))
    .filter((e) => e.type === 'agent.task')
    .map((e) => eventData(e, 'agent.task'))
    .filter((d) => d.agent === agentId);
  const sample = new Rng(run.seed, 99).sample(attempts, options.sample ?? 6);
  const model = await openAgentModel(standin ? undefined : options.model, tasks);
  let again = 0;
  try {
    for (const a of sample) {
      const task = tasks.find((t) => t.id === a.task);
      if (!task) {
        out.problems.push(`run ${run.id}: agent #${agentId} was scored on task ${a.task}, which the benchmark no longer has`);
        continue;
      }
      const result = await runAgent({
        agent: JSON.parse(row.code) as Files,
        assignment: assignmentOf(task),
        model: model.model,
        seed: a.seed,
        limits: DEFAULT_HARNESS_LIMITS,
      });
      const solved = result.problems.length === 0 && (await scoreHidden(task, result)).solved;
      if (solved) again++;
      if (solved !== a.solved) {
        const line = `run ${run.id}: agent #${agentId} on ${a.task} (seed ${a.seed}) was recorded ${a.solved ? 'solved' : 'not solved'}, re-run ${solved ? 'solved' : 'not solved'}`;
        (standin ? out.problems : out.warnings).push(line);
      }
    }
  } finally {
    await model.close();
  }
  out.reexecuted.push({ id: agentId, recorded: sample.filter((a) => a.solved).length, score: again });
  return out;
}
