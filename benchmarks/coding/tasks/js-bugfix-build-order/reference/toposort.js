// Topological ordering of a Graph (Kahn's algorithm), stable with respect to node insertion order.
import { fromDependencies } from './graph.js';

export class CycleError extends Error {
  constructor(nodes) {
    super(`dependency cycle among: ${nodes.join(', ')}`);
    this.nodes = nodes;
  }
}

// Nodes grouped by depth: layer 0 has no incoming edges, layer k only needs nodes from earlier layers.
export function layers(graph) {
  const order = toposort(graph);
  const depth = new Map();
  for (const n of order) if (!depth.has(n)) depth.set(n, 0);
  for (const n of order) for (const m of graph.successors(n)) depth.set(m, Math.max(depth.get(m) ?? 0, depth.get(n) + 1));
  const out = [];
  for (const n of order) (out[depth.get(n)] ??= []).push(n);
  return out;
}

export function buildOrder(deps) {
  return toposort(fromDependencies(deps));
}

export function toposort(graph) {
  const indegree = graph.inDegrees();
  const rank = new Map(graph.nodes.map((n, i) => [n, i]));
  const ready = graph.nodes.filter((n) => indegree.get(n) === 0);
  const order = [];
  while (ready.length > 0) {
    ready.sort((a, b) => rank.get(a) - rank.get(b));
    const node = ready.shift();
    order.push(node);
    for (const next of graph.successors(node)) {
      indegree.set(next, indegree.get(next) - 1);
      if (indegree.get(next) === 0) ready.push(next);
    }
  }
  if (order.length < graph.nodes.length) throw new CycleError(graph.nodes.filter((n) => indegree.get(n) > 0));
  return order;
}
