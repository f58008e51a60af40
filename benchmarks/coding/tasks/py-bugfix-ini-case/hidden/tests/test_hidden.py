import unittest

from iniconf import dump, get, get_int, has, parse, sections


class IniHiddenTest(unittest.TestCase):
    def test_sections_merge_across_case(self):
        cfg = parse("[Server]\nhost = A\n[db]\nx = 1\n[SERVER]\nPort = 80\nHOST = B\n")
        self.assertEqual(sections(cfg), ["db", "server"])
        self.assertEqual(cfg["server"], {"host": "B", "port": "80"})

    def test_values_keep_case(self):
        cfg = parse("[a]\nName = MixedCase Value\n")
        self.assertEqual(get(cfg, "A", "NAME"), "MixedCase Value")

    def test_has_and_get_int(self):
        cfg = parse("[Limits]\nMax = 12\n")
        self.assertTrue(has(cfg, "limits", "max"))
        self.assertTrue(has(cfg, "LIMITS", "MAX"))
        self.assertFalse(has(cfg, "limits", "min"))
        self.assertEqual(get_int(cfg, "LiMiTs", "mAx"), 12)
        self.assertEqual(get_int(cfg, "limits", "min", 3), 3)

    def test_default_and_missing(self):
        cfg = parse("[x]\n")
        self.assertEqual(get(cfg, "X", "k", "d"), "d")
        with self.assertRaises(KeyError):
            get(cfg, "X", "k")

    def test_dump_lowercases(self):
        self.assertEqual(dump(parse("Top = 1\n[B]\nK = v\n")), "top = 1\n\n[b]\nk = v\n")
