// Objective discovery (examples/discopop): training runs per second of the trusted trainer with a candidate's loss
// (numerical gradient), beside the same trainer given DPO's analytic gradient, measured in the same run; and the
// seconds one candidate's full KL-matched fitness takes (every public case: 9 β each, in the process sandbox).
import { join } from 'node:path';
import { generateCase } from '../examples/discopop/problem.ts';
import { trainPolicy } from '../examples/discopop/trainer.mjs';
import { caseTaskOf } from '../src/cases/case-task.ts';
import { loadTask } from '../src/config/load.ts';
import { BASE_ENV } from '../src/engine/evaluate.ts';
import { ProcessSandbox } from '../src/sandbox/process.ts';

const REPO = join(import.meta.dirname, '..');
type Loss = (pc: number, pr: number, rc: number, rr: number, beta: number) => number;

const logSigmoid = (z: number) => (z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z)));
const dpo: Loss = (pc, pr, rc, rr, beta) => -logSigmoid(beta * (pc - rc - (pr - rr)));
/** DPO's exact derivatives: −β·σ(−βm) for the chosen log-probability, the opposite for the rejected one. */
const dpoSlopes = (_loss: Loss, pc: number, pr: number, rc: number, rr: number, beta: number) => {
  const g = -beta / (1 + Math.exp(beta * (pc - rc - (pr - rr))));
  return [g, -g];
};

function runsPerSecond(train: () => unknown, seconds: number): number {
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    train();
    runs++;
  }
  return (runs * 1000) / (performance.now() - t0);
}

export async function discopopBench(): Promise<string[]> {
  const lines: string[] = [];
  for (const family of ['A', 'B', 'C']) {
    const { instance } = generateCase(0, family);
    runsPerSecond(() => trainPolicy(dpo, instance, 0.35), 0.5); // warm up the JIT
    const numeric = runsPerSecond(() => trainPolicy(dpo, instance, 0.35), 2);
    const analytic = runsPerSecond(() => trainPolicy(dpo, instance, 0.35, dpoSlopes), 2);
    lines.push(
      `family ${family} (${instance.pairs.length} pairs, ${instance.vocab}×${instance.features} weights, ${instance.epochs} epochs): ${numeric.toFixed(1)} training runs/s with the numerical gradient vs ${analytic.toFixed(1)}/s with DPO's analytic one (ratio ${(numeric / analytic).toFixed(2)})`,
    );
  }
  const loaded = await loadTask(join(REPO, 'examples/discopop'));
  const caseTask = caseTaskOf(loaded.task, loaded.dir, BASE_ENV);
  if (!caseTask) throw new Error('examples/discopop is not a multi-case task');
  const sandbox = new ProcessSandbox();
  try {
    await caseTask.runAll(sandbox, loaded.programCode, loaded.language, caseTask.publicRefs.slice(0, 1)); // warm the file cache
    const rounds = 3;
    const t0 = performance.now();
    let cpuMs = 0;
    for (let i = 0; i < rounds; i++) {
      const outcome = await caseTask.runAll(sandbox, loaded.programCode, loaded.language, caseTask.publicRefs);
      if (!outcome.results.every((r) => r.verdict === 'ok')) throw new Error(`dpo.js failed: ${JSON.stringify(outcome.results[0])}`);
      cpuMs += outcome.results.reduce((s, r) => s + (r.cpuMs ?? 0), 0);
    }
    const seconds = (performance.now() - t0) / rounds / 1000;
    const cases = caseTask.publicRefs.length;
    lines.push(
      `one candidate's full KL-matched fitness (dpo.js, ${cases} public cases × ${generateCase(0, 'A').instance.betas.length} β, process sandbox, cases in turn): ${seconds.toFixed(2)} s wall, ${(cpuMs / rounds / 1000).toFixed(2)} s CPU (target ≤ 5 s)`,
    );
  } finally {
    await sandbox.close();
  }
  return lines;
}
