import { describe, expect, it } from 'vitest';
import { ModelPulls, RankReward } from '../../src/engine/model-pulls.ts';
import { type BanditState, ModelBandit } from '../../src/models/bandit.ts';

function pulls() {
  const saved: BanditState[] = [];
  const bandit = new ModelBandit([{ id: 'a' }, { id: 'b' }], { policy: 'ucb', epsilon: 0 });
  return { p: new ModelPulls(bandit, async (s) => void saved.push(s)), bandit, saved };
}

const arm = (b: ModelBandit, id: string) => b.summary().find((a) => a.id === id)!;

describe('a model pull, from begin to reward', () => {
  it('is in flight from pick until it ends, and every end is saved', async () => {
    const { p, bandit, saved } = pulls();
    const id = p.pick(() => 0.5);
    expect(arm(bandit, id).inFlight).toBe(1);
    await p.reward(id, 0.3, 0.01);
    expect(arm(bandit, id)).toMatchObject({ inFlight: 0, pulls: 1, failures: 0, totalCost: 0.01 });
    expect(saved).toHaveLength(1);
    expect(saved[0].arms[id].pulls).toBe(1);
  });

  it('ends a failed call as a failure with no reward, and a refused child with reward 0', async () => {
    const { p, bandit, saved } = pulls();
    await p.fail('a', 0.02);
    await p.reward('b', 0, 0.01);
    expect(arm(bandit, 'a')).toMatchObject({ pulls: 1, failures: 1, meanReward: 0, totalCost: 0.02 });
    expect(arm(bandit, 'b')).toMatchObject({ pulls: 1, failures: 0, meanReward: 0 });
    expect(saved).toHaveLength(2);
  });

  it('prefers the model with the better decayed mean', async () => {
    const { p } = pulls();
    await p.reward('b', 1, 0);
    await p.reward('a', 0, 0);
    expect(p.byPreference()).toEqual(['b', 'a']);
  });
});

describe('the rank reward', () => {
  it("is a correct child's rank among the scores seen so far, in [0, 1], whatever the scale", () => {
    const ranks = new RankReward([0.5]);
    expect(ranks.rankAndAdd({ correct: true, score: 0.505 })).toBe(1); // a gain of 0.005 is worth as much as any best
    expect(ranks.rankAndAdd({ correct: true, score: 0.5 })).toBe(0.25); // level with one of two, below the other
    expect(ranks.rankAndAdd({ correct: true, score: 0.1 })).toBe(0);
    expect(ranks.rankAndAdd({ correct: true, score: 0.505 })).toBe(0.875); // above 3 of 4 (0.1, 0.5, 0.5), level with one
    expect(new RankReward([5000]).rankAndAdd({ correct: true, score: 5500 })).toBe(1);
  });

  it('is 0 for an incorrect child, which does not join the ranking', () => {
    const ranks = new RankReward([1, 2]);
    expect(ranks.rankAndAdd({ correct: false, score: 9 })).toBe(0);
    expect(ranks.rankAndAdd({ correct: true, score: Number.NEGATIVE_INFINITY })).toBe(0);
    expect(ranks.rankAndAdd({ correct: true, score: 1.5 })).toBe(0.5);
  });

  it('pays the first scored program in full', () => {
    expect(new RankReward().rankAndAdd({ correct: true, score: -3 })).toBe(1);
  });
});
