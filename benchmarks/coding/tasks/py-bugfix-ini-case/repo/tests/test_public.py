import unittest

from iniconf import get, parse


class IniTest(unittest.TestCase):
    def test_plain(self):
        cfg = parse("name = demo\n[server]\nport = 80\n")
        self.assertEqual(get(cfg, "", "name"), "demo")
        self.assertEqual(get(cfg, "server", "port"), "80")

    def test_case_insensitive(self):
        cfg = parse("[Server]\nPort = 80\n")
        self.assertEqual(get(cfg, "server", "port"), "80")
        self.assertEqual(get(cfg, "SERVER", "PORT"), "80")
