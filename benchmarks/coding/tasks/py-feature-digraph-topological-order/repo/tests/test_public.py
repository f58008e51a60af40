import unittest

from digraph import CycleError, Digraph, parse_edges, shortest_path, topological_order


class GraphTest(unittest.TestCase):
    def test_parse_and_path(self):
        g = parse_edges("a -> b, c\nb -> d\nc -> d\ne")
        self.assertEqual(g.sinks(), ["d", "e"])
        self.assertEqual(shortest_path(g, "a", "d"), ["a", "b", "d"])

    def test_topological_order(self):
        g = Digraph([("c", "a"), ("b", "a")])
        g.add_node("d")
        self.assertEqual(topological_order(g), ["b", "c", "a", "d"])

    def test_cycle(self):
        with self.assertRaises(CycleError) as ctx:
            topological_order(Digraph([("x", "y"), ("y", "x")]))
        self.assertEqual(len(ctx.exception.cycle), 3)
