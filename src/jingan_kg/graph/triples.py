"""Building the RDF graph from resolved records: a pure function, no I/O."""

from __future__ import annotations

import hashlib
from urllib.parse import quote as urlquote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from . import vocab as V
from ..records import Excerpt
from ..curate.resolve import Resolved, slug
from ..ingest.sources import SourceText
from ..text import key, normalise


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


def node(kind: str, *parts: str) -> URIRef:
    """An instance IRI: jkr:<kind>/<slug>/…, each part slugged (readable pinyin + short hash)."""
    return URIRef(V.JKR + kind + "/" + "/".join(slug(p) for p in parts))


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
        for kind in resolved.document_kinds.get(doc.key, (doc.kind,)):
            g.add((d, T(V.kind), Literal(kind)))
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

    for old, new in resolved.replacements:
        g.add((industry_iri(old), T(V.isReplacedBy), industry_iri(new)))

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

    _areas(g, resolved, provenance)
    _projects(g, resolved, provenance)
    _indicators(g, resolved, provenance)
    _services(g, resolved, provenance)
    _appointments(g, resolved, provenance)
    _terms(g, resolved, provenance)
    return g


def _add(g: Graph, s, p: str, o) -> None:
    g.add((s, URIRef(p), o))


def _areas(g: Graph, resolved: Resolved, provenance) -> None:
    for area in resolved.areas:
        a = area_iri(area.id)
        _add(g, a, V.type_, URIRef(V.Area))
        _add(g, a, V.prefLabel, zh(area.label))
        if area.plan:
            _add(g, a, V.plan, Literal(area.plan))
        for alias in area.aliases:
            _add(g, a, V.altLabel, zh(alias))
        for text in area.extents:
            _add(g, a, V.extent, Literal(text, lang="zh"))
        for text in area.focus:
            _add(g, a, V.focus, Literal(text, lang="zh"))
        for doc in area.documents:
            _add(g, a, V.definedIn, document_iri(doc))
        for body in area.bodies:
            _add(g, org_iri(body), V.forArea, a)
        for st in area.streets:
            if st.boundary is None:
                _add(g, a, V.containsStreet, org_iri(st.street))
                continue
            part = URIRef(f"{org_iri(st.street)}/{slug(st.boundary)}")
            label = next(o.label for o in resolved.organisations if o.id == st.street)
            _add(g, part, V.type_, URIRef(V.StreetPart))
            _add(g, part, V.type_, URIRef(V.Street))
            _add(g, part, V.type_, URIRef(V.Organization))
            _add(g, part, V.prefLabel, zh(f"{label}({st.boundary})"))
            _add(g, part, V.partOfStreet, org_iri(st.street))
            _add(g, part, V.boundary, Literal(st.boundary))
            _add(g, a, V.containsStreet, part)
            provenance(part, area.excerpts[0])
        for ex in area.excerpts:
            provenance(a, ex)


def area_iri(area_id: str) -> URIRef:
    return URIRef(V.JKR + "area/" + area_id)


def _projects(g: Graph, resolved: Resolved, provenance) -> None:
    for rp in resolved.projects:
        p = rp.project
        n = URIRef(f"{document_iri(p.document).replace('/doc/', '/project/')}/{p.ordinal}")
        _add(g, n, V.type_, URIRef(V.Project))
        _add(g, n, V.label, zh(p.name))
        _add(g, n, V.ordinal, Literal(p.ordinal))
        _add(g, n, V.partOf, document_iri(p.document))
        cat = node("category", p.category)
        _add(g, n, V.category, cat)
        if (cat, URIRef(V.type_), URIRef(V.Concept)) not in g:  # cited to the first row that names it
            _add(g, cat, V.type_, URIRef(V.Concept))
            _add(g, cat, V.prefLabel, zh(p.category))
            provenance(cat, p.excerpt)
        for sid in rp.streets:
            _add(g, n, V.locatedIn, org_iri(sid))
        for aid in rp.areas:
            _add(g, n, V.inArea, area_iri(aid))
        provenance(n, p.excerpt)


