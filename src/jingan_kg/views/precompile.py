"""Compile the views' Jinja templates into plain Python (`views/_pages.py`), so a view draws without jinja2.

    python -m jingan_kg.views.precompile        # after editing a template the views use

Importing jinja2 and compiling a page's templates is about a third of a `viz` process at 1x
(issue 16). The views' templates use a small part of Jinja: text, `{{ }}` (autoescaped),
attribute lookups, `if`/`elif`/`else` with `==`, `for` over names or tuples, macros called with
positional arguments, `include`, `extends` with blocks, `from … import`. This module walks
Jinja's own parse of each template (so whitespace control is Jinja's) and writes one function
per page that appends the same strings Jinja's compiled code yields: `{{ x }}` is
`markupsafe.escape(x)`, an attribute is looked up as Jinja's `Environment.getattr` does, a
missing name is empty and false (Jinja's `Undefined`), a macro returns `Markup`. Anything else
stops the compile with the construct named. `views/html.py` uses a compiled page only while its
templates' checksums match (`TEMPLATE_CRC`), else it renders with Jinja as before; tests compare
both renderings (tests/test_views.py).
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

from ..config import resource

PAGES = ("graph.html", "targets.html", "ledger.html", "notice.html")
OUT = Path(__file__).with_name("_pages.py")
_OPS = {"eq": "==", "ne": "!=", "gt": ">", "lt": "<", "gteq": ">=", "lteq": "<="}


class Unsupported(ValueError):
    """A template uses a construct this compiler does not write (render it with Jinja instead)."""


def _env():
    from jinja2 import Environment, FileSystemLoader

    return Environment(loader=FileSystemLoader(resource("templates")), autoescape=True, keep_trailing_newline=True)


class _Compiler:
    def __init__(self, env):
        self.env = env
        self.lines: list[str] = []
        self.macros: dict[tuple[str, str], str] = {}  # (template, macro) -> python name
        self.used: set[str] = set()  # the templates read
        self.literal: tuple[int, str] = (-1, "")  # where the last literal write is (lines, indent)
        self.literal_text = ""

    def parse(self, name: str):
        self.used.add(name)
        source = self.env.loader.get_source(self.env, name)[0]
        return self.env.parse(source, name)

    # --- expressions -------------------------------------------------------------------------
    def expr(self, node, scope: dict[str, str]) -> str:
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            if node.name == "loop":
                raise Unsupported("the loop variable")
            if node.name in scope:
                return scope[node.name]
            if scope.get("<macro>"):
                raise Unsupported(f"a macro reading {node.name!r} from its template's context")
            return f"c.get({node.name!r}, '')"
        if isinstance(node, nodes.Const):
            return repr(node.value)
        if isinstance(node, nodes.Getattr):
            return f"_attr({self.expr(node.node, scope)}, {node.attr!r})"
        if isinstance(node, nodes.Compare):
            parts = [self.expr(node.expr, scope)]
            for op in node.ops:
                if op.op not in _OPS:
                    raise Unsupported(f"the comparison {op.op!r}")
                parts += [_OPS[op.op], self.expr(op.expr, scope)]
            return "(" + " ".join(parts) + ")"
        if isinstance(node, nodes.Call):
            if node.kwargs or node.dyn_args or node.dyn_kwargs or not isinstance(node.node, nodes.Name):
                raise Unsupported("a call other than a macro's with positional arguments")
            fn = scope.get("<m>" + node.node.name)
            if fn is None:
                raise Unsupported(f"a call of {node.node.name!r}, not a macro")
            return f"{fn}({', '.join(self.expr(a, scope) for a in node.args)})"
        raise Unsupported(f"the expression {type(node).__name__}")

    # --- statements --------------------------------------------------------------------------
    def body(self, body, scope: dict[str, str], depth: int, blocks: dict, indent: int) -> None:
        from jinja2 import nodes

        pad = "    " * indent
        for node in body:
            if isinstance(node, nodes.Output):
                for child in node.nodes:
                    if isinstance(child, nodes.TemplateData):
                        self.text(pad, child.data)
                    elif isinstance(child, nodes.Const):
                        from markupsafe import escape

                        self.text(pad, str(escape(child.value)))
                    else:
                        self.lines.append(f"{pad}w(escape({self.expr(child, scope)}))")
            elif isinstance(node, nodes.If):
                self.lines.append(f"{pad}if {self.expr(node.test, scope)}:")
                self.suite(node.body, scope, depth, blocks, indent + 1)
                for alt in node.elif_:
                    self.lines.append(f"{pad}elif {self.expr(alt.test, scope)}:")
                    self.suite(alt.body, scope, depth, blocks, indent + 1)
                if node.else_:
                    self.lines.append(f"{pad}else:")
                    self.suite(node.else_, scope, depth, blocks, indent + 1)
            elif isinstance(node, nodes.For):
                if node.else_ or node.test is not None or node.recursive:
                    raise Unsupported("a for loop with else, a filter or recursion")
                inner = dict(scope)
                targets = node.target.items if isinstance(node.target, nodes.Tuple) else [node.target]
                names = []
                for t in targets:
                    if not isinstance(t, nodes.Name):
                        raise Unsupported("a for loop over other than names")
                    inner[t.name] = f"l{depth}_{t.name}"
                    names.append(inner[t.name])
                target = ", ".join(names) + ("," if isinstance(node.target, nodes.Tuple) and len(names) == 1 else "")
                self.lines.append(f"{pad}for {target} in {self.expr(node.iter, scope)}:")
                self.suite(node.body, inner, depth + 1, blocks, indent + 1)
            elif isinstance(node, nodes.Include):
                if depth or not isinstance(node.template, nodes.Const) or node.ignore_missing:
                    raise Unsupported("an include inside a loop, of a computed name or ignoring missing")
                self.body(self.parse(node.template.value).body, scope, depth, blocks, indent)
            elif isinstance(node, nodes.Block):
                own_body, own_scope = blocks.get(node.name, (node.body, scope))
                self.body(own_body, own_scope, depth, blocks, indent)
            elif isinstance(node, (nodes.Macro, nodes.FromImport)):
                pass  # bound before the page's body (`page`)
            else:
                raise Unsupported(f"the statement {type(node).__name__}")

    def text(self, pad: str, data: str) -> None:
        """Write literal text, joined to the literal written just before at the same place."""
        if self.literal == (len(self.lines), pad):
            data = self.literal_text + data
            self.lines.pop()
        self.lines.append(f"{pad}w({data!r})")
        self.literal, self.literal_text = (len(self.lines), pad), data

    def suite(self, body, scope, depth, blocks, indent) -> None:
        start = len(self.lines)
        self.body(body, scope, depth, blocks, indent)
        if len(self.lines) == start:
            self.lines.append("    " * indent + "pass")

    def macro(self, template: str, node) -> str:
        """A macro as a function returning Markup; its name in the module."""
        key = (template, node.name)
        if key in self.macros:
            return self.macros[key]
        if node.defaults or node.args is None:
            raise Unsupported("a macro with default arguments")
        fn = f"m_{template.split('.')[0].strip('_')}_{node.name}"
        scope = {"<macro>": "1", **{a.name: f"a_{a.name}" for a in node.args}}
        self.lines.append(f"def {fn}({', '.join(f'a_{a.name}=' + repr('') for a in node.args)}):")
        self.lines.append("    out = []")
        self.lines.append("    w = out.append")
        self.body(node.body, scope, 1, {}, 1)
        self.lines.append("    return Markup(''.join(out))")
        self.lines += ["", ""]
        self.macros[key] = fn
        return fn

    def bind(self, template: str, tree, scope: dict[str, str]) -> None:
        """The macros a template defines or imports, as names in `scope`."""
        from jinja2 import nodes

        for node in tree.body:
            if isinstance(node, nodes.Macro):
                scope["<m>" + node.name] = self.macro(template, node)
            elif isinstance(node, nodes.FromImport):
                if node.with_context or not isinstance(node.template, nodes.Const):
                    raise Unsupported("an import with context or of a computed name")
                other = self.parse(node.template.value)
                defined = {m.name: m for m in other.body if isinstance(m, nodes.Macro)}
                for name in node.names:
                    name, alias = name if isinstance(name, tuple) else (name, name)
                    scope["<m>" + alias] = self.macro(node.template.value, defined[name])

    def page(self, name: str) -> str:
        """Write the function of page `name`; its name in the module."""
        from jinja2 import nodes

        tree, scope, blocks = self.parse(name), {}, {}
        chain = []
        while True:
            self.bind(chain[-1][0] if chain else name, tree, scope)
            extends = [n for n in tree.body if isinstance(n, nodes.Extends)]
            if not extends:
                break
            head = tree.body[: tree.body.index(extends[0])]
            if any(not isinstance(n, (nodes.Output,)) or _text(n).strip() for n in head):
                raise Unsupported("output before extends")
            for block in tree.find_all(nodes.Block):
                blocks.setdefault(block.name, (block.body, dict(scope)))
            parent = extends[0].template
            if not isinstance(parent, nodes.Const):
                raise Unsupported("extends of a computed name")
            chain.append((parent.value, tree))
            tree = self.parse(parent.value)
        fn = "p_" + name.split(".")[0]
        self.lines += [f"def {fn}(c):", "    out = []", "    w = out.append"]
        self.body(tree.body, scope, 0, blocks, 1)
        self.lines += ["    return ''.join(out)", "", ""]
        return fn


def _text(node) -> str:
    from jinja2 import nodes

    return "".join(n.data for n in node.nodes if isinstance(n, nodes.TemplateData))


def checksums(names) -> dict[str, int]:
    """CRC-32 of each template's bytes: what `views/html.py` compares before using a compiled page."""
    folder = resource("templates")
    return {n: zlib.crc32((folder / n).read_bytes()) for n in sorted(names)}


