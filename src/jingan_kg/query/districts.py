"""`--district NAME`: the district a user names, and which district each node of an answer is of.

The districts are read from the graph (jkg:District, its labels, short form, pinyin and code),
so the question path needs no curated file. A node's district is its own jkg:district, else its
document's (jkg:partOf, jkg:statedIn, jkg:definedIn); an indicator or industry is in every
district whose values or measures name it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Ambiguous, NotInDistrict, UnknownDistrict
from ..store.base import Store as GraphStore
from ..store.index import Hit
from ..text import key

_ALL = """SELECT ?d ?label ?en ?name WHERE { ?d a jkg:District ; skos:prefLabel ?label FILTER(lang(?label) = "zh")
  OPTIONAL { ?d skos:prefLabel ?en FILTER(lang(?en) = "en") }
  { ?d skos:prefLabel|skos:altLabel|skos:hiddenLabel|jkg:divisionCode ?name } }"""
# The ways a node is of a district, each its own query: Oxigraph joins a VALUES block after the
# branches of a UNION, so one query of five branches read every node's district (40 ms an IRI).
_OF = tuple(
    "SELECT ?m ?d WHERE { {values} " + pattern + " }"
    for pattern in (
        "?m jkg:district ?d",
        "?m jkg:partOf|jkg:statedIn|jkg:definedIn ?doc . ?doc jkg:district ?d",
        "?v jkg:indicator ?m ; jkg:district ?d",
        "?x jkg:concernsIndustry ?m ; jkg:partOf|jkg:statedIn ?doc . ?doc jkg:district ?d",
        "?p jkg:partOfStreet ?m . ?m jkg:district ?d",
    )
)


@dataclass(frozen=True)
class District:
    iri: str
    label: str  # 长宁区
    label_en: str | None


def _fold(name: str) -> str:
    """长宁, Changning District, changning, 310105 compare alike: case, apostrophes and 'District' aside."""
    folded = key(name).lower().replace("'", "").replace("’", "")
    return folded.removesuffix("district") or folded


def districts(store: GraphStore) -> dict[str, District]:
    """Every district the graph holds, by IRI."""
    return {r["d"]: District(r["d"], r["label"], r["en"]) for r in store.select(_ALL)}


def find_district(store: GraphStore, name: str) -> District:
    """The district NAME names in any of its forms; UnknownDistrict listing them otherwise."""
    rows = store.select(_ALL)
    want = _fold(name)
    for r in rows:
        if want and _fold(str(r["name"])) == want:
            return District(r["d"], r["label"], r["en"])
    raise UnknownDistrict(name, sorted({r["label"] for r in rows}))


def districts_of(store: GraphStore, iris: list[str]) -> dict[str, set[str]]:
    """The districts (IRIs) each node is of; a node of none is absent."""
    out: dict[str, set[str]] = {}
    nodes = sorted(set(iris))
    for query in _OF:
        for r in store.select_each(query, "m", nodes):
            out.setdefault(r["m"], set()).add(r["d"])
    return out


def within(store: GraphStore, iris: list[str], district: District | None) -> set[str]:
    """The nodes of `iris` that are of `district` (all of them when no district is asked)."""
    if district is None:
        return set(iris)
    return {m for m, ds in districts_of(store, iris).items() if district.iri in ds}


def in_district(store: GraphStore, text: str, hits: list[Hit], district: District) -> list[Hit]:
    """The hits of `district`; NotInDistrict naming where they are when there is none."""
    of = districts_of(store, [h.iri for h in hits])
    kept = [h for h in hits if district.iri in of.get(h.iri, ())]
    if not kept:
        names = districts(store)
        elsewhere = sorted({names[d].label for ds in of.values() for d in ds if d in names})
        raise NotInDistrict(text, district.label, elsewhere)
    return kept


def of_district(
    store: GraphStore, pairs: list[tuple[str, str, str]], district: District | None
) -> list[tuple[str, str, str]]:
    """The pairs whose cited node is of `district` (all when none is asked)."""
    if district is None:
        return pairs
    kept = within(store, [p[1] for p in pairs], district)
    return [p for p in pairs if p[1] in kept]


def ambiguous(store: GraphStore, text: str, hits: list[Hit], what: str = "bodies") -> Ambiguous:
    """A name of several bodies: the candidates, each with its district when they differ (--district picks one)."""
    of = districts_of(store, [h.iri for h in hits])
    names = districts(store)
    labels = {}
    for h in hits:
        labels[h.label] = sorted(names[d].label for d in of.get(h.iri, ()) if d in names)
    spread = len({tuple(v) for v in labels.values()}) > 1
    candidates = sorted(f"{label} ({'、'.join(ds)})" if spread and ds else label for label, ds in labels.items())
    return Ambiguous(text, candidates, what, districts=spread)
