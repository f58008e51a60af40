"""Shipping costs, in integer cents."""

FREE_SHIPPING_THRESHOLD = 5000  # order value in cents from which "standard" is free


RATES = {
    "standard": (499, 120),
    "express": (999, 250),
    "overnight": (1999, 400),
    "pickup": (0, 0),
}


def shipping_cost(method, weight_grams, rates=None):
    if rates is not None:
        if method not in rates:
            raise ValueError(f"unknown shipping method {method!r}")
        base, per_kg = rates[method]
    elif method == "standard":
        base, per_kg = 499, 120
    elif method == "express":
        base, per_kg = 999, 250
    elif method == "overnight":
        base, per_kg = 1999, 400
    elif method == "pickup":
        base, per_kg = 0, 0
    else:
        raise ValueError(f"unknown shipping method {method!r}")
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
