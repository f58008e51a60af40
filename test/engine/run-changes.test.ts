import { describe, expect, it } from 'vitest';
import { configChanges, describeChange, mayChangeOnResume } from '../../src/engine/run-changes.ts';

describe('what a resume changes', () => {
  const recorded = { budget: { samples: 200, usd: 1 }, concurrency: 2, seed: 0, models: ['openai:gpt-4o'], llm: { temperature: 0.7 } };

  it('lists every changed leaf field with its old and new value; arrays change as a whole', () => {
    const now = { budget: { samples: 400 }, concurrency: 2, seed: 3, models: ['openai:gpt-4o', 'anthropic:claude-sonnet-4-5'], llm: { temperature: 0.7 } };
    expect(configChanges(recorded, now)).toEqual([
      { field: 'budget.samples', from: 200, to: 400 },
      { field: 'budget.usd', from: 1, to: undefined },
      { field: 'models', from: ['openai:gpt-4o'], to: ['openai:gpt-4o', 'anthropic:claude-sonnet-4-5'] },
      { field: 'seed', from: 0, to: 3 },
    ]);
    expect(configChanges(recorded, structuredClone(recorded))).toEqual([]);
  });

  it('allows the budget, the concurrency and the models to change, nothing else', () => {
    const allowed = (field: string) => mayChangeOnResume({ field, from: 1, to: 2 });
    expect(['budget.samples', 'budget.usd', 'concurrency', 'models'].every(allowed)).toBe(true);
    expect(['seed', 'llm.temperature', 'budgetary', 'modelsExtra', 'islands.count'].some(allowed)).toBe(false);
  });

  it('describes a change in one short line, with unset values named and passwords in URLs hidden', () => {
    expect(describeChange({ field: 'seed', from: 0, to: 3 })).toBe('seed: 0 → 3');
    expect(describeChange({ field: 'budget.usd', from: undefined, to: 2 })).toBe('budget.usd: unset → 2');
    expect(describeChange({ field: 'models', from: ['openai-compatible:m@http://u:secret@h/v1'], to: [] })).toBe(
      'models: ["openai-compatible:m@http://u:***@h/v1"] → []',
    );
    expect(describeChange({ field: 'llm.prompts', from: 'x'.repeat(200), to: null }).length).toBeLessThan(120);
  });
});
