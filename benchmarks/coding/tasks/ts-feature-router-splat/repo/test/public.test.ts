import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Router } from '../src/router.ts';

test('static and parameter segments', () => {
  const r = new Router<string>().add('/users', 'list').add('/users/:id', 'show');
  assert.deepEqual(r.match('/users/42?x=1'), { pattern: '/users/:id', value: 'show', params: { id: '42' } });
  assert.equal(r.match('/users/42/edit'), null);
});

test('trailing wildcard', () => {
  const r = new Router<string>().add('/files/*', 'files');
  assert.deepEqual(r.match('/files/docs/a.txt')?.params, { '*': 'docs/a.txt' });
});
