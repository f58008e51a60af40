import unittest

from pairs import closest_pair_sum, count_pairs


class PairsTest(unittest.TestCase):
    def test_small(self):
        self.assertEqual(count_pairs([1, 2, 3, 4, 5], 6), 2)
        self.assertEqual(count_pairs([1, 1, 2, 2], 3), 4)
        self.assertEqual(count_pairs([], 0), 0)

    def test_medium(self):
        values = [(i * 7919) % 1000 for i in range(2000)]
        self.assertEqual(count_pairs(values, 1001), 1996)

    def test_closest(self):
        self.assertEqual(closest_pair_sum([1, 8, 3, 20], 10), 9)
