import unittest

from minitemplate import TemplateError, render


class FilterHiddenTest(unittest.TestCase):
    def test_case_filters(self):
        ctx = {"s": "MiXeD words"}
        self.assertEqual(render("{{ s|upper }}/{{ s|lower }}/{{ s|title }}", ctx), "MIXED WORDS/mixed words/Mixed Words")

    def test_default(self):
        self.assertEqual(render("{{ missing|default:anon }}", {}), "anon")
        self.assertEqual(render("{{ x|default:none }}", {"x": None}), "none")
        self.assertEqual(render("{{ x|default:none }}", {"x": ""}), "none")
        self.assertEqual(render("{{ x|default:none }}", {"x": 0}), "0")
        self.assertEqual(render("{{ user.nick | default: guest | upper }}", {"user": {}}), "GUEST")

    def test_missing_without_default_still_errors(self):
        with self.assertRaises(TemplateError):
            render("{{ missing|upper }}", {})

    def test_unknown_filter(self):
        with self.assertRaises(TemplateError):
            render("{{ x|reverse }}", {"x": "ab"})

    def test_escape_after_filters(self):
        self.assertEqual(render("{{ xs|join:& }}", {"xs": ["<a>", "b"]}), "&lt;a&gt;&amp;b")

    def test_join_arg_and_numbers(self):
        self.assertEqual(render("{{ xs|join:: }}", {"xs": [1, 2]}), "1:2")
        self.assertEqual(render("{{ xs|join: + }}", {"xs": [1, 2]}), "1+2")

    def test_filters_in_if(self):
        src = "{% if items|length %}some{% else %}none{% endif %}"
        self.assertEqual(render(src, {"items": []}), "none")
        self.assertEqual(render(src, {"items": [0]}), "some")
        self.assertEqual(render("{% if who|default:x %}[{{ who|default:x }}]{% endif %}", {}), "[x]")

    def test_plain_unchanged(self):
        self.assertEqual(render("{% if nope %}x{% endif %}{{ a.0 }}", {"a": ["q"]}), "q")
