import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageLinks, render } from '../src/links.ts';
import { paginate, pageCount } from '../src/paginate.ts';

test('page count includes the last partial page', () => assert.equal(pageCount(21, 10), 3));
test('last page', () => assert.deepEqual(paginate([1, 2, 3, 4, 5], 3, 2).items, [5]));
test('links in the middle', () => assert.equal(render(pageLinks(10, 20), 10), '1 … 8 9 [10] 11 12 … 20'));
test('no gap next to page 1', () => assert.equal(render(pageLinks(4, 20), 4), '1 2 3 [4] 5 6 … 20'));
