import unittest
from unittest import mock

import shipping
from shipping import RATES, cheapest_method, order_shipping, shipping_cost


class ShippingHiddenTest(unittest.TestCase):
    def test_rates_table(self):
        self.assertEqual(RATES, {"standard": (499, 120), "express": (999, 250), "overnight": (1999, 400), "pickup": (0, 0)})

    def test_costs_unchanged(self):
        self.assertEqual(shipping_cost("standard", 0), 499)
        self.assertEqual(shipping_cost("standard", 1), 619)
        self.assertEqual(shipping_cost("express", 1000), 1249)
        self.assertEqual(shipping_cost("overnight", 1001), 2799)
        self.assertEqual(order_shipping("express", 1, 10**6), 1249)
        self.assertEqual(order_shipping("standard", 1, 4999), 619)
        self.assertEqual(cheapest_method(3000, ["overnight", "express", "standard"]), "standard")

    def test_errors(self):
        with self.assertRaises(ValueError):
            shipping_cost("teleport", 10)
        with self.assertRaises(ValueError):
            shipping_cost("standard", -1)
        with self.assertRaises(ValueError):
            shipping_cost("standard", 10, rates={"x": (1, 1)})

    def test_table_drives_default(self):
        with mock.patch.dict(shipping.RATES, {"drone": (1500, 0), "standard": (100, 10)}):
            self.assertEqual(shipping_cost("drone", 800), 1500)
            self.assertEqual(shipping_cost("standard", 2000), 120)
            self.assertEqual(cheapest_method(500, ["express", "drone"]), "express")
