import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseTaskOf } from '../../src/cases/case-task.ts';
import type { CaseResult } from '../../src/cases/run.ts';
import { runStatus } from '../../src/cli/status.ts';
import { loadTask } from '../../src/config/load.ts';
import type { ObjectiveSpec } from '../../src/config/task.ts';
import { evolve } from '../../src/engine/evolve.ts';
import { executedCases } from '../../src/engine/cases.ts';
import { BASE_ENV } from '../../src/engine/evaluate.ts';
import { applyObjectives } from '../../src/engine/objectives.ts';
import type { Member } from '../../src/population/member.ts';
import { selectionProbabilities } from '../../src/population/selection.ts';
import { type ProgramRow, Store } from '../../src/store/store.ts';
import { copyExampleWith, writeTask } from '../support/tmp.ts';

const objectives: ObjectiveSpec[] = [
  { name: 'sum', direction: 'max', reference: 0 },
  { name: 'bytes', direction: 'min', reference: 100 },
];

function taskWith(extra: string, config = '{ budget: { samples: 5 } }') {
  return writeTask({
    'task.ts': `import { defineTask } from 'kaizen';
export default defineTask({
  name: 'two',
  program: './initial.js',
  execute: { export: 'run' },
  judge: (out) => ({ correct: true, score: 0, objectives: { sum: out, bytes: 1 } }),
  ${extra}
});`,
    'initial.js': '// EVOLVE-BLOCK-START\nexport function run() { return 1; }\n// EVOLVE-BLOCK-END\n',
    'kaizen.config.ts': `import { defineConfig } from 'kaizen';\nexport default defineConfig(${config});\n`,
  });
}

describe('declaring objectives', () => {
  it('refuses a repeated objective, a champion rule naming an unknown one, and pareto selection without objectives', async () => {
    await expect(loadTask(taskWith("objectives: [{ name: 'a', direction: 'max' }, { name: 'a', direction: 'min' }],"))).rejects.toThrow(
      /field objectives: objective "a" is declared twice/,
    );
    await expect(
      loadTask(taskWith("objectives: [{ name: 'a', direction: 'max' }, { name: 'b', direction: 'min' }], champion: { primary: 'c' },")),
    ).rejects.toThrow(/field champion: "c" is not a declared objective \(a, b\)/);
    await expect(loadTask(taskWith("objectives: [{ name: 'a', direction: 'sideways' }, { name: 'b', direction: 'min' }],"))).rejects.toThrow(/objectives/);
    await expect(loadTask(taskWith('', "{ selection: { strategy: 'pareto' } }"))).rejects.toThrow(/selection.strategy 'pareto' .* must declare objectives/);
  });
});

describe('judging several objectives', () => {
  it('scores by the champion rule: the primary objective (negated when minimised) or the weighted sum', () => {
    const judged = { correct: true, score: 123, objectives: { sum: 2.5, bytes: 40 } };
    expect(applyObjectives(judged, objectives, undefined)).toMatchObject({ correct: true, score: 2.5, public: { sum: 2.5, bytes: 40 } });
    expect(applyObjectives(judged, objectives, { primary: 'bytes' }).score).toBe(-40);
    expect(applyObjectives(judged, objectives, { weights: { sum: 10, bytes: 0.5 } }).score).toBe(10 * 2.5 - 0.5 * 40);
  });

  it('makes a program incorrect when an objective is missing, not finite, or undeclared, and says which', () => {
    const missing = applyObjectives({ correct: true, score: 1, objectives: { sum: 1 } }, objectives, undefined);
    expect(missing.correct).toBe(false);
    expect(missing.feedback).toMatch(/no finite value for bytes/);
    expect(applyObjectives({ correct: true, score: 1, objectives: { sum: Number.NaN, bytes: 1 } }, objectives, undefined).feedback).toMatch(
      /no finite value for sum/,
    );
    expect(applyObjectives({ correct: true, score: 1, objectives: { sum: 1, bytes: 1, speed: 3 } }, objectives, undefined).feedback).toMatch(
      /undeclared speed/,
    );
  });

  it('draws parents only from the Pareto front under the pareto strategy', () => {
    const member = (id: number, sum: number, bytes: number): Member => ({
      id,
      island: 0,
      score: sum,
      correct: true,
      generation: 0,
      codeHash: `${id}`,
      children: 0,
      objectives: { sum, bytes },
    });
    // #3 is dominated by #2 (less sum, more bytes); #1, #2, #4 trade sum against bytes.
    const members = [member(1, 1, 10), member(2, 2, 20), member(3, 1.5, 25), member(4, 3, 30)];
    const p = selectionProbabilities(members, { strategy: 'pareto', lambda: 10, alpha: 1, objectives });
    expect(p[2]).toBe(0);
    expect(p[0] + p[1] + p[3]).toBeCloseTo(1, 12);
    // The two extremes (infinite crowding distance) are drawn more often than the middle of the front.
    expect(p[0]).toBeGreaterThan(p[1]);
    expect(p[3]).toBeGreaterThan(p[1]);
  });
});

