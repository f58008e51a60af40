import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLruCache, memoize } from '../src/lru.ts';

test('evicts the least recently used entry', () => {
  const c = createLruCache<string, number>(2);
  c.set('a', 1);
  c.set('b', 2);
  c.get('a');
  c.set('c', 3);
  assert.deepEqual(c.keys(), ['a', 'c']);
  assert.deepEqual(c.stats(), { hits: 1, misses: 0, evictions: 1 });
});

test('memoize', () => {
  let calls = 0;
  const sq = memoize((n: number) => (calls++, n * n), 10);
  assert.equal(sq(4) + sq(4), 32);
  assert.equal(calls, 1);
});
