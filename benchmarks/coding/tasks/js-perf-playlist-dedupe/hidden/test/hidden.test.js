import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeDuplicates } from '../library.js';

test('semantics', () => {
  const a = { artist: 'Björk', title: 'Jóga', album: null, seconds: 1 };
  const b = { artist: 'bjork ', title: 'JOGA', album: null, seconds: 2 };
  const c = { artist: 'Björk ft. Someone', title: 'Joga', album: null, seconds: 3 };
  const d = { artist: 'Björk', title: 'Hunter', album: null, seconds: 4 };
  const input = [a, d, b, c, d];
  assert.deepEqual(removeDuplicates(input), [a, d]);
  assert.deepEqual(input, [a, d, b, c, d]);
  assert.deepEqual(removeDuplicates([]), []);
});
test('a big library', () => {
  const tracks = [];
  let x = 4242;
  for (let i = 0; i < 100000; i++) {
    x = (x * 48271) % 2147483647;
    const n = x % 75000;
    tracks.push({ artist: `Artist ${n % 977}`, title: `Song ${n}`, album: null, seconds: 100 + (i % 200) });
  }
  const out = removeDuplicates(tracks);
  const keys = new Set(tracks.map((t) => `${t.artist}|${t.title}`));
  assert.equal(out.length, keys.size);
  assert.equal(out[0], tracks[0]);
  assert.equal(new Set(out).size, out.length);
});
