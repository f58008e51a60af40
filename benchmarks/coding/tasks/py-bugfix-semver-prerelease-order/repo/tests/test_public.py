import unittest

from semver import compare, latest, parse, sort_versions


class SemverTest(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(str(parse("v1.2.3-rc.1+build.5")), "1.2.3-rc.1+build.5")

    def test_core_order(self):
        self.assertEqual(sort_versions(["1.10.0", "1.2.0", "0.9.9"]), ["0.9.9", "1.2.0", "1.10.0"])

    def test_release_beats_prerelease(self):
        self.assertEqual(latest(["1.0.0", "1.0.0-rc.1"]), "1.0.0")
        self.assertEqual(compare("1.0.0-beta.2", "1.0.0-beta.11"), -1)
