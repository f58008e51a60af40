import unittest

from diskusage import describe, format_size, listing, summary

TREE = {"a.txt": 512, "docs": {"big.pdf": 3 * 1024 * 1024, "n.md": 1536}, "empty": {}}


class DiskUsageTest(unittest.TestCase):
    def test_listing(self):
        self.assertEqual(listing(TREE), ["docs/  3.0 MiB", "a.txt  512 B", "empty/  0 B"])

    def test_summary(self):
        self.assertEqual(summary(TREE), "3 files, 3.0 MiB")

    def test_format_size(self):
        self.assertEqual(format_size(1536), "1.5 KiB")
