import unittest

from shipping import RATES, order_shipping, shipping_cost


class ShippingTest(unittest.TestCase):
    def test_costs(self):
        self.assertEqual(shipping_cost("standard", 1500), 499 + 2 * 120)
        self.assertEqual(shipping_cost("pickup", 9000), 0)
        self.assertEqual(order_shipping("standard", 1500, 6000), 0)

    def test_table(self):
        self.assertEqual(RATES["express"], (999, 250))
        self.assertEqual(shipping_cost("bike", 2500, rates={"bike": (300, 100)}), 600)
