"""Invoices: one tax amount per line, rounded per line."""

from shop import pricing


def invoice_lines(items, tax_rate_bp):
    """items: [(description, amount_cents)] -> [(description, amount, tax)]."""
    rows = []
    for description, amount in items:
        sign = -1 if amount < 0 else 1
        tax = sign * ((abs(amount) * tax_rate_bp + 5000) // 10000)
        rows.append((description, amount, tax))
    return rows


def invoice_total(items, tax_rate_bp):
    return sum(amount + tax for _, amount, tax in invoice_lines(items, tax_rate_bp))


def render(items, tax_rate_bp):
    out = []
    for description, amount, tax in invoice_lines(items, tax_rate_bp):
        out.append(f"{description:<20}{pricing.format_cents(amount):>10}{pricing.format_cents(tax):>8}")
    out.append(f"{'TOTAL':<20}{pricing.format_cents(invoice_total(items, tax_rate_bp)):>18}")
    return "\n".join(out)
