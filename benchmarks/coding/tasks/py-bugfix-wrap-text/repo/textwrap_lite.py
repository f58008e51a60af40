"""Greedy word wrapping for plain text."""


def split_words(text):
    """Split text on any run of whitespace, dropping empty pieces."""
    return text.split()


def wrap(text, width):
    """Wrap text into lines of at most `width` characters.

    Words are never broken: a word longer than `width` sits alone on its line.
    """
    if width < 1:
        raise ValueError("width must be at least 1")
    lines = []
    current = ""
    for word in split_words(text):
        if not current:
            current = word
        elif len(current) + 1 + len(word) < width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def fill(text, width):
    """Wrap text and join the lines with newlines."""
    return "\n".join(wrap(text, width))


def indent(lines, prefix):
    """Prefix every non-empty line."""
    return [prefix + line if line else line for line in lines]
