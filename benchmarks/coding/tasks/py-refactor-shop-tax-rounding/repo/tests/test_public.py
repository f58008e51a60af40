import unittest

from shop.cart import Cart
from shop.invoice import invoice_lines
from shop.pricing import tax_cents


class ShopTest(unittest.TestCase):
    def test_cart_total(self):
        cart = Cart(tax_rate_bp=825)
        cart.add("pen", 199, 3)
        self.assertEqual(cart.subtotal(), 597)
        self.assertEqual(cart.tax(), 49)
        self.assertEqual(cart.total(), 646)

    def test_invoice(self):
        self.assertEqual(invoice_lines([("a", 1000)], 2000), [("a", 1000, 200)])

    def test_tax_cents(self):
        self.assertEqual(tax_cents(1000, 825), 83)
