import { describe, expect, it } from 'vitest';
import { effectivePaths, policyChanges, type SearchMode, whyIneffective } from '../../src/improve/effect.ts';
import { defaultImprover, type Improver, POLICY_FIELDS, validateVariant } from '../../src/improve/improver.ts';
import { mootVariant, mutatePolicy } from '../../src/improve/mutate.ts';
import { improverPrompt } from '../../src/improve/prompt.ts';
import { loadSuite } from '../../src/improve/suite.ts';
import { Rng } from '../../src/util/rng.ts';
import { tinySuite } from './support/suite.ts';

const offline: SearchMode = { models: false, languages: ['javascript'], innerBudget: 16, concurrency: 1 };
const withModels: SearchMode = { ...offline, models: true };

/** Settings no offline inner run of a JavaScript task reads, whatever the rest of the policy. */
const NEVER_OFFLINE = [
  'llm.mix.diff',
  'llm.mix.full',
  'llm.mix.cross',
  'novelty.threshold',
  'novelty.maxResamples',
  'lessons.every',
  'inspirations.topK',
  'inspirations.random',
  'archive.size',
];

/** A variant of `parent` with `policy` set (valid by construction, or the test is wrong). */
function variant(parent: Improver, policy: Record<string, unknown>): Improver {
  const v = validateVariant(parent, { policy }, 'hand');
  if (!v.ok) throw new Error(v.reasons.join('; '));
  return v.improver;
}

