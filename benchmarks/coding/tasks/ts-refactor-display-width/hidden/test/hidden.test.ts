import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { displayWidth, renderList, renderTable } from '../src/render.ts';

test('displayWidth', () => {
  assert.equal(displayWidth(''), 0);
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('日本語'), 6);
  assert.equal(displayWidth('한국'), 4);
  assert.equal(displayWidth('ｆｕｌｌ'), 8);
  assert.equal(displayWidth('e\u0301'), 1);
  assert.equal(displayWidth('🎉!'), 3);
  assert.equal(displayWidth('❤\ufe0f'), 1);
  assert.equal(displayWidth('a\u200db'), 2);
});

test('one implementation of the width rules', () => {
  const src = readFileSync(new URL('../src/render.ts', import.meta.url), 'utf8');
  assert.equal(src.match(/0x1100/g)?.length, 1);
  assert.match(src, /export function displayWidth\(/);
});

test('table unchanged', () => {
  assert.equal(renderTable(['a', 'b'], [['x'], ['yy', 'zzz']]), 'a  | b\n---+----\nx  |\nyy | zzz');
  assert.equal(renderTable(['k'], [['e\u0301e\u0301']], ['right']), ' k\n--\ne\u0301e\u0301');
  assert.equal(renderTable(['🎉'], [['x']]), '🎉\n--\nx');
});

test('list unchanged', () => {
  assert.equal(renderList([]), '');
  assert.equal(renderList([['a', 'one\ntwo'], ['ccc', '3']]), 'a   : one\n      two\nccc : 3');
  assert.equal(renderList([['ｷｰ', 'v'], ['キー', 'w']]), 'ｷｰ   : v\nキー : w');
});
