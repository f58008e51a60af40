import unittest

from textwrap_lite import fill, wrap


class WrapHiddenTest(unittest.TestCase):
    def test_exact_fit_various_widths(self):
        self.assertEqual(wrap("ab cd ef gh", 5), ["ab cd", "ef gh"])
        self.assertEqual(wrap("a b c d", 3), ["a b", "c d"])
        self.assertEqual(wrap("hello world", 11), ["hello world"])

    def test_lines_never_exceed_width(self):
        text = "the quick brown fox jumps over the lazy dog " * 3
        for width in range(3, 30):
            for line in wrap(text, width):
                if " " in line:
                    self.assertLessEqual(len(line), width)

    def test_long_word_alone(self):
        self.assertEqual(wrap("a supercalifragilistic b", 6), ["a", "supercalifragilistic", "b"])

    def test_whitespace_runs(self):
        self.assertEqual(wrap("  one\t\ttwo \n three ", 7), ["one two", "three"])

    def test_empty(self):
        self.assertEqual(wrap("", 10), [])
        self.assertEqual(fill("   ", 4), "")

    def test_width_one(self):
        self.assertEqual(wrap("a b", 1), ["a", "b"])

    def test_bad_width(self):
        with self.assertRaises(ValueError):
            wrap("x", 0)
