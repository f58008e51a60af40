import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderList, renderTable } from '../src/render.ts';

test('table', () => {
  const out = renderTable(['name', 'qty'], [['apple', '3'], ['東京', '12']], ['left', 'right']);
  assert.equal(out, 'name  | qty\n------+----\napple |   3\n東京  |  12');
});

test('list', () => assert.equal(renderList([['id', '7'], ['名前', 'x']]), 'id   : 7\n名前 : x'));
