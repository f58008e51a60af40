import { describe, expect, it } from 'vitest';
import { defaultImprover, DEFAULT_POLICY, improverDiff, validateVariant } from '../../src/improve/improver.ts';
import { heldOutGate } from '../../src/improve/gate.ts';
import { mutatePolicy } from '../../src/improve/mutate.ts';
import { dgmWeights, selectParentIndex } from '../../src/improve/select.ts';
import type { Stats } from '../../src/improve/types.ts';
import { Rng } from '../../src/util/rng.ts';

describe('improver whitelist', () => {
  const root = defaultImprover();

  it('the default improver is the engine defaults with the built-in prompts, content-hashed', () => {
    expect(root.policy).toEqual(DEFAULT_POLICY);
    expect(Object.keys(root.prompts)).toContain('diff.md');
    expect(root.id).toMatch(/^[0-9a-f]{12}$/);
    expect(defaultImprover().id).toBe(root.id);
  });

  it('accepts a variant of whitelisted policy fields and prompt templates, with a new id and a diff', () => {
    const v = validateVariant(
      root,
      { policy: { selection: { lambda: 20 }, lessons: { every: 5 } }, prompts: { 'diff.md': `${root.prompts['diff.md']}\nPrefer small edits.` } },
      'hand',
    );
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.improver.parent).toBe(root.id);
    expect(v.improver.id).not.toBe(root.id);
    expect(v.improver.policy.selection).toEqual({ strategy: 'weighted', lambda: 20, alpha: 1 });
    const d = improverDiff(root, v.improver);
    expect(d.policy.map((p) => p.path).sort()).toEqual(['lessons.every', 'selection.lambda']);
    expect(d.prompts.map((p) => p.name)).toEqual(['diff.md']);
  });

  it.each([
    ['budget.samples', { policy: { budget: { samples: 10_000 } } }],
    ['budget.usd', { policy: { budget: { usd: 100 } } }],
    ['budget.wallClockMs', { policy: { budget: { wallClockMs: 1 } } }],
    ['sandbox.backend', { policy: { sandbox: { backend: 'process' } } }],
    ['sandbox.allowUnsandboxed', { policy: { sandbox: { allowUnsandboxed: true } } }],
    ['judge', { judge: 'return { correct: true, score: 1e9 }' }],
    ['policy judge', { policy: { judge: 'x' } }],
    ['holdout', { holdout: { args: [] } }],
    ['a judge as a prompt', { prompts: { 'judge.ts': 'export default () => 1e9' } }],
    ['llm.prompts', { policy: { llm: { prompts: '/tmp/elsewhere' } } }],
    ['seed', { policy: { seed: 3 } }],
  ])('rejects a variant that sets %s', (_name, changes) => {
    const v = validateVariant(root, { ...changes, policy: { ...(changes as { policy?: object }).policy, lessons: { every: 3 } } }, 'hand');
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.forbidden.length).toBeGreaterThan(0);
  });

  it('names protected settings as invariants and refuses values out of range', () => {
    const v = validateVariant(root, { policy: { budget: { samples: 5 }, sandbox: { backend: 'process' } } }, 'hand');
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.forbidden).toEqual(['budget.samples', 'sandbox.backend']);
      expect(v.reasons.join('\n')).toMatch(/protected setting/);
    }
    const range = validateVariant(root, { policy: { islands: { count: 1000 }, selection: { strategy: 'greedy' } } }, 'hand');
    expect(range.ok).toBe(false);
    if (!range.ok) expect(range.reasons).toHaveLength(2);
  });

  it('offline mutations are seeded and always valid', () => {
    const mode = (models: boolean) => ({ models, languages: ['javascript'], innerBudget: 30, concurrency: 1 });
    const a = mutatePolicy(root, new Rng(3, 1), mode(false));
    expect(mutatePolicy(root, new Rng(3, 1), mode(false))).toEqual(a);
    for (let s = 0; s < 200; s++) {
      const v = validateVariant(root, mutatePolicy(root, new Rng(s, 1), mode(s % 2 === 0)), 'offline-mutation');
      expect(v.ok, JSON.stringify(v)).toBe(true);
    }
  });
});

describe('DGM parent selection', () => {
  it('draws parents ∝ sigmoid(k·(score − median)) / (1 + children)', () => {
    const entries = [
      { score: 0, children: 0 },
      { score: 2, children: 0 },
      { score: 4, children: 0 },
      { score: 4, children: 3 },
    ];
    const w = dgmWeights(entries, 1);
    expect(w[2]! / w[3]!).toBeCloseTo(4, 10);
    expect(w[0]!).toBeLessThan(w[1]!);
    const total = w.reduce((a, b) => a + b, 0);
    const rng = new Rng(42);
    const counts = [0, 0, 0, 0];
    const n = 40_000;
    for (let i = 0; i < n; i++) counts[selectParentIndex(entries, 1, rng)]!++;
    for (let i = 0; i < 4; i++) expect(Math.abs(counts[i]! / n - w[i]! / total)).toBeLessThan(0.01);
  });

  it('a larger k concentrates on the best', () => {
    const entries = [
      { score: 0, children: 0 },
      { score: 1, children: 0 },
      { score: 2, children: 0 },
    ];
    const soft = dgmWeights(entries, 0.1);
    const sharp = dgmWeights(entries, 10);
    expect(sharp[2]! / sharp[0]!).toBeGreaterThan(soft[2]! / soft[0]!);
  });
});

describe('held-out gate', () => {
  const stats = (perSeed: number[]): Stats => {
    const mean = perSeed.reduce((a, b) => a + b, 0) / perSeed.length;
    const sd = Math.sqrt(perSeed.reduce((a, x) => a + (x - mean) ** 2, 0) / (perSeed.length - 1));
    return { perSeed, mean, sd, runs: [] };
  };
  it('promotes only beyond 2 × pooled standard error', () => {
    expect(heldOutGate(stats([10, 11, 12]), stats([5, 6, 7]), 'd').promote).toBe(true);
    const noisy = heldOutGate(stats([6, 12, 3]), stats([5, 6, 7]), 'd');
    expect(noisy.promote).toBe(false);
    expect(noisy.reason).toMatch(/within noise/);
    const worse = heldOutGate(stats([1, 2, 3]), stats([5, 6, 7]), 'd');
    expect(worse.promote).toBe(false);
    expect(worse.diff).toBeLessThan(0);
  });
});