def _indicators(g: Graph, resolved: Resolved, provenance) -> None:
    from decimal import Decimal

    for ind in resolved.indicators:
        i = URIRef(V.JKR + "indicator/" + ind.id)
        _add(g, i, V.type_, URIRef(V.Indicator))
        _add(g, i, V.prefLabel, zh(ind.label))
        if ind.unit:
            _add(g, i, V.unit, Literal(ind.unit))
        if ind.kind:
            _add(g, i, V.indicatorKind, Literal(ind.kind))
        for alias in ind.aliases:
            _add(g, i, V.altLabel, zh(alias))
        provenance(i, ind.excerpt)
    for rv in resolved.values:
        v = rv.value
        cls = V.Target if v.role == "target" else V.Outcome
        n = URIRef(V.JKR + f"{v.role}/{rv.indicator}/{slug(v.period)}/" + excerpt_iri(v.excerpt).rsplit("/", 1)[1])
        _add(g, n, V.type_, URIRef(cls))
        _add(g, n, V.indicator, URIRef(V.JKR + "indicator/" + rv.indicator))
        _add(g, n, V.period, Literal(v.period))
        _add(g, n, V.value, Literal(normalise(v.value)))
        if v.numeric is not None:
            _add(g, n, V.numericValue, Literal(Decimal(v.numeric)))
        if v.unit:
            _add(g, n, V.unit, Literal(v.unit))
        _add(g, n, V.statedIn, document_iri(v.document))
        if v.industry:
            _add(g, n, V.concernsIndustry, industry_iri(v.industry))
        if rv.area:
            _add(g, n, V.concernsArea, area_iri(rv.area))
        provenance(n, v.excerpt)


def _services(g: Graph, resolved: Resolved, provenance) -> None:
    for s in resolved.service_items:
        n = URIRef(f"{document_iri(s.document).replace('/doc/', '/service/')}/{s.ordinal}")
        _add(g, n, V.type_, URIRef(V.ServiceProject))
        _add(g, n, V.label, zh(s.text))
        _add(g, n, V.ordinal, Literal(s.ordinal))
        _add(g, n, V.serviceArea, Literal(s.service_area))
        _add(g, n, V.partOf, document_iri(s.document))
        if s.quantity:
            _add(g, n, V.quantity, Literal(s.quantity))
        provenance(n, s.excerpt)


def _appointments(g: Graph, resolved: Resolved, provenance) -> None:
    for ra in resolved.appointments:
        a = ra.appointment
        person = node("person", a.person)
        _add(g, person, V.type_, URIRef(V.Person))
        _add(g, person, V.label, zh(a.person))
        provenance(person, a.excerpt)
        n = URIRef(document_iri(a.document).replace("/doc/", "/appointment/") + "/"
                   + slug(f"{a.action}|{a.person}|{a.post}"))
        _add(g, n, V.type_, URIRef(V.Appointment))
        _add(g, n, V.person, person)
        _add(g, n, V.postTitle, Literal(normalise(a.post)))
        _add(g, n, V.action, Literal(a.action))
        _add(g, n, V.partOf, document_iri(a.document))
        if ra.organisation:
            _add(g, n, V.organization, org_iri(ra.organisation))
        if getattr(a, "note", None):
            _add(g, n, V.note, Literal(a.note))
        provenance(n, a.excerpt)


def _terms(g: Graph, resolved: Resolved, provenance) -> None:
    for t in resolved.terms:
        n = node("term", t.label)
        _add(g, n, V.type_, URIRef(V.Term))
        _add(g, n, V.prefLabel, zh(t.label))
        _add(g, n, V.definition, Literal(normalise(t.definition), lang="zh"))
        _add(g, n, V.ordinal, Literal(t.ordinal))
        _add(g, n, V.partOf, document_iri(t.document))
        provenance(n, t.excerpt)