describe('a two-objective run (circle packing: sum of radii against program size)', () => {
  it('keeps a Pareto front that dominates its seed, with its hypervolume growing over samples', async () => {
    const result = await evolve({ task: copyExampleWith('circle-packing-pareto'), config: { concurrency: 1 } });
    const store = await Store.open(result.db);
    try {
      const status = await runStatus(store, result.runId);
      const front = status.front!;
      expect(front.objectives.map((o) => o.name)).toEqual(['sum_radii', 'code_bytes']);
      expect(front.size).toBeGreaterThanOrEqual(2);
      // Checked by brute force: no correct program dominates a front point; some front point dominates the seed.
      const all = (await store.read.runFront(result.runId))!;
      const beats = (a: Record<string, number>, b: Record<string, number>) =>
        a.sum_radii >= b.sum_radii && a.code_bytes <= b.code_bytes && (a.sum_radii > b.sum_radii || a.code_bytes < b.code_bytes);
      for (const p of front.points) expect(all.points.some((q) => beats(q.values, p.values))).toBe(false);
      expect(front.seedDominatedBy.length).toBeGreaterThan(0);
      const seed = all.seed!;
      for (const id of front.seedDominatedBy) expect(beats(all.front.find((p) => p.id === id)!.values, seed.values)).toBe(true);
      // The seed alone covers (sum − 0) × (8000 − bytes) of the reference box; the front covers more.
      expect(front.hypervolume!).toBeGreaterThan(seed.values.sum_radii * (8000 - seed.values.code_bytes));
      const hv = front.growth.map((g) => g.hypervolume!);
      for (let i = 1; i < hv.length; i++) expect(hv[i]).toBeGreaterThanOrEqual(hv[i - 1]);
      // The champion is the best sum of radii (champion.primary), and its score is that sum.
      const champion = await store.getProgram(status.bestProgramId!);
      expect(champion!.score).toBe(JSON.parse(champion!.objectives_json!).sum_radii);
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe('a contest on two objectives (examples/contests/courier-pareto: case score and mean CPU time)', () => {
  const example = () => copyExampleWith('contests/courier-pareto', ['contests/courier', 'contests/lib']);

  it('takes the case score and the case figures as objectives, the champion being the case score', async () => {
    const loaded = await loadTask(example());
    const caseTask = caseTaskOf(loaded.task, loaded.dir, BASE_ENV)!;
    const results: CaseResult[] = caseTask.publicRefs.map((_, i) => ({
      set: 'public',
      case: i,
      seed: i,
      file: null,
      score: 1000 + i,
      verdict: 'ok',
      cpuMs: 100 + 10 * i,
      wallMs: 120,
      digest: null,
      feedback: null,
    }));
    const outcome = { results, outputs: new Map(), stage: 2, stages: 2, failures: [], compileError: null, judgeError: null };
    const row = { id: 7, sample: 3 } as ProgramRow;
    const { objectives, champion } = loaded.task;
    const x = executedCases(row, outcome, caseTask, null, { objectives: objectives!, champion });
    const sum = results.reduce((s, r) => s + r.score, 0);
    const cpu = results.reduce((s, r) => s + r.cpuMs!, 0) / results.length;
    expect(x.correct).toBe(true);
    expect(JSON.parse(x.update.objectives_json!)).toEqual({ score: sum, cpu_ms_mean: Number(cpu.toFixed(3)) });
    expect(x.update.score).toBe(sum);
    // A candidate with no correct case gets no objectives (it is not on any front).
    const wrong = executedCases(row, { ...outcome, results: results.map((r) => ({ ...r, verdict: 'wrong-answer' as const, score: 0 })) }, caseTask, null, {
      objectives: objectives!,
      champion,
    });
    expect(wrong.correct).toBe(false);
    expect(wrong.update.objectives_json).toBeUndefined();
  });

  it('refuses an objective that is no case figure, and a champion other than the case score', async () => {
    // A fresh copy per variant: a task file is imported once per path.
    const task = (extra: string) => {
      const dir = example();
      writeFileSync(
        join(dir, 'task.ts'),
        `import courier from '../courier/task.ts';\nexport default { ...courier, program: '../courier/baseline.js', ${extra} };\n`,
      );
      return loadTask(dir);
    };
    await expect(task("objectives: [{ name: 'score', direction: 'max' }, { name: 'bytes', direction: 'min' }],")).rejects.toThrow(
      /field objectives: "bytes" is not a figure of a multi-case task \(score, mean_case_score/,
    );
    await expect(
      task("objectives: [{ name: 'score', direction: 'max' }, { name: 'cpu_ms_mean', direction: 'min' }], champion: { primary: 'cpu_ms_mean' },"),
    ).rejects.toThrow(/field champion: a multi-case task's champion is its case score/);
    await expect(task("objectives: [{ name: 'cpu_ms_mean', direction: 'min' }, { name: 'score', direction: 'max' }],")).rejects.toThrow(/field champion/);
  });
});
