import unittest

from digraph import CycleError, Digraph, parse_edges, topological_order


class TopoHiddenTest(unittest.TestCase):
    def assertCycle(self, graph, cycle):
        self.assertGreaterEqual(len(cycle), 2)
        self.assertEqual(cycle[0], cycle[-1])
        self.assertEqual(len(set(cycle[:-1])), len(cycle) - 1)
        for a, b in zip(cycle, cycle[1:]):
            self.assertTrue(graph.has_edge(a, b), (a, b, cycle))

    def test_smallest_ready_first(self):
        g = parse_edges("a -> d\nb -> d\nd -> e\nc -> e\nf")
        self.assertEqual(topological_order(g), ["a", "b", "c", "d", "e", "f"])
        g = Digraph([(5, 1), (4, 1), (1, 0), (3, 0)])
        self.assertEqual(topological_order(g), [3, 4, 5, 1, 0])

    def test_order_respects_edges(self):
        edges = [(i, j) for i in range(30) for j in range(i + 1, 30) if (i * j) % 7 == 1]
        g = Digraph(edges)
        order = topological_order(g)
        pos = {n: k for k, n in enumerate(order)}
        self.assertEqual(sorted(order), g.nodes())
        for a, b in edges:
            self.assertLess(pos[a], pos[b])

    def test_empty(self):
        self.assertEqual(topological_order(Digraph()), [])

    def test_cycle_behind_acyclic_part(self):
        g = parse_edges("a -> b\nb -> c\nc -> d\nd -> b\nz -> a")
        with self.assertRaises(CycleError) as ctx:
            topological_order(g)
        self.assertCycle(g, ctx.exception.cycle)
        self.assertEqual(set(ctx.exception.cycle), {"b", "c", "d"})
        self.assertIsInstance(ctx.exception, ValueError)

    def test_self_loop(self):
        g = Digraph([("a", "b"), ("b", "b")])
        with self.assertRaises(CycleError) as ctx:
            topological_order(g)
        self.assertEqual(ctx.exception.cycle, ["b", "b"])

    def test_nodes_downstream_of_cycle(self):
        g = Digraph([(1, 2), (2, 1), (2, 3), (3, 4), (0, 3)])
        with self.assertRaises(CycleError) as ctx:
            topological_order(g)
        self.assertCycle(g, ctx.exception.cycle)
