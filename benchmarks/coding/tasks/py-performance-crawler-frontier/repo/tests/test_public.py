import unittest

from crawler import Crawler, click_path, site_map

LINKS = {
    "home": ["about", "blog", "home"],
    "about": ["home", "team"],
    "blog": ["post1", "post2", "about"],
    "post1": ["blog", "missing"],
    "post2": [],
    "team": [],
}


class CrawlerTest(unittest.TestCase):
    def test_order(self):
        self.assertEqual(Crawler(LINKS).crawl("home"), ["home", "about", "blog", "team", "post1", "post2", "missing"])

    def test_limits(self):
        self.assertEqual(Crawler(LINKS).crawl("home", max_pages=3), ["home", "about", "blog"])
        self.assertEqual(site_map(LINKS, "home", max_depth=1), {0: ["home"], 1: ["about", "blog"]})

    def test_click_path(self):
        self.assertEqual(click_path(LINKS, "post2", "home"), None)
        self.assertEqual(click_path(LINKS, "home", "team"), ["home", "about", "team"])

    def test_broken(self):
        c = Crawler(LINKS)
        c.crawl("home")
        self.assertEqual(c.broken_links(), [("post1", "missing")])
