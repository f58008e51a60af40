import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery, stringifyQuery, withParam } from '../query.js';

test('parse', () => assert.deepEqual(parseQuery('?q=hello+world&page=2&flag'), { q: 'hello world', page: '2', flag: '' }));
test('repeated keys', () => assert.deepEqual(parseQuery('tag=a&tag=b&x=1'), { tag: ['a', 'b'], x: '1' }));
test('stringify', () => assert.equal(stringifyQuery({ a: 'x y', b: [1, 2], c: null }), 'a=x+y&b=1&b=2'));
test('withParam', () => assert.equal(withParam('/s?q=a#top', 'page', 3), '/s?q=a&page=3#top'));
