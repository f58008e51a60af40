import unittest

from querystring import build_query, parse_query, with_params


class QueryHiddenTest(unittest.TestCase):
    def test_default_last_wins(self):
        self.assertEqual(parse_query("a=1&a=2"), {"a": "2"})

    def test_multi_decodes(self):
        self.assertEqual(parse_query("q=a+b&q=%C3%A9&&q=", multi=True), {"q": ["a b", "\u00e9", ""]})
        self.assertEqual(parse_query("", multi=True), {})

    def test_build_encodes_list_items(self):
        self.assertEqual(build_query({"q": ["a b", "x&y"]}), "q=a+b&q=x%26y")
        self.assertEqual(build_query({"k": ("1", 2)}), "k=1&k=2")

    def test_build_empty_list(self):
        self.assertEqual(build_query({"a": [], "b": "1"}), "b=1")

    def test_round_trip(self):
        params = {"tag": ["red", "big blue", "caf\u00e9"], "page": ["3"]}
        self.assertEqual(parse_query(build_query(params), multi=True), params)

    def test_with_params(self):
        self.assertEqual(with_params("/s?x=1#top", {"t": ["a", "b"]}), "/s?x=1&t=a&t=b#top")
