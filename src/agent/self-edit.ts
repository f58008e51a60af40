// One self-modification (DGM): a failed dev task of the parent is re-run and diagnosed — the diagnosis reads what the
// agent did, the public test output and only the count of hidden failures — and the parent agent itself edits a copy
// of its own folder through the broker, like any task. The guard decides whether the result is a child.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProgramRow } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import type { Rng } from '../util/rng.ts';
import { type Agent, agentRow, childSample } from './archive.ts';
import type { CodingTask } from './benchmark.ts';
import { diagnose } from './diagnose.ts';
import { attempt, modelCallEvent, type Scorer } from './evaluate.ts';
import type { EvolveOptions } from './evolve.ts';
import { guardSelfEdit } from './guard.ts';
import { runAgent, runPublic } from './harness.ts';
import { diagnosisTags } from './operators.ts';
import { applyChange } from './tree.ts';

const SELF_EDIT_TEMPLATE = fileURLToPath(new URL('../../templates/agent/self-edit.md', import.meta.url));

/** One self-modification: re-run and diagnose a failed dev task of the parent, then let the parent edit its copy. */
export async function selfEdit(
  o: EvolveOptions & {
    runId: string;
    scorer: Scorer;
    generation: number;
    index: number;
    parent: Agent;
    dev: CodingTask[];
    rng: Rng;
    log: (l: string) => void;
    addCost: (usd: number) => void;
  },
): Promise<ProgramRow | null> {
  const { store, runId, parent, generation } = o;
  const failed = parent.dev.filter((r) => !r.solved);
  const pick = failed.length ? o.rng.pick(failed) : o.rng.pick(parent.dev);
  const task = o.dev.find((t) => t.id === pick.task)!;
  // A fresh run of the failed task, so that the diagnosis reads the whole record (tool results included).
  const again = await attempt(
    { ...o.scorer, cache: new Map() },
    { id: parent.row.id, files: parent.files },
    task,
    o.settings.seed + 1_000_000 + childSample(generation, o.index),
  );
  const publicTests = await runPublic(task, again.run);
  let maxTurns: number | null = null;
  try {
    maxTurns = Number((JSON.parse(parent.files['settings.json'] ?? '{}') as { maxTurns?: number }).maxTurns ?? Number.NaN) || null;
  } catch {}
  const diagnosis = await diagnose(
    {
      task,
      tools: again.run.broker.tools,
      calls: again.run.broker.calls.length,
      maxTurns,
      submitted: again.run.broker.done?.submitted === true,
      publicTests,
      hiddenFailed: again.hidden.failed,
      ended: again.run.process.stopped ? `stopped: ${again.run.process.stopped.message}` : `exit code ${again.run.process.exitCode}`,
    },
    o.diagnosisModel,
  );
  await store.appendEvent(runId, 'agent.diagnosed', parent.row.id, {
    generation,
    parent: parent.row.id,
    task: task.id,
    diagnosis: diagnosis.text,
    tags: diagnosisTags(diagnosis.text),
    cost: diagnosis.cost,
    model: diagnosis.model,
  });
  const issue = readFileSync(SELF_EDIT_TEMPLATE, 'utf8')
    .replace(
      '{{files}}',
      Object.keys(parent.files)
        .sort()
        .map((f) => `- ${f}`)
        .join('\n'),
    )
    .replace('{{diagnosis}}', diagnosis.text);
  let editCost = 0;
  const run = await runAgent({
    agent: parent.files,
    assignment: { id: 'self-edit', issue, tests: '', repo: parent.files },
    model: o.model,
    seed: o.settings.seed + generation * 100 + o.index,
    limits: o.limits,
    onCall: (call) => {
      editCost += call.cost;
      return store.appendEvent(
        runId,
        'agent.model-call',
        parent.row.id,
        modelCallEvent(parent.row.id, 'self-edit', `self-edit:${generation}.${o.index}`, o.settings.seed, call),
      );
    },
  });
  o.addCost(editCost + diagnosis.cost);
  const childFiles = applyChange(parent.files, run);
  const verdict = guardSelfEdit(parent.files, childFiles, run.problems);
  const note = run.broker.calls.map((c) => c.text).find((t) => t.trim() !== '') ?? null;
  const base = {
    generation,
    parent: parent.row.id,
    reasons: verdict.reasons,
    flags: verdict.flags,
    files: [...Object.keys(run.changed), ...run.removed].sort(),
    diffSha256: sha256(run.diff),
    cost: editCost,
  };
  const childRow = (status: 'pending' | 'rejected', extra: { error?: string }) =>
    agentRow({
      runId,
      sample: childSample(generation, o.index),
      parent: parent.row.id,
      generation,
      operator: 'self-edit',
      status,
      files: childFiles,
      patch: run.diff,
      change: note ?? 'self-edit',
      feedback: diagnosis.text,
      ...extra,
    });
  if (!verdict.ok) {
    await store.insertProgramRow(childRow('rejected', { error: verdict.reasons.join('; ') }), {
      type: 'agent.self-edit',
      data: { ...base, verdict: 'rejected' },
    });
    o.log(`self-edit of agent #${parent.row.id} refused: ${verdict.reasons.join('; ')}`);
    return null;
  }
  const child = await store.insertProgramRow(childRow('pending', {}), {
    type: 'agent.self-edit',
    data: { ...base, verdict: 'accepted' },
  });
  o.log(`agent #${child.id} from #${parent.row.id}: ${note ?? base.files.join(', ')}`);
  return child;
}
