"""The dataset's description of itself (VoID + DCAT): what it holds, where from, under which licence.

Every build writes it to `void.ttl` and loads it into the store's named graph VOID_GRAPH, so a
data portal (a DCAT-AP harvester), an RDF tool and a SPARQL user all read the same description.
It is a pure function of the data, the sources and the export files — counts from the graph,
dates from the manifest, never the clock — so the same sources give the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import vocab as V
from .iris import source_iri
from .sink import Triples

# The description's own IRIs: fixed, whatever the deployment (the graph is named by the
# document's address, the dataset is a fragment of it).
VOID_GRAPH = "https://w3id.org/jingan-kg/void"
DATASET = VOID_GRAPH + "#dataset"
PUBLISHER = VOID_GRAPH + "#publisher"
SOURCE_TERMS = VOID_GRAPH + "#source-terms"
SPARQL_SERVICE = VOID_GRAPH + "#sparql"
SPARQL_ACCESS = VOID_GRAPH + "#sparql-access"
ONTOLOGY = "https://w3id.org/jingan-kg/def"
# Where a deployment answers: w3id.org redirects https://w3id.org/jingan-kg/… to the server, which
# serves /sparql and /exports/NAME; a deployment without w3id gives its own base (BuildConfig).
PUBLIC_BASE = "https://w3id.org/jingan-kg/"
SPARQL_PATH, EXPORTS_PATH = "sparql", "exports/"

DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"  # the graph's own structure and data
CODE_LICENSE = "http://spdx.org/licenses/MIT"  # the software (LICENSE), in the build record
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
THEME_GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
LANGUAGES = (
    "http://publications.europa.eu/resource/authority/language/ZHO",
    "http://publications.europa.eu/resource/authority/language/ENG",
)
IANA = "http://www.iana.org/assignments/media-types/"
FORMATS = "http://www.w3.org/ns/formats/"

TITLE = {
    "zh": "上海市各区规划、措施、责任单位与产业知识图谱（以静安区为先）",
    "en": "jingan-kg: the plans, measures, responsible bodies and industries of Shanghai's districts (Jing'an first)",
}
DESCRIPTION = {
    "zh": "由上海市静安区等区人民政府公开的政府文件构建的知识图谱：规划、措施及其责任单位、项目、"
    "产业、指标的目标与实际值及其完成情况。每个事实都指向其所依据的源文件、行号和原文引文；"
    "各类节点及其数量见类划分（void:classPartition）。",
    "en": "A knowledge graph built from the public documents of Shanghai's district governments, Jing'an first: "
    "plans, measures and the bodies responsible for them, projects, industries, indicator targets and "
    "outcomes and whether they were met. Every fact points to the source file, the lines and the quoted "
    "sentence it was read from; the class partitions (void:classPartition) list every kind of node and its count.",
}
KEYWORDS = (
    ("静安区", "zh"),
    ("政府文件", "zh"),
    ("规划", "zh"),
    ("Jing'an District", "en"),
    ("Shanghai", "en"),
    ("government documents", "en"),
    ("knowledge graph", "en"),
)
SOURCE_TERMS_TEXT = {
    "en": "Public government information published by a Shanghai district government. jingan-kg claims no "
    "rights over it: the text is kept byte for byte and quoted for reference; the original publisher's "
    "terms apply. See docs/DATA-LICENSE.md.",
    "zh": "上海市区人民政府公开的政府信息。jingan-kg 对其不主张任何权利：原文逐字节保存，仅供引用参考，"
    "以原发布机关的规定为准。见 docs/DATA-LICENSE.md。",
}

# An export file's kind, by how its name ends: (IANA media type, label, W3C format IRI or None).
_MEDIA = {
    ".ttl": ("text/turtle", "Turtle", FORMATS + "Turtle"),
    ".nt": ("application/n-triples", "N-Triples", FORMATS + "N-Triples"),
    ".jsonld": ("application/ld+json", "JSON-LD", FORMATS + "JSON-LD"),
    ".graphml": ("application/xml", "GraphML (XML)", None),  # no IANA type of its own
    ".csv": ("text/csv", "CSV", None),
    ".json": ("application/json", "JSON", None),
    ".html": ("text/html", "HTML", None),
    ".txt": ("text/plain", "plain text", None),
}
_OCTETS = ("application/octet-stream", "file", None)
_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Export:
    """An export file of the build, as written: its name in the output folder and its bytes.

    `dump`: the whole graph in an RDF format (a void:dataDump), not a view or a table of it."""

    name: str
    data: bytes
    dump: bool = False


def describe(store: Any, sources: Iterable[Any], exports: Iterable[Export], base: str = PUBLIC_BASE) -> Any:
    """The VoID/DCAT description (pyoxigraph triples) of the data in `store` (a GraphStore holding
    exactly the data graph), read from `sources` (SourceTexts), published as `exports`."""
    d = RdfWriter()
    sources, exports = list(sources), sorted(exports, key=lambda e: e.name)
    endpoint = base + SPARQL_PATH
    d.a(VOID_GRAPH, V.DatasetDescription)
    d.value(VOID_GRAPH, V.title, "The VoID and DCAT description of jingan-kg", lang="en")
    d.link(VOID_GRAPH, V.primaryTopic, DATASET)

    d.a(DATASET, V.VoidDataset)
    d.a(DATASET, V.DcatDataset)
    for lang, text in TITLE.items():
        d.value(DATASET, V.title, text, lang=lang)
    for lang, text in DESCRIPTION.items():
        d.value(DATASET, V.description, text, lang=lang)
    for text, lang in KEYWORDS:
        d.value(DATASET, V.keyword, text, lang=lang)
    d.link(DATASET, V.theme, THEME_GOVERNMENT)
    for lang_iri in LANGUAGES:
        d.link(DATASET, V.language, lang_iri)
    d.link(DATASET, V.publisher, PUBLISHER)
    d.link(DATASET, V.license, DATA_LICENSE)
    d.link(DATASET, V.conformsTo, ONTOLOGY)
    if (day := newest_date(sources)) is not None:
        for p in (V.issued, V.modified):
            d.value(DATASET, p, day, datatype=_date_type(day))
    _statistics(d, store)
    d.value(DATASET, V.uriSpace, V.JKR)
    d.link(DATASET, V.sparqlEndpoint, endpoint)

    d.a(PUBLISHER, V.Agent)
    d.value(PUBLISHER, V.foafName, "jingan-kg contributors")
    d.a(DATA_LICENSE, V.LicenseDocument)
    d.value(DATA_LICENSE, V.title, "Creative Commons Attribution 4.0 International (CC BY 4.0)", lang="en")
    d.a(SOURCE_TERMS, V.RightsStatement)
    for lang, text in SOURCE_TERMS_TEXT.items():
        d.value(SOURCE_TERMS, V.label, text, lang=lang)

    for src in sources:
        s = source_iri(src.path)
        d.link(DATASET, V.source, s)
        source_entity(d, src)
        _source_details(d, src)

    _endpoint(d, endpoint)
    for export in exports:
        _distribution(d, export, base)
    return d.graph


def _endpoint(d: RdfWriter, endpoint: str) -> None:
    """The SPARQL endpoint as a dcat:DataService, and a distribution that is reached through it
    (how DCAT-AP harvesters find an API)."""
    d.a(SPARQL_SERVICE, V.DataService)
    d.value(SPARQL_SERVICE, V.title, "jingan-kg SPARQL 1.1 endpoint (read-only)", lang="en")
    d.link(SPARQL_SERVICE, V.endpointURL, endpoint)
    d.link(SPARQL_SERVICE, V.servesDataset, DATASET)
    d.link(SPARQL_SERVICE, V.conformsTo, SPARQL_PROTOCOL)
    d.link(SPARQL_SERVICE, V.license, DATA_LICENSE)
    d.link(DATASET, V.distribution, SPARQL_ACCESS)
    d.a(SPARQL_ACCESS, V.Distribution)
    d.value(SPARQL_ACCESS, V.title, "The graph through its SPARQL endpoint", lang="en")
    d.link(SPARQL_ACCESS, V.accessURL, endpoint)
    d.link(SPARQL_ACCESS, V.accessService, SPARQL_SERVICE)
    d.link(SPARQL_ACCESS, V.license, DATA_LICENSE)


def turtle(graph: Any) -> bytes:
    """The description as Turtle, written by Oxigraph, byte-stable: the triples in their
    N-Triples order, and every blank node's label derived from what it describes."""
    import pyoxigraph as ox

    from .exports import ntriples

    triples = ox.parse(ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=V.PREFIXES)


