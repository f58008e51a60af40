import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRows, sortRows } from '../src/grid.ts';
import type { Row, SortKey } from '../src/grid.ts';

test('compareRows is exported and orders two rows', () => {
  const keys: SortKey[] = [{ column: 'n' }];
  assert.ok(compareRows({ n: 1 }, { n: 2 }, keys) < 0);
  assert.ok(compareRows({ n: 10 }, { n: 9 }, keys) > 0);
  assert.equal(compareRows({ n: 3, x: 1 }, { n: 3, x: 2 }, keys), 0);
  assert.equal(compareRows({ n: 3 }, { n: 3 }, []), 0);
});

test('direction, strings and mixed types', () => {
  assert.ok(compareRows({ s: 'b' }, { s: 'a' }, [{ column: 's', descending: true }]) < 0);
  assert.ok(compareRows({ s: 'B' }, { s: 'a' }, [{ column: 's' }]) < 0);
  assert.ok(compareRows({ s: 10 }, { s: '9' }, [{ column: 's' }]) < 0);
  assert.ok(compareRows({ s: true }, { s: false }, [{ column: 's' }]) > 0);
});

test('empty cells go last in both directions', () => {
  for (const descending of [false, true]) {
    const keys = [{ column: 'v', descending }];
    assert.ok(compareRows({ v: null }, { v: 1 }, keys) > 0);
    assert.ok(compareRows({}, { v: 'z' }, keys) > 0);
    assert.ok(compareRows({ v: 5 }, { v: undefined }, keys) < 0);
    assert.equal(compareRows({ v: null }, { v: null }, keys), 0);
  }
});

test('later keys break ties', () => {
  const keys: SortKey[] = [{ column: 'a' }, { column: 'b', descending: true }];
  assert.ok(compareRows({ a: 1, b: 1 }, { a: 1, b: 2 }, keys) > 0);
});

test('sortRows keeps its behaviour', () => {
  const rows: Row[] = [
    { id: 1, g: 'x', v: 2 },
    { id: 2, g: 'y', v: null },
    { id: 3, g: 'x', v: 1 },
    { id: 4, g: 'y', v: 2 },
    { id: 5, g: 'x', v: 2 },
  ];
  const copy = rows.map((r) => ({ ...r }));
  assert.deepEqual(sortRows(rows, [{ column: 'v', descending: true }]).map((r) => r.id), [1, 4, 5, 3, 2]);
  assert.deepEqual(sortRows(rows, [{ column: 'g' }, { column: 'v' }]).map((r) => r.id), [3, 1, 5, 4, 2]);
  assert.deepEqual(sortRows(rows, []).map((r) => r.id), [1, 2, 3, 4, 5]);
  assert.deepEqual(rows, copy);
});

test('sortRows and compareRows agree', () => {
  const rows: Row[] = Array.from({ length: 40 }, (_, i) => ({ i, a: (i * 7) % 5, b: i % 3 === 0 ? null : `k${(i * 11) % 4}` }));
  const keys: SortKey[] = [{ column: 'b', descending: true }, { column: 'a' }];
  const sorted = sortRows(rows, keys);
  for (let k = 1; k < sorted.length; k++) {
    const c = compareRows(sorted[k - 1], sorted[k], keys);
    assert.ok(c < 0 || (c === 0 && (sorted[k - 1].i as number) < (sorted[k].i as number)));
  }
});
