// Directed or undirected graphs with string node ids, for the dependency and network tools.

export class Graph {
  readonly directed: boolean;
  #adj = new Map<string, string[]>();
  #edgeCount = 0;

  constructor(directed = false) {
    this.directed = directed;
  }

  addNode(id: string): this {
    if (id === '') throw new RangeError('node ids must not be empty');
    if (!this.#adj.has(id)) this.#adj.set(id, []);
    return this;
  }

  addEdge(from: string, to: string): this {
    this.addNode(from).addNode(to);
    this.#adj.get(from)!.push(to);
    if (!this.directed && from !== to) this.#adj.get(to)!.push(from);
    this.#edgeCount++;
    return this;
  }

  hasNode(id: string): boolean {
    return this.#adj.has(id);
  }

  get nodeCount(): number {
    return this.#adj.size;
  }

  get edgeCount(): number {
    return this.#edgeCount;
  }

  nodes(): string[] {
    return [...this.#adj.keys()];
  }

  neighbours(id: string): string[] {
    const list = this.#adj.get(id);
    if (!list) throw new RangeError(`unknown node ${id}`);
    return [...list];
  }

  degree(id: string): number {
    return this.neighbours(id).length;
  }

  // Nodes reachable from `start`, in breadth-first order.
  reachable(start: string): string[] {
    this.neighbours(start);
    const seen = new Set([start]);
    const order = [start];
    for (let i = 0; i < order.length; i++) {
      for (const next of this.#adj.get(order[i])!) {
        if (seen.has(next)) continue;
        seen.add(next);
        order.push(next);
      }
    }
    return order;
  }

  // Connected components of an undirected graph, each sorted, largest first.
  components(): string[][] {
    if (this.directed) throw new Error('components() needs an undirected graph');
    const done = new Set<string>();
    const out: string[][] = [];
    for (const id of this.#adj.keys()) {
      if (done.has(id)) continue;
      const part = this.reachable(id);
      for (const n of part) done.add(n);
      out.push(part.sort());
    }
    return out.sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
  }

  // Kahn's algorithm; throws if the directed graph has a cycle. Ties are broken by insertion order.
  topologicalOrder(): string[] {
    if (!this.directed) throw new Error('topologicalOrder() needs a directed graph');
    const indegree = new Map<string, number>();
    for (const id of this.#adj.keys()) indegree.set(id, 0);
    for (const targets of this.#adj.values()) for (const t of targets) indegree.set(t, indegree.get(t)! + 1);
    const ready = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
    const order: string[] = [];
    for (let i = 0; i < ready.length; i++) {
      const id = ready[i];
      order.push(id);
      for (const t of this.#adj.get(id)!) {
        const d = indegree.get(t)! - 1;
        indegree.set(t, d);
        if (d === 0) ready.push(t);
      }
    }
    if (order.length !== this.#adj.size) throw new Error('graph has a cycle');
    return order;
  }

  hasCycle(): boolean {
    if (this.directed) {
      try {
        this.topologicalOrder();
        return false;
      } catch {
        return true;
      }
    }
    return this.components().some((c) => {
      let edges = 0;
      for (const n of c) edges += this.#adj.get(n)!.length;
      return edges / 2 >= c.length;
    });
  }

  // A path with the fewest edges from `from` to `to` (both included), or undefined if there is none.
  // Among equally short paths, the one found first by breadth-first search in insertion order is returned.
  shortestPath(from: string, to: string): string[] | undefined {
    this.neighbours(from);
    this.neighbours(to);
    const visited: string[] = [from];
    const queue: string[][] = [[from]];
    while (queue.length > 0) {
      const path = queue.shift()!;
      const last = path[path.length - 1];
      if (last === to) return path;
      for (const next of this.#adj.get(last)!) {
        if (visited.includes(next)) continue;
        visited.push(next);
        queue.push([...path, next]);
      }
    }
    return undefined;
  }

  distance(from: string, to: string): number {
    const path = this.shortestPath(from, to);
    return path === undefined ? Infinity : path.length - 1;
  }

  static parse(text: string, directed = false): Graph {
    const g = new Graph(directed);
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const [from, arrow, to] = line.split(/\s+/);
      if (arrow !== (directed ? '->' : '--') || to === undefined) throw new SyntaxError(`bad edge line: ${raw}`);
      g.addEdge(from, to);
    }
    return g;
  }
}
