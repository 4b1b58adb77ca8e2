"""The JSON-LD context of the exports: the contract's prefixes and a short term for every jkg: term
of the ontology, so a JSON-LD reader sees `responsibleBody`, not a full IRI.

The terms are read from ontology/jingan.ttl: an object property is `@type: @id`; a datatype
property with an XSD range has that `@type` (a plain string needs none); an rdf:langString range
or an annotation property (the labels) is a language map (`{"zh": …, "en": …}`). The other
vocabularies' terms the ontology declares get a short name too, unless a jkg: term has it or two
of them share it. A value a definition does not fit (a label without a language, an integer
where a decimal is declared) keeps its prefixed key, so compacting never changes a triple.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from . import vocab as V

NAME = "jingan-kg.context.jsonld"

_OWL = "http://www.w3.org/2002/07/owl#"
_OBJECT, _DATATYPE, _ANNOTATION = _OWL + "ObjectProperty", _OWL + "DatatypeProperty", _OWL + "AnnotationProperty"
_LANG_STRING = V.RDF + "langString"


@lru_cache(maxsize=1)
def ontology() -> tuple:
    """The contract's ontology (the package's ontology/jingan.ttl) as pyoxigraph triples, read once."""
    import pyoxigraph as ox

    from ..config import resource

    return tuple(ox.parse(path=str(resource("ontology") / "jingan.ttl"), format=ox.RdfFormat.TURTLE))


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The `@context` object of the JSON-LD export and of the context file (a fresh copy is the caller's)."""
    return terms(ontology())


def context_file() -> bytes:
    """The context file's bytes: `{"@context": …}`, keys sorted, so the same ontology gives the same bytes."""
    return (json.dumps({"@context": context()}, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def term_names() -> dict[str, str]:
    """Full IRI -> its short term in the context (only the terms that have one)."""
    out = {}
    for name, definition in context().items():
        if name in V.PREFIXES:
            continue
        out[V.expand(definition if isinstance(definition, str) else definition["@id"])] = name
    return out


def terms(onto) -> dict[str, Any]:
    """The context of an ontology (pyoxigraph triples): V.PREFIXES, then one term per declared IRI
    (see the module)."""
    import pyoxigraph as ox

    declared: dict[str, list[str]] = {}
    range_of: dict[str, list[str]] = {}
    for t in onto:
        if not isinstance(t.subject, ox.NamedNode):
            continue
        s, p = t.subject.value, t.predicate.value
        if p == V.type_ and V.prefixed(s) != s:
            declared.setdefault(s, []).append(t.object.value)
        elif p == V.RDFS + "range":
            range_of.setdefault(s, []).append(t.object.value)
    by_name: dict[str, list[str]] = {}
    for iri in declared:
        by_name.setdefault(_local(iri), []).append(iri)
    ctx: dict[str, Any] = dict(V.PREFIXES)
    for name, iris in sorted(by_name.items()):
        ours = [i for i in iris if i.startswith(V.JKG)]
        chosen = ours[0] if len(ours) == 1 else iris[0] if len(iris) == 1 else None
        if chosen is None or name in V.PREFIXES or not name or name.startswith("@"):
            continue  # two terms of one name: both keep their prefixed names
        ranges = sorted(range_of.get(chosen, ()))
        ctx[name] = _definition(chosen, declared[chosen], ranges)
    return ctx


def _definition(iri: str, types: list[str], ranges: list[str]) -> Any:
    short = V.prefixed(iri)
    if _OBJECT in types:
        return {"@id": short, "@type": "@id"}
    if _DATATYPE in types:
        if _LANG_STRING in ranges:
            return {"@id": short, "@container": "@language"}
        typed = [r for r in ranges if r.startswith(V.XSD) and r != V.XSD + "string"]
        return {"@id": short, "@type": V.prefixed(typed[0])} if len(typed) == 1 else short
    if _ANNOTATION in types:
        return {"@id": short, "@container": "@language"}
    return short  # a class, a concept, a scheme


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]
