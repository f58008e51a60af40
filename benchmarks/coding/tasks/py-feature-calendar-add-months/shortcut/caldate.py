"""Proleptic Gregorian calendar arithmetic on (year, month, day) tuples.

Everything is plain integers: day numbers count days since 0001-01-01 (day 1).
"""

MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]


def is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year, month):
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def days_in_year(year):
    return 366 if is_leap(year) else 365


def validate(date):
    year, month, day = date
    if year < 1:
        raise ValueError(f"year out of range: {year}")
    if not 1 <= day <= days_in_month(year, month):
        raise ValueError(f"day out of range: {date}")
    return date


def day_of_year(date):
    year, month, day = validate(date)
    return _DAYS_BEFORE_MONTH[month - 1] + (1 if month > 2 and is_leap(year) else 0) + day


def to_ordinal(date):
    """Day number of a date: (1, 1, 1) is day 1."""
    year = date[0]
    y = year - 1
    return y * 365 + y // 4 - y // 100 + y // 400 + day_of_year(date)


def from_ordinal(n):
    """Inverse of to_ordinal."""
    if n < 1:
        raise ValueError(f"ordinal out of range: {n}")
    n -= 1
    n400, n = divmod(n, 146097)
    n100, n = divmod(n, 36524)
    n4, n = divmod(n, 1461)
    n1, n = divmod(n, 365)
    year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1
    if n100 == 4 or n1 == 4:
        return (year - 1, 12, 31)
    month = 1
    while True:
        length = days_in_month(year, month)
        if n < length:
            return (year, month, n + 1)
        n -= length
        month += 1


def weekday(date):
    """0 = Monday ... 6 = Sunday."""
    return (to_ordinal(date) - 1) % 7


def weekday_name(date):
    return WEEKDAY_NAMES[weekday(date)]


def add_days(date, days):
    return from_ordinal(to_ordinal(date) + days)


def days_between(a, b):
    """Signed number of days from a to b."""
    return to_ordinal(b) - to_ordinal(a)


def format_date(date):
    year, month, day = validate(date)
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text):
    parts = text.strip().split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"expected YYYY-MM-DD: {text!r}")
    return validate(tuple(int(p) for p in parts))


def long_format(date):
    year, month, day = validate(date)
    return f"{weekday_name(date)}, {day} {MONTH_NAMES[month - 1]} {year}"


def start_of_week(date):
    """The Monday on or before date."""
    return add_days(date, -weekday(date))


def nth_weekday(year, month, wday, n):
    """The n-th given weekday (0=Monday) of a month; n=-1 is the last one."""
    if n == 0:
        raise ValueError("n must not be 0")
    if n > 0:
        first = (year, month, 1)
        offset = (wday - weekday(first)) % 7
        day = 1 + offset + 7 * (n - 1)
    else:
        last_day = days_in_month(year, month)
        last = (year, month, last_day)
        offset = (weekday(last) - wday) % 7
        day = last_day - offset - 7 * (-n - 1)
    if not 1 <= day <= days_in_month(year, month):
        raise ValueError("no such weekday in this month")
    return (year, month, day)


def month_calendar(year, month):
    """Weeks of a month as lists of 7 day numbers (0 for padding), Monday first."""
    first = weekday((year, month, 1))
    cells = [0] * first + list(range(1, days_in_month(year, month) + 1))
    cells += [0] * (-len(cells) % 7)
    return [cells[i:i + 7] for i in range(0, len(cells), 7)]


def iso_week(date):
    """ISO 8601 (year, week) of a date."""
    year = date[0]
    thursday = add_days(date, 3 - weekday(date))
    year = thursday[0]
    return (year, (day_of_year(thursday) - 1) // 7 + 1)


def business_days_between(a, b):
    """Number of Monday-Friday days in [a, b)."""
    start, end = to_ordinal(a), to_ordinal(b)
    if end <= start:
        return 0
    full_weeks, rest = divmod(end - start, 7)
    count = full_weeks * 5
    wd = (start - 1) % 7
    for i in range(rest):
        if (wd + i) % 7 < 5:
            count += 1
    return count


def add_months(date, months):
    year, month, day = validate(date)
    month += months
    while month > 12:
        month -= 12
        year += 1
    while month < 1:
        month += 12
        year -= 1
    return (year, month, min(day, days_in_month(year, month)))


def add_years(date, years):
    year, month, day = date
    return (year + years, month, day)
