import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPrompts } from '../../src/cli/prompts.ts';
import { seedPromptsFrom } from '../../src/cli/improve.ts';
import { defaultImprover } from '../../src/improve/improver.ts';
import { PromptSet } from '../../src/operators/llm/prompts.ts';
import { fragmentLibrary, fragmentsOf, MAX_GUIDANCE_LINES, recombine } from '../../src/operators/prompt-mutation.ts';
import { styleOf } from '../../src/operators/standin.ts';
import { betaSample, chooseVariant, type PromptVariant, parentsOf, retiree, type VariantRow, variantStats } from '../../src/population/prompt-pool.ts';
import { Store } from '../../src/store/store.ts';
import { Rng } from '../../src/util/rng.ts';
import { llmEnv } from '../support/llm-env.ts';
import { type LlmRequestInfo, type LlmServer, startLlmServer } from '../support/llm-server.ts';
import { copyExampleWith, CLI, tempDir } from '../support/tmp.ts';

const variant = (id: number, text = ''): PromptVariant => ({ id, pool: 0, parent: null, other: null, origin: 'seed', text, sample: 0, retired: false });
const row = (v: number | null, status: string, correct: number | null, score: number | null, parent: number | null): VariantRow => ({
  prompt_variant_id: v,
  status,
  correct,
  score,
  parent_id: parent,
  cost: 0.01,
});

describe('prompt variants: statistics from the record, Thompson sampling, mutation', () => {
  it('credits a variant with the children that beat their parent; pending, migrants and other variants do not count', () => {
    const scores = new Map([[1, 2.0]]);
    const stats = variantStats(
      [
        row(1, 'evaluated', 1, 2.5, 1), // improved
        row(1, 'evaluated', 1, 1.5, 1), // correct, not better
        row(1, 'failed', 0, null, 1),
        row(1, 'rejected', null, null, 1),
        row(1, 'pending', null, null, 1),
        row(1, 'migrant', 1, 2.5, 1),
        row(2, 'evaluated', 1, 0.1, 99), // parent without a score: any correct child improves
        row(null, 'evaluated', 1, 3, 1),
      ],
      (id) => scores.get(id) ?? null,
    );
    expect(stats.get(1)).toEqual({ uses: 5, decided: 4, correct: 2, improved: 1, cost: 0.05 });
    expect(stats.get(2)).toMatchObject({ decided: 1, improved: 1 });
  });

  it('Thompson sampling picks the better variant more often, and still tries the other', () => {
    const a = variant(1);
    const b = variant(2);
    const stats = new Map([
      [1, { uses: 20, decided: 20, correct: 20, improved: 10, cost: 0 }],
      [2, { uses: 20, decided: 20, correct: 20, improved: 2, cost: 0 }],
    ]);
    const rng = new Rng(3, 1);
    let picksA = 0;
    for (let i = 0; i < 1000; i++) if (chooseVariant([a, b], stats, rng).id === 1) picksA++;
    expect(picksA).toBeGreaterThan(950);
    expect(picksA).toBeLessThan(1000);
    // Beta(3, 7) has mean 0.3.
    let sum = 0;
    for (let i = 0; i < 4000; i++) sum += betaSample(3, 7, rng);
    expect(sum / 4000).toBeCloseTo(0.3, 1);
  });

  it('parents are the best proven variants; the worst proven one retires, never the newest', () => {
    const vs = [variant(1), variant(2), variant(3), variant(4)];
    const stats = new Map([
      [1, { uses: 10, decided: 10, correct: 5, improved: 1, cost: 0 }],
      [2, { uses: 10, decided: 10, correct: 8, improved: 6, cost: 0 }],
      [3, { uses: 1, decided: 1, correct: 1, improved: 1, cost: 0 }], // lucky once: not proven
      [4, { uses: 0, decided: 0, correct: 0, improved: 0, cost: 0 }],
    ]);
    const [first, second] = parentsOf(vs, stats, 5);
    expect(first.id).toBe(2);
    expect(second?.id).toBe(3); // the runner-up by rate (2/3), proven or not
    expect(retiree(vs, stats, 5, 3)?.id).toBe(1);
    // The lowest-ranked is unproven: nothing retires until the pool is two over size.
    const shaky = new Map([
      [1, { uses: 2, decided: 2, correct: 0, improved: 0, cost: 0 }],
      [2, { uses: 10, decided: 10, correct: 8, improved: 6, cost: 0 }],
    ]);
    expect(retiree([variant(1), variant(2), variant(3)], shaky, 5, 2)).toBeNull();
    expect(retiree([variant(1), variant(2), variant(3), variant(4), variant(5)], shaky, 5, 2)?.id).toBe(1);
  });

  it('offline mutation recombines lines of both parents and the library, new and capped', () => {
    const library = fragmentLibrary(new PromptSet(), 'javascript');
    expect(library.length).toBeGreaterThanOrEqual(12);
    const a =
      '- Make small, careful adjustments: fine-tune one value at a time by a few percent.\n- Keep the code simple: remove what does not help the score.';
    const b = '- Change several related values together in one edit.';
    const rng = new Rng(1, 2);
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const text = recombine(a, b, library, rng, new Set([a, b]));
      const lines = fragmentsOf(text);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBeLessThanOrEqual(MAX_GUIDANCE_LINES);
      for (const l of lines) expect([...fragmentsOf(a), ...fragmentsOf(b), ...library]).toContain(l);
      expect(text).not.toBe(a);
      seen.add(text);
    }
    expect(seen.size).toBeGreaterThan(10);
  });

  it("the stand-in reads the variant's guidance: step size and how many values", () => {
    const system = (g: string) => `You are …\n\n# Approach\n${g}\n\n# Rules\n- small things`;
    expect(styleOf(system('- Make small, careful adjustments: fine-tune one value at a time by a few percent.')).name).toBe('small');
    expect(styleOf(system('- Be bold: large changes are how a search escapes a local optimum.')).name).toBe('bold');
    expect(styleOf(system('- Change several related values together in one edit.')).count).toEqual([2, 3]);
    // Words outside the Approach section do not count.
    expect(styleOf('# Rules\n- small things').name).toBe('medium');
  });
});

