import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config.ts';
import { createModelContext } from '../../src/engine/models.ts';
import { Proposer, type ProposerParts } from '../../src/engine/propose.ts';
import { memberOf } from '../../src/engine/restore.ts';
import { Spend } from '../../src/engine/tally.ts';
import { LlmOperatorError } from '../../src/operators/llm/operator.ts';
import type { Operator, OperatorInput } from '../../src/operators/operator.ts';
import { Population } from '../../src/population/population.ts';
import type { ProgramRow } from '../../src/store/store.ts';
import { program } from './support.ts';

const parentRow = {
  id: 1,
  run_id: 'r',
  sample: 0,
  parent_id: null,
  island: 0,
  generation: 0,
  operator: 'seed',
  model: null,
  status: 'evaluated',
  language: 'javascript',
  code: program('export const x = 1;'),
  code_hash: 'h1',
  patch: null,
  change: null,
  inspirations_json: null,
  propose_ms: null,
  prompt: null,
  reply: null,
  cost: null,
  usage_json: null,
  correct: 1,
  score: 1,
  public_json: '{"area":1}',
  private_json: '{"secret":42}',
  features_json: null,
  feedback: 'fine',
  failure_class: null,
  error: null,
  stdout: null,
  stderr: null,
  evaluated_at: 'a',
  eval_ms: 1,
  judge_ms: 1,
  created_at: 'a',
} as ProgramRow;

function parts(over: Partial<ProposerParts> = {}): ProposerParts {
  const config = configSchema.parse({ islands: { count: 1 } });
  const population = new Population(config);
  population.add(memberOf(parentRow));
  return {
    config,
    language: 'javascript',
    population,
    rowOf: () => parentRow,
    offline: [],
    models: null,
    spend: new Spend({ proposals: 0, extra: 0 }, async () => {}),
    lessons: () => 'be bold',
    ...over,
  };
}

const operator = (
  name: string,
  propose: (input: OperatorInput) => Promise<ReturnType<Operator['propose']> extends Promise<infer T> ? T : never>,
): Operator => ({ name, supports: () => true, propose });

describe('the propose stage', () => {
  it('gives an operator the parent with its public metrics, feedback and the lessons, never its private metrics', async () => {
    const seen: OperatorInput[] = [];
    const op = operator('scripted', async (input) => {
      seen.push(input);
      return { code: program('export const x = 2;'), change: 'two' };
    });
    const p = await new Proposer(parts({ offline: [{ operator: op, weight: 1 }] })).propose(1);
    expect(p.kind).toBe('child');
    expect(p.record).toMatchObject({ sample: 1, parent: 1, island: 0, generation: 1, operator: 'scripted', output: { change: 'two' } });
    expect(seen[0]).toMatchObject({ code: parentRow.code, parentScore: 1, parentMetrics: { area: 1 }, parentFeedback: 'fine', lessons: 'be bold' });
    expect(JSON.stringify(seen[0])).not.toContain('secret');
  });

  it('tries other operators when one declines, then reports no change', async () => {
    let calls = 0;
    const declines = operator('declines', async () => {
      calls++;
      return null;
    });
    const p = await new Proposer(parts({ offline: [{ operator: declines, weight: 1 }] })).propose(2);
    expect(p.kind).toBe('no-change');
    expect(calls).toBe(6);
    expect(p.record.output).toEqual({ code: parentRow.code, change: 'no applicable change' });
  });

  it('ends a failed model call as a failed pull, counts its cost, and keeps its error for the stop rule', async () => {
    const config = configSchema.parse({ islands: { count: 1 }, models: ['openai-compatible:m@http://127.0.0.1:9/v1'] });
    const models = createModelContext(config, { name: 't', program: 'p', execute: { data: true }, judge: () => ({ correct: true, score: 0 }) } as never, {
      saveBandit: async () => {},
    })!;
    const failing = operator('llm-diff', async () => {
      models.pulls.pick(() => 0.5);
      throw new LlmOperatorError('llm-diff: m failed: connection refused', {
        reason: 'model-error',
        operator: 'llm-diff',
        model: 'openai-compatible:m@http://127.0.0.1:9/v1',
        prompt: 'P',
        reply: '',
        usage: { inputTokens: 3, outputTokens: 0, cachedInputTokens: 0 },
        cost: 0.01,
        attempts: 1,
      });
    });
    const spend = new Spend({ proposals: 0, extra: 0 }, async () => {});
    const proposer = new Proposer(parts({ config, spend, models: { ...models, operators: [{ operator: failing, weight: 1 }] } }));
    const p = await proposer.propose(3);
    expect(p.kind).toBe('model-failed');
    expect(p.record.output).toMatchObject({
      change: 'no usable reply (model-error)',
      model: 'openai-compatible:m@http://127.0.0.1:9/v1',
      prompt: 'P',
      cost: 0.01,
    });
    expect(spend.spent).toBeCloseTo(0.01);
    expect(proposer.modelFailures).toEqual(['openai-compatible:m@http://127.0.0.1:9/v1: llm-diff: m failed: connection refused']);
    expect(models.pulls.bandit.summary()[0]).toMatchObject({ pulls: 1, failures: 1, inFlight: 0 });
  });
});
