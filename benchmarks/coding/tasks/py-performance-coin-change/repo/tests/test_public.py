import unittest

from coins import count_ways, greedy_coins, min_coins


class CoinsTest(unittest.TestCase):
    def test_small(self):
        self.assertEqual(min_coins(11, [1, 2, 5]), 3)
        self.assertEqual(min_coins(3, [2]), -1)
        self.assertEqual(min_coins(0, [7]), 0)

    def test_greedy_is_not_optimal(self):
        self.assertEqual(greedy_coins(6, [1, 3, 4]), [4, 1, 1])
        self.assertEqual(min_coins(6, [1, 3, 4]), 2)

    def test_count_ways(self):
        self.assertEqual(count_ways(5, [1, 2, 5]), 4)
