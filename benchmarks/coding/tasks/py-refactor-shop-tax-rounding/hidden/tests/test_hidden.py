import inspect
import unittest

import shop.cart
import shop.invoice
from shop.cart import Cart
from shop.invoice import invoice_lines, invoice_total
from shop.pricing import tax_cents


class TaxHiddenTest(unittest.TestCase):
    def test_rounding_half_away_from_zero(self):
        self.assertEqual(tax_cents(50, 1000), 5)
        self.assertEqual(tax_cents(5, 1000), 1)
        self.assertEqual(tax_cents(-5, 1000), -1)
        self.assertEqual(tax_cents(4, 1000), 0)
        self.assertEqual(tax_cents(-4, 1000), 0)
        self.assertEqual(tax_cents(0, 825), 0)
        self.assertEqual(tax_cents(12345, 0), 0)

    def test_matches_old_formula(self):
        for amount in range(-300, 301, 7):
            for rate in (0, 1, 500, 825, 1999, 10000):
                sign = -1 if amount < 0 else 1
                self.assertEqual(tax_cents(amount, rate), sign * ((abs(amount) * rate + 5000) // 10000))

    def test_behaviour_kept(self):
        cart = Cart(700)
        cart.add("x", 333, 2)
        cart.add("y", 1)
        self.assertEqual((cart.subtotal(), cart.tax(), cart.total()), (667, 47, 714))
        items = [("a", 999), ("refund", -150), ("b", 1)]
        self.assertEqual(invoice_lines(items, 825), [("a", 999, 82), ("refund", -150, -12), ("b", 1, 0)])
        self.assertEqual(invoice_total(items, 825), 920)

    def test_single_implementation(self):
        for module in (shop.cart, shop.invoice):
            source = inspect.getsource(module)
            self.assertIn("tax_cents", source, module.__name__)
            self.assertNotIn("10000", source, module.__name__)
            self.assertNotIn("5000", source, module.__name__)
