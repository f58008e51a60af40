import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterRows, parseQuickFilter, sortRows, view } from '../src/grid.ts';

const rows = [
  { id: 1, name: 'Ada', amount: 300, status: 'open' },
  { id: 2, name: 'Bob', amount: null, status: 'closed' },
  { id: 3, name: 'Cy', amount: 50, status: 'open' },
  { id: 4, name: 'Di', amount: 300, status: 'open' },
];

test('filter', () => assert.deepEqual(filterRows(rows, parseQuickFilter('status=open amount>100')).map((r) => r.id), [1, 4]));
test('sort by amount descending, then name', () =>
  assert.deepEqual(sortRows(rows, [{ column: 'amount', descending: true }, { column: 'name' }]).map((r) => r.id), [1, 4, 3, 2]));
test('view', () => assert.deepEqual(view(rows, [], [{ column: 'amount' }], 0, 2).map((r) => r.id), [3, 1]));
