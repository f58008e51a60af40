import { describe, expect, it } from 'vitest';
import { embedderFor } from '../../src/engine/models.ts';
import { NoveltyFilter } from '../../src/engine/novelty.ts';
import { type Candidate, duplicateCheck, markersCheck, noveltyCheck, policyCheck, type ScreenCheck, screen } from '../../src/engine/screen.ts';
import { configSchema } from '../../src/config/config.ts';
import { policyRules } from '../../src/safeguards/policy.ts';
import { program } from './support.ts';

const parent = `const frozen = 1;\n${program('export function f() { return 1; }')}`;
const candidate = (code: string, extra: Partial<Candidate> = {}): Candidate => ({ island: 0, parentCode: parent, code, ...extra });

describe('screen checks', () => {
  it('markers: refuses edits outside the EVOLVE blocks and broken markers, passes edits inside', () => {
    expect(markersCheck.check(candidate(parent.replace('return 1', 'return 2')))).toBeNull();
    expect(markersCheck.check(candidate(parent.replace('frozen = 1', 'frozen = 2')))).toEqual({
      reason: 'outside-evolve-block',
      detail: expect.stringContaining('outside'),
    });
    expect(markersCheck.check(candidate(parent.replace('// EVOLVE-BLOCK-END', '')))).toMatchObject({ reason: 'markers' });
  });

  it('duplicate: names the program that already has this code', () => {
    const check = duplicateCheck((code) => (code === parent ? 7 : undefined));
    expect(check.check(candidate(parent))).toEqual({ reason: 'duplicate', detail: 'same code as program 7' });
    expect(check.check(candidate(`${parent} `))).toBeNull();
  });

  it('policy: carries the violation with its rule and line', () => {
    const check = policyCheck(policyRules(undefined, 'javascript'));
    const bad = parent.replace('return 1;', 'return process.env.KEY;');
    const r = check.check(candidate(bad)) as Exclude<ReturnType<ScreenCheck['check']>, Promise<unknown>>;
    expect(r?.reason).toBe('violation');
    expect(r?.violation?.line).toBe(3);
    expect(check.check(candidate(parent.replace('return 1', 'return 2')))).toBeNull();
  });

  it('novelty: refuses a model child too close to its island without a judge, embeds offline children, counts the cost', async () => {
    const config = configSchema.parse({});
    const filter = new NoveltyFilter(embedderFor(config), 0.5);
    filter.remember(1, 0, (await filter.embed(parent)).vector);
    const costs: { embeddings: number; judge: number }[] = [];
    const check = noveltyCheck(filter, { threshold: 0.5, codeOf: async () => parent, judge: () => null, onCost: async (c) => void costs.push(c) });
    const close = candidate(parent.replace('return 1', 'return 2'), { model: 'm' });
    const r = await check.check(close);
    expect(r).toMatchObject({ reason: 'not-novel' });
    expect(r?.detail).toMatch(/changed region's similarity 0\.\d{4} to program 1 on island 0 \(threshold 0\.5; no judge\)/);
    expect(close.vector?.length).toBeGreaterThan(0);
    // The same child on another island has nothing near it; from an offline operator it is never refused.
    expect(await check.check(candidate(close.code, { model: 'm', island: 1 }))).toBeNull();
    const offline = candidate(close.code);
    expect(await check.check(offline)).toBeNull();
    expect(offline.vector).toEqual(close.vector);
    expect(costs).toHaveLength(3);
  });

  it('runs checks in order and stops at the first refusal', async () => {
    const seen: string[] = [];
    const check = (name: string, refuse: boolean): ScreenCheck => ({
      name,
      check: () => {
        seen.push(name);
        return refuse ? { reason: name, detail: '' } : null;
      },
    });
    expect(await screen([check('a', false), check('b', true), check('c', true)], candidate(parent))).toEqual({ reason: 'b', detail: '' });
    expect(seen).toEqual(['a', 'b']);
    expect(await screen([check('d', false)], candidate(parent))).toBeNull();
  });
});
