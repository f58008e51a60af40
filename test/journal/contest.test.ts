import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config.ts';
import { createModelContext } from '../../src/engine/models.ts';
import { mutationPrompt, noveltyPrompt, PromptSet } from '../../src/operators/llm/prompts.ts';
import { tempDir } from '../support/tmp.ts';

const code = '// EVOLVE-BLOCK-START\nconsole.log(1);\n// EVOLVE-BLOCK-END\n';
const ctx = { parent: { code, score: 1 }, inspirations: [] };

describe('the contest template', () => {
  it('is in the system prompt of a multi-case task only', () => {
    const prompts = new PromptSet();
    const contest = mutationPrompt(prompts, 'diff', { name: 'scheduling', multiCase: true }, 'javascript', undefined, ctx);
    expect(contest.system).toContain('# Heuristic optimisation');
    expect(contest.system).toMatch(/simulated annealing/i);
    expect(contest.system).toContain('KAIZEN_TIME_LIMIT_MS');
    expect(contest.system).toMatch(/time limit scores 0/);
    expect(contest.user).not.toContain('Heuristic optimisation');
    for (const kind of ['diff', 'full', 'cross', 'fix'] as const) {
      expect(mutationPrompt(prompts, kind, { name: 'packing' }, 'javascript', undefined, ctx).system).not.toMatch(
        /Heuristic optimisation|KAIZEN_TIME_LIMIT_MS/,
      );
    }
    expect(noveltyPrompt(prompts, { name: 'scheduling', multiCase: true }, 'javascript', code, code)).not.toContain('KAIZEN_TIME_LIMIT_MS');
  });

  it('is overridden by a contest.md in the task prompts folder', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'contest.md'), 'Use beam search in {{language}}, nothing else.\n');
    const { system } = mutationPrompt(new PromptSet(dir), 'full', { name: 'x', multiCase: true }, 'python', undefined, ctx);
    expect(system).toContain('# Heuristic optimisation\nUse beam search in python, nothing else.');
    expect(system).not.toContain('KAIZEN_TIME_LIMIT_MS');
  });

  it('is asked for by tasks that declare cases', () => {
    const config = configSchema.parse({ models: ['openai-compatible:m@http://127.0.0.1:9/v1'] });
    const task = (extra: object) => ({ name: 't', program: 'p', execute: { data: true }, ...extra }) as never;
    const multi = createModelContext(config, task({ cases: { generate: () => '', score: () => ({ verdict: 'ok', score: 1 }) } }), {
      saveBandit: async () => {},
    });
    const single = createModelContext(config, task({ judge: () => ({ correct: true, score: 0 }) }), { saveBandit: async () => {} });
    expect(multi?.task.multiCase).toBe(true);
    expect(single?.task.multiCase).toBe(false);
  });
});
