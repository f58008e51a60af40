import unittest

from coins import min_coins


class CoinsHiddenTest(unittest.TestCase):
    def test_medium(self):
        self.assertEqual(min_coins(250, [1, 7, 13]), 22)
        self.assertEqual(min_coins(999, [2, 4, 6]), -1)

    def test_large(self):
        self.assertEqual(min_coins(50000, [1, 7, 13, 29, 97]), 520)
        self.assertEqual(min_coins(40001, [6, 10, 15]), 2668)
        self.assertEqual(min_coins(30000, [3, 9]), 3334)

    def test_errors(self):
        for coins in ([], [0, 1], [-1], [1.5]):
            with self.assertRaises(ValueError):
                min_coins(5, coins)
        with self.assertRaises(ValueError):
            min_coins(-1, [1])
