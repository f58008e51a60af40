import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupAnagrams, largestGroup } from '../anagrams.js';

test('groups', () => {
  assert.deepEqual(groupAnagrams(['listen', 'google', 'Silent', 'enlist', 'gogole', 'cat']), [
    ['listen', 'Silent', 'enlist'], ['google', 'gogole'], ['cat'],
  ]);
});
test('largest', () => assert.deepEqual(largestGroup(['ab', 'cd', 'ba', 'dc']), ['ab', 'ba']));
test('a few thousand words', () => {
  const words = [];
  for (let i = 0; i < 2000; i++) words.push(i.toString(36) + 'x');
  assert.equal(groupAnagrams(words).length, 1215);
});
