import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignCell, renderTable } from '../table.js';

test('alignCell', () => {
  assert.equal(alignCell('ab', 5, 'center'), ' ab  ');
  assert.equal(alignCell('ab', 6, 'center'), '  ab  ');
  assert.equal(alignCell('ab', 5, 'right'), '   ab');
  assert.equal(alignCell('ab', 5), 'ab   ');
  assert.equal(alignCell('abcdef', 3, 'right'), 'abcdef');
  assert.equal(alignCell('日本', 6, 'right'), '  日本');
  assert.throws(() => alignCell('x', 3, 'middle'), TypeError);
});
test('ascii table with alignment and multi-line cells', () => {
  const rows = [['Name', 'Total'], ['Al', 'x\n1234'], ['Bea', 7]];
  assert.equal(renderTable(rows, { header: true, align: ['center', 'right'] }), [
    '+------+-------+',
    '| Name | Total |',
    '+------+-------+',
    '|  Al  |     x |',
    '|      |  1234 |',
    '| Bea  |     7 |',
    '+------+-------+',
  ].join('\n'));
});
test('unicode style and missing entries', () => {
  assert.equal(renderTable([['a', 'bbb'], ['cc', 'd']], { style: 'unicode', align: ['right'] }), [
    '┌────┬─────┐',
    '│  a │ bbb │',
    '│ cc │ d   │',
    '└────┴─────┘',
  ].join('\n'));
});
