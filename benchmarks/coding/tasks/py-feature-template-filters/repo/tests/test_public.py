import unittest

from minitemplate import render


class TemplateTest(unittest.TestCase):
    def test_output_and_escape(self):
        self.assertEqual(render("Hi {{ user.name }}!", {"user": {"name": "<b>"}}), "Hi &lt;b&gt;!")

    def test_blocks(self):
        src = "{% for x in xs %}{{ x }}{% if loop.last %}.{% else %},{% endif %}{% endfor %}"
        self.assertEqual(render(src, {"xs": [1, 2, 3]}), "1,2,3.")

    def test_filters(self):
        ctx = {"name": "  ada lovelace ", "tags": ["a", "b"]}
        self.assertEqual(render("{{ name|strip|title }}", ctx), "Ada Lovelace")
        self.assertEqual(render("{{ tags | join:- }} ({{ tags|length }})", ctx), "a-b (2)")
