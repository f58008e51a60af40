"""Breadth-first crawling of an in-memory link map {page: [linked pages]}."""

from collections import deque


class Crawler:
    def __init__(self, links, max_depth=None):
        self.links = links
        self.max_depth = max_depth
        self.seen = set()
        self.frontier = deque()
        self.depth = {}
        self.order = []

    def _enqueue(self, page, depth):
        if page in self.seen:
            return False
        if self.max_depth is not None and depth > self.max_depth:
            return False
        self._mark(page, depth)
        return True

    def outlinks(self, page):
        """Links of a page, without self-links."""
        return [target for target in self.links.get(page, ()) if target != page]

    def crawl(self, start, max_pages=None):
        """Visit pages breadth-first from start; returns pages in visit order."""
        self._enqueue(start, 0)
        while self.frontier:
            if max_pages is not None and len(self.order) >= max_pages:
                break
            page = self._next()
            self.order.append(page)
            for target in self.outlinks(page):
                self._enqueue(target, self.depth[page] + 1)
        return self.order

    def broken_links(self):
        """(page, target) pairs of visited pages linking to pages not in the map."""
        return [(page, target) for page in self.order for target in self.outlinks(page) if target not in self.links]

    def pages_at_depth(self, depth):
        return [page for page in self.order if self.depth[page] == depth]

    def _mark(self, page, depth):
        self.depth[page] = depth
        self.seen.add(page)
        self.frontier.append(page)

    def _next(self):
        return self.frontier.popleft()


def click_path(links, start, goal):
    """Shortest list of pages from start to goal following links, or None."""
    parents = {start: None}
    queue = deque([start])
    while queue:
        page = queue.popleft()
        if page == goal:
            path = []
            while page is not None:
                path.append(page)
                page = parents[page]
            return path[::-1]
        for target in links.get(page, ()):
            if target not in parents:
                parents[target] = page
                queue.append(target)
    return None


def site_map(links, start, max_depth=None):
    """Pages reachable from start grouped by depth: {depth: [pages]}."""
    crawler = Crawler(links, max_depth)
    crawler.crawl(start)
    result = {}
    for page in crawler.order:
        result.setdefault(crawler.depth[page], []).append(page)
    return result
