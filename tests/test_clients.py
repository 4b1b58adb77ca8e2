"""Real SPARQL clients against `serve` on the graph of the given sources: SPARQLWrapper in every
return format it offers (SELECT and ASK: JSON, XML, CSV, TSV; CONSTRUCT and DESCRIBE: Turtle, N3,
RDF/XML, JSON-LD, N-Triples, and its `xml`/`rdf`/`json` names), sent by GET, form POST and direct
POST; and rdflib's SPARQLStore. Each answer is read back by the client (or rdflib's parsers, where
the client hands over bytes) and compared with the store's own answer, term for term.

SPARQLWrapper sends `format`, `output` and `results` parameters beside its Accept header, some
twice (issue 15): the server takes them as one format and answers in it.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from jingan_kg.graph import vocab as V
from jingan_kg.web.run import BackgroundServer

XSD_STRING = V.XSD + "string"
PROLOGUE = "".join(f"PREFIX {p}: <{V.PREFIXES[p]}>\n" for p in ("jkg", "prov", "dcterms"))
SELECTS = {
    # IRIs, integers, Chinese text tagged @zh, a body left unbound where a measure has none
    "measures": PROLOGUE
    + "SELECT ?m ?ordinal ?text ?body WHERE { ?m a jkg:Measure ; jkg:ordinal ?ordinal ; jkg:text ?text . "
    "OPTIONAL { ?m jkg:responsibleBody ?body } } ORDER BY ?m ?body",
    # plain and decimal literals, unbound numbers, quotes holding tabs (TSV and CSV escape them)
    "facts": PROLOGUE
    + "SELECT ?f ?value ?number ?period ?quote WHERE { ?f jkg:indicator ?i ; jkg:value ?value ; jkg:period ?period . "
    'OPTIONAL { ?f jkg:numericValue ?number } OPTIONAL { ?f prov:wasDerivedFrom/jkg:quote ?quote FILTER(CONTAINS(?quote, "\\t")) } } '
    "ORDER BY ?f LIMIT 200",
}
ASKS = {
    PROLOGUE + "ASK { ?m a jkg:Measure ; jkg:ordinal 12 }": True,
    PROLOGUE + "ASK { ?m a jkg:Measure ; jkg:ordinal -1 }": False,
}
GRAPHS = {
    "construct": PROLOGUE + "CONSTRUCT { ?m ?p ?o } WHERE { ?m a jkg:Measure ; jkg:ordinal 12 ; ?p ?o }",
    "describe": PROLOGUE + "DESCRIBE ?m WHERE { ?m a jkg:Measure ; jkg:ordinal 12 ; jkg:partOf/dcterms:identifier ?id "
    'FILTER(CONTAINS(?id, "静发改委")) }',
}
METHODS = {"GET": None, "POST-form": URLENCODED, "POST-direct": POSTDIRECTLY}


@pytest.fixture(scope="module")
def srv(built):
    with BackgroundServer(built[1], workers=2) as s:
        yield s


# --- terms, as rdflib has them -------------------------------------------------------------------


def term(t):
    """A pyoxigraph term (the store's answer) as rdflib's."""
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=None if t.datatype.value == XSD_STRING else URIRef(t.datatype.value))


def plain(t):
    """rdflib's reading of an xsd:string literal is untyped; leave every other term alone."""
    if isinstance(t, Literal) and t.datatype is not None and str(t.datatype) == XSD_STRING:
        return Literal(str(t))
    return t


def expected_rows(store, query: str) -> Counter:
    result = store.raw_query(query)
    names = [v.value for v in result.variables]
    return Counter(tuple(term(s[n]) for n in names) for s in result)


def expected_graph(store, query: str) -> set:
    return {(term(t.subject), term(t.predicate), term(t.object)) for t in store.raw_query(query)}


def rows_of(bindings: list[dict], names: list[str]) -> Counter:
    return Counter(tuple(plain(b.get(n)) for n in names) for b in bindings)


def names_of(query: str) -> list[str]:
    head = query.split("SELECT", 1)[1].split("WHERE", 1)[0]
    return [w[1:] for w in head.split() if w.startswith("?")]


# --- what SPARQLWrapper hands back, read -----------------------------------------------------------


def from_json(result: dict, names: list[str]) -> Counter:
    def one(b):
        if b["type"] == "uri":
            return URIRef(b["value"])
        if b["type"] == "bnode":
            return BNode(b["value"])
        if "xml:lang" in b:
            return Literal(b["value"], lang=b["xml:lang"])
        return Literal(b["value"], datatype=b.get("datatype"))

    return rows_of([{n: one(b) for n, b in row.items()} for row in result["results"]["bindings"]], names)


def from_xml(doc, names: list[str]) -> Counter:
    def one(node):
        text = "".join(c.data for c in node.childNodes if c.nodeType in (c.TEXT_NODE, c.CDATA_SECTION_NODE))
        if node.tagName == "uri":
            return URIRef(text)
        if node.tagName == "bnode":
            return BNode(text)
        if node.getAttribute("xml:lang"):
            return Literal(text, lang=node.getAttribute("xml:lang"))
        return Literal(text, datatype=node.getAttribute("datatype") or None)

    rows = []
    for result in doc.getElementsByTagName("result"):
        row = {}
        for binding in result.getElementsByTagName("binding"):
            value = next(c for c in binding.childNodes if c.nodeType == c.ELEMENT_NODE)
            row[binding.getAttribute("name")] = one(value)
        rows.append(row)
    return rows_of(rows, names)


def from_csv(data: bytes, names: list[str]) -> Counter:
    header, *rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    assert header == names
    return Counter(map(tuple, rows))


def lexical(rows: Counter) -> Counter:
    """CSV keeps lexical forms only (SPARQL 1.1 CSV): an unbound value is empty."""
    return Counter({tuple("" if t is None else str(t) for t in row): n for row, n in rows.items()})


def from_tsv(data: bytes, names: list[str]) -> Counter:
    parsed = Result.parse(io.BytesIO(data), format="tsv")
    return rows_of([{str(k): v for k, v in b.items()} for b in parsed.bindings], names)


def client(srv, query: str, fmt: str, method: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(srv.endpoint, returnFormat=fmt)
    sw.setQuery(query)
    if METHODS[method]:
        sw.setMethod(POST)
        sw.setRequestMethod(METHODS[method])
    return sw


def converted(sw: SPARQLWrapper):
    """The client's converted answer; no warning that the server answered in another format."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = sw.query()
        answer = result.convert()
    assert not [w for w in caught if "has been returned by the endpoint" in str(w.message)], caught
    return result, answer


# --- SPARQLWrapper ----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
@pytest.mark.parametrize("name", list(SELECTS))
def test_sparqlwrapper_select(srv, store, name, fmt, method):
    query, names = SELECTS[name], names_of(SELECTS[name])
    expected = expected_rows(store, query)
    assert sum(expected.values()) > 150
    result, answer = converted(client(srv, query, fmt, method))
    media = result.info()["content-type"].split(";")[0]
    if fmt == JSON:
        assert media == "application/sparql-results+json" and from_json(answer, names) == expected
    elif fmt == XML:
        assert media == "application/sparql-results+xml" and from_xml(answer, names) == expected
    elif fmt == CSV:
        assert media == "text/csv" and from_csv(answer, names) == lexical(expected)
    else:
        assert media == "text/tab-separated-values" and from_tsv(answer, names) == expected


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_ask(srv, fmt, method):
    for query, truth in ASKS.items():
        _, answer = converted(client(srv, query, fmt, method))
        if fmt == JSON:
            assert answer["boolean"] is truth
        elif fmt == XML:
            assert answer.getElementsByTagName("boolean")[0].firstChild.data == str(truth).lower()
        else:
            assert answer.strip() == str(truth).lower().encode()


GRAPH_FORMATS = {  # SPARQLWrapper's name -> (media type answered, how to read what convert() gives)
    TURTLE: ("text/turtle", "turtle"),
    N3: ("text/turtle", "n3"),  # Turtle is N3: the client asks for text/turtle first
    XML: ("application/rdf+xml", None),  # convert() gives an rdflib graph
    RDFXML: ("application/rdf+xml", None),
    RDF: ("application/rdf+xml", None),
    JSONLD: ("application/ld+json", None),
    JSON: ("application/ld+json", None),
    "nt": ("application/n-triples", "nt"),  # no name in SPARQLWrapper: Accept only (below)
}


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", list(GRAPH_FORMATS))
@pytest.mark.parametrize("name", list(GRAPHS))
def test_sparqlwrapper_construct_and_describe(srv, store, name, fmt, method):
    expected = expected_graph(store, GRAPHS[name])
    assert len(expected) > 5
    if fmt == "nt":
        sw = client(srv, GRAPHS[name], N3, method)
        sw.setOnlyConneg(True)  # no format parameter: the Accept header alone chooses
        sw.addCustomHttpHeader("Accept", "application/n-triples")
    else:
        sw = client(srv, GRAPHS[name], fmt, method)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Sending Accept header", RuntimeWarning)  # its own note for rdf, json
        warnings.filterwarnings("ignore", category=DeprecationWarning)  # rdflib's ConjunctiveGraph
        result, answer = converted(sw)
    media, syntax = GRAPH_FORMATS[fmt]
    assert result.info()["content-type"].split(";")[0] == media
    graph = Graph().parse(data=answer, format=syntax) if syntax else answer
    assert {tuple(plain(x) for x in t) for t in graph.triples((None, None, None))} == expected


# --- rdflib's SPARQLStore --------------------------------------------------------------------------------


def sparql_store(srv, fmt: str, method: str) -> Graph:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    return Graph(store=SPARQLStore(srv.endpoint, returnFormat=fmt, method=method))


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("fmt", ["xml", "json", "csv", "tsv"])
def test_sparqlstore_select_and_ask(srv, store, fmt, method):
    g = sparql_store(srv, fmt, method)
    for query in SELECTS.values():
        names = names_of(query)
        rows = rows_of([{str(k): v for k, v in b.items()} for b in g.query(query).bindings], names)
        expected = expected_rows(store, query)
        if fmt == "csv":  # rdflib reads a CSV value as an IRI or a plain literal: lexical forms only
            assert lexical(rows) == lexical(expected)
        else:
            assert rows == expected
    if fmt in ("csv", "tsv"):
        return  # SPARQL 1.1 CSV and TSV are for SELECT only; rdflib reads no boolean in them
    for query, truth in ASKS.items():
        assert g.query(query).askAnswer is truth


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_sparqlstore_graphs_triples_and_bindings(srv, store, method):
    g = sparql_store(srv, "xml", method)
    for query in GRAPHS.values():
        answer = g.query(query).graph
        assert {tuple(plain(x) for x in t) for t in answer} == expected_graph(store, query)
    measure = next(
        iter(store.raw_query(PROLOGUE + "SELECT ?m WHERE { ?m a jkg:Measure ; jkg:ordinal 12 } ORDER BY ?m"))
    )["m"]
    own = expected_graph(store, f"CONSTRUCT {{ <{measure.value}> ?p ?o }} WHERE {{ <{measure.value}> ?p ?o }}")
    assert {tuple(plain(x) for x in t) for t in g.triples((URIRef(measure.value), None, None))} == own
    texts = g.query(PROLOGUE + "SELECT ?text WHERE { ?m jkg:text ?text }", initBindings={"m": URIRef(measure.value)})
    assert [row.text for row in texts] == [o for _, p, o in own if str(p) == V.PREFIXES["jkg"] + "text"]
