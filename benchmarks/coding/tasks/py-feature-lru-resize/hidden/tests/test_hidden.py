import unittest

from lru import LRUCache


class ResizeHiddenTest(unittest.TestCase):
    def test_shrink_many(self):
        c = LRUCache(5)
        for k in "abcde":
            c.put(k, 0)
        c.get("a")
        self.assertEqual(c.resize(2), ["b", "c", "d"])
        self.assertEqual(c.keys(), ["e", "a"])
        self.assertEqual(len(c), 2)

    def test_grow(self):
        c = LRUCache(1)
        c.put("x", 1)
        self.assertEqual(c.resize(3), [])
        c.put("y", 2)
        c.put("z", 3)
        self.assertEqual(c.keys(), ["x", "y", "z"])
        c.put("w", 4)
        self.assertEqual(c.keys(), ["y", "z", "w"])

    def test_callback(self):
        seen = []
        c = LRUCache(4, on_evict=lambda k, v: seen.append((k, v)))
        for i in range(4):
            c.put(i, i * i)
        c.resize(1)
        self.assertEqual(seen, [(0, 0), (1, 1), (2, 4)])

    def test_invalid(self):
        c = LRUCache(2)
        c.put("a", 1)
        with self.assertRaises(ValueError):
            c.resize(0)
        self.assertEqual(c.keys(), ["a"])
        self.assertEqual(c.capacity, 2)

    def test_capacity_kept_after_shrink(self):
        c = LRUCache(3)
        c.resize(1)
        c.put("a", 1)
        c.put("b", 2)
        self.assertEqual(c.keys(), ["b"])
