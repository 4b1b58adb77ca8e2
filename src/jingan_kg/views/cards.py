"""What a view shows of each node: its kind (colour, shape, legend) and its card of facts.

Every kind declares its styles and facts (kinds/*.py `styles`, `facts`); `palette()` gives them
in rank order (views/palette.py), so a kind looks the same in every view. `describe` reads
the labels, literals, linked names and excerpt of many nodes in a few queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..graph import vocab as V
from ..query.districts import districts, districts_of
from ..store.base import Store as GraphStore
from .html import NodeKind, VizNode
from .palette import NAMES, Palette, palette

__all__ = ["Info", "Palette", "describe", "kinds_of", "palette"]

_FACT_CHARS = 300
_LABEL_PROPS = (V.prefLabel, V.label, V.title)
_LITERALS = """SELECT ?n ?p ?v (lang(?v) AS ?lang) WHERE { {values} ?n ?p ?v . FILTER(isLiteral(?v)) }"""
_TYPES = """SELECT ?n ?t WHERE { {values} ?n a ?t }"""
# Each node's excerpts, then each excerpt read once (two queries: a quarter faster than the join).
_DERIVED = "SELECT ?n ?ex WHERE { {values} ?n prov:wasDerivedFrom ?ex FILTER(isIRI(?ex)) }"
_EXCERPTS = """SELECT ?ex ?src ?start ?end ?quote WHERE { {values}
  ?ex jkg:quote ?quote ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:inSource/jkg:path ?src }"""


def kinds_of(keys: Iterable[str], labels: dict[str, str] | None = None) -> list[NodeKind]:
    """The legend of a view: the kinds used, in the fixed order, with view-specific labels."""
    used, labels = set(keys), labels or {}
    return [
        NodeKind(k.key, labels.get(k.key, k.label), k.color, k.shape) for k in palette().kinds.values() if k.key in used
    ]


@dataclass
class Info:
    """What the store says about one node: labels, types, literal and linked facts, first excerpt."""

    iri: str
    label: str | None = None
    label_en: str | None = None
    types: set[str] = field(default_factory=set)
    literals: dict[str, list] = field(default_factory=dict)
    linked: dict[str, list[str]] = field(default_factory=dict)
    source: str | None = None
    quote: str | None = None
    districts: tuple[str, ...] = ()  # labels of the districts it is of

    def first(self, predicate: str):
        values = self.literals.get(predicate)
        return sorted(values, key=str)[0] if values else None

    @property
    def unresolved(self) -> bool:
        return any(str(v).lower() in ("true", "1") for v in self.literals.get(V.unresolved, []))

    @property
    def kind(self) -> str:
        for cls, kind in palette().of_class:
            if cls in self.types:
                return "unresolved" if kind == "body" and self.unresolved else kind
        return "other"

    def display(self, kind: str | None = None) -> str:
        """The label drawn for the node: its Chinese name, numbered or composed where that reads better."""
        kind = kind or self.kind
        name = self.label or self.label_en or self.iri.rsplit("/", 1)[-1]
        if kind == "measure" and self.first(V.ordinal) is not None:
            return f"{self.first(V.ordinal)}. {name}"
        if kind in ("target", "outcome"):
            indicator = self.linked.get(V.indicator, [""])[0]
            value, unit = str(self.first(V.value) or ""), self.first(V.unit)
            if unit and re.fullmatch(r"[-+]?[\d.,]+", value):
                value += unit
            return f"{indicator} {self.first(V.period)}：{value}".strip()
        if kind == "appointment" and self.first(V.action):
            return f"{self.first(V.action)} {self.first(V.postTitle) or ''}".strip()
        return name

    def facts(self, skip: Iterable[str] = ()) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        skip = set(skip)
        names_done: set[str] = set()
        for predicate, name in palette().literal_facts:
            if predicate in skip or not self.literals.get(predicate):
                continue
            values = sorted({_clip(str(v)) for v in self.literals[predicate]})
            out.append((name, "；".join(values)))
        for predicate, name in palette().linked_facts:
            if predicate in skip or not self.linked.get(predicate):
                continue
            values = sorted(set(self.linked[predicate]))
            if name in names_done:  # partOf / statedIn / definedIn share a row
                i = next(i for i, (n, _) in enumerate(out) if n == name)
                values = sorted(set(out[i][1].split("；")) | set(values))
                out[i] = (name, "；".join(values))
                continue
            names_done.add(name)
            out.append((name, _clip("；".join(values))))
        return tuple(out)

    def node(self, kind: str | None = None, *, label: str | None = None, skip: Iterable[str] = ()) -> VizNode:
        kind = kind or self.kind
        return VizNode(
            id=self.iri,
            label=label or self.display(kind),
            kind=kind,
            facts=self.facts(skip),
            quote=self.quote,
            source=self.source,
            label_en=self.label_en,
            districts=self.districts,
        )


def _clip(text: str, n: int = _FACT_CHARS) -> str:
    return text if len(text) <= n else text[:n] + "…"


def describe(
    store: GraphStore, iris: Iterable[str], *, types: bool = True, districts_too: bool = True
) -> dict[str, Info]:
    """Labels, types, facts and the first excerpt of each node, in a few queries over VALUES chunks.

    A view that never asks a node's kind (`Info.kind`) or its districts (`Info.districts`) turns
    `types` or `districts_too` off: one and five queries fewer over the same VALUES blocks."""
    iris = sorted(set(iris))
    infos = {i: Info(i) for i in iris}
    if not iris:
        return infos
    for r in store.select_each(_LITERALS, "n", iris):
        info, p, v = infos[r["n"]], r["p"], r["v"]
        if p in _LABEL_PROPS and r["lang"] in ("zh", ""):
            info.label = min(info.label, v) if info.label else v
        elif p in _LABEL_PROPS and r["lang"] == "en":
            info.label_en = min(info.label_en, v) if info.label_en else v
        else:
            info.literals.setdefault(p, []).append(v)
    for r in store.select_each(_TYPES, "n", iris) if types else ():
        infos[r["n"]].types.add(r["t"])
    derived = store.select_each(_DERIVED, "n", iris)
    read: dict[str, list[tuple]] = {}
    for r in store.select_each(_EXCERPTS, "ex", sorted({r["ex"] for r in derived})):
        read.setdefault(r["ex"], []).append((r["src"], r["start"], r["end"], r["quote"]))
    excerpts: dict[str, tuple] = {}
    for r in derived:
        for key in read.get(r["ex"], ()):
            if r["n"] not in excerpts or key < excerpts[r["n"]]:
                excerpts[r["n"]] = key
    for n, (src, start, end, quote) in excerpts.items():
        infos[n].source = f"{src}:{start}" if start == end else f"{src}:{start}-{end}"
        infos[n].quote = quote
    links = store.select_each(palette().linked_query, "n", iris)
    names: dict[str, list[str]] = {}
    for r in store.select_each(NAMES, "o", sorted({r["o"] for r in links})):
        names.setdefault(r["o"], []).append(r["label"] + (f"（{r['ident']}）" if r["ident"] else ""))
    for r in links:
        if r["o"] in names:  # a node with no Chinese name is not named on cards (as the join had it)
            infos[r["n"]].linked.setdefault(r["p"], []).extend(names[r["o"]])
    if districts_too:
        labels = {d: x.label for d, x in districts(store).items()}
        for n, ds in districts_of(store, iris).items():
            infos[n].districts = tuple(sorted(labels[d] for d in ds if d in labels))
    for info in infos.values():
        for values in info.linked.values():
            values.sort()
    return infos
