import { describe, expect, it } from 'vitest';
import { effectStatus, rateClaim } from '../../src/journal/claim.ts';
import { buildClaims } from '../../src/journal/claims.ts';
import { constantSites } from '../../src/journal/constants.ts';
import { changedClaims } from '../../src/journal/journal.ts';
import { journalLessons, journalListing } from '../../src/journal/render.ts';
import { rowMaker } from './rows.ts';

const claim = (rows: Parameters<typeof buildClaims>[0], id: string) => buildClaims(rows).find((c) => c.id === id);

describe('the status rule', () => {
  it('needs two comparisons, a lower bound above 0 to support, an upper bound below 0 (or eight non-positive) to refute', () => {
    expect(effectStatus(0.5, null, 1)).toBe('untested');
    expect(effectStatus(0.1, 0.01, 2)).toBe('supported');
    expect(effectStatus(0.1, 0.06, 2)).toBe('untested');
    expect(effectStatus(-0.1, 0.01, 2)).toBe('refuted');
    expect(effectStatus(-0.01, 0.05, 7)).toBe('untested');
    expect(effectStatus(0, 0.05, 8)).toBe('refuted');
  });

  it('supports a failure rate as a fact to avoid when it happened twice and its lower bound is above 0', () => {
    expect(rateClaim('failure:x:y', 't', 1, 1, [5]).status).toBe('untested');
    const c = rateClaim('failure:x:y', 't', 2, 3, [5, 7]);
    expect(c.effect).toBeCloseTo(2 / 3);
    expect(c.se).toBeCloseTo(Math.sqrt((2 / 3) * (1 / 3) * (1 / 3)));
    expect(c.status).toBe('supported');
    expect(c.evidence).toEqual([7, 5]);
    expect(rateClaim('failure:x:y', 't', 2, 40, [5, 7]).status).toBe('untested');
  });
});

