import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdown, renderTable } from '../table.js';

test('ascii table with header', () => {
  assert.equal(renderTable([['Item', 'Qty'], ['Apple', 3]], { header: true }), [
    '+-------+-----+',
    '| Item  | Qty |',
    '+-------+-----+',
    '| Apple | 3   |',
    '+-------+-----+',
  ].join('\n'));
});
test('right and centre alignment', () => {
  const rows = [['Item', 'Price', 'Tags'], ['Pear', 12.5, 'ab'], ['Fig', 3, 'abcd']];
  assert.equal(renderTable(rows, { style: 'plain', align: ['left', 'right', 'center'] }), [
    'Item  Price  Tags',
    'Pear  12.50   ab',
    'Fig       3  abcd',
  ].join('\n'));
});
test('markdown', () => assert.equal(renderMarkdown([['a', 'b'], [1, 'x|y']]), '| a   | b    |\n| --- | ---- |\n| 1   | x\\|y |'));
