import unittest

from lru import LRUCache


class LRUTest(unittest.TestCase):
    def test_eviction(self):
        c = LRUCache(2)
        c.put("a", 1)
        c.put("b", 2)
        c.get("a")
        c.put("c", 3)
        self.assertEqual(c.keys(), ["a", "c"])

    def test_shrink(self):
        c = LRUCache(3)
        for k in "abc":
            c.put(k, k.upper())
        self.assertEqual(c.resize(2), ["a"])
        self.assertEqual(c.keys(), ["b", "c"])
