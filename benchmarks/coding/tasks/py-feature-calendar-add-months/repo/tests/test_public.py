import unittest

import caldate


class CalendarTest(unittest.TestCase):
    def test_round_trip(self):
        for n in (1, 365, 366, 730000, 738000):
            self.assertEqual(caldate.to_ordinal(caldate.from_ordinal(n)), n)

    def test_weekday(self):
        self.assertEqual(caldate.weekday_name((2024, 3, 1)), "Friday")

    def test_add_months(self):
        self.assertEqual(caldate.add_months((2023, 1, 31), 1), (2023, 2, 28))
        self.assertEqual(caldate.add_months((2024, 1, 15), -1), (2023, 12, 15))
