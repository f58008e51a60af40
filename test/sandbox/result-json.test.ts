import { describe, expect, it } from 'vitest';
import { resultJson } from '../../src/sandbox/result-json.js';

describe('a result serialised with a cap', () => {
  it('is the same text as JSON.stringify for every kind of value', () => {
    const values: unknown[] = [
      0,
      -0,
      1.5e300,
      Number.NaN,
      'é "quoted" \u0000\n',
      true,
      null,
      [1, undefined, () => 1, Symbol('s'), 'x'],
      { a: 1, skip: undefined, f: () => 1, nested: { deep: [{ b: 'c' }] }, date: new Date(0), '': 'empty key' },
      { toJSON: (key: string) => `toJSON of "${key}"` },
      new Map([[1, 2]]),
      Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
    ];
    for (const value of values) expect(resultJson(value, 10_000)).toEqual({ json: JSON.stringify(value) });
  });

  it('stops as soon as the text must pass the cap, without building it', () => {
    expect(resultJson('y'.repeat(2e8), 1000)).toEqual({ tooLarge: 2e8 + 2 });
    const many = Array.from({ length: 10_000 }, (_, i) => i);
    const cut = resultJson(many, 1000);
    expect('tooLarge' in cut && (cut.tooLarge as number) <= 1002).toBe(true);
    // A text that fits by its lower bound but not once escaped is caught after serialising (6 characters per \u0000).
    expect(resultJson('\u0000'.repeat(500), 1000)).toEqual({ tooLarge: 3002 });
    expect(resultJson('z'.repeat(998), 1000)).toEqual({ json: JSON.stringify('z'.repeat(998)) });
  });

  it('says why a value cannot be serialised', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let deep: unknown[] = [];
    for (let i = 0; i < 1e5; i++) deep = [deep];
    const throwing = {
      get boom() {
        throw new TypeError('no');
      },
    };
    expect(resultJson(cyclic, 1e6)).toEqual({ invalid: expect.stringMatching(/cyclic/) });
    expect(resultJson(deep, 1e6)).toEqual({ invalid: expect.stringMatching(/nested too deeply/) });
    expect(resultJson({ n: 1n }, 1e6)).toEqual({ invalid: expect.stringMatching(/BigInt/) });
    expect(resultJson(undefined, 1e6)).toEqual({ invalid: expect.stringMatching(/undefined/) });
    expect(resultJson(throwing, 1e6)).toEqual({ invalid: 'the result cannot be serialised as JSON: TypeError: no' });
  });
});
