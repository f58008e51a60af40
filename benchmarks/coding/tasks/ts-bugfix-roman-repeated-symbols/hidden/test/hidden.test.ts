import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromRoman, isRoman, toRoman } from '../src/roman.ts';

test('repeated symbols mixed with others', () => {
  assert.equal(fromRoman('MMXXIV'), 2024);
  assert.equal(fromRoman('XXIX'), 29);
  assert.equal(fromRoman('CCCXC'), 390);
  assert.equal(fromRoman('MMMCMXCIX'), 3999);
  assert.equal(fromRoman('viii'), 8);
  assert.equal(fromRoman(' XX '), 20);
});

test('round trip over the whole range', () => {
  for (let n = 1; n <= 3999; n++) assert.equal(fromRoman(toRoman(n)), n);
});

test('non-canonical and invalid input', () => {
  for (const bad of ['IIII', 'IC', 'VV', 'IL', 'XM', 'MMMM', '', 'ABC', 'IIV'])
    assert.equal(isRoman(bad), false, bad);
  assert.throws(() => fromRoman('VX'), SyntaxError);
});

test('toRoman range', () => {
  assert.throws(() => toRoman(0), RangeError);
  assert.throws(() => toRoman(4000), RangeError);
  assert.throws(() => toRoman(2.5), RangeError);
});
