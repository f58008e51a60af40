import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dedent, slugify, titleCase, truncate, wrap } from '../text.js';

test('helpers', () => {
  assert.equal(slugify('Crème Brûlée: A Recipe!'), 'creme-brulee-a-recipe');
  assert.equal(titleCase('the lord of the rings'), 'The Lord of the Rings');
  assert.equal(truncate('hello wonderful world', 12), 'hello wonde…');
  assert.equal(dedent('    a\n      b'), 'a\n  b');
});
test('wrap', () => {
  assert.deepEqual(wrap('the quick brown fox', 10), ['the quick', 'brown fox']);
  assert.deepEqual(wrap('aaa bbb', 6), ['aaa', 'bbb']);
});
