"""The SPARQL 1.1 Protocol on a real `serve`: every case of the W3C protocol tests
(tests/fixtures/w3c-protocol/manifest.ttl, from w3c/rdf-tests), its request read from the
manifest's prose and sent byte for byte; then what the Protocol leaves open and clients rely on:
`format`/`output` beside Accept, 406, HEAD, CORS, the base IRI.

The W3C cases run on a small store holding the three graphs they name (dataset.trig); the query
side on a read-only server, the update side on one started with `allow_update`.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest

from jingan_kg.errors import JinganKgError
from jingan_kg.web.params import CORS_MAX_AGE, cors_origins
from jingan_kg.web.run import BackgroundServer

FIXTURES = Path(__file__).parent / "fixtures" / "w3c-protocol"
MANIFEST_SHA256 = "1207ed2f51018efcacd58ae8b2aa6bf465d8396cafb95c8a1bb618fa8b35bc5b"  # as vendored, unchanged
MANIFEST_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
KASEI = "http://kasei.us/2009/09/sparql/data/"
INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
RESULT_PARSERS = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_PARSERS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# Update cases this server does not take: the update dataset parameters (pyoxigraph's update
# takes no dataset, and rewriting the update's text to add USING clauses is not done here). The
# server refuses them with 400 naming what to do instead (test_update_dataset_parameters_refused).
UNSUPPORTED = {
    "update_dataset_default_graph": "using-graph-uri",
    "update_dataset_default_graphs": "using-graph-uri",
    "update_dataset_named_graphs": "using-named-graph-uri",
    "update_dataset_full": "using-graph-uri, using-named-graph-uri",
}


# --- the manifest ----------------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    target: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""


@dataclass
class Response:
    status: str  # "2xx or 3xx response" or "4xx"
    types: list[str]  # the content types the case allows (none: any)
    body: str  # what the case says the body holds ("true", "false", prose, or nothing)


def _blocks(comment: str) -> list[tuple[str, list[str]]]:
    """The `#### Request` and `#### Response` blocks of a case's prose: (kind, lines without
    their four-space indent)."""
    blocks: list[tuple[str, list[str]]] = []
    for line in comment.split("\n"):
        if line.startswith("#### "):
            blocks.append((line[5:].strip(), []))
        elif blocks and (line.startswith("    ") or not line.strip()):
            blocks[-1][1].append(line[4:] if line.startswith("    ") else "")
        elif line.strip():  # prose between blocks ("followed by")
            blocks.append(("prose", []))
    return [
        (kind, "\n".join(lines).strip("\n").split("\n")) for kind, lines in blocks if kind in ("Request", "Response")
    ]


def _exchange(comment: str) -> list[tuple[Request, Response]]:
    blocks = _blocks(comment)
    pairs = []
    for (kind, req), (kind2, resp) in zip(blocks[::2], blocks[1::2]):
        assert (kind, kind2) == ("Request", "Response"), comment
        method, target, *_ = req[0].split()
        head, _, body = "\n".join(req[1:]).partition("\n\n")
        headers = [tuple(p.strip() for p in h.split(":", 1)) for h in head.split("\n") if ":" in h]
        status, *rest = list(resp)
        rhead, _, rbody = "\n".join(rest).partition("\n\n")
        if not rbody and "Content-Type" not in rhead:
            rhead, rbody = "", rhead
        types = re.findall(r"[\w.+-]+/[\w.+-]+", rhead)
        pairs.append((Request(method, target, headers, body.strip()), Response(status.strip(), types, rbody.strip())))
    return pairs


def _manifest() -> dict[str, list[tuple[Request, Response]]]:
    """The cases in manifest order: local name -> the requests and what each must get."""
    store = ox.Store()
    store.load(path=FIXTURES / "manifest.ttl", format=ox.RdfFormat.TURTLE, base_iri=MANIFEST_BASE)
    manifest = ox.NamedNode(MANIFEST_BASE)
    node = next(store.quads_for_pattern(manifest, ox.NamedNode(MF + "entries"), None)).object
    cases = {}
    while node != ox.NamedNode(RDF + "nil"):
        entry = next(store.quads_for_pattern(node, ox.NamedNode(RDF + "first"), None)).object
        comment = next(store.quads_for_pattern(entry, ox.NamedNode(RDFS + "comment"), None)).object.value
        cases[entry.value.rsplit("#", 1)[1]] = _exchange(comment)
        node = next(store.quads_for_pattern(node, ox.NamedNode(RDF + "rest"), None)).object
    return cases


CASES = _manifest()
UPDATE_SIDE = [n for n in CASES if n.startswith(("update_", "bad_update")) or n == "bad_multiple_updates"]
QUERY_SIDE = [n for n in CASES if n not in UPDATE_SIDE]


def send(srv, req: Request) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Send `req` as the manifest writes it, to `srv`'s endpoint (the manifest's /sparql or
    /sparql/ is the endpoint; Host is the server's; Content-Length is counted; nothing added)."""
    host, port = srv.url.split("//")[1].rsplit(":", 1)
    path, _, query = req.target.partition("?")
    assert path in ("/sparql", "/sparql/"), req.target
    ctype = {k.lower(): v for k, v in req.headers}.get("content-type", "")
    charset = re.search(r"charset=([\w-]+)", ctype)
    body = req.body.encode(charset.group(1) if charset else "utf-8")  # "(content body encoded in utf-16)"
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest(
            req.method, "/sparql" + ("?" + query if query else ""), skip_host=True, skip_accept_encoding=True
        )
        conn.putheader("Host", f"{host}:{port}")
        for name, value in req.headers:
            if name.lower() not in ("host", "content-length"):
                conn.putheader(name, value)
        if body:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        answer = conn.getresponse()
        return answer.status, answer.headers, answer.read()
    finally:
        conn.close()


