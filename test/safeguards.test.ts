import { describe, expect, it } from 'vitest';
import { evolve } from '../src/engine/evolve.ts';
import { gatherReport } from '../src/report/data.ts';
import { renderMarkdown } from '../src/report/render.ts';
import type { Operator } from '../src/operators/operator.ts';
import { Store } from '../src/store/store.ts';
import { writeTask } from './support/tmp.ts';

/** An operator that proposes the given evolvable bodies in turn (the proposals under test). */
function scripted(bodies: string[]): Operator {
  let i = 0;
  return {
    name: 'scripted',
    supports: () => true,
    async propose() {
      const body = bodies[Math.min(i, bodies.length - 1)];
      i++;
      return { code: `// EVOLVE-BLOCK-START\nexport function solve(xs) {\n  ${body}\n}\n// EVOLVE-BLOCK-END\n`, change: `script ${i}` };
    },
  };
}

/**
 * A gameable task: the search instance is passed to the candidate, so a candidate can return the expected answer
 * without computing it. The holdout runs the candidate on fresh seeded instances it has never seen.
 */
const GAMEABLE = `import { defineTask } from 'kaizen';
const sumSquares = (xs) => xs.reduce((a, x) => a + x * x, 0);
const score = (out, xs) => typeof out === 'number' ? { correct: true, score: -Math.abs(out - sumSquares(xs)) } : { correct: false, score: 0, feedback: 'return a number' };
const SEARCH = [3, 1, 4, 1, 5];
let holdoutInstance = [];
export default defineTask({
  name: 'sum-of-squares',
  program: './p.js',
  execute: { export: 'solve', args: [SEARCH] },
  judge: (out) => score(out, SEARCH),
  holdout: {
    args: (seed) => {
      holdoutInstance = Array.from({ length: 6 }, (_, i) => ((seed * 7919 + i * 104729) % 97) - 40);
      return [holdoutInstance];
    },
    judge: (out) => score(out, holdoutInstance),
    tolerance: 0,
  },
});`;

describe('holdout-gated promotion', () => {
  it('refuses a champion that games the search instance, records the overfit, and promotes the honest one', async () => {
    const dir = writeTask({
      'task.ts': GAMEABLE,
      'p.js': '// EVOLVE-BLOCK-START\nexport function solve(xs) {\n  return xs.reduce((a, x) => a + x, 0);\n}\n// EVOLVE-BLOCK-END\n',
    });
    const result = await evolve({
      task: dir,
      config: { budget: { samples: 4 }, concurrency: 1, islands: { count: 1 } },
      operators: [
        {
          operator: scripted([
            'return xs.reduce((a, x) => a + x * x - 1, 0);', // honest, partly right: -5 on search
            'return 52;', // the answer to the search instance, hard-coded: 0 on search
            'return xs.reduce((a, x) => a + x * x, 0);', // honest and right: 0 on search and holdout
          ]),
          weight: 1,
        },
      ],
    });
    const store = await Store.open(result.db);
    const rows = await store.programs(result.runId);
    const events = await store.events(result.runId);
    const report = renderMarkdown(await gatherReport(store, (await store.getRun(result.runId))!), 'r').text;
    await store.close();
    const cheat = rows.find((r) => r.code.includes('return 52;'))!;
    // The report shows the overfit event: negative results are results.
    expect(report).toMatch(/overfit/);
    expect(report).toContain(`${cheat.id}`);
    const honest = rows.find((r) => r.code.includes('a + x * x, 0'))!;
    expect(cheat.score).toBe(0); // it wins on search…
    const overfit = events.filter((e) => e.type === 'overfit');
    expect(overfit.map((e) => e.program_id)).toEqual([cheat.id]); // …and loses on holdout
    expect(JSON.parse(overfit[0].data_json).reason).toMatch(/holdout score/);
    expect(events.filter((e) => e.type === 'champion.changed').map((e) => e.program_id)).not.toContain(cheat.id);
    expect(result.bestProgramId).toBe(honest.id);
    expect(result.overfits).toBe(1);
  });
});

describe('shortcut detection', () => {
  const task = `export default { name: 'n', program: './p.js', execute: { export: 'solve', args: [[1, 2]] }, judge: (o) => typeof o === 'number' ? { correct: true, score: o } : { correct: false, score: 0 } };`;
  const seed = '// EVOLVE-BLOCK-START\nexport function solve(xs) {\n  return 1;\n}\n// EVOLVE-BLOCK-END\n';

  it('quarantines candidates that break the policy, statically or in the sandbox, with the code that did it', async () => {
    const dir = writeTask({ 'task.ts': task, 'p.js': seed });
    const result = await evolve({
      task: dir,
      // The process backend: there a denied file read is an explicit ERR_ACCESS_DENIED (an isolate has no fs at all).
      config: { budget: { samples: 4, maxConsecutiveRejections: 3 }, concurrency: 1, islands: { count: 1 }, sandbox: { backend: 'process' } },
      operators: [
        {
          operator: scripted([
            'return Number(process.env.SECRET ?? 0) + 100;', // static: reads the environment
            "const g = globalThis['pro' + 'cess']; return g.getBuiltinModule('fs').readFileSync('/etc/hostname', 'utf8').length + 100;", // evades the static rule; the sandbox denies it
            'return 2;',
            'return 3;',
          ]),
          weight: 1,
        },
      ],
    });
    expect(result.violations).toBe(2);
    expect(result.bestScore).toBe(3); // the run went on; no violator became champion
    const store = await Store.open(result.db);
    const rows = await store.programs(result.runId);
    const events = (await store.events(result.runId)).filter((e) => e.type === 'violation').map((e) => JSON.parse(e.data_json));
    await store.close();
    expect(events.map((e) => e.kind)).toEqual(['static', 'sandbox']);
    expect(events[0].excerpt).toContain('process.env.SECRET');
    const dynamic = rows.find((r) => r.code.includes("'pro' + 'cess'"))!;
    expect(dynamic.failure_class).toBe('violation');
    expect(dynamic.error).toMatch(/sandbox denial/);
  });

  it('pauses the run when the failure rate drifts past its threshold', async () => {
    const dir = writeTask({ 'task.ts': task, 'p.js': seed });
    const result = await evolve({
      task: dir,
      config: { budget: { samples: 20 }, concurrency: 1, islands: { count: 1 }, drift: { every: 4, maxFailureRate: 0.5, action: 'pause' } },
      operators: [{ operator: scripted(Array.from({ length: 20 }, (_, k) => `return "not a number ${k}";`)), weight: 1 }],
    });
    expect(result.stoppedBy).toBe('drift');
    const store = await Store.open(result.db);
    const events = await store.events(result.runId);
    await store.close();
    const warning = events.find((e) => e.type === 'drift.warning');
    expect(JSON.parse(warning!.data_json).warnings[0]).toMatch(/failure rate 0\.750 > 0\.5/);
    expect(events.some((e) => e.type === 'drift.measured')).toBe(true);
  });
});
