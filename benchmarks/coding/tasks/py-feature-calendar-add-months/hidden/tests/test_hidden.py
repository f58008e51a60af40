import unittest

from caldate import add_months, add_years


class AddMonthsTest(unittest.TestCase):
    def test_clamping(self):
        self.assertEqual(add_months((2024, 1, 31), 1), (2024, 2, 29))
        self.assertEqual(add_months((2024, 3, 31), 1), (2024, 4, 30))
        self.assertEqual(add_months((2024, 5, 31), -3), (2024, 2, 29))

    def test_zero(self):
        self.assertEqual(add_months((2021, 7, 4), 0), (2021, 7, 4))

    def test_large_offsets(self):
        self.assertEqual(add_months((2020, 11, 30), 15), (2022, 2, 28))
        self.assertEqual(add_months((2020, 1, 1), -25), (2017, 12, 1))
        self.assertEqual(add_months((2000, 12, 1), 12), (2001, 12, 1))
        self.assertEqual(add_months((2000, 12, 1), -12), (1999, 12, 1))

    def test_years(self):
        self.assertEqual(add_years((2024, 2, 29), 1), (2025, 2, 28))
        self.assertEqual(add_years((2024, 2, 29), 4), (2028, 2, 29))
        self.assertEqual(add_years((2023, 6, 30), -3), (2020, 6, 30))

    def test_invalid(self):
        with self.assertRaises(ValueError):
            add_months((2023, 2, 30), 1)
        with self.assertRaises(ValueError):
            add_months((2023, 13, 1), 1)
