import unittest

from pqueue import PriorityQueue


class PublicTest(unittest.TestCase):
    def test_pop_order(self):
        pq = PriorityQueue([("a", 3), ("b", 1), ("c", 2)])
        self.assertEqual(pq.drain(), ["b", "c", "a"])

    def test_raise_priority(self):
        pq = PriorityQueue([("a", 1), ("b", 2), ("c", 3)])
        pq.update("a", 10)
        self.assertEqual(pq.drain(), ["b", "c", "a"])

    def test_lower_priority(self):
        pq = PriorityQueue([("a", 1), ("b", 2), ("c", 3)])
        pq.update("c", 0)
        self.assertEqual(pq.pop(), ("c", 0))
