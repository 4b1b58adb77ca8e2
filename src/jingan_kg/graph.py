"""Building the RDF graph from resolved records: a pure function, no I/O."""

from __future__ import annotations

import hashlib
from urllib.parse import quote as urlquote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from . import vocab as V
from .records import Excerpt
from .resolve import Resolved, slug
from .sources import SourceText
from .text import key, normalise


def source_iri(path: str) -> URIRef:
    return URIRef(V.JKR + "source/" + urlquote(path, safe="/-._"))


def document_iri(doc_key: str) -> URIRef:
    return URIRef(V.JKR + "doc/" + slug(doc_key))


def measure_iri(doc_key: str, ordinal: int, repeat: int = 0) -> URIRef:
    return URIRef(f"{document_iri(doc_key).replace('/doc/', '/measure/')}/{ordinal}" + (f"-{repeat + 1}" if repeat else ""))


def org_iri(org_id: str) -> URIRef:
    return URIRef(V.JKR + "org/" + org_id)


def industry_iri(label: str) -> URIRef:
    return URIRef(V.JKR + "industry/" + slug(key(label)))


def excerpt_iri(ex: Excerpt) -> URIRef:
    digest = hashlib.sha1(f"{ex.source}\n{ex.line_start}\n{ex.line_end}\n{ex.quote}".encode()).hexdigest()[:16]
    return URIRef(V.JKR + "excerpt/" + digest)


def zh(text: str) -> Literal:
    return Literal(normalise(text), lang="zh")


def build_graph(sources: list[SourceText], resolved: Resolved) -> Graph:
    """All triples for the sources and the resolved records, every node with its excerpt."""
    g = Graph()
    for prefix, ns in V.PREFIXES.items():
        g.bind(prefix, ns)
    T = lambda iri: URIRef(iri)  # noqa: E731
    a = T(V.type_)

    def provenance(node: URIRef, ex: Excerpt) -> None:
        e = excerpt_iri(ex)
        g.add((node, T(V.wasDerivedFrom), e))
        g.add((e, a, T(V.Excerpt)))
        g.add((e, T(V.inSource), source_iri(ex.source)))
        g.add((e, T(V.lineStart), Literal(ex.line_start)))
        g.add((e, T(V.lineEnd), Literal(ex.line_end)))
        g.add((e, T(V.quote), Literal(ex.quote)))

    for src in sources:
        s = source_iri(src.path)
        g.add((s, a, T(V.SourceFile)))
        g.add((s, T(V.path), Literal(src.path)))
        g.add((s, T(V.sha256), Literal(src.sha256)))
        g.add((s, T(V.title), zh(src.meta.title)))
        g.add((s, T(V.kind), Literal(src.meta.kind)))
        if src.meta.title_en:
            g.add((s, T(V.title), Literal(src.meta.title_en, lang="en")))

    for org in resolved.organisations:
        o = org_iri(org.id)
        g.add((o, a, T(V.Organization)))
        if org.type:
            g.add((o, a, T(V.ORG_TYPES[org.type])))
        g.add((o, T(V.prefLabel), zh(org.label)))
        if org.label_en:
            g.add((o, T(V.prefLabel), Literal(org.label_en, lang="en")))
        for alias in org.aliases:
            g.add((o, T(V.altLabel), zh(alias)))
        for alias in org.hidden:
            g.add((o, T(V.hiddenLabel), zh(alias)))
        if org.unresolved:
            g.add((o, T(V.unresolved), Literal(True)))
        provenance(o, org.excerpt)

    for doc in resolved.documents:
        d = document_iri(doc.key)
        g.add((d, a, T(V.Document)))
        g.add((d, T(V.title), zh(doc.title)))
        g.add((d, T(V.kind), Literal(doc.kind)))
        g.add((d, T(V.inSource), source_iri(doc.excerpt.source)))
        if doc.identifier:
            g.add((d, T(V.identifier), Literal(doc.identifier)))
        if doc.issued:
            g.add((d, T(V.issued), Literal(doc.issued, datatype=XSD.date)))
        for oid in resolved.publishers.get(doc.key, ()):
            g.add((d, T(V.publisher), org_iri(oid)))
        provenance(d, doc.excerpt)

    for ind in resolved.industries:
        i = industry_iri(ind.label)
        g.add((i, a, T(V.Industry)))
        g.add((i, a, T(V.Concept)))
        g.add((i, T(V.prefLabel), zh(ind.label)))
        if ind.broader:
            g.add((i, T(V.broader), industry_iri(ind.broader)))
            g.add((industry_iri(ind.broader), T(V.narrower), i))
        provenance(i, ind.excerpt)

    repeats: dict[tuple[str, int], int] = {}
    for rm in resolved.measures:
        m = rm.measure
        n = repeats.get((m.document, m.ordinal), 0)
        repeats[(m.document, m.ordinal)] = n + 1
        node = measure_iri(m.document, m.ordinal, n)
        g.add((node, a, T(V.Measure)))
        g.add((node, T(V.label), zh(m.title)))
        g.add((node, T(V.ordinal), Literal(m.ordinal)))
        g.add((node, T(V.text), Literal(m.text, lang="zh")))
        g.add((node, T(V.partOf), document_iri(m.document)))
        if m.sections:
            g.add((node, T(V.section), Literal(m.sections[-1], lang="zh")))
        for oid in rm.bodies:
            g.add((node, T(V.responsibleBody), org_iri(oid)))
        for label in rm.industries:
            g.add((node, T(V.concernsIndustry), industry_iri(label)))
        provenance(node, m.excerpt)
    return g
