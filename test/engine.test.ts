import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evolve } from '../src/engine/evolve.ts';
import type { Operator } from '../src/operators/operator.ts';
import { Store } from '../src/store/store.ts';
import { copyExample, writeTask } from './support/tmp.ts';

const SECRET = 'sk-ant-test-0000-do-not-leak';

/** A task whose judge accepts a number and rewards it; hostile children come from a scripted operator. */
function numberTask() {
  return writeTask({
    'task.ts': `import { defineTask } from 'kaizen';
export default defineTask({
  name: 'number',
  program: './initial.js',
  execute: { export: 'run', timeoutMs: 1500, memoryMb: 96, logMaxBytes: 100000 },
  judge: (out) => typeof out === 'number' ? { correct: true, score: out, feedback: 'a number' } : { correct: false, score: 0, feedback: 'not a number: ' + JSON.stringify(out) },
});`,
    'initial.js': '// EVOLVE-BLOCK-START\nexport function run() { return 1; }\n// EVOLVE-BLOCK-END\n',
    'kaizen.config.ts': "import { defineConfig } from 'kaizen';\nexport default defineConfig({ budget: { samples: 9 }, concurrency: 2 });\n",
  });
}

const HOSTILE: Record<string, string> = {
  'loops forever': 'export function run() { for (;;) {} }',
  'allocates without limit': 'export function run() { const a = []; for (;;) a.push(new Array(1e6).fill(Math.random())); }',
  'prints megabytes': 'export function run() { for (;;) console.log("z".repeat(50000)); }',
  // Written to get past the static policy (no \`process.env\`, no fs import): the sandbox must still contain it.
  'reads an API key': `export function run() {
  const p = globalThis['pro' + 'cess'];
  const fromEnv = p?.env?.ANTHROPIC_API_KEY;
  let fromProc = null;
  try { fromProc = p.getBuiltinModule('fs').readFileSync('/proc/self/environ', 'utf8'); } catch {} // no process (isolate) or denied (process backend)
  return fromEnv ?? fromProc ?? 'no key in sight';
}`,
};

function scripted(programs: string[]): Operator {
  let i = 0;
  return {
    name: 'scripted',
    supports: () => true,
    async propose() {
      const body = programs[i++ % programs.length];
      return { code: `// EVOLVE-BLOCK-START\n${body}\n// EVOLVE-BLOCK-END\n`, change: `script ${i}` };
    },
  };
}

describe('the evolution loop', () => {
  it('contains hostile candidates, records each failure, and goes on', async () => {
    const dir = numberTask();
    process.env.ANTHROPIC_API_KEY = SECRET;
    try {
      const good = [
        'export function run() { return 2; }',
        'export function run() { return 3; }',
        'export function run() { return 5; }',
        'export function run() { return 8; }',
      ];
      const result = await evolve({ task: dir, operators: [{ operator: scripted([...Object.values(HOSTILE), ...good]), weight: 1 }] });
      expect(result.evaluated).toBe(9);
      expect(result.bestScore).toBe(8);
      expect(result.seedScore).toBe(1);
      const store = await Store.open(result.db);
      const rows = await store.programs(result.runId);
      const byChange = (n: number) => rows.find((r) => r.change === `script ${n}`)!;
      expect(byChange(1).failure_class).toBe('timeout');
      expect(byChange(2).failure_class).toBe('memory');
      expect(byChange(3).failure_class).toBe('output-flood');
      // The key reader ran to the end, found nothing, and its output failed the judge.
      expect(byChange(4).status).toBe('evaluated');
      expect(byChange(4).correct).toBe(0);
      expect(byChange(4).feedback).toContain('no key in sight');
      expect(JSON.stringify(rows)).not.toContain(SECRET);
      const events = await store.events(result.runId);
      expect(events.filter((e) => e.type === 'evaluation.failed')).toHaveLength(3);
      expect(events.at(-1)?.type).toBe('run.completed');
      await store.close();
    } finally {
      delete process.env.ANTHROPIC_API_KEY;
    }
  });

  it('rejects duplicates and edits outside the EVOLVE block before running them', async () => {
    const dir = numberTask();
    const outside = {
      name: 'outside',
      supports: () => true,
      async propose() {
        return { code: '// EVOLVE-BLOCK-START\nexport function run() { return 1; }\n// EVOLVE-BLOCK-END\nexport const extra = 1;\n', change: 'outside' };
      },
    };
    const same = {
      name: 'same',
      supports: () => true,
      propose: async () => ({ code: '// EVOLVE-BLOCK-START\nexport function run() { return 1; }\n// EVOLVE-BLOCK-END\n', change: 'same' }),
    };
    const result = await evolve({
      task: dir,
      config: { budget: { samples: 3, maxConsecutiveRejections: 6 } },
      operators: [
        { operator: outside, weight: 1 },
        { operator: same, weight: 1 },
      ],
    });
    expect(result.stoppedBy).toBe('rejections');
    expect(result.evaluated).toBe(1);
    const store = await Store.open(result.db);
    const reasons = new Set((await store.programs(result.runId)).filter((r) => r.status === 'rejected').map((r) => r.failure_class));
    expect(reasons).toEqual(new Set(['outside-evolve-block', 'duplicate']));
    await store.close();
  });

  it('improves circle packing over its seed with the offline operators', async () => {
    const dir = copyExample('circle-packing');
    const result = await evolve({ task: dir, config: { budget: { samples: 60 }, seed: 3 } });
    expect(result.evaluated).toBe(60);
    expect(result.bestScore!).toBeGreaterThan(result.seedScore!);
    const store = await Store.open(join(dir, '.kaizen', 'kaizen.db'));
    const rows = await store.programs(result.runId);
    // Lineage: every program but the seed has a recorded parent; migrants copy a program to the other island.
    for (const r of rows.filter((r) => r.sample !== 0)) expect(r.parent_id).not.toBeNull();
    expect(rows.some((r) => r.status === 'migrant' && r.island === 1)).toBe(true);
    expect(new Set(rows.filter((r) => r.status !== 'migrant').map((r) => r.island))).toEqual(new Set([0, 1]));
    await store.close();
  });

  it('judges data candidates directly, with no sandbox', async () => {
    const dir = writeTask({
      'task.ts': `import { defineTask } from 'kaizen';
export default defineTask({
  name: 'data',
  program: './genome.txt',
  execute: { data: true },
  judge: (text) => {
    const values = String(text).split(/\\s+/).filter(Boolean).map(Number);
    return { correct: values.length === 3, score: -values.reduce((s, v) => s + Math.abs(v - 7), 0) };
  },
});`,
      'genome.txt': '1 2 3\n',
    });
    const result = await evolve({ task: dir, config: { budget: { samples: 30 }, seed: 1 } });
    expect(result.evaluated).toBe(30);
    expect(result.bestScore!).toBeGreaterThan(result.seedScore!);
  });
});
