// Directed graphs with nodes kept in insertion order, and their construction from dependency lists.

export class Graph {
  constructor() {
    this.nodes = [];
    this.edges = new Map();
  }

  addNode(node) {
    if (!this.edges.has(node)) {
      this.nodes.push(node);
      this.edges.set(node, []);
    }
    return this;
  }

  addEdge(from, to) {
    this.addNode(from).addNode(to);
    const out = this.edges.get(from);
    if (!out.includes(to)) out.push(to);
    return this;
  }

  successors(node) {
    return this.edges.get(node) ?? [];
  }

  inDegrees() {
    const degrees = new Map(this.nodes.map((n) => [n, 0]));
    for (const targets of this.edges.values()) for (const t of targets) degrees.set(t, degrees.get(t) + 1);
    return degrees;
  }
}

// { app: ['lib'] } means app needs lib, i.e. an edge lib -> app.
export function fromDependencies(deps) {
  const g = new Graph();
  for (const [name, needs] of Object.entries(deps)) {
    g.addNode(name);
    for (const dep of needs) if (g.edges.has(dep)) g.addEdge(dep, name);
  }
  return g;
}
