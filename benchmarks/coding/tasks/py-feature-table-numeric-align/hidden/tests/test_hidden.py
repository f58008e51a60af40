import unittest

from texttable import format_table, from_dicts


class TableHiddenTest(unittest.TestCase):
    def test_mixed_column_stays_left(self):
        table = format_table(["id", "v"], [[1, 5], ["x2", 10]])
        self.assertEqual(table.split("\n"), ["id |  v", "---+---", "1  |  5", "x2 | 10"])

    def test_none_cells(self):
        table = format_table(["n"], [[None], [42], [None]])
        self.assertEqual(table.split("\n"), [" n", "--", "", "42", ""])

    def test_all_none_is_text(self):
        self.assertEqual(format_table(["col"], [[None]]).split("\n"), ["col", "---", ""])

    def test_bool_is_not_numeric(self):
        table = format_table(["flag", "n"], [[True, 1], [False, 100]])
        self.assertEqual(table.split("\n"), ["flag  |   n", "------+----", "True  |   1", "False | 100"])

    def test_negative_and_header_wider(self):
        table = format_table(["balance"], [[-5], [12.25]])
        self.assertEqual(table.split("\n"), ["balance", "-------", "     -5", "  12.25"])

    def test_from_dicts(self):
        out = from_dicts([{"name": "a", "n": 7}, {"name": "bcd", "n": 1000}])
        self.assertEqual(out.split("\n"), ["name |    n", "-----+-----", "a    |    7", "bcd  | 1000"])

    def test_custom_sep(self):
        self.assertEqual(format_table(["a", "b"], [["x", 1]], sep="  ").split("\n"), ["a  b", "----", "x  1"])
