import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LruCache } from '../lru.js';

test('get marks a key as recently used', () => {
  const c = new LruCache(2);
  c.set('a', 1).set('b', 2);
  assert.equal(c.get('a'), 1);
  c.set('c', 3);
  assert.deepEqual(c.keys(), ['a', 'c']);
});
test('updating a key in a full cache evicts nothing', () => {
  const c = new LruCache(2);
  c.set('a', 1).set('b', 2).set('b', 20);
  assert.deepEqual(c.entries(), [['a', 1], ['b', 20]]);
});
