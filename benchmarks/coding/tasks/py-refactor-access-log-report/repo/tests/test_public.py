import unittest

from accesslog import parse_log, report, summarize

LOG = """
10.0.0.1 1 09:15:00 GET / 200 512 20
10.0.0.2 1 09:20:00 GET /about 200 256 40
10.0.0.1 1 10:01:00 POST /login 500 0 900
10.0.0.3 1 10:30:00 GET / 200 512 25
10.0.0.3 1 10:31:00 GET / 304 0 5
"""


class ReportTest(unittest.TestCase):
    def test_report_text(self):
        self.assertEqual(
            report(parse_log(LOG)),
            "requests: 5\nerrors: 1 (20.0%)\ntop paths: / (3), /about (1), /login (1)\n"
            "p95 latency: 900 ms\nbusiest hour: 10:00 (3 requests)",
        )

    def test_summarize(self):
        summary = summarize(parse_log(LOG))
        self.assertEqual(summary["requests"], 5)
        self.assertEqual(summary["errors"], 1)
