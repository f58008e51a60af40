import unittest

from csvline import CsvError, join_row, parse, split_row


class CsvHiddenTest(unittest.TestCase):
    def test_quote_comma_quote(self):
        self.assertEqual(split_row('"a "","" b",c'), ['a "," b', "c"])

    def test_only_quotes(self):
        self.assertEqual(split_row('""""'), ['"'])
        self.assertEqual(split_row('"",""""""'), ["", '""'])

    def test_round_trip(self):
        values = ['he said "no"', '"', 'x,"y"', "", "  pad  ", '""a""']
        self.assertEqual(split_row(join_row(values)), values)
        self.assertEqual(split_row(join_row(values, ";"), ";"), values)

    def test_unterminated(self):
        with self.assertRaises(CsvError):
            split_row('"abc""')
        with self.assertRaises(CsvError):
            split_row('"')

    def test_parse(self):
        header, rows = parse('name,quote\nann,"I ""like"" it"\n')
        self.assertEqual(rows, [{"name": "ann", "quote": 'I "like" it'}])
