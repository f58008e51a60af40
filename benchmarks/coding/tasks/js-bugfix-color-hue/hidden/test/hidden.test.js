import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analogous, fromHsl, normalizeHue, rotateHue, toHsl, triad } from '../color.js';

test('normalizeHue', () => {
  assert.equal(normalizeHue(-30), 330);
  assert.equal(normalizeHue(720), 0);
  assert.equal(normalizeHue(-725), 355);
  assert.equal(normalizeHue(359.5), 359.5);
  assert.equal(normalizeHue(-360), 0);
  assert.ok(Object.is(normalizeHue(-360), 0));
  assert.equal(normalizeHue(0), 0);
});
test('toHsl', () => {
  assert.equal(toHsl('#ff00ff').h, 300);
  assert.equal(toHsl('#ff0040').h, 344.9);
  assert.equal(toHsl('#00ff00').h, 120);
});
test('rotations', () => {
  assert.deepEqual(rotateHue('#ff0000', -30), { h: 330, s: 100, l: 50 });
  assert.equal(rotateHue('#00ff00', -480).h, 0);
  assert.deepEqual(analogous('#ff0000'), ['#ff0080', '#ff0000', '#ff8000']);
  assert.deepEqual(triad('#ff0000'), ['#ff0000', '#00ff00', '#0000ff']);
  assert.equal(fromHsl({ h: -120, s: 100, l: 50 }), '#0000ff');
});
