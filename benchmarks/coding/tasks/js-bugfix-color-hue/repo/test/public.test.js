import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contrastGrade, fromHsl, mix, parseHex, toHsl } from '../color.js';

test('hex', () => {
  assert.deepEqual(parseHex('#0af'), { r: 0, g: 170, b: 255 });
  assert.equal(mix('#000000', '#ffffff'), '#808080');
});
test('contrast', () => assert.equal(contrastGrade('#000000', '#ffffff'), 'AAA'));
test('hsl round trip', () => {
  assert.deepEqual(toHsl('#3366cc'), { h: 220, s: 60, l: 50 });
  assert.equal(fromHsl({ h: 220, s: 60, l: 50 }), '#3366cc');
});
test('hues are never negative', () => assert.deepEqual(toHsl('#ff00ff'), { h: 300, s: 100, l: 50 }));
