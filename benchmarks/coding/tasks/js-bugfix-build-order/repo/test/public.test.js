import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildOrder, CycleError, layers } from '../toposort.js';
import { fromDependencies } from '../graph.js';

test('dependencies declared later', () => {
  assert.deepEqual(buildOrder({ app: ['lib'], lib: ['core'], core: [] }), ['core', 'lib', 'app']);
});
test('stable order', () => {
  assert.deepEqual(buildOrder({ b: [], a: [], c: ['a'] }), ['b', 'a', 'c']);
});
test('layers', () => {
  assert.deepEqual(layers(fromDependencies({ x: [], y: ['x'], z: ['x'], w: ['y', 'z'] })), [['x'], ['y', 'z'], ['w']]);
});
test('cycles are reported', () => {
  assert.throws(() => buildOrder({ a: ['b'], b: ['a'] }), CycleError);
});
