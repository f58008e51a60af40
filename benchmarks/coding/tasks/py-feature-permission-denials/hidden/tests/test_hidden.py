import unittest

from bitset import BitSet
from permissions import Policy


class BitSetOpsHiddenTest(unittest.TestCase):
    def test_operators(self):
        a, b = BitSet(70, [0, 3, 64, 69]), BitSet(70, [3, 4, 69])
        self.assertEqual(list(a | b), [0, 3, 4, 64, 69])
        self.assertEqual(list(a & b), [3, 69])
        self.assertEqual(list(a - b), [0, 64])
        self.assertEqual(list(b - a), [4])
        self.assertEqual(list(a ^ b), [0, 4, 64])

    def test_operands_unchanged(self):
        a, b = BitSet(8, [1]), BitSet(8, [2])
        for result in (a | b, a & b, a - b, a ^ b):
            self.assertIsNot(result, a)
        self.assertEqual((list(a), list(b)), ([1], [2]))

    def test_size_mismatch(self):
        for op in ("__or__", "__and__", "__sub__", "__xor__"):
            with self.assertRaises(ValueError):
                getattr(BitSet(4), op)(BitSet(5))

    def test_result_size(self):
        self.assertEqual((BitSet(9, [8]) - BitSet(9)).size, 9)


class DenyHiddenTest(unittest.TestCase):
    def setUp(self):
        self.policy = Policy()
        self.policy.define_role("viewer", ["read", "comment"])
        self.policy.assign("bob", "viewer")

    def test_deny_permission_not_held(self):
        self.policy.deny("bob", "admin")
        self.assertEqual(self.policy.describe("bob"), ["comment", "read"])
        self.assertFalse(self.policy.allowed("bob", "admin"))

    def test_deny_is_per_user(self):
        self.policy.assign("cy", "viewer")
        self.policy.deny("bob", "read")
        self.policy.deny("bob", "read")
        self.assertEqual(self.policy.describe("bob"), ["comment"])
        self.assertEqual(self.policy.describe("cy"), ["comment", "read"])

    def test_unknown(self):
        with self.assertRaises(KeyError):
            self.policy.deny("bob", "fly")

    def test_role_bitsets_untouched(self):
        self.policy.deny("bob", "read")
        self.policy.assign("dee", "viewer")
        self.assertTrue(self.policy.allowed("dee", "read"))