def compile_pages(pages=PAGES) -> str:
    """The source of `views/_pages.py` for `pages`."""
    c = _Compiler(_env())
    functions = {name: c.page(name) for name in pages}
    crc = checksums(c.used)
    head = [
        '"""The views\' pages as Python, written by `python -m jingan_kg.views.precompile` from the templates',
        "(views/precompile.py): do not edit; views/html.py uses them while TEMPLATE_CRC matches.",
        '"""',
        "",
        "# ruff: noqa",
        "# fmt: off",
        "from markupsafe import Markup, escape",
        "",
        "TEMPLATE_CRC = {",
        *(f"    {n!r}: {v}," for n, v in crc.items()),
        "}",
        "",
        "",
        "def _attr(obj, name):",
        '    """An attribute as Jinja looks it up: the attribute, else the item, else empty (Undefined)."""',
        "    try:",
        "        return getattr(obj, name)",
        "    except AttributeError:",
        "        pass",
        "    try:",
        "        return obj[name]",
        "    except (TypeError, LookupError):",
        "        return ''",
        "",
        "",
    ]
    tail = ["PAGES = {", *(f"    {n!r}: {f}," for n, f in functions.items()), "}"]
    return "\n".join(head + c.lines + tail) + "\n"


def main() -> int:
    OUT.write_text(compile_pages(), encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
