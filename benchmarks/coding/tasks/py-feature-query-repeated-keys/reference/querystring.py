"""Parse and build URL query strings (application/x-www-form-urlencoded)."""


def parse_query(text, multi=False):
    """Parse "a=1&b=2" into {"a": "1", "b": "2"}; later duplicates win.

    With multi=True every key maps to the list of all its values.
    """
    if text.startswith("?"):
        text = text[1:]
    result = {}
    for piece in text.split("&"):
        if not piece:
            continue
        key, _, value = piece.partition("=")
        if multi:
            result.setdefault(unquote(key), []).append(unquote(value))
        else:
            result[unquote(key)] = unquote(value)
    return result


_SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_HEX = "0123456789ABCDEF"


def quote(text):
    """Percent-encode text as UTF-8; spaces become '+'."""
    out = []
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        if ch in _SAFE:
            out.append(ch)
        elif ch == " ":
            out.append("+")
        else:
            out.append("%" + _HEX[byte >> 4] + _HEX[byte & 15])
    return "".join(out)


def unquote(text):
    """Decode '+' and %XX escapes (UTF-8). Malformed escapes are kept literally."""
    data = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "+":
            data.append(32)
            i += 1
        elif ch == "%" and i + 2 < len(text) + 0 and _is_hex(text[i + 1:i + 3]):
            data.append(int(text[i + 1:i + 3], 16))
            i += 3
        else:
            data.extend(ch.encode("utf-8"))
            i += 1
    return data.decode("utf-8", errors="replace")


def _is_hex(pair):
    return len(pair) == 2 and all(c in "0123456789abcdefABCDEF" for c in pair)


def split_url(url):
    """Split "path?query#fragment" into its three parts."""
    url, _, fragment = url.partition("#")
    path, _, query = url.partition("?")
    return path, query, fragment


def with_params(url, params):
    """Return url with params merged into its query string."""
    path, query, fragment = split_url(url)
    merged = parse_query(query)
    merged.update(params)
    result = path
    if merged:
        result += "?" + build_query(merged)
    if fragment:
        result += "#" + fragment
    return result


def build_query(params):
    """Build "a=1&b=2" from a dict (insertion order); None values are skipped."""
    pairs = []
    for key, value in params.items():
        if value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            pairs.append(quote(str(key)) + "=" + quote(str(item)))
    return "&".join(pairs)