def source_entity(d: RdfWriter, src: Any) -> None:
    """A source file as a prov:Entity with its path and sha256 (spdx:checksum): what the VoID
    lists as a dcterms:source and what a build's prov:used points to — the same IRI as the
    data graph's jkg:SourceFile, so a quote's file and its checksum are one node."""
    s = source_iri(src.path)
    d.a(s, V.Entity)
    d.value(s, V.identifier, src.path)
    sha256(d, s, src.sha256)


def sha256(d: RdfWriter, node: str, hexdigest: str) -> None:
    """node spdx:checksum [ spdx:algorithm sha256 ; spdx:checksumValue "…"^^xsd:hexBinary ] (as DCAT 3)."""
    c = d.blank("sha256", node)
    d.link(node, V.checksum, c)
    d.a(c, V.Checksum)
    d.link(c, V.algorithm, V.sha256Algorithm)
    d.value(c, V.checksumValue, hexdigest, datatype=V.XSD + "hexBinary")


def newest_date(sources: Iterable[Any]) -> str | None:
    """The newest date the manifest gives a source (YYYY, YYYY-MM or YYYY-MM-DD), or None.

    Dates inferred from a text without a manifest entry are not used: the first date in a text
    is not always its own."""
    days = [m.date for m in (s.meta for s in sources) if not m.inferred and m.date and _DAY.match(m.date)]
    return max(days, default=None)


