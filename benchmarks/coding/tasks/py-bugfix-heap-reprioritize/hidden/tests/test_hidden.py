import unittest

from pqueue import PriorityQueue, shortest_paths


class HiddenTest(unittest.TestCase):
    def test_lower_deep_item(self):
        pq = PriorityQueue((f"n{i}", i) for i in range(1, 64))
        pq.update("n63", 0)
        self.assertTrue(pq.check())
        self.assertEqual(pq.pop(), ("n63", 0))
        pq.update("n40", 1)
        self.assertEqual(pq.pop()[0], "n1")
        self.assertEqual(pq.pop()[0], "n40")

    def test_many_updates_keep_invariant(self):
        pq = PriorityQueue((i, (i * 37) % 101) for i in range(100))
        expected = {i: (i * 37) % 101 for i in range(100)}
        for step in range(300):
            item = (step * 13) % 100
            new = (step * 29) % 97 - 40
            pq.update(item, new)
            expected[item] = new
            self.assertTrue(pq.check())
        order = pq.drain()
        self.assertEqual([expected[i] for i in order], sorted(expected.values()))

    def test_ties_fifo_after_update(self):
        pq = PriorityQueue([("a", 5), ("b", 5), ("c", 9)])
        pq.update("c", 5)
        self.assertEqual(pq.drain(), ["a", "b", "c"])

    def test_same_priority(self):
        pq = PriorityQueue([("a", 1), ("b", 2)])
        pq.update("b", 2)
        self.assertEqual(pq.drain(), ["a", "b"])

    def test_dijkstra(self):
        graph = {
            "s": [("a", 10), ("b", 1)],
            "b": [("c", 1)],
            "c": [("d", 1)],
            "d": [("a", 1)],
            "a": [("e", 1)],
        }
        self.assertEqual(shortest_paths(graph, "s"), {"s": 0, "a": 4, "b": 1, "c": 2, "d": 3, "e": 5})
