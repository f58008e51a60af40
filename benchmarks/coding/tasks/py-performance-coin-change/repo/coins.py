"""Coin change helpers. Amounts and coin values are positive integers (cents)."""


def _check(coins):
    if not coins or any(not isinstance(c, int) or c <= 0 for c in coins):
        raise ValueError("coins must be positive integers")


def min_coins(amount, coins):
    """Fewest coins summing to amount, or -1 if it cannot be made."""
    _check(coins)
    if amount < 0:
        raise ValueError("amount must be non-negative")

    def best(rest):
        if rest == 0:
            return 0
        result = -1
        for coin in coins:
            if coin <= rest:
                sub = best(rest - coin)
                if sub >= 0 and (result < 0 or sub + 1 < result):
                    result = sub + 1
        return result
    return best(amount)


def greedy_coins(amount, coins):
    """Greedy change (largest coin first); may be suboptimal or fail (returns None)."""
    _check(coins)
    used = []
    for coin in sorted(coins, reverse=True):
        count, amount = divmod(amount, coin)
        used.extend([coin] * count)
    return used if amount == 0 else None


def count_ways(amount, coins):
    """Number of multisets of coins summing to amount."""
    _check(coins)
    ways = [1] + [0] * amount
    for coin in coins:
        for value in range(coin, amount + 1):
            ways[value] += ways[value - coin]
    return ways[amount]
