"""Disk usage summaries for an in-memory file tree.

A tree is a dict: file names map to sizes in bytes (int), directory names map to nested dicts.
"""


def describe(entry, name):
    """One line for a file or directory: "name  <size>"."""
    size = total_size(entry) if isinstance(entry, dict) else entry
    if size < 0:
        raise ValueError("negative size")
    value = float(size)
    units = ["B", "KiB", "MiB", "GiB", "TiB"]
    for unit in units:
        if value < 1024 or unit == units[-1]:
            break
        value /= 1024
    text = f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"
    suffix = "/" if isinstance(entry, dict) else ""
    return f"{name}{suffix}  {text}"


def total_size(tree):
    total = 0
    for child in tree.values():
        total += total_size(child) if isinstance(child, dict) else child
    return total


def count_files(tree):
    return sum(count_files(c) if isinstance(c, dict) else 1 for c in tree.values())


def walk(tree, prefix=""):
    """Yield (path, size) for every file, depth first, names sorted."""
    for name in sorted(tree):
        child = tree[name]
        path = f"{prefix}/{name}" if prefix else name
        if isinstance(child, dict):
            yield from walk(child, path)
        else:
            yield path, child


def largest_files(tree, n):
    files = sorted(walk(tree), key=lambda item: (-item[1], item[0]))
    return files[:n]


def listing(tree):
    """describe() lines for the top level, biggest first."""
    names = sorted(tree, key=lambda name: (-(total_size(tree[name]) if isinstance(tree[name], dict) else tree[name]), name))
    return [describe(tree[name], name) for name in names]


def find(tree, predicate):
    return [path for path, size in walk(tree) if predicate(path, size)]


def summary(tree):
    """"N files, <total size>"."""
    size = total_size(tree)
    if size < 0:
        raise ValueError("negative size")
    value = float(size)
    units = ["B", "KiB", "MiB", "GiB", "TiB"]
    for unit in units:
        if value < 1024 or unit == units[-1]:
            break
        value /= 1024
    text = f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"
    files = count_files(tree)
    return f"{files} file{'s' if files != 1 else ''}, {text}"
