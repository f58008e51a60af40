import { describe, expect, it } from 'vitest';
import { editKind, type LessonRecord, lessonStats, lessonsPrompt, parseLessons, renderLessons } from '../../src/operators/llm/lessons.ts';
import { PromptSet } from '../../src/operators/llm/prompts.ts';

const records: LessonRecord[] = [
  { operator: 'llm-diff', change: 'tuned the step constant', parentScore: 1.0, childScore: 1.2, correct: true },
  { operator: 'llm-diff', change: 'raised the iteration count', parentScore: 1.2, childScore: 1.1, correct: true },
  { operator: 'llm-diff', change: 'added a second relaxation pass', parentScore: 1.2, childScore: null, correct: false, failureClass: 'timeout' },
  { operator: 'llm-full', change: 'rewrote as a new algorithm: hexagonal lattice', parentScore: 1.2, childScore: 1.5, correct: true },
  { operator: 'llm-full', change: 'restructured into a greedy placement', parentScore: 1.5, childScore: null, correct: false, failureClass: 'runtime-error' },
  { operator: 'numeric', change: 'constants 0.02→0.03', parentScore: 1.5, childScore: 1.5, correct: true },
  { operator: 'numeric', change: 'constants 10→12', parentScore: 1.5, childScore: 1.52, correct: true },
];

describe('lessons statistics', () => {
  it('classifies edits by their description', () => {
    expect(editKind('tuned the step constant')).toBe('constants');
    expect(editKind('crossover: first 3 instructions kept')).toBe('crossover');
    expect(editKind('fixed an off-by-one')).toBe('bug fix');
    expect(editKind('rewrote as a new algorithm')).toBe('rewrite');
    expect(editKind('deleted line 4')).toBe('removal');
    expect(editKind('something else')).toBe('other');
  });

  it('counts tries, improvements, failures and gains per operator and per kind of edit', () => {
    const s = lessonStats(records);
    expect(s.total).toBe(7);
    const op = (k: string) => s.byOperator.find((g) => g.key === k)!;
    expect(op('llm-diff')).toMatchObject({ tries: 3, correct: 2, improved: 1, bestChange: 'tuned the step constant' });
    expect(op('llm-diff').meanGain).toBeCloseTo(0.05);
    expect(op('llm-full')).toMatchObject({ tries: 2, correct: 1, improved: 1 });
    expect(op('llm-full').bestGain).toBeCloseTo(0.3);
    expect(op('numeric')).toMatchObject({ tries: 2, improved: 1 });
    expect(s.byOperator.map((g) => g.key)).toEqual(['llm-full', 'numeric', 'llm-diff']); // rate, then mean gain
    const constants = s.byEditKind.find((g) => g.key === 'constants')!;
    expect(constants).toMatchObject({ tries: 4, improved: 2 });
    expect(s.failures).toEqual([
      { failureClass: 'runtime-error', count: 1 },
      { failureClass: 'timeout', count: 1 },
    ]);
  });

  it('renders a short numbered scratchpad', () => {
    const text = renderLessons(lessonStats(records));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^1\. Operator /);
    expect(lines.every((l, i) => l.startsWith(`${i + 1}. `))).toBe(true);
    expect(text).toContain(
      'Operator llm-full: 1 of 2 improved on their parent (50%), 1 failed; mean gain +0.3; best +0.3 from "rewrote as a new algorithm: hexagonal lattice".',
    );
    expect(text).toMatch(/Failures: runtime-error 1 \(14%\), timeout 1 \(14%\)/);
    expect(renderLessons(lessonStats([]))).toBe('');
    expect(renderLessons(lessonStats(records), 2).split('\n')).toHaveLength(2);
  });

  it('builds the LLM lessons prompt and reads its numbered answer', () => {
    const prompt = lessonsPrompt(new PromptSet(), { name: 'demo', description: 'Pack circles.' }, 'javascript', records, {
      lessons: '1. Old lesson.',
      maxItems: 4,
    });
    expect(prompt).toContain('Pack circles.');
    expect(prompt).toContain('[llm-full] rewrote as a new algorithm: hexagonal lattice: 1.2 → 1.5, improved');
    expect(prompt).toContain('failed (timeout)');
    expect(prompt).toContain('1. Old lesson.');
    expect(prompt).toContain('at most 4 numbered recommendations');
    const reply =
      'Here are my recommendations:\n1. Keep annealing the step.\n2) Avoid a second relaxation pass: it times out.\n- Try a hexagonal start.\n\nThat is all.';
    expect(parseLessons(reply, 2)).toBe('1. Keep annealing the step.\n2. Avoid a second relaxation pass: it times out.');
  });
});
