// Model-selection bandits with fixed seeds: the better model wins most pulls, concurrent picks spread out, cost
// awareness, priors, and state that survives JSON.
import { describe, expect, it } from 'vitest';
import { banditFromJSON, type BanditConfig, ModelBandit } from '../../src/models/index.ts';
import { seeded } from '../support/llm-env.ts';

const models = [{ id: 'openai:gpt-5-mini' }, { id: 'anthropic:claude-haiku-4-5' }, { id: 'ollama:qwen2.5-coder:7b' }];
// Chance of an improvement per model, and its size: the first is clearly best.
const odds: Record<string, number> = { 'openai:gpt-5-mini': 0.6, 'anthropic:claude-haiku-4-5': 0.25, 'ollama:qwen2.5-coder:7b': 0.1 };

function simulate(config: Partial<BanditConfig>, rounds: number, seed: number) {
  const rng = seeded(seed);
  const env = seeded(seed + 1000);
  const b = new ModelBandit(models, config);
  for (let i = 0; i < rounds; i++) {
    const id = b.select(rng);
    b.begin(id);
    if (env() < 0.05) b.fail(id);
    else b.update(id, env() < odds[id] ? 0.5 + env() : 0, 0.001);
  }
  return b;
}

const pulls = (b: ModelBandit) => Object.fromEntries(b.summary().map((s) => [s.id, s.pulls]));

describe('bandit', () => {
  it('UCB gives the better model most pulls', () => {
    const p = pulls(simulate({}, 400, 7));
    expect(p['openai:gpt-5-mini']).toBeGreaterThan(200);
    expect(p['openai:gpt-5-mini']).toBeGreaterThan(p['anthropic:claude-haiku-4-5']);
    expect(p['anthropic:claude-haiku-4-5']).toBeGreaterThan(0);
    expect(p['ollama:qwen2.5-coder:7b']).toBeGreaterThan(0); // ε and decay keep exploring
  });

  it('Thompson sampling also favours the better model', () => {
    const p = pulls(simulate({ policy: 'thompson' }, 400, 11));
    expect(p['openai:gpt-5-mini']).toBeGreaterThan(200);
  });

  it('is reproducible with a fixed seed', () => {
    expect(pulls(simulate({}, 200, 3))).toEqual(pulls(simulate({}, 200, 3)));
  });

  it('summary tallies pulls, failures, mean reward and cost', () => {
    const b = new ModelBandit(models);
    b.begin('openai:gpt-5-mini');
    b.update('openai:gpt-5-mini', 2, 0.01);
    b.begin('openai:gpt-5-mini');
    b.fail('openai:gpt-5-mini', 0.002);
    b.begin('openai:gpt-5-mini');
    const s = b.summary().find((x) => x.id === 'openai:gpt-5-mini')!;
    expect(s).toMatchObject({ pulls: 2, failures: 1, meanReward: 1, inFlight: 1 });
    expect(s.totalCost).toBeCloseTo(0.012, 12);
    expect(() => b.update('nope', 1)).toThrow(/unknown model "nope"/);
  });

  it('in-flight calls spread concurrent picks', () => {
    const b = new ModelBandit(models.slice(0, 2), { epsilon: 0 });
    // Warm-up: the first model looks better.
    for (let i = 0; i < 6; i++) {
      b.begin('openai:gpt-5-mini');
      b.update('openai:gpt-5-mini', 1);
      b.begin('anthropic:claude-haiku-4-5');
      b.update('anthropic:claude-haiku-4-5', i % 2 ? 1 : 0);
    }
    const rng = seeded(5);
    expect(b.select(rng)).toBe('openai:gpt-5-mini');
    const picks: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = b.select(rng);
      b.begin(id);
      picks.push(id);
    }
    const other = picks.filter((p) => p === 'anthropic:claude-haiku-4-5').length;
    expect(other).toBeGreaterThan(0);
    expect(other).toBeLessThan(8);
    // Without counting them, every pick would have gone to the leader.
    const frozen = new ModelBandit(b.toJSON());
    expect(new Set(Array.from({ length: 8 }, () => frozen.select(rng)))).toEqual(new Set(['openai:gpt-5-mini']));
  });

  it('untried models go first, in order of prior weight', () => {
    const b = new ModelBandit(
      [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1000 },
      ],
      { epsilon: 0 },
    );
    expect(b.select(seeded(1))).toBe('b');
    b.begin('b');
    expect(b.select(seeded(1))).toBe('a');
  });

  it('ε-exploration follows prior weights', () => {
    const b = new ModelBandit(
      [
        { id: 'a', weight: 3 },
        { id: 'b', weight: 1 },
      ],
      { epsilon: 1 },
    );
    const rng = seeded(9);
    let a = 0;
    for (let i = 0; i < 2000; i++) if (b.select(rng) === 'a') a++;
    expect(a / 2000).toBeGreaterThan(0.7);
    expect(a / 2000).toBeLessThan(0.8);
  });

  it('cost awareness prefers the cheaper of two equally good models', () => {
    for (const config of [{ costMode: 'per-dollar' as const }, { costMode: 'penalty' as const, lambda: 50 }]) {
      const rng = seeded(21);
      const env = seeded(22);
      const b = new ModelBandit([{ id: 'pricey' }, { id: 'cheap' }], config);
      const cost: Record<string, number> = { pricey: 0.01, cheap: 0.001 };
      for (let i = 0; i < 300; i++) {
        const id = b.select(rng);
        b.begin(id);
        b.update(id, env() < 0.5 ? 1 : 0, cost[id]);
      }
      const p = pulls(b);
      expect(p.cheap).toBeGreaterThan(p.pricey);
    }
  });

  it('state round-trips through JSON and continues identically', () => {
    const a = simulate({}, 100, 13);
    const restored = banditFromJSON(JSON.parse(JSON.stringify(a)));
    expect(restored.summary()).toEqual(a.summary());
    const r1 = seeded(99);
    const r2 = seeded(99);
    for (let i = 0; i < 50; i++) {
      const x = a.select(r1);
      const y = restored.select(r2);
      expect(y).toBe(x);
      a.begin(x);
      restored.begin(y);
      a.update(x, i % 3 ? 0 : 1, 0.001);
      restored.update(y, i % 3 ? 0 : 1, 0.001);
    }
    expect(restored.toJSON()).toEqual(a.toJSON());
  });

  it('a resumed run with a changed model list keeps known arms and adds new ones', () => {
    const a = simulate({}, 50, 17);
    const b = banditFromJSON(a.toJSON(), [{ id: 'openai:gpt-5-mini' }, { id: 'google:gemini-2.5-flash', weight: 2 }]);
    expect(b.ids).toEqual(['openai:gpt-5-mini', 'google:gemini-2.5-flash']);
    expect(b.summary()[0].pulls).toBe(a.summary()[0].pulls);
    expect(b.summary()[1]).toMatchObject({ pulls: 0, weight: 2 });
    expect(() => banditFromJSON({ version: 2 } as never)).toThrow(/unrecognised/);
  });
});