def media(name: str) -> tuple[str, str, str | None]:
    """(IANA media type, label, W3C format IRI or None) of an export file, by its name's ending."""
    return next((m for end, m in _MEDIA.items() if name.endswith(end)), _OCTETS)


class RdfWriter(Triples):
    """The description under construction: the data's sink (graph/sink.py), where an IRI written
    `_:label` is a blank node; `graph` is its set of triples."""

    @property
    def graph(self) -> set[str]:
        return self.lines

    @staticmethod
    def blank(kind: str, *key: str) -> str:
        """A blank node whose label depends only on what it stands for (byte-stable output)."""
        return f"_:{kind}-{hashlib.sha1(chr(10).join(key).encode('utf-8')).hexdigest()[:16]}"

    def _iri(self, iri: str) -> str:
        if iri.startswith("_:"):
            return f"_:{self._ox.BlankNode(iri[2:]).value}"  # the label checked by Oxigraph
        return super()._iri(iri)


_INTEGER = V.XSD + "integer"
_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
_TOTALS = """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
  WHERE { ?s ?p ?o }"""
_ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), STR(jkr:))) }"


def _statistics(d: RdfWriter, store: Any) -> None:
    """void:triples and the other counts, and one partition per class and per property, as the
    store counts them (SPARQL over the data graph alone)."""
    totals = store.select(_TOTALS)[0]
    classes = sorted((r["c"], r["n"]) for r in store.select(_CLASSES))
    props = sorted((r["p"], r["n"]) for r in store.select(_PROPERTIES))
    for p, n in (
        (V.triples, totals["triples"]),
        (V.distinctSubjects, totals["subjects"]),
        (V.distinctObjects, totals["objects"]),
        (V.entities, store.select(_ENTITIES)[0]["n"]),
        (V.classes, len(classes)),
        (V.properties, len(props)),
    ):
        d.value(DATASET, p, n, datatype=_INTEGER)
    for i, (cls, n) in enumerate(classes):  # labels in the partitions' order: Turtle lists them so
        part = f"_:class-{i:03d}"
        d.link(DATASET, V.classPartition, part)
        d.link(part, V.voidClass, cls)
        d.value(part, V.entities, n, datatype=_INTEGER)
    for i, (prop, n) in enumerate(props):
        part = f"_:property-{i:03d}"
        d.link(DATASET, V.propertyPartition, part)
        d.link(part, V.voidProperty, prop)
        d.value(part, V.triples, n, datatype=_INTEGER)
    for ns in sorted({_namespace(t) for t, _ in classes + props}):
        d.link(DATASET, V.vocabulary, ns)


def _namespace(iri: str) -> str:
    """The vocabulary a term belongs to: a known prefix's namespace, else the IRI up to its last # or /."""
    known = [ns for p, ns in V.PREFIXES.items() if p != "jkr" and iri.startswith(ns)]
    if known:
        return max(known, key=len)
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _source_details(d: RdfWriter, src: Any) -> None:
    """What the manifest (or the text) says of a source: title, date, issuer, public address, terms."""
    s, meta = source_iri(src.path), src.meta
    d.value(s, V.title, meta.title, lang="zh")
    if meta.title_en:
        d.value(s, V.title, meta.title_en, lang="en")
    if meta.date and _DAY.match(meta.date):
        d.value(s, V.issued, meta.date, datatype=_date_type(meta.date))
    if meta.issuer:
        agent = d.blank("publisher", src.path)
        d.link(s, V.publisher, agent)
        d.a(agent, V.Agent)
        d.value(agent, V.foafName, meta.issuer, lang="zh")
    if meta.address:
        d.link(s, V.source, meta.address)  # the public page the text was taken from
    d.link(s, V.mediaType, IANA + "text/plain")
    d.link(s, V.rights, SOURCE_TERMS)


def _distribution(d: RdfWriter, export: Export, base: str) -> None:
    """An export file as a dcat:Distribution: address, media type, size, sha256, licence."""
    from urllib.parse import quote

    path = quote(export.name, safe="/-._~")  # a file name as an IRI may hold it
    dist = f"{VOID_GRAPH}#export-{path}"
    url = base + EXPORTS_PATH + path
    mime, label, fmt = media(export.name)
    d.link(DATASET, V.distribution, dist)
    d.a(dist, V.Distribution)
    d.value(dist, V.title, f"{export.name}: the graph as {label}" if export.dump else export.name, lang="en")
    d.link(dist, V.accessURL, url)
    d.link(dist, V.downloadURL, url)
    d.link(dist, V.mediaType, IANA + mime)
    d.value(dist, V.byteSize, len(export.data), datatype=V.XSD + "nonNegativeInteger")
    d.link(dist, V.license, DATA_LICENSE)
    sha256(d, dist, hashlib.sha256(export.data).hexdigest())
    if export.dump:
        d.link(DATASET, V.dataDump, url)
        if fmt:
            d.link(DATASET, V.feature, fmt)


def _date_type(day: str) -> str:
    return V.XSD + {4: "gYear", 7: "gYearMonth"}.get(len(day), "date")
