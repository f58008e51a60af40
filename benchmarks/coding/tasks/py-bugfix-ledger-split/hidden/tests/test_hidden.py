import unittest

from ledger import Ledger, LedgerError, settle_up, split_evenly, split_expense


class SplitHiddenTest(unittest.TestCase):
    def test_remainder_goes_to_first_parties(self):
        self.assertEqual(split_evenly(1001, 4), [251, 250, 250, 250])
        self.assertEqual(split_evenly(1003, 4), [251, 251, 251, 250])
        self.assertEqual(split_evenly(2, 5), [1, 1, 0, 0, 0])

    def test_negative(self):
        self.assertEqual(split_evenly(-1000, 3), [-334, -333, -333])
        self.assertEqual(split_evenly(-7, 2), [-4, -3])

    def test_always_sums(self):
        for amount in range(-50, 51):
            for parts in range(1, 8):
                shares = split_evenly(amount, parts)
                self.assertEqual(sum(shares), amount)
                self.assertLessEqual(max(shares) - min(shares), 1)

    def test_zero_and_single(self):
        self.assertEqual(split_evenly(0, 3), [0, 0, 0])
        self.assertEqual(split_evenly(123, 1), [123])

    def test_bad_parts(self):
        with self.assertRaises(LedgerError):
            split_evenly(100, 0)

    def test_settle_up(self):
        ledger = Ledger()
        split_expense(ledger, 1, "taxi", "bob", 1000, ["ann", "bob", "cy"])
        self.assertEqual(settle_up(ledger), {"ann": 334, "bob": -667, "cy": 333})
