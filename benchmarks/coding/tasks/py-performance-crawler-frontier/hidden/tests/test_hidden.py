import unittest

from crawler import Crawler, site_map


class CrawlerHiddenTest(unittest.TestCase):
    def test_hub(self):
        n = 60000
        links = {"hub": [f"p{i}" for i in range(n)]}
        for i in range(0, n, 1000):
            links[f"p{i}"] = ["hub", f"p{i + 1}", f"deep{i}"]
        order = Crawler(links).crawl("hub")
        self.assertEqual(len(order), 1 + n + n // 1000)
        self.assertEqual(order[:3], ["hub", "p0", "p1"])
        self.assertEqual(order[-1], f"deep{n - 1000}")

    def test_chain(self):
        n = 40000
        links = {i: [i + 1, i // 2] for i in range(n)}
        c = Crawler(links)
        order = c.crawl(0)
        self.assertEqual(order, list(range(n + 1)))
        self.assertEqual(c.depth[n], n)

    def test_limits_large(self):
        links = {i: [2 * i + 1, 2 * i + 2] for i in range(40000)}
        self.assertEqual(Crawler(links).crawl(0, max_pages=20000), list(range(20000)))
        levels = site_map(links, 0, max_depth=14)
        self.assertEqual(len(levels[14]), 2 ** 14)
        self.assertEqual(levels[3], list(range(7, 15)))
