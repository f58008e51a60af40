import unittest

from querystring import build_query, parse_query


class QueryTest(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(parse_query("?a=1&b=hello+world"), {"a": "1", "b": "hello world"})

    def test_parse_multi(self):
        self.assertEqual(parse_query("tag=a&x=1&tag=b", multi=True), {"tag": ["a", "b"], "x": ["1"]})

    def test_build_list(self):
        self.assertEqual(build_query({"tag": ["a", "b"], "n": 2}), "tag=a&tag=b&n=2")
