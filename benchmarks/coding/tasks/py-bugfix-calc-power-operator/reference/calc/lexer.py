"""Tokenizer for arithmetic expressions."""

from dataclasses import dataclass


class CalcError(ValueError):
    pass


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "name", "op", "end"
    text: str
    pos: int


OPERATORS = "+-*/^(),"


def tokenize(source):
    tokens = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit() or (ch == "." and source[i + 1:i + 2].isdigit()):
            start = i
            while i < len(source) and (source[i].isdigit() or source[i] == "."):
                i += 1
            text = source[start:i]
            if text.count(".") > 1:
                raise CalcError(f"bad number {text!r} at {start}")
            tokens.append(Token("num", text, start))
        elif ch.isalpha() or ch == "_":
            start = i
            while i < len(source) and (source[i].isalnum() or source[i] == "_"):
                i += 1
            tokens.append(Token("name", source[start:i], start))
        elif source.startswith("**", i):
            tokens.append(Token("op", "^", i))
            i += 2
        elif ch in OPERATORS:
            tokens.append(Token("op", ch, i))
            i += 1
        else:
            raise CalcError(f"unexpected character {ch!r} at {i}")
    tokens.append(Token("end", "", len(source)))
    return tokens
