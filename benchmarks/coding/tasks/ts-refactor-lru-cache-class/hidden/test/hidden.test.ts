import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLruCache, LruCache, memoize } from '../src/lru.ts';

test('LruCache is a class and the factory returns instances of it', () => {
  assert.equal(typeof LruCache, 'function');
  const c = new LruCache<string, number>(3);
  assert.ok(c instanceof LruCache);
  assert.ok(createLruCache(1) instanceof LruCache);
  for (const m of ['get', 'peek', 'set', 'delete', 'clear', 'keys', 'stats'])
    assert.equal(typeof (LruCache.prototype as any)[m], 'function', m);
  assert.equal(Object.getOwnPropertyNames(c).includes('get'), false);
});

test('behaviour is unchanged', () => {
  const c = new LruCache<string, number>(2);
  assert.equal(c.capacity, 2);
  assert.equal(c.get('x'), undefined);
  c.set('a', 1);
  c.set('b', 2);
  assert.equal(c.peek('a'), 1);
  c.set('c', 3);
  assert.deepEqual(c.keys(), ['b', 'c']);
  c.set('b', 20);
  assert.deepEqual(c.keys(), ['c', 'b']);
  assert.equal(c.size, 2);
  assert.equal(c.delete('c'), true);
  assert.equal(c.delete('c'), false);
  assert.equal(c.get('b'), 20);
  assert.deepEqual(c.stats(), { hits: 1, misses: 1, evictions: 1 });
  c.clear();
  assert.equal(c.size, 0);
});

test('stats are a copy, instances are independent', () => {
  const a = new LruCache<number, number>(1);
  const b = new LruCache<number, number>(1);
  a.get(1);
  a.stats().misses = 50;
  assert.deepEqual(a.stats(), { hits: 0, misses: 1, evictions: 0 });
  assert.deepEqual(b.stats(), { hits: 0, misses: 0, evictions: 0 });
});

test('capacity validation', () => {
  assert.throws(() => new LruCache(0), RangeError);
  assert.throws(() => createLruCache(1.5), RangeError);
});

test('memoize still works', () => {
  const seen: number[] = [];
  const f = memoize((n: number) => (seen.push(n), n + 1), 1);
  f(1);
  f(2);
  f(1);
  assert.deepEqual(seen, [1, 2, 1]);
});