/** The prompts example beside circle-packing (it imports its judge and program). */
const exampleCopy = () => copyExampleWith('circle-packing-prompts');

function kaizen(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const GOOD_LINE = '- Tune the relaxation: more iterations help.';

/**
 * A scripted model: an edit request whose system prompt carries GOOD_LINE gets an improving edit (more relaxation
 * iterations); any other gets a harmless edit that scores the same or worse (a narrower margin). Asked to mutate the
 * guidance, it writes GOOD_LINE.
 */
function scriptedModel() {
  let margin = 0.1;
  return (req: LlmRequestInfo): string => {
    const text = req.messages.map((m) => m.content).join('\n');
    if (text.includes('meaningfully different idea')) return 'NOVEL';
    if (text.includes('You improve the guidance')) return `Here is better guidance:\n\`\`\`\n${GOOD_LINE}\n\`\`\``;
    const code = /```javascript\n([\s\S]*?)\n```/.exec(req.messages[1]?.content ?? '')?.[1] ?? '';
    const system = req.messages[0]?.content ?? '';
    if (system.includes(GOOD_LINE)) {
      const n = Number(/const iterations = (\d+);/.exec(code)?.[1] ?? 10);
      return `CHANGE: more relaxation\n<<<<<<< SEARCH\n  const iterations = ${n};\n=======\n  const iterations = ${n + 5};\n>>>>>>> REPLACE`;
    }
    const m = /const margin = ([\d.]+);/.exec(code)?.[1] ?? '0.1';
    margin = Number((margin + 0.01).toFixed(2));
    return `CHANGE: move the margin\n<<<<<<< SEARCH\n  const margin = ${m};\n=======\n  const margin = ${margin};\n>>>>>>> REPLACE`;
  };
}

describe('prompt evolution in a run, with a model over real HTTP', () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer({ respond: scriptedModel() });
  });
  afterAll(() => server.close());

  it('a variant is mutated by the model, selected by the bandit and credited with the improvements of its children', async () => {
    const dir = exampleCopy();
    writeFileSync(
      join(dir, 'kaizen.config.ts'),
      `export default {
  budget: { samples: 40 }, concurrency: 1, seed: 4, islands: { count: 1 }, lessons: { every: 0 },
  llm: { mix: { diff: 1, full: 0, cross: 0 }, timeoutMs: 20000, promptEvolution: { enabled: true, initial: 2, every: 6, minUses: 3, size: 4 } },
};\n`,
    );
    const result = await kaizen(['run', dir, '--model', `openai-compatible:scripted@${server.url}/v1`], llmEnv(server));
    expect(result.status, result.stderr).toBe(0);
    const store = await Store.open(join(dir, '.kaizen', 'kaizen.db'));
    try {
      const run = (await store.listRuns())[0];
      const prompts = (await store.read.runPrompts(run.id))!;
      // Mutated: the model's guidance became a variant, made from the two best at the first step.
      const mutated = prompts.variants.find((v) => v.text === GOOD_LINE)!;
      expect(mutated.origin).toBe('model');
      expect(mutated.made.model).toBe(`openai-compatible:scripted@${server.url}/v1`);
      expect(mutated.parent).not.toBeNull();
      // The prompt of the mutation step named both parents' figures; every later proposal with it carried its text.
      const rows = await store.programs(run.id);
      const withIt = rows.filter((r) => r.prompt_variant_id === mutated.id);
      for (const r of withIt) expect(r.prompt).toContain(`# Approach\n${GOOD_LINE}`);
      // Selected: once it proved itself, it wrote most of the proposals.
      const later = rows.filter((r) => (r.sample ?? 0) > mutated.sample + 12 && r.prompt_variant_id !== null);
      expect(later.length).toBeGreaterThan(5);
      // Selected: the bandit gave it more proposals than any initial variant, and once it had proved itself, the
      // variants that carry its line (it and its offspring) wrote most of them.
      const initial = prompts.variants.filter((v) => v.sample === 0);
      for (const v of initial) expect(mutated.stats.decided).toBeGreaterThan(v.stats.decided);
      const carriers = new Set(prompts.variants.filter((v) => v.text.includes(GOOD_LINE)).map((v) => v.id));
      expect(later.filter((r) => carriers.has(r.prompt_variant_id!)).length / later.length).toBeGreaterThan(0.6);
      // Credited: its improving children, counted by hand from the rows, are the figure the record shows.
      const byId = new Map(rows.map((r) => [r.id, r]));
      const improved = withIt.filter(
        (r) => r.status === 'evaluated' && r.correct === 1 && r.score! > (byId.get(r.parent_id!)?.score ?? Number.NEGATIVE_INFINITY),
      );
      expect(mutated.stats.improved).toBe(improved.length);
      expect(mutated.stats.improved).toBeGreaterThan(2);
      for (const v of prompts.variants.filter((x) => !x.text.includes(GOOD_LINE) && x.stats.decided >= 3)) expect(v.rate).toBeLessThan(mutated.rate);
      // Exported, it is the system prompt's Approach, and it seeds kaizen improve's default improver.
      const out = join(tempDir(), 'prompts');
      const { variant: exported } = exportPrompts(prompts, out);
      expect(exported.id).toBe(mutated.id);
      const system = readFileSync(join(out, 'system.md'), 'utf8');
      expect(system).toContain(`# Approach\n${GOOD_LINE}`);
      const seeded = defaultImprover(seedPromptsFrom(out));
      expect(seeded.prompts['system.md']).toBe(system);
      expect(seeded.id).not.toBe(defaultImprover().id);
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe('prompt variants after kill -9', () => {
  it('keep their texts, ids and statistics, and the resumed run goes on evolving them', async () => {
    const dir = exampleCopy();
    const db = join(dir, '.kaizen', 'kaizen.db');
    const child = spawn(process.execPath, [CLI, 'run', dir, '--budget', '400', '--concurrency', '2'], { stdio: 'ignore' });
    let before: Awaited<ReturnType<Store['read']['runPrompts']>> = null;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const store = await Store.open(db);
        try {
          const run = await store.latestRun();
          const p = run ? await store.read.runPrompts(run.id) : null;
          if (p && p.variants.length >= 9) {
            child.kill('SIGKILL');
            break;
          }
        } finally {
          await store.close();
        }
      } catch {}
    }
    await new Promise((r) => child.on('close', r));
    {
      const store = await Store.open(db);
      try {
        const run = (await store.latestRun())!;
        expect(run.status).toBe('running'); // killed: nobody marked it
        before = await store.read.runPrompts(run.id);
      } finally {
        await store.close();
      }
    }
    expect(before!.variants.length).toBeGreaterThanOrEqual(9);
    const resumed = await kaizen(['run', dir, '--budget', '400', '--concurrency', '2']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/resum/i);
    const store = await Store.open(db);
    try {
      const runs = await store.listRuns();
      expect(runs).toHaveLength(1);
      const after = (await store.read.runPrompts(runs[0].id))!;
      // Every variant recorded before the kill is there with its text; ids go on from where they stopped.
      for (const v of before!.variants) {
        const same = after.variants.find((x) => x.id === v.id)!;
        expect(same.text).toBe(v.text);
        expect(same.origin).toBe(v.origin);
        expect(same.stats.decided).toBeGreaterThanOrEqual(v.stats.decided);
        expect(same.stats.improved).toBeGreaterThanOrEqual(v.stats.improved);
      }
      expect(after.variants.map((v) => v.id)).toEqual(after.variants.map((_, i) => i + 1));
      expect(after.variants.length).toBeGreaterThan(before!.variants.length);
      // The statistics are the record's: the decided proposals of all variants are the decided proposals with a variant.
      const rows = await store.programs(runs[0].id);
      const decided = rows.filter((r) => r.prompt_variant_id !== null && r.status !== 'pending' && r.status !== 'migrant').length;
      expect(after.variants.reduce((s, v) => s + v.stats.decided, 0)).toBe(decided);
      expect(rows.filter((r) => r.status === 'evaluated' || r.status === 'failed').length).toBeGreaterThanOrEqual(400);
    } finally {
      await store.close();
    }
  }, 180_000);
});
