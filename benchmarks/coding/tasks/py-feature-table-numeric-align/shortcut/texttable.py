"""Render rows of values as a plain-text table."""


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def format_table(headers, rows, sep=" | "):
    """Return the table as a string: header line, a rule, then one line per row."""
    for row in rows:
        if len(row) != len(headers):
            raise ValueError("every row needs one value per header")
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, text in enumerate(row):
            widths[i] = max(widths[i], len(text))
    aligns = [">" if rows and isinstance(v, (int, float)) else "<" for v in (rows[0] if rows else headers)]
    lines = [sep.join(f"{h:{a}{w}}" for h, a, w in zip(headers, aligns, widths)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths) if sep == " | " else "-" * len(lines[0]))
    for row in cells:
        lines.append(sep.join(f"{t:{a}{w}}" for t, a, w in zip(row, aligns, widths)).rstrip())
    return "\n".join(lines)


def from_dicts(records, columns=None):
    """Render a list of dicts; columns default to the keys of the first record."""
    if not records:
        return ""
    columns = columns or list(records[0])
    return format_table(columns, [[r.get(c) for c in columns] for r in records])
