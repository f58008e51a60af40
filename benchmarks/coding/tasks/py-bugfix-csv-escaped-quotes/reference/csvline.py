"""Split and join single CSV lines (RFC 4180 style, no embedded newlines)."""


class CsvError(ValueError):
    pass


def split_row(line, sep=","):
    fields = []
    field = []
    in_quotes = False
    i = 0
    while i < len(line):
        ch = line[i]
        if in_quotes:
            if ch == '"' and line[i + 1:i + 2] == '"':
                field.append('"')
                i += 1
            elif ch == '"':
                in_quotes = False
            else:
                field.append(ch)
        elif ch == '"':
            in_quotes = True
        elif ch == sep:
            fields.append("".join(field))
            field = []
        else:
            field.append(ch)
        i += 1
    if in_quotes:
        raise CsvError("unterminated quoted field")
    fields.append("".join(field))
    return fields


def quote_field(value, sep=","):
    if any(c in value for c in (sep, '"', "\n")) or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def join_row(values, sep=","):
    return sep.join(quote_field(str(v), sep) for v in values)


def parse(text, sep=","):
    """Parse several lines into a header list and a list of dict rows."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return [], []
    header = split_row(lines[0], sep)
    rows = []
    for number, line in enumerate(lines[1:], 2):
        values = split_row(line, sep)
        if len(values) != len(header):
            raise CsvError(f"line {number}: expected {len(header)} fields, got {len(values)}")
        rows.append(dict(zip(header, values)))
    return header, rows
