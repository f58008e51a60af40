"""A shopping cart. Prices are integer cents, tax rates are basis points (1% = 100)."""

from shop import pricing


class Cart:
    def __init__(self, tax_rate_bp):
        self.tax_rate_bp = tax_rate_bp
        self.lines = {}  # sku -> [unit_price_cents, quantity]

    def add(self, sku, unit_price_cents, quantity=1):
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        line = self.lines.setdefault(sku, [unit_price_cents, 0])
        line[1] += quantity

    def remove(self, sku, quantity=1):
        line = self.lines[sku]
        line[1] -= quantity
        if line[1] <= 0:
            del self.lines[sku]

    def subtotal(self):
        return sum(price * qty for price, qty in self.lines.values())

    def tax(self):
        return pricing.tax_cents(self.subtotal(), self.tax_rate_bp)

    def total(self):
        return self.subtotal() + self.tax()

    def summary(self):
        return f"{len(self.lines)} items, total {pricing.format_cents(self.total())}"
