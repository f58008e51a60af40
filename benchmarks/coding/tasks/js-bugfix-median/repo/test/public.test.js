import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mean, median } from '../stats.js';

test('mean', () => assert.equal(mean([1, 2, 3]), 2));
test('median of odd length', () => assert.equal(median([3, 1, 2]), 2));
test('median of even length', () => assert.equal(median([1, 2, 3, 4]), 2.5));