def media_of(headers) -> str:
    return (headers.get("Content-Type") or "").split(";")[0].strip()


def solutions(body: bytes, media: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
    parsed = ox.parse_query_results(body, RESULT_PARSERS[media])
    return [{v.value: s[v] for v in parsed.variables if s[v] is not None} for s in parsed]


def check(srv, name: str, resp: Response, status: int, headers, body: bytes) -> None:
    """What the case's response block says, and that a 2xx body is what its type says."""
    if resp.status.startswith("2xx"):
        assert 200 <= status < 400, (name, status, body)
    else:
        assert resp.status == "4xx" and 400 <= status < 500, (name, status, body)
        return
    media = media_of(headers)
    if resp.types:
        assert media in resp.types, (name, media)
    if media in RESULT_PARSERS:
        parsed = ox.parse_query_results(body, RESULT_PARSERS[media])
        if isinstance(parsed, ox.QueryBoolean):
            expected = resp.body if resp.body else EXPECTED[name](srv)
            assert expected in ("true", "false"), (name, expected)
            assert bool(parsed) is (expected == "true"), name
        else:  # the prose's expectation of a SELECT, read exactly (EXPECTED), in any order
            assert sorted(solutions(body, media), key=str) == sorted(EXPECTED[name](srv), key=str), name
    elif media in GRAPH_PARSERS:
        assert {q.triple for q in ox.parse(body, GRAPH_PARSERS[media])} == EXPECTED[name](srv), name
    else:
        assert status == 204 and not body and not resp.body, (name, status, media)


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


# Answers the prose leaves to the reader, written out. query_dataset_full says "true" of a
# SELECT: its solutions, exactly (default graph data3, named graphs data1 and data2).
EXPECTED = {
    "query_dataset_full": lambda srv: [
        {"g": _iri(KASEI + f"data{n}.rdf"), "x": _iri(KASEI + "data3.rdf"), "s": _iri(KASEI + f"data{n}.rdf")}
        for n in (1, 2)
    ],
    "query_content_type_select": lambda srv: [{"value": ox.Literal("1", datatype=INTEGER)}],
    "query_content_type_ask": lambda srv: "true",  # ASK {} matches the empty pattern
    "query_content_type_describe": lambda srv: set(),  # nothing is said of <http://example.org/>
    # `<s> <p> 1` resolved against the endpoint, the base IRI of a query here
    "query_content_type_construct": lambda srv: {
        ox.Triple(_iri(srv.url + "/s"), _iri(srv.url + "/p"), ox.Literal("1", datatype=INTEGER))
    },
    # "one result with ?o bound to an IRI that is not <test>": <test> resolved against the endpoint
    "update_base_uri": lambda srv: [{"o": _iri(srv.url + "/test")}],
}


# --- servers -----------------------------------------------------------------------------------------


def w3c_store(out: Path) -> Path:
    """An exports folder whose store holds the graphs the cases name (and nothing else)."""
    store = ox.Store(str(out / "store"))
    store.load(path=FIXTURES / "dataset.trig", format=ox.RdfFormat.TRIG)
    store.flush()
    del store  # closed: the server's workers open it
    return out


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    with BackgroundServer(w3c_store(tmp_path_factory.mktemp("w3c-read")), workers=2) as s:
        yield s


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    with BackgroundServer(w3c_store(tmp_path_factory.mktemp("w3c-update")), workers=1, allow_update=True) as s:
        yield s


def run_query(srv, sparql: str, accept: str = "application/sparql-results+json"):
    status, headers, body = send(
        srv,
        Request("POST", "/sparql", [("Content-Type", "application/sparql-query"), ("Accept", accept)], sparql),
    )
    assert status == 200, body
    return ox.parse_query_results(body, RESULT_PARSERS[media_of(headers)])


# --- the W3C cases ------------------------------------------------------------------------------------


def test_the_manifest_is_the_w3c_one_with_every_case_read():
    digest = hashlib.sha256((FIXTURES / "manifest.ttl").read_bytes()).hexdigest()
    assert digest == MANIFEST_SHA256 and MANIFEST_SHA256 in (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert len(CASES) == 34 and len(QUERY_SIDE) == 20 and len(UPDATE_SIDE) == 14
    assert all(CASES[n] for n in CASES)  # each has a request and a response
    assert [len(CASES[n]) for n in UPDATE_SIDE if n.startswith("update_dataset")] == [2, 2, 2, 2]
    assert set(UNSUPPORTED) <= set(UPDATE_SIDE)


@pytest.mark.parametrize("name", QUERY_SIDE)
def test_w3c_query_case(srv, name):
    for req, resp in CASES[name]:
        status, headers, body = send(srv, req)
        check(srv, name, resp, status, headers, body)
        if resp.status == "4xx":
            assert media_of(headers) == "text/plain" and body.strip(), (name, body)  # a reason, for people


MARKER = "GRAPH <urn:x-test:marker> { <urn:x-test:s> <urn:x-test:p> 1 }"


def update(srv, text: str) -> int:
    return send(srv, Request("POST", "/sparql", [("Content-Type", "application/sparql-update")], text))[0]


def mark(writable) -> None:
    """A triple the case must leave alone (unless it clears the store)."""
    assert update(writable, f"INSERT DATA {{ {MARKER} }}") == 204


# What a case assumes the store holds before it runs: update_base_uri CLEARs a graph, which
# fails (SPARQL 1.1 Update 3.1.3, as pyoxigraph does) unless the graph exists.
SETUP = {
    "update_base_uri": "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <urn:x-test:s> <urn:x-test:p> 0 } }"
}


@pytest.mark.parametrize("name", [n for n in UPDATE_SIDE if n not in UNSUPPORTED])
def test_w3c_update_case(writable, name):
    mark(writable)
    if name in SETUP:
        assert update(writable, SETUP[name]) == 204
    for req, resp in CASES[name]:
        status, headers, body = send(writable, req)
        check(writable, name, resp, status, headers, body)
    cleared = name in ("update_post_form", "update_post_direct")  # CLEAR ALL; the others are refused
    assert bool(run_query(writable, f"ASK {{ {MARKER} }}")) is not cleared, name


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_update_dataset_parameters_refused(writable, name):
    mark(writable)
    req, _ = CASES[name][0]
    status, headers, body = send(writable, req)
    assert (status, media_of(headers)) == (400, "text/plain"), body
    assert body.decode().startswith("using-graph-uri / using-named-graph-uri are not supported") and b"USING" in body
    assert run_query(writable, f"ASK {{ {MARKER} }}")  # its CLEAR ALL did not run


# --- format parameters beside Accept ----------------------------------------------------------------


def get(srv, query: str | None, accept: str | None = None, params: list[tuple[str, str]] = (), method="GET"):
    pairs = ([("query", query)] if query is not None else []) + list(params)
    qs = urllib.parse.urlencode(pairs)
    headers = [("Accept", accept)] if accept is not None else []
    return send(srv, Request(method, "/sparql" + (f"?{qs}" if qs else ""), headers))


SELECT_ONE = "SELECT ?s WHERE { GRAPH ?g { ?s a <http://xmlns.com/foaf/0.1/Document> } } ORDER BY ?s LIMIT 1"
CONSTRUCT_ONE = f"CONSTRUCT {{ <{KASEI}data1.rdf> a ?t }} WHERE {{ GRAPH ?g {{ <{KASEI}data1.rdf> a ?t }} }}"
ONE_TRIPLE = {ox.Triple(_iri(KASEI + "data1.rdf"), _iri(RDF + "type"), _iri("http://xmlns.com/foaf/0.1/Document"))}


@pytest.mark.parametrize(
    "params, accept, media",
    [
        ([("format", "json")], "application/sparql-results+json", "application/sparql-results+json"),
        ([("format", "xml")], "text/csv", "application/sparql-results+xml"),  # the parameter wins
        ([("output", "csv")], "application/sparql-results+xml", "text/csv"),
        ([("format", "csv"), ("format", "csv")], None, "text/csv"),  # the same value twice
        ([("format", "TSV")], None, "text/tab-separated-values"),
        (  # what SPARQLWrapper sends for TSV
            [(p, v) for p in ("format", "output", "results") for v in ("tsv", "text/tab-separated-values")],
            "text/tab-separated-values",
            "text/tab-separated-values",
        ),
        ([("format", "application/sparql-results+xml")], "application/json", "application/sparql-results+xml"),
        ([("format", "")], "text/csv", "text/csv"),  # empty: as if not given
    ],
)
def test_format_parameter_beside_accept(srv, params, accept, media):
    status, headers, body = get(srv, SELECT_ONE, accept, params)
    assert (status, media_of(headers)) == (200, media), body
    if media == "text/csv":  # pyoxigraph does not read CSV results (lossy)
        assert body == f"s\r\n{KASEI}data1.rdf\r\n".encode()
    else:
        assert solutions(body, media) == [{"s": _iri(KASEI + "data1.rdf")}]
    status, headers, body = get(srv, SELECT_ONE, accept, params, "HEAD")
    assert (status, media_of(headers), body) == (200, media, b"")


@pytest.mark.parametrize(
    "params, accept, media",
    [
        ([("format", "nt")], "application/rdf+xml", "application/n-triples"),
        ([("format", "n3"), ("output", "n3")], "text/n3", "text/turtle"),
        ([("format", "rdf+xml"), ("format", "application/rdf+xml")], None, "application/rdf+xml"),
        ([("format", "json-ld"), ("format", "application/ld+json,application/x-json+ld")], None, "application/ld+json"),
        ([("format", "json")], None, "application/ld+json"),  # json of a graph is JSON-LD
        ([("format", "xml")], None, "application/rdf+xml"),
        ([("format", "rdf"), ("output", "rdf")], "text/turtle", "application/rdf+xml"),
        ([("format", "ttl")], None, "text/turtle"),
        ([("format", "jsonld")], "text/turtle", "application/ld+json"),
        ([("output", "turtle")], "application/ld+json", "text/turtle"),
    ],
)
def test_format_parameter_of_a_graph(srv, params, accept, media):
    status, headers, body = get(srv, CONSTRUCT_ONE, accept, params)
    assert (status, media_of(headers)) == (200, media), body
    assert {q.triple for q in ox.parse(body, GRAPH_PARSERS[media])} == ONE_TRIPLE


@pytest.mark.parametrize(
    "params, named",
    [
        ([("format", "bogus")], "`format`"),
        ([("output", "image/png")], "`output`"),
        ([("format", "csv"), ("format", "xml")], "`format` parameter, given 2 times"),
        ([("format", "csv"), ("output", "turtle")], "`format` and `output` parameters"),
    ],
)
def test_format_parameter_naming_nothing_served_is_400(srv, params, named):
    for query in (SELECT_ONE, None):  # a query, or the service description
        status, headers, body = get(srv, query, None, params)
        text = body.decode()
        assert (status, media_of(headers)) == (400, "text/plain") and named in text, text
        if "different formats" in text:  # the values, so that the client sees which disagree
            assert "('csv', " in text and ("'xml')" in text or "'turtle')" in text), text
        else:  # the choices
            assert "json, xml, csv, tsv, turtle (ttl, n3), nt (ntriples, n-triples), jsonld (json-ld)" in text


# --- 406, HEAD, the base IRI ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, accept, offered",
    [
        (SELECT_ONE, "image/png", "SELECT and ASK answers come in application/sparql-results+json, application/sp"),
        ("ASK {}", "image/png;q=1, text/html;q=0.5", "CONSTRUCT and DESCRIBE answers in text/turtle, application/n-"),
        (SELECT_ONE, "text/turtle", "the answer of a SELECT or ASK comes in application/sparql-results+json"),
        (CONSTRUCT_ONE, "text/csv", "the answer of a CONSTRUCT or DESCRIBE comes in text/turtle, application/n"),
        (CONSTRUCT_ONE, "application/sparql-results+json, */*;q=0", "application/ld+json, application/rdf+xml;"),
        (None, "image/png", "the service description comes in text/html, text/turtle"),
    ],
)
def test_unacceptable_accept_is_406_listing_what_is_offered(srv, query, accept, offered):
    status, headers, body = get(srv, query, accept)
    assert (status, media_of(headers)) == (406, "text/plain") and offered in body.decode(), body
    assert repr(accept) in body.decode() and "format parameter" in body.decode()


@pytest.mark.parametrize("accept", [None, "", "*/*", "image/png, */*;q=0.1"])
def test_no_accept_or_any_gets_the_default(srv, accept):
    for query, media in ((SELECT_ONE, "application/sparql-results+json"), (CONSTRUCT_ONE, "text/turtle")):
        status, headers, _ = get(srv, query, accept)
        assert (status, media_of(headers)) == (200, media)


@pytest.mark.parametrize(
    "query, accept",
    [
        (SELECT_ONE, "text/csv"),
        (CONSTRUCT_ONE, None),
        (None, "text/turtle"),
        ("ASK {", None),
        (SELECT_ONE, "image/png"),
    ],
    ids=["select", "construct", "description", "bad-query-400", "406"],
)
def test_head_answers_like_get(srv, query, accept):
    got, head = get(srv, query, accept), get(srv, query, accept, method="HEAD")
    assert head[0] == got[0] and head[2] == b""
    same = {k.lower(): v for k, v in got[1].items() if k.lower() != "date"}
    assert {k.lower(): v for k, v in head[1].items() if k.lower() != "date"} == same
    assert int(same["content-length"]) == len(got[2]) > 0


def test_base_iri_is_the_endpoint_and_the_query_base_wins(srv):
    rows = run_query(srv, "SELECT ?x ?y WHERE { BIND(<a/b> AS ?x) BIND(<../c?d#e> AS ?y) }")
    assert [(r["x"].value, r["y"].value) for r in rows] == [(srv.url + "/a/b", srv.url + "/c?d#e")]
    rows = run_query(srv, "BASE <http://example.org/k/> SELECT ?x WHERE { BIND(<a> AS ?x) }")
    assert [r["x"].value for r in rows] == ["http://example.org/k/a"]


# --- CORS ----------------------------------------------------------------------------------------------

PAGE = "https://portal.example.org"
PREFLIGHT = [
    ("Origin", PAGE),
    ("Access-Control-Request-Method", "POST"),
    ("Access-Control-Request-Headers", "content-type"),
]


def cors_headers(headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items() if k.lower().startswith("access-control-")}


def test_no_cors_by_default(srv):
    status, headers, _ = send(srv, Request("GET", "/sparql?query=ASK%7B%7D", [("Origin", PAGE)]))
    assert status == 200 and cors_headers(headers) == {}
    status, headers, _ = send(srv, Request("OPTIONS", "/sparql", PREFLIGHT))
    assert status == 405 and cors_headers(headers) == {}


@pytest.fixture(scope="module")
def cors_srv(tmp_path_factory):
    out = w3c_store(tmp_path_factory.mktemp("w3c-cors"))
    with BackgroundServer(out, workers=1, allow_update=True, cors=[PAGE, "http://localhost:8080"]) as s:
        yield s


def test_cors_for_the_origins_given(cors_srv):
    status, headers, body = send(cors_srv, Request("GET", "/sparql?query=ASK%7B%7D", [("Origin", PAGE)]))
    assert status == 200 and cors_headers(headers) == {"access-control-allow-origin": PAGE}
    assert "Origin" in headers["Vary"] and "Accept" in headers["Vary"]
    status, headers, _ = send(cors_srv, Request("OPTIONS", "/sparql", PREFLIGHT))
    assert status == 204 and cors_headers(headers) == {
        "access-control-allow-origin": PAGE,
        "access-control-allow-methods": "GET, HEAD, POST",
        "access-control-allow-headers": "Accept, Accept-Language, Content-Language, Content-Type",
        "access-control-max-age": str(CORS_MAX_AGE),
    }
    # a page of another origin gets no CORS header, and its preflight is refused
    status, headers, _ = send(cors_srv, Request("GET", "/sparql?query=ASK%7B%7D", [("Origin", "https://evil.example")]))
    assert status == 200 and cors_headers(headers) == {}
    status, headers, body = send(
        cors_srv, Request("OPTIONS", "/sparql", [("Origin", "https://evil.example"), *PREFLIGHT[1:]])
    )
    assert status == 400 and b"origin" in body and "access-control-allow-origin" not in cors_headers(headers)
    status, _, body = send(
        cors_srv, Request("OPTIONS", "/sparql", [("Origin", PAGE), ("Access-Control-Request-Method", "PUT")])
    )
    assert status == 400 and b"method" in body


def test_updates_stay_same_origin_with_cors(cors_srv):
    update = "INSERT DATA { GRAPH <urn:x-test:cors> { <urn:x-test:s> <urn:x-test:p> 1 } }"
    form = [("Content-Type", "application/x-www-form-urlencoded")]
    body = urllib.parse.urlencode({"update": update})
    status, _, answer = send(cors_srv, Request("POST", "/sparql", [*form, ("Origin", PAGE)], body))
    assert status == 403 and b"another origin" in answer
    assert not run_query(cors_srv, "ASK { GRAPH <urn:x-test:cors> { ?s ?p ?o } }")
    same = cors_srv.url.lower()
    status, _, answer = send(cors_srv, Request("POST", "/sparql", [*form, ("Origin", same)], body))
    assert status == 204, answer
    assert run_query(cors_srv, "ASK { GRAPH <urn:x-test:cors> { ?s ?p ?o } }")


def test_cors_any_origin(tmp_path):
    with BackgroundServer(w3c_store(tmp_path), workers=1, cors=["*"]) as s:
        status, headers, _ = send(s, Request("GET", "/sparql?query=ASK%7B%7D", [("Origin", "https://anyone.example")]))
        assert status == 200 and cors_headers(headers) == {"access-control-allow-origin": "*"}
        status, headers, _ = send(s, Request("OPTIONS", "/sparql", PREFLIGHT))
        assert status == 204 and cors_headers(headers)["access-control-allow-origin"] == "*"


def test_cors_origins_are_checked():
    assert cors_origins(["https://Example.org", "*", "http://[::1]:8080", "https://example.org"]) == [
        "https://example.org",
        "*",
        "http://[::1]:8080",
    ]
    for bad in ("https://example.org/path", "example.org", "ftp://example.org", "https://example.org:port"):
        with pytest.raises(JinganKgError, match="is not an origin") as caught:
            cors_origins([bad])
        assert "scheme://host[:port]" in caught.value.hint


def test_cli_serve_takes_cors(tmp_path):
    from click.testing import CliRunner

    from jingan_kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--cors ORIGIN" in result.output
    w3c_store(tmp_path)
    result = CliRunner().invoke(main, ["serve", "--out", str(tmp_path), "--cors", "https://example.org/x"])
    assert result.exit_code == 1 and "is not an origin" in result.output
