import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery, stringifyQuery } from '../query.js';

test('three or more values', () => {
  assert.deepEqual(parseQuery('t=a&t=b&t=c&t=d'), { t: ['a', 'b', 'c', 'd'] });
});
test('empty values count', () => {
  assert.deepEqual(parseQuery('a=&a=1'), { a: ['', '1'] });
  assert.deepEqual(parseQuery('a=1&a=&a'), { a: ['1', '', ''] });
  assert.deepEqual(parseQuery('a=0&a=0'), { a: ['0', '0'] });
});
test('keys that look like Object.prototype members', () => {
  assert.deepEqual(parseQuery('constructor=x&toString=y&toString=z'), { constructor: 'x', toString: ['y', 'z'] });
});
test('single keys and encoding unchanged', () => {
  assert.deepEqual(parseQuery('k%20ey=v%26w'), { 'k ey': 'v&w' });
  assert.deepEqual(parseQuery(''), {});
});
test('round trip', () => {
  const params = { tag: ['red', 'blue', 'green'], q: 'x', e: ['', ''] };
  assert.deepEqual(parseQuery(stringifyQuery(params)), params);
});
