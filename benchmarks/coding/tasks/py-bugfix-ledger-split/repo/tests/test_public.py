import unittest

from ledger import Ledger, split_evenly, split_expense


class SplitTest(unittest.TestCase):
    def test_even(self):
        self.assertEqual(split_evenly(900, 3), [300, 300, 300])

    def test_uneven(self):
        self.assertEqual(split_evenly(1000, 3), [334, 333, 333])

    def test_expense_balances(self):
        ledger = Ledger()
        split_expense(ledger, 1, "dinner", "ann", 1000, ["ann", "bob", "cy"])
        self.assertEqual(sum(ledger.trial_balance().values()), 0)
