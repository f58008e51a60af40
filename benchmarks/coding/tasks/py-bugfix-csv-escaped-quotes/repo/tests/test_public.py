import unittest

from csvline import split_row


class CsvTest(unittest.TestCase):
    def test_plain(self):
        self.assertEqual(split_row("a,b,,c"), ["a", "b", "", "c"])

    def test_quoted(self):
        self.assertEqual(split_row('"x,y",z'), ["x,y", "z"])

    def test_escaped_quotes(self):
        self.assertEqual(split_row('"say ""hi""",2'), ['say "hi"', "2"])
