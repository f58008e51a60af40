import unittest

from calc.parser import evaluate


class CalcTest(unittest.TestCase):
    def test_arithmetic(self):
        self.assertEqual(evaluate("1 + 2 * 3"), 7)
        self.assertEqual(evaluate("(1 + 2) * 3 - 4 / 2"), 7)

    def test_power(self):
        self.assertEqual(evaluate("2 ^ 3 ^ 2"), 512)
        self.assertEqual(evaluate("-2 ^ 2"), -4)

    def test_double_star(self):
        self.assertEqual(evaluate("2 ** 3"), 8)
