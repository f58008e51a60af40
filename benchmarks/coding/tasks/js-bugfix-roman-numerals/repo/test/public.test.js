import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRoman, toRoman } from '../roman.js';

test('toRoman', () => {
  assert.equal(toRoman(1994), 'MCMXCIV');
  assert.equal(toRoman(8), 'VIII');
});
test('fromRoman additive', () => assert.equal(fromRoman('viii'), 8));
test('fromRoman subtractive', () => {
  assert.equal(fromRoman('IV'), 4);
  assert.equal(fromRoman('XIX'), 19);
});
