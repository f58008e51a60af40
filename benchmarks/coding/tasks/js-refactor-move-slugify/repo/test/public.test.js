import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makePosts, permalink, slugify as postsSlugify } from '../posts.js';
import { slugify } from '../strings.js';

test('slugify', () => {
  assert.equal(slugify('Hello, World! Ça va?'), 'hello-world-ca-va');
  assert.equal(postsSlugify('Rock’n’Roll'), 'rocknroll');
});
test('posts', () => {
  const posts = makePosts([{ title: 'Hi there', date: { year: 2024, month: 3, day: 9 } }, { title: 'Hi, there!', date: { year: 2024, month: 3, day: 10 } }]);
  assert.deepEqual(posts.map((p) => p.slug), ['hi-there', 'hi-there-2']);
  assert.equal(permalink(posts[0]), '/2024/03/09/hi-there/');
});
