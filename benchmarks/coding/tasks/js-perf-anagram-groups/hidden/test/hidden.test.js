import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupAnagrams, largestGroup } from '../anagrams.js';

function words(n, seed) {
  const out = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    let w = '';
    for (let k = 0; k < 9; k++) {
      x = (x * 48271) % 2147483647;
      w += String.fromCharCode(97 + (x % 26));
    }
    out.push(i % 3 === 0 ? w.toUpperCase() : w);
  }
  return out;
}

test('semantics', () => {
  assert.deepEqual(groupAnagrams([]), []);
  assert.deepEqual(groupAnagrams(['a', 'A', 'a', 'b']), [['a', 'A', 'a'], ['b']]);
  assert.deepEqual(groupAnagrams(['', 'ab', '', 'ba']), [['', ''], ['ab', 'ba']]);
  assert.deepEqual(largestGroup([]), []);
  assert.deepEqual(largestGroup(['x', 'ab', 'y', 'ba']), ['ab', 'ba']);
});
test('large dictionary', () => {
  const base = words(70000, 7);
  const list = [...base, ...base.slice(0, 1000).map((w) => [...w].reverse().join(''))];
  const groups = groupAnagrams(list);
  assert.equal(groups.length, 69916);
  assert.equal(groups.reduce((n, g) => n + g.length, 0), list.length);
  assert.deepEqual(groups[0], ['BKARPAWJG', 'GJWAPRAKB']);
  assert.deepEqual(groups[1], [base[1], [...base[1]].reverse().join('')]);
  assert.deepEqual(groups.at(-1), [base.at(-1)]);
});
