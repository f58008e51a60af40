import { describe, expect, it } from 'vitest';
import { distilLessons } from '../../src/engine/lessons.ts';
import { citations, citedLessons } from '../../src/journal/cite.ts';
import { type Claim, effectClaim, rateClaim } from '../../src/journal/claim.ts';
import { PromptSet } from '../../src/operators/llm/prompts.ts';
import type { ProgramRow } from '../../src/store/store.ts';
import { ScriptedModel } from '../operators-llm/fake-model.ts';
import { rowMaker } from './rows.ts';

const supported = effectClaim('operator:llm-diff', 'operator', 'Proposals by the llm-diff operator beat their parent.', [
  { child: 2, diff: 0.1 },
  { child: 3, diff: 0.12 },
]);
const refuted = effectClaim('edit:rewrite', 'edit', 'Edits of the kind "rewrite" beat their parent.', [
  { child: 4, diff: -0.2 },
  { child: 5, diff: -0.21 },
]);
const untested = effectClaim('constant:line 12:raise', 'constant', 'Raising the constant at line 12 beats the parent.', [{ child: 6, diff: 0.3 }]);
const failure = rateClaim('failure:timeout:llm-full', 'Children of the llm-full operator fail with timeout.', 3, 4, [7, 8, 9]);
const claims: Claim[] = [supported, refuted, untested, failure];

describe('the LLM lessons reply', () => {
  it('keeps only items that cite a supported claim, and none that cites a refuted one', () => {
    expect([supported.status, refuted.status, untested.status, failure.status]).toEqual(['supported', 'refuted', 'untested', 'supported']);
    expect(citations('[constant:line 12:raise] and [edit:rewrite]')).toEqual(['constant:line 12:raise', 'edit:rewrite']);
    const reply = [
      'Recommendations:',
      '1. [operator:llm-diff] Keep making small diffs to the relaxation loop.',
      '2. Try a hexagonal start.',
      '3. [edit:rewrite] Rewrite the whole approach.',
      '4. [constant:line 12:raise] Raise the step further.',
      '5. **[failure:timeout:llm-full]** Keep rewrites within the time limit.',
      '6. [operator:llm-diff] [edit:rewrite] Diffs, not rewrites.',
      '- [operator:made-up] Something.',
    ].join('\n');
    expect(citedLessons(reply, claims)).toBe(
      '1. [operator:llm-diff] Keep making small diffs to the relaxation loop.\n2. [failure:timeout:llm-full] Keep rewrites within the time limit.',
    );
    expect(citedLessons(reply, claims, 1)).toBe('1. [operator:llm-diff] Keep making small diffs to the relaxation loop.');
    expect(citedLessons('1. Nothing cited.', claims)).toBe('');
  });

  it('gives the model every claim with its status, keeps its cited items, and falls back to the journal text otherwise', async () => {
    const { rows, add, child } = rowMaker();
    const seed = add({ sample: 0, score: 1 });
    child(seed, 'llm-diff', 'more relaxation iterations', 1.1);
    child(seed, 'llm-diff', 'even more relaxation iterations', 1.12);
    child(seed, 'llm-full', 'rewrote as a new algorithm', 0.9);
    const programs = rows as unknown as ProgramRow[];
    const llm = (model: ScriptedModel) => ({ models: [model], prompts: new PromptSet(), task: { name: 'demo' }, language: 'javascript' });

    const good = new ScriptedModel(['1. [operator:llm-diff] Keep adding relaxation iterations.\n2. [operator:llm-full] Rewrite more.']);
    const update = await distilLessons(programs, undefined, llm(good), [], 3);
    const prompt = good.requests[0].messages[0].content;
    expect(prompt).toContain('You keep the experiment journal');
    expect(prompt).toContain('- [operator:llm-diff] SUPPORTED: Proposals by the llm-diff operator beat their parent');
    expect(prompt).toContain('- [operator:llm-full] UNTESTED:');
    expect(prompt).toContain('[llm-full] rewrote as a new algorithm: 1 → 0.9, no gain');
    expect(update).toMatchObject({ text: '1. [operator:llm-diff] Keep adding relaxation iterations.', source: 'fake:scripted', cost: 0.001 });
    expect(update.journal.find((c) => c.id === 'operator:llm-diff')?.status).toBe('supported');
    expect(update.changed.length).toBe(update.journal.length);

    const uncited = await distilLessons(programs, update.text, llm(new ScriptedModel(['1. Rewrite more.'])), update.journal, 4);
    expect(uncited.source).toBe('journal');
    expect(uncited.cost).toBe(0.001);
    expect(uncited.text).toMatch(/^\d\. Proposals by the llm-diff operator beat their parent .*\(effect \+11% ± 1%, 2 comparisons, programs #3 #2\)$/m);
    expect(uncited.changed).toEqual([]);

    const offline = await distilLessons(programs, undefined, null);
    expect(offline).toMatchObject({ source: 'journal', cost: 0, text: uncited.text });
  });
});
