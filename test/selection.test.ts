import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/config.ts';
import type { Member } from '../src/population/member.ts';
import { Population } from '../src/population/population.ts';
import { type SelectionParams, selectMember, selectionProbabilities } from '../src/population/selection.ts';
import { Rng } from '../src/util/rng.ts';
import { sigmoid } from '../src/util/stats.ts';

const member = (id: number, score: number, children = 0, island = 0): Member => ({
  id,
  island,
  score,
  correct: true,
  generation: 1,
  codeHash: `h${id}`,
  children,
});
const params: SelectionParams = { strategy: 'weighted', lambda: 10, alpha: 1 };

/** Draws many parents with a fixed seed and returns the observed frequency of each member. */
function frequencies(members: Member[], p: SelectionParams, draws = 20_000): number[] {
  const rng = new Rng(42);
  const counts = members.map(() => 0);
  for (let i = 0; i < draws; i++) counts[members.indexOf(selectMember(members, p, rng))]++;
  return counts.map((c) => c / draws);
}

describe('parent selection', () => {
  const members = [member(1, 1.0), member(2, 2.0), member(3, 3.0, 2), member(4, 4.0), member(5, 5.0, 1)];

  it('weighted: sigmoid(λ (s − median)/MAD) × 1/(1 + children), normalised', () => {
    const probs = selectionProbabilities(members, params);
    // median 3, MAD 1
    const w = members.map((m) => sigmoid(10 * (m.score - 3)) / (1 + m.children));
    const total = w.reduce((a, b) => a + b, 0);
    probs.forEach((p, i) => {
      expect(p).toBeCloseTo(w[i] / total, 12);
    });
    // The fixed-seed sampler follows these probabilities (3σ of a binomial with 20k draws ≈ 0.011).
    frequencies(members, params).forEach((f, i) => {
      expect(Math.abs(f - probs[i])).toBeLessThan(0.011);
    });
  });

  it('weighted: more children, less chance, at equal score', () => {
    const probs = selectionProbabilities([member(1, 1, 0), member(2, 1, 3)], params);
    expect(probs[0] / probs[1]).toBeCloseTo(4, 10);
  });

  it('power-law: p ∝ rank^-α', () => {
    const p: SelectionParams = { ...params, strategy: 'power-law', alpha: 1 };
    const probs = selectionProbabilities(members, p);
    const h = 1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5;
    expect(probs[4]).toBeCloseTo(1 / h, 12); // best, rank 1
    expect(probs[0]).toBeCloseTo(1 / 5 / h, 12); // worst, rank 5
    frequencies(members, p).forEach((f, i) => {
      expect(Math.abs(f - probs[i])).toBeLessThan(0.011);
    });
  });

  it('hill-climb: always the best', () => {
    const p: SelectionParams = { ...params, strategy: 'hill-climb' };
    expect(frequencies(members, p, 2000)).toEqual([0, 0, 0, 0, 1]);
  });

  it('uniform: every member alike', () => {
    const p: SelectionParams = { ...params, strategy: 'uniform' };
    frequencies(members, p).forEach((f) => {
      expect(Math.abs(f - 0.2)).toBeLessThan(0.011);
    });
  });
});

describe('islands and migration', () => {
  const config = resolveConfig({ islands: { count: 3, migrants: 1 }, archive: { size: 3 }, inspirations: { topK: 1, random: 1 } });

  it('selects parents only from the island asked for', () => {
    const pop = new Population(config);
    pop.add(member(1, 1, 0, 0));
    pop.add(member(2, 9, 0, 1));
    pop.add(member(3, 5, 0, 2));
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) expect(pop.selectParent(1, rng).id).toBe(2);
  });

  it('migrates each island’s best to the next island in a ring, never twice', () => {
    const pop = new Population(config);
    pop.add(member(1, 1, 0, 0));
    pop.add(member(2, 3, 0, 0));
    pop.add(member(3, 9, 0, 1));
    pop.add(member(4, 5, 0, 2));
    const plan = pop.planMigration();
    expect(plan.map((m) => [m.from, m.to, m.member.id])).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 0, 4],
    ]);
    for (const m of plan) pop.add({ ...m.member, id: m.member.id + 100, island: m.to });
    // What already moved is present downstream: the next migration never sends it along the same edge again.
    const again = pop.planMigration().map((m) => `${m.from}>${m.to}:${m.member.codeHash}`);
    for (const m of plan) expect(again).not.toContain(`${m.from}>${m.to}:${m.member.codeHash}`);
  });

  it('archives the best distinct correct programs and draws inspirations from it', () => {
    const pop = new Population(config);
    for (const [i, s] of [5, 1, 4, 2, 3].entries()) pop.add(member(i + 1, s, 0, i % 3));
    pop.add({ ...member(9, 100), correct: false, score: Number.NEGATIVE_INFINITY });
    expect(pop.archive().map((m) => m.score)).toEqual([5, 4, 3]);
    const insp = pop.inspirations(pop.get(1)!, new Rng(1));
    expect(insp[0].score).toBe(4); // the best other than the parent comes first
    expect(insp.map((m) => m.id)).not.toContain(1);
  });

  it('keeps a MAP-Elites grid of the best program per feature cell', () => {
    const pop = new Population(resolveConfig({ mapElites: { features: [{ name: 'f', min: 0, max: 1, bins: 2 }] } }));
    pop.add({ ...member(1, 1), features: { f: 0.1 } });
    pop.add({ ...member(2, 2), features: { f: 0.2 } });
    pop.add({ ...member(3, 0.5), features: { f: 0.9 } });
    expect(
      pop.grid
        ?.elites()
        .map((m) => m.id)
        .sort(),
    ).toEqual([2, 3]);
    expect(pop.grid?.coverage()).toBe(1);
  });
});
