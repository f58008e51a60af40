import unittest

from calc.lexer import CalcError
from calc.parser import evaluate


class CalcHiddenTest(unittest.TestCase):
    def test_right_assoc(self):
        self.assertEqual(evaluate("2 ** 3 ** 2"), 512)
        self.assertEqual(evaluate("2 ^ 3 ** 2"), 512)
        self.assertEqual(evaluate("(2 ^ 3) ^ 2"), 64)
        self.assertEqual(evaluate("2^2^2^2"), 65536)

    def test_negative_exponent(self):
        self.assertEqual(evaluate("2 ^ -1"), 0.5)
        self.assertEqual(evaluate("2 ** -2 * 8"), 2)
        self.assertEqual(evaluate("-2 ** -1"), -0.5)

    def test_precedence(self):
        self.assertEqual(evaluate("3 * 2 ^ 2"), 12)
        self.assertEqual(evaluate("-x ^ 2", {"x": 3}), -9)
        self.assertEqual(evaluate("(-3) ^ 2"), 9)
        self.assertEqual(evaluate("sqrt(4) ^ 3"), 8)
        self.assertEqual(evaluate("2**3"), 8)

    def test_star_still_works(self):
        self.assertEqual(evaluate("2 * 3 * 4"), 24)
        with self.assertRaises(CalcError):
            evaluate("2 * * 3")
        with self.assertRaises(CalcError):
            evaluate("2 ***3")