describe('which improver settings an inner run reads', () => {
  const root = defaultImprover();

  it('names why a setting is ignored: strategy parameters, models-only settings, one island, the inner budget', () => {
    expect(whyIneffective('selection.alpha', root.policy, offline)).toMatch(/power-law strategy only \(this one is weighted\)/);
    expect(whyIneffective('selection.lambda', root.policy, offline)).toBeNull();
    const powerLaw = variant(root, { selection: { strategy: 'power-law' } });
    expect(whyIneffective('selection.alpha', powerLaw.policy, offline)).toBeNull();
    expect(whyIneffective('selection.lambda', powerLaw.policy, offline)).toMatch(/weighted strategy only/);
    expect(whyIneffective('novelty.threshold', root.policy, offline)).toMatch(/no model is configured/);
    expect(whyIneffective('novelty.threshold', root.policy, withModels)).toBeNull();
    expect(whyIneffective('operators.offline.ast', root.policy, withModels)).toMatch(/offline operators are not used/);
    expect(whyIneffective('operators.offline.ast', root.policy, { ...offline, languages: ['python'] })).toMatch(/both the numeric and the AST/);
    // The Redcode operator's crossover draws from the inspirations: offline, they matter for a Redcode task only.
    expect(whyIneffective('inspirations.topK', root.policy, { ...offline, languages: ['redcode'] })).toBeNull();
    expect(whyIneffective('islands.migrants', variant(root, { islands: { count: 1 } }).policy, offline)).toMatch(/one island/);
    // The default migrates every 25 evaluations: never within 16 samples.
    expect(whyIneffective('islands.migrants', root.policy, offline)).toMatch(/no migration happens within 16 samples/);
    expect(whyIneffective('islands.migrants', root.policy, { ...offline, innerBudget: 30 })).toBeNull();
    expect(whyIneffective('novelty.maxResamples', root.policy, { ...withModels, concurrency: 2 })).toBeNull();
  });

  it('a change between values the engine cannot tell apart within the inner budget has no effect', () => {
    const later = variant(root, { islands: { migrationInterval: 40 } });
    expect(policyChanges(root.policy, later.policy, offline)[0]?.ineffective).toMatch(/act the same within 16 samples/);
    expect(policyChanges(root.policy, later.policy, { ...offline, innerBudget: 30 })[0]?.ineffective).toBeUndefined();
    const bigArchive = variant(root, { archive: { size: 60 } });
    expect(policyChanges(root.policy, bigArchive.policy, withModels)[0]?.ineffective).toMatch(/act the same/);
  });

  it('the offline mutator never picks a setting without effect: a property over many seeds, parents and modes', () => {
    const modes: SearchMode[] = [
      offline,
      { ...offline, innerBudget: 30 },
      { ...offline, languages: ['javascript', 'redcode'] },
      { ...offline, languages: ['python'] },
      withModels,
      { ...withModels, concurrency: 4, innerBudget: 60 },
    ];
    let changed = 0;
    for (const mode of modes) {
      // Parents along mutation chains, so that strategies, island counts and intervals vary under the property.
      let parent = root;
      for (let s = 0; s < 400; s++) {
        const changes = mutatePolicy(parent, new Rng(s, 11), mode);
        const v = validateVariant(parent, changes, 'offline-mutation');
        expect(v.ok, JSON.stringify(v)).toBe(true);
        if (!v.ok) continue;
        const diff = policyChanges(parent.policy, v.improver.policy, mode);
        for (const c of diff) expect(c.ineffective, `${c.path} ${JSON.stringify(c)} in ${JSON.stringify(mode)}`).toBeUndefined();
        if (mode === offline) for (const c of diff) expect(NEVER_OFFLINE).not.toContain(c.path);
        if (diff.length > 0) changed++;
        if (s % 3 === 0 && diff.length > 0) parent = v.improver;
      }
    }
    // The property must not hold vacuously: nearly every mutation changes something.
    expect(changed).toBeGreaterThan(modes.length * 400 * 0.8);
  });

  it('offline, the mutator still reaches every setting the runs do read', () => {
    const seen = new Set<string>();
    for (let s = 0; s < 400; s++) {
      const v = validateVariant(root, mutatePolicy(root, new Rng(s, 5), { ...offline, innerBudget: 30 }), 'x');
      if (v.ok) for (const c of policyChanges(root.policy, v.improver.policy, offline)) seen.add(c.path);
    }
    expect([...seen].sort()).toEqual(effectivePaths(root.policy, { ...offline, innerBudget: 30 }).sort());
    expect(Object.keys(POLICY_FIELDS).length).toBeGreaterThan(seen.size);
  });

  it('the prompt a model edits the improver from marks the settings the inner runs do not read, and why', () => {
    const entry = { improver: root, generation: 0, children: 0, training: { perSeed: [1], mean: 1, sd: 0, runs: [] }, status: 'default' as const };
    const lines = improverPrompt(entry, loadSuite(tinySuite()), withModels).split('\n');
    const line = (path: string) => lines.find((l) => l.startsWith(`- ${path}: `));
    expect(line('selection.alpha')).toMatch(/— no effect as things stand: read by the power-law strategy only \(this one is weighted\)$/);
    expect(line('operators.offline.ast')).toMatch(/— no effect as things stand: with models the offline operators are not used$/);
    expect(line('selection.lambda')).toBe('- selection.lambda: num in [0.5, 50] (now 10)');
    expect(line('novelty.threshold')).not.toMatch(/no effect/);
  });

  it("a model's variant that changes only settings without effect is refused, with why; one with an effect or a prompt edit is not", () => {
    const moot = variant(root, { selection: { alpha: 3 }, novelty: { threshold: 0.9 } });
    expect(mootVariant(root, moot, offline)).toEqual([
      'selection.alpha: has no effect here (read by the power-law strategy only (this one is weighted))',
      'novelty.threshold: has no effect here (the novelty threshold screens model edits only; no model is configured)',
    ]);
    expect(mootVariant(root, moot, withModels)).toBeNull();
    expect(mootVariant(root, variant(root, { selection: { alpha: 3, strategy: 'power-law' } }), offline)).toBeNull();
    const prompt = validateVariant(root, { policy: { selection: { alpha: 3 } }, prompts: { 'diff.md': 'Prefer small edits.' } }, 'hand');
    expect(prompt.ok && mootVariant(root, prompt.improver, offline)).toBeNull();
  });
});
