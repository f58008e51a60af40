import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildOrder, CycleError } from '../toposort.js';

test('undeclared dependencies are built too', () => {
  assert.deepEqual(buildOrder({ app: ['lib', 'log'] }), ['lib', 'log', 'app']);
  assert.deepEqual(buildOrder({ a: ['shared'], b: ['shared'], shared: [] }), ['shared', 'a', 'b']);
  assert.deepEqual(buildOrder({ web: ['http'], cli: ['args', 'http'] }), ['http', 'web', 'args', 'cli']);
});
test('duplicates and empty input', () => {
  assert.deepEqual(buildOrder({}), []);
  assert.deepEqual(buildOrder({ a: ['b', 'b'], b: [] }), ['b', 'a']);
});
test('cycle error lists the stuck packages', () => {
  try {
    buildOrder({ ok: [], a: ['c'], b: ['a'], c: ['b'], d: ['a'], e: ['ok'] });
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof CycleError);
    assert.deepEqual(e.nodes, ['a', 'c', 'b', 'd']);
  }
  assert.throws(() => buildOrder({ self: ['self'] }), CycleError);
});
