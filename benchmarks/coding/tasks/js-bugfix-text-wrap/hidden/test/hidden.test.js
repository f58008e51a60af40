import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxed, justify, wrap, wrapText } from '../text.js';

test('greedy packing counts the space', () => {
  assert.deepEqual(wrap('aaa bbb cc dd', 6), ['aaa', 'bbb cc', 'dd']);
  assert.deepEqual(wrap('a b c d e f', 3), ['a b', 'c d', 'e f']);
  assert.deepEqual(wrap('a b c d e f', 4), ['a b', 'c d', 'e f']);
  assert.deepEqual(wrap('one two three four five six', 9), ['one two', 'three', 'four five', 'six']);
});
test('long words are cut', () => {
  assert.deepEqual(wrap('ab abcdefgh c', 3), ['ab', 'abc', 'def', 'gh', 'c']);
  assert.deepEqual(wrap('xy abcd', 4), ['xy', 'abcd']);
});
test('no line exceeds the width', () => {
  const text = 'Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore';
  for (let w = 1; w <= 30; w++) {
    const ls = wrap(text, w);
    for (const l of ls) assert.ok(l.length <= w, `${w}: ${l}`);
    assert.equal(ls.join(' ').replaceAll(' ', ''), text.replaceAll(' ', ''));
  }
});
test('justify, boxed and wrapText', () => {
  assert.deepEqual(justify('aa bb cc dd', 5), ['aa bb', 'cc dd']);
  assert.deepEqual(justify('a bb ccc d', 7), ['a    bb', 'ccc d']);
  assert.equal(boxed('ab cd', 4), '+------+\n| ab   |\n| cd   |\n+------+');
  assert.equal(wrapText('aa bb\ncc\n\nx', 5), 'aa bb\ncc\n\nx');
  assert.deepEqual(wrap('   ', 5), []);
});
