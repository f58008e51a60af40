import inspect
import unittest

import diskusage
from diskusage import describe, format_size, summary


class FormatSizeHiddenTest(unittest.TestCase):
    def test_units(self):
        cases = {
            0: "0 B", 1: "1 B", 1023: "1023 B", 1024: "1.0 KiB", 1024 * 1024 - 1: "1024.0 KiB",
            5 * 1024 ** 3: "5.0 GiB", 2 * 1024 ** 4: "2.0 TiB", 3 * 1024 ** 5: "3072.0 TiB",
        }
        for size, text in cases.items():
            self.assertEqual(format_size(size), text, size)

    def test_negative(self):
        with self.assertRaises(ValueError):
            format_size(-1)
        with self.assertRaises(ValueError):
            describe(-5, "x")
        with self.assertRaises(ValueError):
            summary({"x": -5})

    def test_behaviour_kept(self):
        self.assertEqual(describe({"a": 1, "b": {"c": 2047}}, "d"), "d/  2.0 KiB")
        self.assertEqual(summary({"only": 1}), "1 file, 1 B")

    def test_single_implementation(self):
        for fn in (diskusage.describe, diskusage.summary):
            source = inspect.getsource(fn)
            self.assertIn("format_size(", source)
            self.assertNotIn("1024", source)
        self.assertEqual(inspect.getsource(diskusage).count("1024"), 2)