describe('claims from the record', () => {
  it('goes untested → supported after two consistent comparisons, then refuted by negative evidence, and leaves the prompt text', () => {
    const { rows, add, child } = rowMaker();
    const seed = add({ sample: 0, score: 1 });
    child(seed, 'numeric', 'constants line 12: 0.08 → 0.09', 1.1);
    const first = buildClaims(rows);
    expect(first.find((c) => c.id === 'operator:numeric')).toMatchObject({ status: 'untested', n: 1, se: null });
    expect(journalLessons(first)).toBe('');

    child(seed, 'numeric', 'constants line 12: 0.08 → 0.1', 1.12);
    const second = buildClaims(rows);
    const op = second.find((c) => c.id === 'operator:numeric')!;
    expect(op).toMatchObject({ status: 'supported', n: 2, evidence: [3, 2], kind: 'operator' });
    expect(op.effect).toBeCloseTo(0.11);
    expect(op.se).toBeCloseTo(0.01);
    expect(second.find((c) => c.id === 'constant:line 12:raise')).toMatchObject({ status: 'supported', kind: 'constant' });
    expect(second.find((c) => c.id === 'edit:constants')).toMatchObject({ status: 'supported', kind: 'edit' });
    const text = journalLessons(second);
    expect(text).toContain('1. ');
    expect(text).toMatch(
      /Proposals by the numeric operator beat their parent \(best so far: "constants line 12: 0\.08 → 0\.1"\) \(effect \+11% ± 1%, 2 comparisons, programs #3 #2\)/,
    );
    expect(text).toContain('Raising the constant at line 12 (last tried: 0.08 → 0.1) beats the parent (effect +11% ± 1%');
    expect(changedClaims(first, second).map((c) => c.id)).toContain('operator:numeric');
    expect(changedClaims(second, second)).toEqual([]);

    for (let i = 0; i < 6; i++) child(seed, 'numeric', `constants line 12: 0.08 → 0.0${5 + (i % 3)}`, 0.8);
    const third = buildClaims(rows);
    expect(third.find((c) => c.id === 'operator:numeric')).toMatchObject({ status: 'refuted', n: 8 });
    expect(third.find((c) => c.id === 'constant:line 12:lower')).toMatchObject({ status: 'refuted', n: 6 });
    expect(journalLessons(third)).not.toContain('numeric operator');
    expect(journalListing(third)).toContain('- [operator:numeric] REFUTED: Proposals by the numeric operator');
    expect(changedClaims(second, third).find((c) => c.id === 'operator:numeric')?.status).toBe('refuted');
  });

  it('reads constant sites and directions from the numeric operator change text', () => {
    expect(constantSites('constants line 12: 0.08 → 0.0731; line 30: 5 → (-2.0)')).toEqual([
      { line: 12, direction: 'lower', from: '0.08', to: '0.0731' },
      { line: 30, direction: 'lower', from: '5', to: '(-2.0)' },
    ]);
    expect(constantSites('constants 0.08 → 0.1 at line 7')).toEqual([{ line: 7, direction: 'raise', from: '0.08', to: '0.1' }]);
    expect(constantSites('rewrote the loop')).toEqual([]);
  });

  it('counts failures per operator and class, and leaves out the seed, rejected proposals and incomparable children', () => {
    const { rows, add, child, failed } = rowMaker();
    const seed = add({ sample: 0, score: 2 });
    failed(seed, 'llm-full', 'rewrote as a new algorithm', 'timeout');
    failed(seed, 'llm-full', 'restructured the search', 'timeout');
    child(seed, 'llm-full', 'rewrote as a grid', 2.2);
    add({ parent_id: seed.id, operator: 'llm-full', change: 'duplicate', status: 'rejected', correct: null, score: null, failure_class: 'duplicate' });
    const zero = add({ parent_id: seed.id, operator: 'llm-diff', change: 'fixed it', score: 0 });
    child(zero, 'llm-diff', 'fixed again', 1); // a parent scoring 0 gives no relative difference
    const timeout = claim(rows, 'failure:timeout:llm-full')!;
    expect(timeout).toMatchObject({ kind: 'failure', status: 'supported', n: 3, evidence: [3, 2] });
    expect(timeout.effect).toBeCloseTo(2 / 3);
    expect(claim(rows, 'failure:duplicate:llm-full')).toBeUndefined();
    expect(claim(rows, 'operator:llm-diff')).toMatchObject({ n: 1 });
    expect(journalLessons(buildClaims(rows))).toMatch(
      /^1\. Children of the llm-full operator fail with timeout; avoid its causes \(rate 67% ± 27%, 3 tries, programs #3 #2\)$/,
    );
  });

  it('measures what more CPU did to the score and how often it hit the time limit (multi-case public metrics)', () => {
    const { rows, add, child } = rowMaker();
    const metrics = (cpu: number, tl = 0) => JSON.stringify({ cpu_ms_mean: cpu, cpu_limit_ms: 1000, time_limit_rate: tl, cases: 10 });
    const seed = add({ sample: 0, score: 100, public_json: metrics(400) });
    child(seed, 'llm-diff', 'longer annealing', 110, { public_json: metrics(800, 0.1) });
    child(seed, 'llm-diff', 'more restarts', 112, { public_json: metrics(900, 0.2) });
    child(seed, 'llm-diff', 'cheaper moves', 90, { public_json: metrics(200) });
    child(seed, 'llm-diff', 'same time', 101, { public_json: metrics(420) });
    const more = claim(rows, 'cpu:more')!;
    expect(more).toMatchObject({ kind: 'cpu', status: 'supported', n: 2, evidence: [3, 2] });
    expect(more.effect).toBeCloseTo(0.11);
    expect(more.text).toBe('Children using at least 20% more CPU per case than their parent (mean 850 ms of the 1000 ms limit) beat it.');
    const limit = claim(rows, 'cpu:more:time-limit')!;
    expect(limit).toMatchObject({ kind: 'failure', n: 20, evidence: [3, 2] });
    expect(limit.effect).toBeCloseTo(3 / 20);
    expect(limit.text).toContain('hit the 1000 ms time limit');
    expect(claim(rows, 'cpu:less')).toMatchObject({ n: 1, status: 'untested' });
  });
});
