"""Recursive-descent evaluator: + - * / ^, parentheses, unary minus, a few functions."""

import math

from calc.lexer import CalcError, tokenize

FUNCTIONS = {"sqrt": math.sqrt, "abs": abs, "min": min, "max": max}
CONSTANTS = {"pi": math.pi, "e": math.e}


class Parser:
    def __init__(self, source, variables=None):
        self.tokens = tokenize(source)
        self.pos = 0
        self.variables = dict(CONSTANTS, **(variables or {}))

    def _peek(self):
        return self.tokens[self.pos]

    def _accept(self, text):
        tok = self._peek()
        if tok.kind == "op" and tok.text == text:
            self.pos += 1
            return True
        return False

    def _expect(self, text):
        if not self._accept(text):
            tok = self._peek()
            raise CalcError(f"expected {text!r} at {tok.pos}, got {tok.text or 'end'!r}")

    def parse(self):
        value = self._sum()
        tok = self._peek()
        if tok.kind != "end":
            raise CalcError(f"unexpected {tok.text!r}")
        return value

    def _sum(self):
        value = self._product()
        while True:
            if self._accept("+"):
                value += self._product()
            elif self._accept("-"):
                value -= self._product()
            else:
                return value

    def _product(self):
        value = self._unary()
        while True:
            if self._accept("*"):
                value *= self._unary()
            elif self._accept("/"):
                divisor = self._unary()
                if divisor == 0:
                    raise CalcError("division by zero")
                value /= divisor
            else:
                return value

    def _unary(self):
        if self._accept("-"):
            return -self._unary()
        if self._accept("+"):
            return self._unary()
        return self._power()

    def _atom(self):
        tok = self._peek()
        if tok.kind == "num":
            self.pos += 1
            return float(tok.text) if "." in tok.text else int(tok.text)
        if tok.kind == "name":
            self.pos += 1
            if self._accept("("):
                return self._call(tok)
            if tok.text not in self.variables:
                raise CalcError(f"unknown name {tok.text!r}")
            return self.variables[tok.text]
        if self._accept("("):
            value = self._sum()
            self._expect(")")
            return value
        raise CalcError(f"unexpected {tok.text or 'end'!r}")

    def _call(self, name_tok):
        fn = FUNCTIONS.get(name_tok.text)
        if fn is None:
            raise CalcError(f"unknown function {name_tok.text!r}")
        args = []
        if not self._accept(")"):
            args.append(self._sum())
            while self._accept(","):
                args.append(self._sum())
            self._expect(")")
        return fn(*args)

    def _power(self):
        base = self._atom()
        if self._accept("^"):
            return base ** self._power()
        return base


def evaluate(source, variables=None):
    return Parser(source, variables).parse()
