"""The views' palette (node kinds, class → kind, card facts), read from the kinds' own declarations.

The kinds declare their styles and facts (kinds/*.py `styles`, `facts`). A build draws with the
registry it runs; it also writes the declarations into the search index (store/index.py), so
`viz` on a built folder reads them there (`use(from_index(index))`) instead of importing the
registry, which loads every kind's reader (pydantic, the curated data: about 0.5 s).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .html import NodeKind

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
    """The registry's styles and facts: what a build draws with."""
    from ..kinds import REGISTRY

    styles = [(s.key, s.label, s.color, s.shape, s.rank, s.cls, s.precedence) for k in REGISTRY for s in k.styles]
    return _palette(styles, [(f.predicate, f.label, f.rank, f.linked) for k in REGISTRY for f in k.facts])


def from_index(index) -> Palette:
    """The styles and facts the build's registry wrote into the search index (`SearchIndex.styles`)."""
    styles, facts = index.styles()
    return _palette([tuple(s) for s in styles], [tuple(f) for f in facts])


def _palette(styles: list[tuple], facts: list[tuple]) -> Palette:
    """Styles (key, label, color, shape, rank, class, precedence) and facts (predicate, label, rank,
    linked), ordered by their ranks: one colour and shape per kind in every view."""
    styles = sorted(styles, key=lambda s: s[4])
    kinds = {s[0]: NodeKind(s[0], s[1], s[2], s[3]) for s in styles}
    kinds["other"] = NodeKind("other", "其他 Other", "#cccccc", "dot")
    of_class = [(s[5], s[0]) for s in sorted(styles, key=lambda s: -s[6]) if s[5]]
    facts = sorted(facts, key=lambda f: f[2])
    return Palette(kinds, of_class, [(f[0], f[1]) for f in facts if not f[3]], [(f[0], f[1]) for f in facts if f[3]])


_USED: list[Palette] = []


def use(p: Palette) -> None:
    """Draw with `p` from now on in this process (`viz` gives the built folder's)."""
    _USED[:] = [p]


def palette() -> Palette:
    """The palette set by `use`, else the registry's (read once)."""
    return _USED[0] if _USED else _registry()


@lru_cache(maxsize=1)
def _registry() -> Palette:
    return from_registry()
