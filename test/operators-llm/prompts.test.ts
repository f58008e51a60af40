import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JudgeResult } from '../../src/config/task.ts';
import { mutationPrompt, noveltyPrompt, parseNovelty, PromptSet, publicView } from '../../src/operators/llm/prompts.ts';
import { renderTemplate } from '../../src/operators/llm/template.ts';
import { tempDir } from '../support/tmp.ts';

const task = { name: 'demo', description: 'Make f(x) as large as possible.' };
const parent = '// EVOLVE-BLOCK-START\nexport const f = (x) => x + 1;\n// EVOLVE-BLOCK-END\n';

describe('template', () => {
  it('renders variables, sections and inverted sections', () => {
    const t = 'A {{x}}.\n{{#y}}\nY is {{y}}.\n{{/y}}\n{{^y}}\nno y\n{{/y}}\n{{#z}}never{{/z}}';
    expect(renderTemplate(t, { x: 1, y: 'here', z: '' })).toBe('A 1.\nY is here.\n');
    expect(renderTemplate(t, { x: 1, y: undefined, z: false })).toBe('A 1.\nno y\n');
  });

  it('does not expand braces inside values and rejects unknown names', () => {
    expect(renderTemplate('{{code}}', { code: 'const o = {{a}};' })).toBe('const o = {{a}};\n');
    expect(() => renderTemplate('{{typo}}', { code: '' }, 'mine.md')).toThrow(/mine.md uses \{\{typo\}\}/);
  });
});

describe('prompts', () => {
  const prompts = new PromptSet();

  it('carries task, language, parent, public metrics, feedback and lessons', () => {
    const { system, user } = mutationPrompt(prompts, 'diff', task, 'javascript', '1. Larger steps helped.', {
      parent: { code: parent, score: 0.25, metrics: { calls: 3 }, feedback: 'f(2) was small' },
      inspirations: [],
    });
    expect(system).toContain('Make f(x) as large as possible.');
    expect(system).toContain('javascript');
    expect(system).toContain('1. Larger steps helped.');
    expect(user).toContain(parent.trimEnd());
    expect(user).toContain('Score: 0.25');
    expect(user).toContain('- calls: 3');
    expect(user).toContain('f(2) was small');
    expect(user).toContain('<<<<<<< SEARCH');
    expect(user).not.toContain('{{');
  });

  it('orders inspirations worst to best, with their scores', () => {
    const { user } = mutationPrompt(prompts, 'full', task, 'javascript', undefined, {
      parent: { code: parent, score: 1 },
      inspirations: [
        { id: 7, code: '// best\n', score: 9 },
        { id: 5, code: '// worst\n', score: 2 },
        { id: 6, code: '// middle\n', score: 4.5 },
      ],
    });
    const at = (s: string) => user.indexOf(s);
    expect(at('// worst')).toBeGreaterThan(0);
    expect(at('// worst')).toBeLessThan(at('// middle'));
    expect(at('// middle')).toBeLessThan(at('// best'));
    expect(user).toMatch(/\(id 5\)\nScore: 2\n/);
    expect(user).toMatch(/\(id 7\)\nScore: 9\n/);
  });

  it('cross shows the one partner; fix shows the error output', () => {
    const cross = mutationPrompt(prompts, 'cross', task, 'javascript', undefined, {
      parent: { code: parent, score: 1 },
      partner: { id: 3, code: 'export const g = 1; // partner\n', score: 2, metrics: { calls: 1 } },
    });
    expect(cross.user).toContain('// partner');
    expect(cross.user).toContain('Score: 2');
    expect(cross.user).toContain('Program A');
    const fix = mutationPrompt(prompts, 'fix', task, 'javascript', undefined, {
      parent: { code: parent },
      error: 'TypeError: x is not a function\n    at f (program.js:2:10)',
    });
    expect(fix.user).toContain('TypeError: x is not a function');
    expect(fix.user).toContain('at f (program.js:2:10)');
    expect(fix.user).not.toContain('No error output was recorded');
  });

  it('publicView leaves private metrics out of every prompt', () => {
    const judged: JudgeResult = { correct: true, score: 3, public: { visible: 1 }, private: { hidden_case_answer: 'SECRET-42' }, feedback: 'ok' };
    const shown = { code: parent, ...publicView(judged) };
    for (const kind of ['diff', 'full', 'cross', 'fix'] as const) {
      const p = mutationPrompt(prompts, kind, task, 'javascript', undefined, {
        parent: shown,
        partner: { id: 1, ...shown },
        inspirations: [{ id: 2, ...shown }],
        error: 'boom',
      });
      expect(p.system + p.user).not.toMatch(/SECRET-42|hidden_case_answer/);
      expect(p.user).toContain('- visible: 1');
    }
  });

  it('a file in the user prompts directory wins over the built-in one of the same name', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'diff.md'), 'MY DIFF PROMPT for {{task_name}}:\n{{code}}\n');
    const mine = new PromptSet(dir);
    const { system, user } = mutationPrompt(mine, 'diff', task, 'javascript', undefined, { parent: { code: parent } });
    expect(user).toBe(`MY DIFF PROMPT for demo:\n${parent}`);
    expect(system).toContain('Only the code between the EVOLVE-BLOCK-START'); // not overridden: built-in
    writeFileSync(join(dir, 'system.redcode.md'), 'MY REDCODE SYSTEM, core {{core_size}}\n');
    const red = mutationPrompt(new PromptSet(dir), 'full', { ...task, redcode: { coreSize: 800, maxLength: 20 } }, 'redcode', undefined, {
      parent: { code: parent },
    });
    expect(red.system).toBe('MY REDCODE SYSTEM, core 800\n');
  });

  it('selects the Redcode system prompt for redcode, with the hill limits', () => {
    const red = { name: 'nano', description: 'Beat the nano benchmark.', redcode: { coreSize: 80, maxLength: 5 } };
    const { system } = mutationPrompt(prompts, 'full', red, 'redcode', undefined, { parent: { code: '; EVOLVE-BLOCK-START\nJMP 0\n; EVOLVE-BLOCK-END\n' } });
    expect(system).toContain('Core size 80 cells');
    expect(system).toContain('at most 5 instructions');
    expect(system).toMatch(/SPL/);
    expect(system).toMatch(/\.AB/);
    expect(system).toMatch(/post-increment/);
    const js = mutationPrompt(prompts, 'full', task, 'javascript', undefined, { parent: { code: parent } });
    expect(js.system).not.toMatch(/Redcode/);
  });

  it('novelty judge prompt and verdict', () => {
    const p = noveltyPrompt(prompts, task, 'javascript', 'const a = 1;', 'const b = 1;');
    expect(p).toContain('NOVEL or NOT_NOVEL');
    expect(p).toContain('const b = 1;');
    expect(parseNovelty('NOVEL\nIt uses a new algorithm.')).toBe(true);
    expect(parseNovelty('**NOT_NOVEL** only renames.')).toBe(false);
    expect(parseNovelty('NOT NOVEL')).toBe(false);
    expect(parseNovelty('I cannot tell.')).toBeNull();
  });
});
