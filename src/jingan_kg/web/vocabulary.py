"""The vocabulary documents `serve` publishes, read from the packaged files: the ontology (jkg:, at
/def) and the SHACL shapes (/def/shapes and /shapes), each as parsed triples and as the terms
their HTML page lists (labels, comments, domain, range), which also name the predicates and
classes on an entity's card. pyoxigraph parses them; nothing here takes user text.

Standard library at the top; pyoxigraph loads when a document is first read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import resource
from ..graph import vocab as V

ONTOLOGY = "https://w3id.org/jingan-kg/def"  # the owl:Ontology, whose terms are ONTOLOGY + "#…" (jkg:)
SHAPES = "https://w3id.org/jingan-kg/shapes"  # the shapes' owl:Ontology, their terms SHAPES + "#…"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
FILES = {"ontology": "jingan.ttl", "shapes": "shapes.ttl"}

# The groups of the /def page, in page order: (heading, the rdf:type that puts a term there).
GROUPS = (
    ("Classes", OWL + "Class"),
    ("Object properties", OWL + "ObjectProperty"),
    ("Datatype properties", OWL + "DatatypeProperty"),
    ("Annotation properties", OWL + "AnnotationProperty"),
    ("Concept schemes", V.SKOS + "ConceptScheme"),
    ("Concepts", V.SKOS + "Concept"),
)
_COMMENTS = (V.comment, V.definition)
_PARENTS = (V.RDFS + "subClassOf", V.RDFS + "subPropertyOf", V.broader, V.inScheme)


@dataclass(frozen=True)
class Document:
    """One packaged vocabulary file: its bytes (served as they are for Turtle) and its triples."""

    name: str  # "ontology" or "shapes"
    path: Path
    data: bytes
    triples: tuple

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Term:
    """What the /def page says of one term, and what a card shows of a predicate or class."""

    iri: str
    types: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # lang -> label
    comments: dict[str, str] = field(default_factory=dict)  # lang -> comment
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    notation: str | None = None
    defined_by: str | None = None

    @property
    def own(self) -> bool:
        """A term of this vocabulary (jkg:), not one of another it uses."""
        return self.iri.startswith(V.JKG)

    @property
    def anchor(self) -> str:
        """The id of its entry on the /def page: the local name of a jkg: term, else its prefixed name."""
        return self.iri[len(V.JKG) :] if self.own else V.prefixed(self.iri).replace(":", "-")

    @property
    def name(self) -> str:
        return V.prefixed(self.iri)

    @property
    def label(self) -> str:
        """ "责任单位 responsible body": both names where both are given."""
        return " ".join(x for x in (self.labels.get("zh"), self.labels.get("en")) if x)


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> Document:  # keyed by the file's mtime: an edited file is read again
    import pyoxigraph as ox

    data = path.read_bytes()
    triples = tuple(ox.parse(data, format=ox.RdfFormat.TURTLE))
    name = next(k for k, v in FILES.items() if v == path.name)
    return Document(name, path, data, triples)


def document(name: str) -> Document:
    """The packaged vocabulary file `name` ("ontology" or "shapes"), parsed."""
    path = resource("ontology") / FILES[name]
    return _load(path, path.stat().st_mtime_ns)


def _list(objects: dict, head: Any) -> list:
    """The members of an RDF list (rdf:first / rdf:rest) starting at `head`."""
    out, seen = [], set()
    while head is not None and str(head) not in seen and head.value != V.RDF + "nil":
        seen.add(str(head))
        out += objects.get((str(head), V.RDF + "first"), [])
        rest = objects.get((str(head), V.RDF + "rest"), [])
        head = rest[0] if rest else None
    return out


def _names(objects: dict, term: Any) -> list[str]:
    """A class expression as IRIs: the IRI itself, or the members of its owl:unionOf."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return [term.value]
    members = []
    for head in objects.get((str(term), OWL + "unionOf"), []):
        members += [m.value for m in _list(objects, head) if isinstance(m, ox.NamedNode)]
    return members


def terms(name: str = "ontology") -> dict[str, Term]:
    """Every term the document declares (a subject with an rdf:type), by IRI."""
    return _terms(document(name))


