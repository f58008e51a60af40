import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRoman, toRoman } from '../src/roman.ts';

test('toRoman', () => {
  assert.equal(toRoman(1994), 'MCMXCIV');
  assert.equal(toRoman(3), 'III');
});
test('fromRoman with subtraction', () => assert.equal(fromRoman('XIV'), 14));
test('fromRoman with repeated symbols', () => assert.equal(fromRoman('III'), 3));
