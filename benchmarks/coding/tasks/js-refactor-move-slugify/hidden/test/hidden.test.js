import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as posts from '../posts.js';
import * as strings from '../strings.js';

const source = (f) => readFileSync(new URL(`../${f}`, import.meta.url), 'utf8');

test('posts.js re-exports the strings.js function', () => {
  assert.equal(typeof strings.slugify, 'function');
  assert.equal(posts.slugify, strings.slugify);
});
test('slugify lives in strings.js only', () => {
  assert.doesNotMatch(source('posts.js'), /function\s+slugify|normalize\(/);
  assert.doesNotMatch(source('strings.js'), /posts\.js/);
  assert.match(source('strings.js'), /function\s+slugify/);
});
test('slugify behaviour', () => {
  const { slugify } = strings;
  assert.equal(slugify('  --Crème brûlée--  '), 'creme-brulee');
  assert.equal(slugify('It’s 2024'), 'its-2024');
  assert.equal(slugify('a b c d e f', 6), 'a-b-c');
  assert.equal(slugify('!!!'), '');
  assert.equal(slugify(42), '42');
  assert.equal(slugify('x'.repeat(80)).length, 60);
});
test('posts behaviour', () => {
  assert.equal(posts.uniqueSlug('!!!', new Set(['post'])), 'post-2');
  const list = posts.makePosts([{ title: 'B', date: { year: 2023, month: 1, day: 1 } }, { title: 'A', date: { year: 2023, month: 1, day: 1 } }]);
  assert.deepEqual(posts.newestFirst(list).map((p) => p.slug), ['a', 'b']);
});
