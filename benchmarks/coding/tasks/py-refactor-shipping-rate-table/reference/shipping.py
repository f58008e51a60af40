"""Shipping costs, in integer cents."""

FREE_SHIPPING_THRESHOLD = 5000  # order value in cents from which "standard" is free


# method -> (base_cents, per_kg_cents)
RATES = {
    "standard": (499, 120),
    "express": (999, 250),
    "overnight": (1999, 400),
    "pickup": (0, 0),
}


def shipping_cost(method, weight_grams, rates=None):
    table = RATES if rates is None else rates
    try:
        base, per_kg = table[method]
    except KeyError:
        raise ValueError(f"unknown shipping method {method!r}") from None
    if weight_grams < 0:
        raise ValueError("weight must be non-negative")
    kilograms = -(-weight_grams // 1000)
    return base + per_kg * kilograms


def order_shipping(method, weight_grams, order_value_cents):
    """Shipping for a whole order, applying the free-shipping rule."""
    if method == "standard" and order_value_cents >= FREE_SHIPPING_THRESHOLD:
        return 0
    return shipping_cost(method, weight_grams)


def cheapest_method(weight_grams, methods):
    """The method with the lowest cost among `methods` (ties: first listed)."""
    return min(methods, key=lambda m: shipping_cost(m, weight_grams))
