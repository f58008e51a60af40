import unittest

from intervals import IntervalSet, format_ranges, parse_ranges


class IntervalTest(unittest.TestCase):
    def test_normalize(self):
        self.assertEqual(IntervalSet([(5, 7), (0, 2), (2, 3)]).spans(), [(0, 3), (5, 7)])

    def test_subtract_edges(self):
        self.assertEqual(IntervalSet([(0, 10)]).subtract(IntervalSet([(0, 4)])).spans(), [(4, 10)])

    def test_subtract_middle(self):
        self.assertEqual(IntervalSet([(0, 10)]).subtract(IntervalSet([(3, 5)])).spans(), [(0, 3), (5, 10)])

    def test_ranges(self):
        self.assertEqual(format_ranges(parse_ranges("1-5, 8,10-12")), "1-5,8,10-12")
