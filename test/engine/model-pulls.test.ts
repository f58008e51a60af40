import { describe, expect, it } from 'vitest';
import { improvementReward, ModelPulls } from '../../src/engine/model-pulls.ts';
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

describe('the improvement reward', () => {
  it('is how far a correct child got above both its parent and the seed', () => {
    expect(improvementReward({ correct: true, score: 5 }, 3, 2)).toBe(2);
    expect(improvementReward({ correct: true, score: 5 }, 1, 4)).toBe(1);
    expect(improvementReward({ correct: true, score: 2 }, 3, 1)).toBe(0);
    expect(improvementReward({ correct: false, score: 9 }, 3, 1)).toBe(0);
    expect(improvementReward({ correct: true, score: 9 }, undefined, null)).toBe(0);
    expect(improvementReward({ correct: true, score: 9 }, undefined, 4)).toBe(5);
  });
});
