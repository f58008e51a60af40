import unittest

from texttable import format_table


class TableTest(unittest.TestCase):
    def test_text(self):
        self.assertEqual(format_table(["a", "bb"], [["x", "y"]]), "a | bb\n--+---\nx | y")

    def test_numeric_right_aligned(self):
        table = format_table(["item", "qty", "price"], [["apple", 3, 1.5], ["kiwi", 12, 10.0]])
        self.assertEqual(
            table.split("\n"),
            ["item  | qty | price", "------+-----+------", "apple |   3 |  1.50", "kiwi  |  12 | 10.00"],
        )
