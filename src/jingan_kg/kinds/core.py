"""What every kind shares: source files, documents and their publishers, organisations, excerpts.

These are registered like kinds (counted, found, drawn, written as triples) but read by the
pipeline itself: documents by `ingest.documents`, organisations by the resolver.
"""

from __future__ import annotations

from ..curate.curated import english_names_for
from ..graph import vocab as V
from ..graph.iris import district_iri, document_iri, node, org_iri, source_iri
from ..records import Excerpt
from ..text import key
from .base import Count, Fact, Find, Kind, Route, Style


def english_triples(ctx, t, kind: str, iris: dict[str, list[str]], first=V.prefLabel) -> None:
    """The official English names of one kind's entities (data/curated/english-names.yaml) on the
    entities each label names (`iris`: label -> IRIs): a label's first row gives `first`@en
    (skos:prefLabel, a document's dcterms:title), the others skos:altLabel@en; each entity cites
    the page as dcterms:source, as a district cites the page its English name rests on."""
    read = {s.path for s in ctx.sources}
    for label, rows in english_names_for(ctx.curated, kind, iris, read).items():
        for n in iris[label]:
            for i, row in enumerate(rows):
                t.value(n, first if i == 0 else V.altLabel, row.en.strip(), lang="en")
                t.link(n, V.source, row.source.address)


def _term_triples(ctx, t) -> None:
    """Phrases of the documents that name no entity but have an official English name (绿色金融,
    green finance): a skos:Concept with both labels, the page as dcterms:source, cited to the line
    that writes the phrase. The search index reads them to take an English question to its phrase."""
    lines = {(s.path, ln.number): ln.text for s in ctx.sources for ln in s.lines}
    rows = [at.row for at in ctx.curated.english_names if at.row.kind == "term"]
    written = [r.label for r in rows if key(r.label) in key(lines.get((r.cited.file, r.cited.line), ""))]
    for label, names in english_names_for(ctx.curated, "term", written, {s.path for s in ctx.sources}).items():
        n = node("term", label)
        t.a(n, V.Concept)
        t.zh(n, V.prefLabel, label)
        for i, row in enumerate(names):
            t.value(n, V.prefLabel if i == 0 else V.altLabel, row.en.strip(), lang="en")
            t.link(n, V.source, row.source.address)
            line = row.cited.line
            t.cite(n, Excerpt(source=row.cited.file, line_start=line, line_end=line, quote=row.cited.quote))


def _district_triples(ctx, t) -> None:
    """Every curated district, cited to the page that states its name and code."""
    for row in ctx.curated.districts:
        d = district_iri(row.id)
        t.a(d, V.District)
        t.zh(d, V.prefLabel, row.label)
        t.value(d, V.prefLabel, row.label_en, lang="en")
        t.zh(d, V.altLabel, row.short)
        t.value(d, V.hiddenLabel, row.pinyin)
        t.value(d, V.divisionCode, row.code)
        t.link(d, V.source, row.source.address)


def _document_triples(ctx, t) -> None:
    for src in ctx.sources:
        s = source_iri(src.path)
        t.a(s, V.SourceFile)
        t.value(s, V.path, src.path)
        t.value(s, V.sha256, src.sha256)
        t.zh(s, V.title, src.meta.title)
        t.value(s, V.kind, src.meta.kind)
        if src.meta.title_en:
            t.value(s, V.title, src.meta.title_en, lang="en")
    for doc in ctx.documents:
        d = document_iri(doc.key)
        t.a(d, V.Document)
        t.zh(d, V.title, doc.title)
        for kind in ctx.document_kinds.get(doc.key, (doc.kind,)):
            t.value(d, V.kind, kind)
        t.link(d, V.inSource, source_iri(doc.excerpt.source))
        if doc.identifier:
            t.value(d, V.identifier, doc.identifier)
        if doc.issued:
            t.value(d, V.issued, doc.issued, datatype=V.XSD + "date")
        for oid in ctx.publishers.get(doc.key, ()):
            t.link(d, V.publisher, org_iri(oid))
        if district := ctx.district(doc.key):
            t.link(d, V.district, district_iri(district))
        t.cite(d, doc.excerpt)
    titles: dict[str, list[str]] = {}
    for doc in ctx.documents:
        titles.setdefault(doc.title, []).append(document_iri(doc.key))
    english_triples(ctx, t, "document", titles, first=V.title)
    _term_triples(ctx, t)


