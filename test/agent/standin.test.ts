// The stand-in coder and the offline self-edit operators: the fix it knows is the reference patch exactly; what it
// solves depends on what the agent lets it see and do (the planted capabilities); every self-edit it can make gives
// an agent the guard accepts, and the code edits give working tools.
import { describe, expect, it } from 'vitest';
import { loadBenchmark, SHIPPED_BENCHMARK, taskFiles } from '../../src/agent/benchmark.ts';
import { SEED_AGENT } from '../../src/agent/evolve.ts';
import { guardSelfEdit } from '../../src/agent/guard.ts';
import { assignmentOf, runAgent, scoreHidden } from '../../src/agent/harness.ts';
import { openAgentModel } from '../../src/agent/model.ts';
import { diagnosisTags, type FileEdit, type SeenFiles, selfEdits } from '../../src/agent/operators.ts';
import { planEdits } from '../../src/agent/standin/coder.ts';
import { readTree } from '../../src/agent/tree.ts';
import type { Files } from '../../src/agent/benchmark.ts';

const tasks = loadBenchmark(SHIPPED_BENCHMARK);
const seed = readTree(SEED_AGENT).files;

function apply(files: Files, edits: readonly FileEdit[]): Files {
  const out = { ...files };
  for (const e of edits) {
    const text = out[e.path] ?? '';
    if (e.old === '') {
      out[e.path] = e.new;
      continue;
    }
    const at = text.indexOf(e.old);
    expect(at, `${e.path}: ${e.old.slice(0, 60)}`).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(e.old, at + 1), `${e.path}: the old text occurs twice`).toBe(-1);
    out[e.path] = text.slice(0, at) + e.new + text.slice(at + e.old.length);
  }
  return out;
}

describe('the stand-in knows the reference patch, as edits that each match once', () => {
  it.each(tasks.map((t) => [t.id, t] as const))('%s', (_id, task) => {
    const edits = planEdits(task);
    expect(edits.length).toBeGreaterThan(0);
    const after = apply(taskFiles(task, 'repo'), edits);
    const reference = taskFiles(task, 'reference');
    for (const [path, text] of Object.entries(reference)) expect(after[path], path).toBe(text);
  });
});

describe('self-edit operators', () => {
  const full: SeenFiles = new Map(Object.entries(seed));
  const candidates = selfEdits(full);

  it('offer settings, prompt and code edits of the seed agent, tagged by what they address', () => {
    const operators = new Set(candidates.map((c) => c.operator));
    for (const op of ['settings.maxTurns', 'settings.viewLines', 'prompt.add', 'prompt.remove', 'code.view-range', 'code.output-tail'])
      expect(operators).toContain(op);
    expect(candidates.find((c) => c.operator === 'prompt.add' && c.tags.includes('tests'))).toBeDefined();
    expect(candidates.filter((c) => c.tags.includes('view')).map((c) => c.operator)).toEqual(expect.arrayContaining(['settings.viewLines', 'code.view-range']));
  });

  it('each gives an agent the guard accepts (it compiles, its settings stay in range)', () => {
    for (const c of candidates) {
      const verdict = guardSelfEdit(seed, apply(seed, c.edits), []);
      expect(verdict.reasons, c.note).toEqual([]);
    }
  });

  it('offer no code edit of a file only partly seen (an edit replaces only text that was read)', () => {
    const partial: SeenFiles = new Map([...full].map(([p, t]) => [p, p === 'tools.ts' ? null : t]));
    expect(selfEdits(partial).filter((c) => c.operator.startsWith('code.'))).toEqual([]);
  });

  it('read diagnoses by their words', () => {
    expect(diagnosisTags('The agent stopped at its turn limit (6 model calls)')).toEqual(['turns']);
    expect(diagnosisTags('a view was cut short ("more lines not shown")…the model never saw the rest')).toEqual(['view']);
    expect(diagnosisTags('The agent submitted without running the public tests, which fail')).toEqual(['tests']);
  });
});

describe('planted capabilities, through the harness and the broker', () => {
  const variants = (): Record<string, Files> => {
    const c = selfEdits(new Map(Object.entries(seed)));
    const pick = (pred: (x: (typeof c)[number]) => boolean) => c.find(pred)!.edits;
    const viewLines = pick((x) => x.operator === 'settings.viewLines' && /→ 200$/.test(x.note));
    const range = pick((x) => x.operator === 'code.view-range');
    const tests = pick((x) => x.operator === 'prompt.add' && x.tags.includes('tests'));
    const turns = pick((x) => x.operator === 'settings.maxTurns' && /→ 15$/.test(x.note));
    return {
      seed,
      viewLines: apply(seed, viewLines),
      range: apply(seed, range),
      tests: apply(seed, tests),
      testsAndTurns: apply(apply(seed, tests), turns),
    };
  };

  async function solves(agent: Files, taskId: string): Promise<boolean> {
    const task = tasks.find((t) => t.id === taskId)!;
    const model = await openAgentModel(undefined, tasks);
    try {
      const run = await runAgent({ agent, assignment: assignmentOf(task), model: model.model, seed: 1 });
      return run.problems.length === 0 && (await scoreHidden(task, run)).solved;
    } finally {
      await model.close();
    }
  }

  it('a fix below line 110 of a long file needs a longer view or a line range', async () => {
    const v = variants();
    const long = 'py-bugfix-ledger-split';
    expect(await solves(v.seed, long)).toBe(false);
    expect(await solves(v.viewLines, long)).toBe(true);
    expect(await solves(v.range, long)).toBe(true);
  }, 60_000);

  it('a fix in several regions needs the tests run before submitting, and the turns to finish it', async () => {
    const v = variants();
    const multi = 'py-bugfix-semver-prerelease-order';
    expect(await solves(v.seed, multi)).toBe(false);
    expect(await solves(v.testsAndTurns, multi)).toBe(true);
  }, 60_000);

  it('a one-region fix in a short file is within the seed agent', async () => {
    expect(await solves(seed, 'js-bugfix-median')).toBe(true);
  }, 60_000);
});
