"""The views' palette (node kinds, class → kind, card facts), read from the kinds' own declarations.

The kinds declare their styles and facts (kinds/*.py `styles`, `facts`), but importing the
registry loads every kind's reader (pydantic, the curated data: about 0.5 s), which a view
does not need. So `_palette_data.py` holds the palette as the registry gives it, written by
`python -m jingan_kg.views.palette`; tests/test_views.py fails when it differs from the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .html import NodeKind

DATA = Path(__file__).with_name("_palette_data.py")
# A node's links to the nodes its card names (FILTER IN: 3.5× faster than VALUES ?p in Oxigraph);
# the names of the nodes linked to are read after, once each (`NAMES`): half the time of one join.
_LINKED = "SELECT ?n ?p ?o WHERE { {values} ?n ?p ?o . FILTER(?p IN (%s) && isIRI(?o)) }"
NAMES = """SELECT ?o ?label ?ident WHERE { {values} ?o skos:prefLabel|rdfs:label|dcterms:title ?label .
  FILTER(lang(?label) = "zh") OPTIONAL { ?o dcterms:identifier ?ident } }"""


@dataclass(frozen=True)
class Palette:
    """Node kinds (legend order), the class → kind map (most specific first), and card facts."""

    kinds: dict[str, NodeKind]
    of_class: list[tuple[str, str]]
    literal_facts: list[tuple[str, str]]
    linked_facts: list[tuple[str, str]]

    @property
    def linked_query(self) -> str:
        return _LINKED % ", ".join(f"<{p}>" for p, _ in self.linked_facts)


def from_registry() -> Palette:
    """The registry's styles and facts, ordered by their ranks; one colour and shape per kind in every view."""
    from ..kinds import REGISTRY

    styles = sorted((s for k in REGISTRY for s in k.styles), key=lambda s: s.rank)
    kinds = {s.key: NodeKind(s.key, s.label, s.color, s.shape) for s in styles}
    kinds["other"] = NodeKind("other", "其他 Other", "#cccccc", "dot")
    of_class = [(s.cls, s.key) for s in sorted(styles, key=lambda s: -s.precedence) if s.cls]
    facts = sorted((f for k in REGISTRY for f in k.facts), key=lambda f: f.rank)
    return Palette(
        kinds,
        of_class,
        [(f.predicate, f.label) for f in facts if not f.linked],
        [(f.predicate, f.label) for f in facts if f.linked],
    )


@lru_cache(maxsize=1)
def palette() -> Palette:
    """The palette as written from the registry (`_palette_data.py`), without importing the kinds."""
    from . import _palette_data as d

    return Palette({k[0]: NodeKind(*k) for k in d.KINDS}, list(d.OF_CLASS), list(d.LITERAL_FACTS), list(d.LINKED_FACTS))


def source(p: Palette) -> str:
    """`_palette_data.py` for palette `p`, as ruff formats it (one tuple per line)."""

    def block(name: str, rows) -> str:
        lines = "".join(f"    ({', '.join(_literal(x) for x in row)}),\n" for row in rows)
        return f"{name} = (\n{lines})\n"

    return (
        '"""The views\' palette as the kinds registry gives it. Written by `python -m jingan_kg.views.palette`:\n'
        'do not edit (tests/test_views.py checks it against the registry)."""\n\n'
        + "\n".join(
            (
                block("KINDS", [(k.key, k.label, k.color, k.shape) for k in p.kinds.values()]),
                block("OF_CLASS", p.of_class),
                block("LITERAL_FACTS", p.literal_facts),
                block("LINKED_FACTS", p.linked_facts),
            )
        )
    )


def _literal(text: str) -> str:
    """A Python string literal in double quotes (JSON's escapes are Python's for these strings)."""
    import json

    return json.dumps(text, ensure_ascii=False)


if __name__ == "__main__":
    DATA.write_text(source(from_registry()), encoding="utf-8", newline="\n")
    print(f"wrote {DATA}")
