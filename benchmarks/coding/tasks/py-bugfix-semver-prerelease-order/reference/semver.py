"""Semantic version parsing and ordering."""


class Version:
    __slots__ = ("major", "minor", "patch", "prerelease", "build")

    def __init__(self, major, minor, patch, prerelease=(), build=()):
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = tuple(prerelease)
        self.build = tuple(build)

    def __str__(self):
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(str(p) for p in self.prerelease)
        if self.build:
            text += "+" + ".".join(self.build)
        return text

    def __repr__(self):
        return f"Version({str(self)!r})"


def _identifiers(text, what):
    parts = text.split(".")
    for part in parts:
        if not part or not all(c.isalnum() or c == "-" for c in part):
            raise ValueError(f"bad {what} identifier {part!r}")
    return parts


def parse(text):
    text = text.strip()
    if text.startswith("v"):
        text = text[1:]
    rest, _, build = text.partition("+")
    core, dash, pre = rest.partition("-")
    numbers = core.split(".")
    if len(numbers) != 3 or not all(n.isdigit() for n in numbers):
        raise ValueError(f"bad version {text!r}")
    if any(len(n) > 1 and n[0] == "0" for n in numbers):
        raise ValueError(f"leading zero in {text!r}")
    prerelease = _identifiers(pre, "pre-release") if dash else []
    prerelease = [int(p) if p.isdigit() else p for p in prerelease]
    build_ids = _identifiers(build, "build") if build else []
    return Version(*(int(n) for n in numbers), prerelease, build_ids)


def bump(version, part):
    v = parse(version) if isinstance(version, str) else version
    if part == "major":
        return Version(v.major + 1, 0, 0)
    if part == "minor":
        return Version(v.major, v.minor + 1, 0)
    if part == "patch":
        return Version(v.major, v.minor, v.patch + 1)
    raise ValueError(f"unknown part {part!r}")


def satisfies_caret(version, base):
    """True if version matches ^base (same major, not lower than base)."""
    v, b = parse(version), parse(base)
    return v.major == b.major and compare(version, base) >= 0


def sort_key(version):
    v = parse(version) if isinstance(version, str) else version
    if not v.prerelease:
        return (v.major, v.minor, v.patch, 1, ())
    ids = tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in v.prerelease)
    return (v.major, v.minor, v.patch, 0, ids)


def compare(a, b):
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def latest(versions):
    return max(versions, key=sort_key)


def sort_versions(versions):
    return sorted(versions, key=sort_key)
