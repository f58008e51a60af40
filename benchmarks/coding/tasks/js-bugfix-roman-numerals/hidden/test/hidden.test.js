import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRoman, isRoman, toRoman } from '../roman.js';

test('subtractive pairs', () => {
  assert.equal(fromRoman('MCMXCIV'), 1994);
  assert.equal(fromRoman('XL'), 40);
  assert.equal(fromRoman('CDXLIV'), 444);
  assert.equal(fromRoman('mmmcmxcix'), 3999);
  assert.equal(fromRoman(' ix '), 9);
});
test('round trip 1..3999', () => {
  for (let n = 1; n <= 3999; n++) assert.equal(fromRoman(toRoman(n)), n);
});
test('isRoman', () => {
  assert.equal(isRoman('XC'), true);
  assert.equal(isRoman('IIII'), false);
});
test('invalid input', () => {
  assert.throws(() => fromRoman('XAX'), SyntaxError);
  assert.throws(() => fromRoman(''), SyntaxError);
  assert.throws(() => toRoman(0), RangeError);
});
