"""The layout shows the flow: imports go one way (ingest → curate → graph → kinds → pipeline →
store → query → views → web → cli), no module is over 600 lines, every module says what it is."""

from __future__ import annotations

import ast

import pytest

from .conftest import ROOT

SRC = ROOT / "src" / "jingan_kg"
# Each module's layer, by its first matching prefix; a module may import its own layer and those below.
LAYERS = [
    ("text", 0),
    ("errors", 0),
    ("records", 0),
    ("config", 0),
    ("ingest", 1),
    ("curate", 2),
    ("graph", 3),
    ("kinds", 4),
    ("pipeline.build", 10),
    ("pipeline", 5),
    ("store", 6),
    ("query", 7),
    ("views", 8),
    ("web", 9),
    ("api", 10),
    ("cli", 11),
    ("", 0),
]
MODULES = sorted(p for p in SRC.rglob("*.py"))


def _name(path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    return next(n for prefix, n in LAYERS if module == prefix or module.startswith(prefix + ".") or not prefix)


def _imports(path) -> list[str]:
    """The package modules a file imports (relative imports resolved), anywhere in the file."""
    name = _name(path).split(".") if _name(path) else []
    package = name if path.name == "__init__.py" else name[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, *([node.module] if node.module else [])])
            out += [target] if node.module else [".".join([*base, a.name]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jingan_kg"):
            out.append(node.module.removeprefix("jingan_kg").lstrip("."))
    return out


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(SRC).as_posix())
def test_imports_go_one_way(path):
    own = _layer(_name(path)) if _name(path) else 11  # the package itself is the facade over all
    upward = [m for m in _imports(path) if m and _layer(m) > own]
    assert not upward, f"{_name(path)} (layer {own}) imports from a later stage: {upward}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(SRC).as_posix())
def test_small_modules_that_say_what_they_are(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 600, f"{path.name}: {text.count(chr(10))} lines"
    doc = ast.get_docstring(ast.parse(text))
    assert doc and len(doc.split()) >= 2, f"{path.name} has no docstring saying what it is"
