import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Graph } from '../src/graph.ts';

const g = Graph.parse(`
a -- b
b -- c
a -- d
d -- c
c -- e
`);

test('shortest path', () => {
  assert.deepEqual(g.shortestPath('a', 'e'), ['a', 'b', 'c', 'e']);
  assert.equal(g.distance('e', 'd'), 2);
});
test('unreachable', () => {
  const h = new Graph(true).addEdge('x', 'y');
  assert.equal(h.shortestPath('y', 'x'), undefined);
  assert.equal(h.distance('x', 'x'), 0);
});
