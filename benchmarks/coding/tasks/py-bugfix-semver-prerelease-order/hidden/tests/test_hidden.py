import unittest

from semver import compare, satisfies_caret, sort_versions


class SemverHiddenTest(unittest.TestCase):
    def test_spec_order(self):
        ordered = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
            "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0",
        ]
        for i in range(len(ordered)):
            for j in range(len(ordered)):
                self.assertEqual(compare(ordered[i], ordered[j]), (i > j) - (i < j), (ordered[i], ordered[j]))
        self.assertEqual(sort_versions(list(reversed(ordered))), ordered)

    def test_numeric_below_alpha(self):
        self.assertEqual(compare("1.0.0-1", "1.0.0-alpha"), -1)
        self.assertEqual(compare("1.0.0-rc.9", "1.0.0-rc.x"), -1)
        self.assertEqual(compare("1.0.0-x-1", "1.0.0-x-2"), -1)

    def test_build_ignored(self):
        self.assertEqual(compare("1.0.0+a", "1.0.0+b"), 0)
        self.assertEqual(compare("1.0.0-rc.1+z", "1.0.0-rc.1"), 0)

    def test_caret(self):
        self.assertTrue(satisfies_caret("1.4.0", "1.2.0"))
        self.assertFalse(satisfies_caret("1.2.0-rc.1", "1.2.0"))
        self.assertFalse(satisfies_caret("2.0.0", "1.2.0"))
