"""A small directed graph with the usual queries."""

from collections import deque


class Digraph:
    def __init__(self, edges=()):
        self._succ = {}
        self._pred = {}
        for a, b in edges:
            self.add_edge(a, b)

    def add_node(self, node):
        self._succ.setdefault(node, set())
        self._pred.setdefault(node, set())

    def add_edge(self, a, b):
        self.add_node(a)
        self.add_node(b)
        self._succ[a].add(b)
        self._pred[b].add(a)

    def remove_edge(self, a, b):
        self._succ[a].discard(b)
        self._pred[b].discard(a)

    def remove_node(self, node):
        for b in self._succ.pop(node):
            self._pred[b].discard(node)
        for a in self._pred.pop(node):
            self._succ[a].discard(node)

    def __contains__(self, node):
        return node in self._succ

    def __len__(self):
        return len(self._succ)

    def nodes(self):
        return sorted(self._succ)

    def edges(self):
        return sorted((a, b) for a in self._succ for b in self._succ[a])

    def successors(self, node):
        return sorted(self._succ[node])

    def predecessors(self, node):
        return sorted(self._pred[node])

    def in_degree(self, node):
        return len(self._pred[node])

    def out_degree(self, node):
        return len(self._succ[node])

    def has_edge(self, a, b):
        return a in self._succ and b in self._succ[a]

    def sources(self):
        return [n for n in self.nodes() if not self._pred[n]]

    def sinks(self):
        return [n for n in self.nodes() if not self._succ[n]]

    def reverse(self):
        return Digraph((b, a) for a, b in self.edges())._with_nodes(self.nodes())

    def _with_nodes(self, nodes):
        for n in nodes:
            self.add_node(n)
        return self

    def subgraph(self, nodes):
        keep = set(nodes)
        sub = Digraph((a, b) for a, b in self.edges() if a in keep and b in keep)
        return sub._with_nodes(n for n in self.nodes() if n in keep)


def reachable(graph, start):
    """Nodes reachable from start (start included), sorted."""
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in graph.successors(node):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return sorted(seen)


def shortest_path(graph, start, goal):
    """Fewest-edges path as a list of nodes, or None."""
    parent = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = []
            while node is not None:
                path.append(node)
                node = parent[node]
            return path[::-1]
        for nxt in graph.successors(node):
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return None


def weak_components(graph):
    """Weakly connected components, each sorted, ordered by their smallest node."""
    seen = set()
    components = []
    for start in graph.nodes():
        if start in seen:
            continue
        component = []
        stack = [start]
        seen.add(start)
        while stack:
            node = stack.pop()
            component.append(node)
            for nxt in graph.successors(node) + graph.predecessors(node):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        components.append(sorted(component))
    return components


def parse_edges(text):
    """Parse lines like "a -> b, c" into a Digraph; a line "x" alone adds a node."""
    graph = Digraph()
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        left, arrow, right = line.partition("->")
        source = left.strip()
        if not source:
            raise ValueError(f"line {lineno}: missing source node")
        graph.add_node(source)
        if arrow:
            targets = [t.strip() for t in right.split(",")]
            if not all(targets):
                raise ValueError(f"line {lineno}: empty target")
            for target in targets:
                graph.add_edge(source, target)
    return graph


def format_edges(graph):
    lines = []
    for node in graph.nodes():
        succ = graph.successors(node)
        lines.append(f"{node} -> {', '.join(succ)}" if succ else node)
    return "\n".join(lines)


class CycleError(ValueError):
    """Raised by topological_order; `cycle` lists the nodes of one cycle, first node repeated last."""

    def __init__(self, cycle):
        super().__init__("cycle: " + " -> ".join(map(str, cycle)))
        self.cycle = cycle


def topological_order(graph):
    order = []
    indegree = {node: graph.in_degree(node) for node in graph.nodes()}
    ready = sorted(node for node, d in indegree.items() if d == 0)
    while ready:
        node = ready.pop(0)
        order.append(node)
        for nxt in graph.successors(node):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
                ready.sort()
    if len(order) < len(indegree):
        stuck = [n for n, d in indegree.items() if d > 0]
        raise CycleError(stuck + stuck[:1])
    return order
