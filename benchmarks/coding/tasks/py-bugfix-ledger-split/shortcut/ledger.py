"""A small double-entry ledger. All amounts are integers in cents."""


class LedgerError(Exception):
    """Raised for malformed entries or unbalanced transactions."""


def parse_amount(text):
    """Parse "12.34", "-0.5" or "7" into cents."""
    text = text.strip()
    if not text:
        raise LedgerError("empty amount")
    sign = 1
    if text[0] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    whole, _, frac = text.partition(".")
    if not whole:
        whole = "0"
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 2:
        raise LedgerError(f"bad amount: {text!r}")
    frac = (frac + "00")[:2]
    return sign * (int(whole) * 100 + int(frac))


def format_amount(cents):
    """Format cents as "-12.34"."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


class Transaction:
    """A dated set of postings that must sum to zero."""

    def __init__(self, day, memo, postings):
        self.day = day
        self.memo = memo
        self.postings = list(postings)

    def total(self):
        return sum(amount for _, amount in self.postings)

    def accounts(self):
        return sorted({account for account, _ in self.postings})

    def is_balanced(self):
        return self.total() == 0

    def __repr__(self):
        return f"Transaction({self.day!r}, {self.memo!r}, {self.postings!r})"


class Ledger:
    """An append-only list of balanced transactions."""

    def __init__(self):
        self.transactions = []

    def record(self, day, memo, postings):
        tx = Transaction(day, memo, postings)
        if not tx.postings:
            raise LedgerError("a transaction needs postings")
        if not tx.is_balanced():
            raise LedgerError(f"unbalanced transaction: off by {format_amount(tx.total())}")
        if self.transactions and day < self.transactions[-1].day:
            raise LedgerError("transactions must be recorded in date order")
        self.transactions.append(tx)
        return tx

    def balance(self, account, until=None):
        """Balance of an account, optionally only up to and including day `until`."""
        total = 0
        for tx in self.transactions:
            if until is not None and tx.day > until:
                break
            for name, amount in tx.postings:
                if name == account or name.startswith(account + ":"):
                    total += amount
        return total

    def accounts(self):
        names = set()
        for tx in self.transactions:
            names.update(tx.accounts())
        return sorted(names)

    def trial_balance(self):
        """Map every account to its balance; the values sum to zero."""
        result = {}
        for tx in self.transactions:
            for name, amount in tx.postings:
                result[name] = result.get(name, 0) + amount
        return result

    def history(self, account):
        """Running balance of one account: a list of (day, memo, amount, balance)."""
        rows = []
        running = 0
        for tx in self.transactions:
            for name, amount in tx.postings:
                if name == account:
                    running += amount
                    rows.append((tx.day, tx.memo, amount, running))
        return rows


def split_evenly(amount, parts):
    """Split `amount` cents into `parts` shares that differ by at most one cent."""
    if parts < 1:
        raise LedgerError("parts must be positive")
    share = amount // parts
    shares = [share] * parts
    shares[0] += amount - share * parts
    return shares


def split_by_weights(amount, weights):
    """Split `amount` proportionally to integer weights (largest remainder method)."""
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise LedgerError("weights must be non-negative and not all zero")
    total = sum(weights)
    sign = -1 if amount < 0 else 1
    amount = abs(amount)
    shares = [amount * w // total for w in weights]
    remainders = [(amount * w % total, -i) for i, w in enumerate(weights)]
    left = amount - sum(shares)
    for _, neg_i in sorted(remainders, reverse=True)[:left]:
        shares[-neg_i] += 1
    return [sign * s for s in shares]


def split_expense(ledger, day, memo, payer, amount, participants):
    """Record that `payer` paid `amount` on behalf of everyone in `participants`."""
    shares = split_evenly(amount, len(participants))
    postings = [(f"owed:{name}", share) for name, share in zip(participants, shares)]
    postings.append((f"paid:{payer}", -amount))
    return ledger.record(day, memo, postings)


def settle_up(ledger):
    """Net position per person: positive means they owe money."""
    net = {}
    for account, amount in ledger.trial_balance().items():
        kind, _, person = account.partition(":")
        if kind in ("owed", "paid") and person:
            net[person] = net.get(person, 0) + amount
    return {person: value for person, value in sorted(net.items()) if value}


def parse_journal(text):
    """Parse a tiny journal format into a Ledger.

    Each transaction starts with "DAY memo" and is followed by indented
    "account amount" lines; blank lines and lines starting with '#' are ignored.
    """
    ledger = Ledger()
    header = None
    postings = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line or line.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            if header is not None:
                ledger.record(header[0], header[1], postings)
            day, _, memo = line.partition(" ")
            if not day.isdigit():
                raise LedgerError(f"line {lineno}: expected a day number")
            header = (int(day), memo.strip())
            postings = []
        else:
            if header is None:
                raise LedgerError(f"line {lineno}: posting outside a transaction")
            account, _, amount = line.strip().rpartition(" ")
            if not account:
                raise LedgerError(f"line {lineno}: expected 'account amount'")
            postings.append((account.strip(), parse_amount(amount)))
    if header is not None:
        ledger.record(header[0], header[1], postings)
    return ledger
