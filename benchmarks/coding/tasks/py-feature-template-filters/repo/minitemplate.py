"""A tiny template language.

    {{ expr }}                      output, HTML-escaped
    {% if expr %}...{% else %}...{% endif %}
    {% for name in expr %}...{% endfor %}

An expression is a dotted name (`user.name`, `items.0`) looked up in the context.
"""

import html


class TemplateError(Exception):
    pass


class _Text:
    def __init__(self, text):
        self.text = text

    def render(self, context, out):
        out.append(self.text)


class _Output:
    def __init__(self, expr):
        self.expr = expr

    def render(self, context, out):
        value = evaluate(self.expr, context)
        out.append(html.escape("" if value is None else str(value)))


class _If:
    def __init__(self, expr):
        self.expr = expr
        self.body = []
        self.else_body = []

    def render(self, context, out):
        branch = self.body if evaluate(self.expr, context, strict=False) else self.else_body
        for node in branch:
            node.render(context, out)


class _For:
    def __init__(self, name, expr):
        self.name = name
        self.expr = expr
        self.body = []

    def render(self, context, out):
        items = evaluate(self.expr, context)
        for index, item in enumerate(items):
            inner = dict(context)
            inner[self.name] = item
            inner["loop"] = {"index": index, "first": index == 0, "last": index == len(items) - 1}
            for node in self.body:
                node.render(inner, out)


def _tokens(source):
    """Split the source into ("text" | "out" | "tag", content, position) tokens."""
    pos = 0
    while pos < len(source):
        starts = [i for i in (source.find("{{", pos), source.find("{%", pos)) if i != -1]
        if not starts:
            yield ("text", source[pos:], pos)
            return
        start = min(starts)
        if start > pos:
            yield ("text", source[pos:start], pos)
        closer = "}}" if source.startswith("{{", start) else "%}"
        end = source.find(closer, start + 2)
        if end == -1:
            raise TemplateError(f"unclosed {source[start:start + 2]} at {start}")
        kind = "out" if closer == "}}" else "tag"
        yield (kind, source[start + 2:end].strip(), start)
        pos = end + 2


def compile_template(source):
    root = []
    stack = [(None, root)]  # (block node, list receiving children)
    for kind, content, position in _tokens(source):
        block, children = stack[-1]
        if kind == "text":
            children.append(_Text(content))
        elif kind == "out":
            if not content:
                raise TemplateError(f"empty expression at {position}")
            children.append(_Output(content))
        else:
            words = content.split()
            if not words:
                raise TemplateError(f"empty tag at {position}")
            if words[0] == "if" and len(words) >= 2:
                node = _If(content[2:].strip())
                children.append(node)
                stack.append((node, node.body))
            elif words[0] == "else" and isinstance(block, _If) and children is block.body:
                stack[-1] = (block, block.else_body)
            elif words[0] == "endif" and isinstance(block, _If):
                stack.pop()
            elif words[0] == "for" and len(words) >= 4 and words[2] == "in":
                node = _For(words[1], " ".join(words[3:]))
                children.append(node)
                stack.append((node, node.body))
            elif words[0] == "endfor" and isinstance(block, _For):
                stack.pop()
            else:
                raise TemplateError(f"unexpected tag {content!r} at {position}")
    if len(stack) > 1:
        raise TemplateError("unclosed block")
    return root


def render(source, context):
    out = []
    for node in compile_template(source):
        node.render(context, out)
    return "".join(out)


_MISSING = object()


def lookup(name, context):
    """Resolve a dotted name; returns _MISSING when any part does not exist."""
    value = context
    for part in name.split("."):
        if isinstance(value, dict):
            value = value.get(part, _MISSING)
        elif isinstance(value, (list, tuple)) and part.isdigit():
            index = int(part)
            value = value[index] if index < len(value) else _MISSING
        else:
            value = getattr(value, part, _MISSING)
        if value is _MISSING:
            return _MISSING
    return value


def evaluate(expr, context, strict=True):
    """Value of an expression. Missing names raise TemplateError unless strict is False."""
    name = expr.strip()
    value = lookup(name, context)
    if value is _MISSING:
        if strict:
            raise TemplateError(f"undefined variable {name!r}")
        return None
    return value
