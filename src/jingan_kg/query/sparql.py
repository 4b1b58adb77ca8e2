"""`query` (SPARQL 1.1 as the user gives it), `stats` (counts per kind, source and district) and
`conformance` (SHACL), over the store; none needs the search index's lookups."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import QueryFailed
from ..store import base
from ..store.base import iri

if TYPE_CHECKING:
    from ..store.base import Store as GraphStore
    from ..store.index import SearchIndex
    from .districts import District


def query(store: GraphStore, sparql: str, district: District | None = None):
    """Run SPARQL 1.1 (SELECT, ASK, CONSTRUCT, DESCRIBE); a malformed query raises QueryFailed.

    With `district`, ?district is bound to its IRI (a VALUES row at the start of the outermost
    WHERE), for saved queries that ask about one district."""
    from .guard import check_query_shape

    if (too := check_query_shape(sparql)) is not None:  # a deeper text could crash the parser (SIGSEGV)
        raise QueryFailed(too)
    if district is not None:
        sparql = base.bind(sparql, {"district": iri(district.iri)})
    try:
        return store.raw_query(sparql)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise QueryFailed(str(exc)) from None


_COUNT = """SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c"""
_TRIPLES = """SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"""
_PER_SOURCE = """SELECT ?path (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x prov:wasDerivedFrom/jkg:inSource/jkg:path ?path } GROUP BY ?path ORDER BY ?path"""


_PER_DISTRICT = """SELECT ?label ?c (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x a ?c . { ?x jkg:district ?d } UNION { ?x (jkg:partOf|jkg:statedIn|jkg:definedIn)/jkg:district ?d }
  ?d skos:prefLabel ?label FILTER(lang(?label) = "zh") } GROUP BY ?label ?c"""


def stats(store: GraphStore, index: SearchIndex, district: District | None = None) -> dict:
    """Counts per kind (the classes the build counted), triples, nodes read from each source, and
    the counts per district (a node is of its own district, or of its document's). With
    `district`, `counts` are that district's and `per_district` holds it alone."""
    per_class = {r["c"]: r["n"] for r in store.select(_COUNT)}
    counted = index.counted()
    per_district: dict[str, dict[str, int]] = {}
    for r in store.select(_PER_DISTRICT):
        per_district.setdefault(r["label"], {})[r["c"]] = r["n"]
    by_district = {
        d: {label: n for label, cls in counted.items() if (n := classes.get(cls, 0))}
        for d, classes in sorted(per_district.items())
    }
    if district is not None:
        by_district = {district.label: by_district.get(district.label, {})}
        counts = {label: by_district[district.label].get(label, 0) for label in counted}
    else:
        counts = {label: per_class.get(cls, 0) for label, cls in counted.items()}
    return {
        "triples": store.select(_TRIPLES)[0]["n"],
        "counts": counts,
        "per_source": {r["path"]: r["n"] for r in store.select(_PER_SOURCE)},
        "per_district": by_district,
    }


def conformance(store, ontology: Path | None = None) -> list[str]:
    """The graph's SHACL violations against the shapes (default: the package's ontology); [] if it conforms."""
    from ..config import resource
    from ..graph.shacl import validate_ntriples

    return validate_ntriples(store.dump(), ontology or resource("ontology"))
