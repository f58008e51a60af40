import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LruCache } from '../lru.js';

test('recency from get and set, not from peek and has', () => {
  const c = new LruCache(3);
  c.set('a', 1).set('b', 2).set('c', 3);
  c.get('a');
  c.peek('b');
  c.has('b');
  c.set('b', 22);
  c.set('d', 4);
  assert.deepEqual(c.keys(), ['a', 'b', 'd']);
});
test('get of a missing key changes nothing', () => {
  const c = new LruCache(2);
  c.set('a', 1).set('b', 2);
  assert.equal(c.get('zzz'), undefined);
  assert.equal(c.size, 2);
  assert.equal(c.has('zzz'), false);
  c.set('c', 3);
  assert.deepEqual(c.keys(), ['b', 'c']);
});
test('size never exceeds capacity; onEvict', () => {
  const evicted = [];
  const c = new LruCache(2, { onEvict: (k, v) => evicted.push([k, v]) });
  for (let i = 0; i < 5; i++) {
    c.set(`k${i}`, i);
    assert.ok(c.size <= 2);
  }
  c.set('k4', 40);
  assert.deepEqual(evicted, [['k0', 0], ['k1', 1], ['k2', 2]]);
  assert.deepEqual(c.entries(), [['k3', 3], ['k4', 40]]);
});
test('capacity one, getOrCompute and resize', () => {
  const c = new LruCache(1);
  c.set('x', 1).set('x', 2);
  assert.deepEqual(c.entries(), [['x', 2]]);
  let calls = 0;
  const d = new LruCache(2);
  d.getOrCompute('a', () => ++calls);
  d.getOrCompute('b', () => ++calls);
  d.getOrCompute('a', () => ++calls);
  d.getOrCompute('c', () => ++calls);
  assert.equal(calls, 3);
  assert.deepEqual(d.keys(), ['a', 'c']);
  d.resize(1);
  assert.deepEqual(d.keys(), ['c']);
});
