import unittest

from durations import format_duration, parse_duration


class DurationHiddenTest(unittest.TestCase):
    def test_all_units(self):
        self.assertEqual(parse_duration("1d2h3m4s5ms"), 86400000 + 7200000 + 180000 + 4000 + 5)
        self.assertEqual(parse_duration("2s500ms"), 2500)
        self.assertEqual(parse_duration(" 3MS "), 3)

    def test_round_trip(self):
        for ms in (1, 999, 1000, 60001, 3599999, 90061001):
            self.assertEqual(parse_duration(format_duration(ms)), ms)

    def test_errors(self):
        for bad in ("", "5", "5x", "1m1h", "1s1s", "ms", "1mss", "1msm", "2mh", "1ms1s"):
            with self.assertRaises(ValueError, msg=bad):
                parse_duration(bad)
