import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Router } from '../src/router.ts';

test('anonymous splat takes one or more segments', () => {
  const r = new Router<number>().add('/files/*', 1);
  assert.deepEqual(r.match('/files/a')?.params, { '*': 'a' });
  assert.deepEqual(r.match('/files/a/b/c')?.params, { '*': 'a/b/c' });
  assert.equal(r.match('/files'), null);
  assert.equal(r.match('/files/'), null);
  assert.equal(r.match('/other/a'), null);
});

test('named splat', () => {
  const r = new Router<string>().add('/static/*rest', 's');
  assert.deepEqual(r.match('/static/css/site.css')?.params, { rest: 'css/site.css' });
});

test('splat with parameters before it', () => {
  const r = new Router<string>().add('/repos/:owner/:repo/blob/*path', 'blob');
  assert.deepEqual(r.match('/repos/acme/app/blob/src/a%20b.ts#L3')?.params, {
    owner: 'acme',
    repo: 'app',
    path: 'src/a b.ts',
  });
  assert.equal(r.match('/repos/acme/app/tree/src/a.ts'), null);
});

test('splat at the root', () => {
  const r = new Router<string>().add('/health', 'h').add('/*', 'fallback');
  assert.equal(r.match('/health')?.value, 'h');
  assert.deepEqual(r.match('/x/y')?.params, { '*': 'x/y' });
  assert.equal(r.match('/'), null);
});

test('first match wins', () => {
  const r = new Router<string>().add('/a/*', 'splat').add('/a/b', 'exact');
  assert.equal(r.match('/a/b')?.value, 'splat');
});

test('a star that is not the last segment is literal', () => {
  const r = new Router<string>().add('/x/*/y', 'lit');
  assert.equal(r.match('/x/*/y')?.value, 'lit');
  assert.equal(r.match('/x/q/y'), null);
});
