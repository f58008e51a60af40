"""Money helpers. Amounts are integer cents."""


def format_cents(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def parse_cents(text):
    whole, _, frac = text.strip().partition(".")
    sign = -1 if whole.startswith("-") else 1
    whole = whole.lstrip("+-") or "0"
    return sign * (int(whole) * 100 + int((frac + "00")[:2]))


def tax_cents(amount_cents, rate_bp):
    """Tax on an amount in cents at a rate in basis points, rounded half away from zero."""
    sign = -1 if amount_cents < 0 else 1
    return sign * ((abs(amount_cents) * rate_bp + 5000) // 10000)
