import unittest

from accesslog import format_summary, parse_log, report, summarize

LOG = """
10.0.0.1 1 09:15:00 GET / 200 512 20
10.0.0.2 1 09:20:00 GET /about 200 256 40
10.0.0.1 1 10:01:00 POST /login 500 0 900
10.0.0.3 1 10:30:00 GET / 200 512 25
10.0.0.3 1 10:31:00 GET / 304 0 5
10.0.0.4 2 09:00:00 GET /x 503 0 70
10.0.0.4 2 23:59:59 GET /y 200 1 1
"""


class SplitHiddenTest(unittest.TestCase):
    def test_summary_dict(self):
        self.assertEqual(summarize(parse_log(LOG)), {
            "requests": 7, "errors": 2, "error_permille": 285,
            "top_paths": [("/", 3), ("/about", 1), ("/login", 1)],
            "p95_ms": 900, "busiest_hour": 9, "busiest_hour_requests": 3,
        })

    def test_empty(self):
        self.assertEqual(summarize([]), {
            "requests": 0, "errors": 0, "error_permille": 0, "top_paths": [],
            "p95_ms": None, "busiest_hour": None, "busiest_hour_requests": 0,
        })
        self.assertEqual(report([]), "requests: 0\nerrors: 0 (0.0%)")

    def test_format_from_plain_dict(self):
        summary = {
            "requests": 1000, "errors": 7, "error_permille": 7, "top_paths": [("/a", 900)],
            "p95_ms": 12, "busiest_hour": 3, "busiest_hour_requests": 400,
        }
        self.assertEqual(
            format_summary(summary),
            "requests: 1000\nerrors: 7 (0.7%)\ntop paths: /a (900)\np95 latency: 12 ms\nbusiest hour: 03:00 (400 requests)",
        )

    def test_report_is_composition(self):
        records = parse_log(LOG)
        self.assertEqual(report(records), format_summary(summarize(records)))
        self.assertEqual(
            report(records),
            "requests: 7\nerrors: 2 (28.5%)\ntop paths: / (3), /about (1), /login (1)\n"
            "p95 latency: 900 ms\nbusiest hour: 09:00 (3 requests)",
        )