@lru_cache(maxsize=4)
def _terms(doc: Document) -> dict[str, Term]:
    import pyoxigraph as ox

    objects: dict[tuple[str, str], list] = {}
    for t in doc.triples:
        objects.setdefault((str(t.subject), t.predicate.value), []).append(t.object)
    found: dict[str, Term] = {}
    for t in doc.triples:
        if isinstance(t.subject, ox.NamedNode) and t.predicate.value == V.type_:
            found.setdefault(t.subject.value, Term(t.subject.value)).types.append(t.object.value)
    for iri, term in found.items():
        key = str(ox.NamedNode(iri))
        for p in (V.label, V.prefLabel):
            for lit in objects.get((key, p), []):
                term.labels.setdefault(lit.language or "", lit.value)
        for p in _COMMENTS:
            for lit in objects.get((key, p), []):
                term.comments.setdefault(lit.language or "", lit.value)
        for d in objects.get((key, V.RDFS + "domain"), []):
            term.domain += _names(objects, d)
        for r in objects.get((key, V.RDFS + "range"), []):
            term.range += _names(objects, r)
        for p in _PARENTS:
            term.parents += [o.value for o in objects.get((key, p), []) if isinstance(o, ox.NamedNode)]
        notation = objects.get((key, V.SKOS + "notation"), [])
        term.notation = notation[0].value if notation else None
        by = objects.get((key, V.RDFS + "isDefinedBy"), [])
        term.defined_by = by[0].value if by else None
        term.types.sort()
    return found


def grouped(name: str = "ontology") -> list[tuple[str, list[Term]]]:
    """The /def page's sections: this vocabulary's terms by group (each term once, in its first
    group), then the terms of other vocabularies it uses; each sorted by name."""
    found = terms(name)
    placed: set[str] = set()
    out = []
    for heading, cls in GROUPS:
        members = sorted((t for t in found.values() if t.own and cls in t.types and t.iri not in placed), key=_order)
        placed |= {t.iri for t in members}
        if members:
            out.append((heading, members))
    rest = sorted((t for t in found.values() if t.own and t.iri not in placed), key=_order)
    if rest:
        out.append(("Other terms", rest))
    used = sorted((t for t in found.values() if not t.own and t.iri not in (ONTOLOGY, SHAPES)), key=_order)
    if used:
        out.append(("Terms of other vocabularies used", used))
    return out


def _order(term: Term) -> tuple:
    return (term.name.lower(), term.name)


def header(name: str = "ontology") -> Term | None:
    """The document's owl:Ontology: its title, version and comment."""
    import pyoxigraph as ox

    doc = document(name)
    iri = ONTOLOGY if name == "ontology" else SHAPES
    term = terms(name).get(iri)
    if term is None:
        return None
    term = replace(term, labels=dict(term.labels))  # the cached term stays as the document has it
    key = str(ox.NamedNode(iri))
    for t in doc.triples:
        if str(t.subject) == key and t.predicate.value == V.title:
            term.labels.setdefault(t.object.language or "", t.object.value)
    return term


def version(name: str = "ontology") -> str | None:
    for t in document(name).triples:
        if t.predicate.value == OWL + "versionInfo":
            return t.object.value
    return None


@dataclass(frozen=True)
class Shape:
    """One sh:NodeShape: the class it targets and its property constraints, as the page lists them."""

    iri: str
    targets: tuple[str, ...]
    properties: tuple[dict[str, Any], ...]  # {path, min, max, datatype, class, message}


def shapes() -> list[Shape]:
    """The node shapes of shapes.ttl, by name; each property's path, counts, type and message."""
    import pyoxigraph as ox

    doc = document("shapes")
    objects: dict[tuple[str, str], list] = {}
    for t in doc.triples:
        objects.setdefault((str(t.subject), t.predicate.value), []).append(t.object)

    def one(node, p: str):
        found = objects.get((str(node), SH + p), [])
        return found[0].value if found else None

    out = []
    for t in doc.triples:
        if t.predicate.value == V.type_ and t.object.value == SH + "NodeShape" and isinstance(t.subject, ox.NamedNode):
            key = str(t.subject)
            props = []
            for p in objects.get((key, SH + "property"), []):
                path = objects.get((str(p), SH + "path"), [])
                props.append(
                    {
                        "path": path[0].value if path and isinstance(path[0], ox.NamedNode) else "(a path expression)",
                        "min": one(p, "minCount"),
                        "max": one(p, "maxCount"),
                        "datatype": one(p, "datatype"),
                        "class": one(p, "class"),
                        "message": one(p, "message"),
                    }
                )
            props.sort(key=lambda d: (V.prefixed(d["path"]), d["message"] or ""))
            targets = tuple(sorted(o.value for o in objects.get((key, SH + "targetClass"), [])))
            out.append(Shape(t.subject.value, targets, tuple(props)))
    return sorted(out, key=lambda s: s.iri)


def href(iri: str) -> str | None:
    """Where a page links an IRI: a jkr: node to its /id/ page, a jkg: term to its entry on /def,
    the shapes to /shapes; another http(s) IRI to itself; anything else (urn:, javascript: …) not at all."""
    if iri.startswith(V.JKR):
        return "/id/" + iri[len(V.JKR) :]
    if iri.startswith(V.JKG):
        return "/def#" + iri[len(V.JKG) :]
    if iri == ONTOLOGY:
        return "/def"
    if iri == SHAPES or iri.startswith(SHAPES + "#"):
        return "/shapes" + iri[len(SHAPES) :]
    if iri.startswith(("http://", "https://")):
        return iri
    return None
