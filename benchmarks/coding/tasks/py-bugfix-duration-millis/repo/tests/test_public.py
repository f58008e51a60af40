import unittest

from durations import format_duration, parse_duration


class DurationTest(unittest.TestCase):
    def test_basic(self):
        self.assertEqual(parse_duration("1h30m"), 5400000)
        self.assertEqual(parse_duration("45s"), 45000)

    def test_millis(self):
        self.assertEqual(parse_duration("250ms"), 250)
        self.assertEqual(parse_duration("1m500ms"), 60500)

    def test_format(self):
        self.assertEqual(format_duration(5400000), "1h30m")
