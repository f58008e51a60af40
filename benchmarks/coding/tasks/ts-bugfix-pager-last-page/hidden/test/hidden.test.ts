import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linksFor, pageLinks, render } from '../src/links.ts';
import { paginate, pageCount } from '../src/paginate.ts';

test('page counts', () => {
  assert.equal(pageCount(0, 10), 0);
  assert.equal(pageCount(1, 10), 1);
  assert.equal(pageCount(10, 10), 1);
  assert.equal(pageCount(11, 10), 2);
  assert.equal(pageCount(30, 10), 3);
  assert.equal(pageCount(7, 1), 7);
  assert.throws(() => pageCount(5, 0), RangeError);
});

test('paginate', () => {
  const items = Array.from({ length: 25 }, (_, i) => i);
  const last = paginate(items, 3, 10);
  assert.deepEqual(last, { page: 3, pageCount: 3, items: [20, 21, 22, 23, 24], hasPrevious: true, hasNext: false });
  assert.equal(paginate(items, 2, 10).hasNext, true);
  assert.throws(() => paginate(items, 4, 10), RangeError);
  assert.deepEqual(paginate([], 1, 10).items, []);
});

test('links near the edges', () => {
  assert.equal(render(pageLinks(1, 20), 1), '[1] 2 3 … 20');
  assert.equal(render(pageLinks(3, 20), 3), '1 2 [3] 4 5 … 20');
  assert.equal(render(pageLinks(4, 20), 4), '1 2 3 [4] 5 6 … 20');
  assert.equal(render(pageLinks(5, 20), 5), '1 … 3 4 [5] 6 7 … 20');
  assert.equal(render(pageLinks(17, 20), 17), '1 … 15 16 [17] 18 19 20');
  assert.equal(render(pageLinks(20, 20), 20), '1 … 18 19 [20]');
  assert.equal(render(pageLinks(2, 3), 2), '1 [2] 3');
  assert.deepEqual(pageLinks(1, 0), []);
  assert.deepEqual(pageLinks(1, 1), [1]);
  assert.deepEqual(pageLinks(3, 9, 1), [1, 2, 3, 4, 'gap', 9]);
});

test('links for item counts', () => {
  assert.deepEqual(linksFor(41, 10, 5), [1, 'gap', 3, 4, 5]);
  assert.deepEqual(linksFor(41, 10, 4), [1, 2, 3, 4, 5]);
  assert.deepEqual(linksFor(100, 10, 10), [1, 'gap', 8, 9, 10]);
});