DOCUMENTS = Kind(
    name="document",
    triples=_document_triples,
    cited=lambda ctx: (("documents", d.excerpt) for d in ctx.documents),
    counts=(Count("source files", V.SourceFile), Count("documents", V.Document)),
    finds=(
        Find(
            "jkg:Document",
            "document",
            (Route("published it", "?s dcterms:publisher ?o . BIND(?s AS ?m)", responsible=False),),
            rank=80,
        ),
    ),
    styles=(Style("document", "文件 Document", "#969696", "square", rank=160, cls=V.Document),),
    facts=(
        Fact(V.ordinal, "序号 No.", 0),
        Fact(V.identifier, "文号 Ref.", 10),
        Fact(V.issued, "日期 Date", 20),
        Fact(V.altLabel, "别名 Also called", 170),
        Fact(V.partOf, "文件 Document", 0, linked=True),
        Fact(V.publisher, "发布 Publisher", 150, linked=True),
        Fact(V.district, "区 District", 5, linked=True),
    ),
)


def _organisation_triples(ctx, t) -> None:
    for org in ctx.resolver.organisations():
        o = org_iri(org.id)
        t.a(o, V.Organization)
        if org.type:
            t.a(o, V.ORG_TYPES[org.type])
        t.zh(o, V.prefLabel, org.label)
        if org.label_en:
            t.value(o, V.prefLabel, org.label_en, lang="en")
        for alias in org.aliases:
            t.zh(o, V.altLabel, alias)
        for alias in org.hidden:
            t.zh(o, V.hiddenLabel, alias)
        if org.district:
            t.link(o, V.district, district_iri(org.district))
        if org.unresolved:
            t.value(o, V.unresolved, True)
        if org.inferred:
            t.value(o, V.inferred, True)
        t.cite(o, org.excerpt)


ORGANISATIONS = Kind(
    name="organisations",
    triples=_organisation_triples,
    counts=(Count("organisations", V.Organization),),
    # Naming a body asks what it answers for: its measures, the projects in its street, the area it manages.
    finds=(
        Find(
            "org:Organization",
            "organisation",
            (
                Route("responsible for", "?m jkg:responsibleBody ?s . BIND(?s AS ?o)"),
                Route("a project lies in it", "?m jkg:locatedIn ?s . BIND(?s AS ?o)", responsible=False),
                Route("manages the area", "?s jkg:forArea ?m . BIND(?s AS ?o)"),
                Route("named responsible for a figure", "?m jkg:accountableBody ?s . BIND(?s AS ?o)"),
            ),
            inverse=True,
            rank=0,
        ),
    ),
    styles=(
        Style("body", "部门/机构 Body", "#1f77b4", "box", rank=0, cls=V.Organization),
        Style("unresolved", "未识别部门 Unresolved body", "#d62728", "box", rank=10),
        Style("area-body", "片区管理机构 Area body", "#aec7e8", "box", rank=20, cls=V.AreaBody, precedence=1),
        Style("street", "街道/镇 Street or town", "#17becf", "ellipse", rank=30, cls=V.Street, precedence=2),
    ),
)

DISTRICTS = Kind(
    name="districts",
    triples=_district_triples,
    counts=(Count("districts", V.District),),
    # Naming a district asks for its bodies: each cited where the build first read it.
    finds=(
        Find(
            "jkg:District",
            "district",
            (Route("belongs to it", "?o jkg:district ?s ; a org:Organization . BIND(?o AS ?m)", responsible=False),),
            rank=100,
        ),
    ),
    styles=(Style("district", "区 District", "#393b79", "hexagon", rank=210, cls=V.District),),
    facts=(Fact(V.divisionCode, "区划代码 Code", 15),),
)

EXCERPTS = Kind(name="excerpts", counts=(Count("excerpts", V.Excerpt),))
