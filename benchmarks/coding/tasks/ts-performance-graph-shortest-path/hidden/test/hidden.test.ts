import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Graph } from '../src/graph.ts';

test('small cases keep their answers', () => {
  const g = Graph.parse('a -- b\nb -- c\na -- c\nc -- d\nx -- y');
  assert.deepEqual(g.shortestPath('a', 'd'), ['a', 'c', 'd']);
  assert.deepEqual(g.shortestPath('b', 'b'), ['b']);
  assert.equal(g.shortestPath('a', 'y'), undefined);
  assert.throws(() => g.shortestPath('a', 'nope'), RangeError);
  const d = Graph.parse('s -> a\ns -> b\na -> t\nb -> t', true);
  assert.deepEqual(d.shortestPath('s', 't'), ['s', 'a', 't']);
  assert.equal(d.shortestPath('t', 's'), undefined);
});

test('a long chain (50k nodes)', () => {
  const g = new Graph();
  const n = 50_000;
  for (let i = 1; i < n; i++) g.addEdge(`n${i - 1}`, `n${i}`);
  const path = g.shortestPath('n0', `n${n - 1}`)!;
  assert.equal(path.length, n);
  assert.equal(path[1], 'n1');
  assert.equal(path[n - 2], `n${n - 2}`);
  assert.equal(g.distance(`n${n - 1}`, 'n0'), n - 1);
});

test('an 80x80 grid', () => {
  const g = new Graph();
  const k = 80;
  for (let r = 0; r < k; r++)
    for (let c = 0; c < k; c++) {
      if (c + 1 < k) g.addEdge(`${r},${c}`, `${r},${c + 1}`);
      if (r + 1 < k) g.addEdge(`${r},${c}`, `${r + 1},${c}`);
    }
  const path = g.shortestPath('0,0', `${k - 1},${k - 1}`)!;
  assert.equal(path.length, 2 * k - 1);
  for (let i = 1; i < path.length; i++) assert.ok(g.neighbours(path[i - 1]).includes(path[i]));
  // breadth-first in insertion order goes right before down
  assert.equal(path[1], '0,1');
  assert.equal(g.shortestPath('5,5', '0,0')!.length, 11);
});
