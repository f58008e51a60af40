import unittest

from bitset import BitSet
from permissions import Policy


class PermissionTest(unittest.TestCase):
    def setUp(self):
        self.policy = Policy()
        self.policy.define_role("editor", ["read", "write", "comment"])
        self.policy.define_role("owner", ["read", "share", "delete"])
        self.policy.assign("ann", "editor")
        self.policy.assign("ann", "owner")

    def test_roles(self):
        self.assertEqual(self.policy.describe("ann"), ["comment", "delete", "read", "share", "write"])

    def test_deny(self):
        self.policy.deny("ann", "delete")
        self.assertFalse(self.policy.allowed("ann", "delete"))
        self.assertTrue(self.policy.allowed("ann", "share"))

    def test_union(self):
        self.assertEqual(BitSet(8, [1, 2]) | BitSet(8, [2, 5]), BitSet(8, [1, 2, 5]))
