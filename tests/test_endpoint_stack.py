"""The endpoint's fast path: answers written by the store itself (counted against --max-rows as
they are written), the httptools protocol's limits and pipelining. Real requests to a server on a
free loopback port, as tests/test_server.py starts it."""

from __future__ import annotations

import json
import socket
import urllib.parse

import pyoxigraph as ox
import pytest

from jingan_kg.graph import vocab as V
from jingan_kg.web.params import MAX_URL_BYTES
from jingan_kg.web.run import BackgroundServer
from jingan_kg.web.workers import _Rows

from .test_server import get

MAX_ROWS = 50
# every measure with its label: more rows than MAX_ROWS, and more than one 8 KiB chunk of TSV
MEASURES = "SELECT ?m ?label WHERE { ?m a jkg:Measure ; rdfs:label ?label } ORDER BY ?m"
FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
}


@pytest.fixture(scope="module")
def srv(built):
    with BackgroundServer(built[1], timeout=10, max_rows=MAX_ROWS, workers=1) as s:
        yield s


@pytest.fixture(scope="module")
def store(built):
    from jingan_kg.store.embedded import open_read_only

    return open_read_only(str(built[1] / "store"))


@pytest.fixture(scope="module")
def own(store):
    """What pyoxigraph writes itself for a query, in a format."""

    def serialise(query: str, fmt) -> bytes:
        return store.query(query, prefixes=V.PREFIXES).serialize(format=fmt)

    return serialise


@pytest.mark.parametrize("accept", list(FORMATS))
def test_an_answer_is_the_stores_own_serialisation(srv, own, accept):
    query = MEASURES + f" LIMIT {MAX_ROWS}"
    status, headers, body = get(srv, query, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept), body[:200]
    assert body == own(query, FORMATS[accept])


@pytest.mark.parametrize("accept", [*FORMATS, "text/tab-separated-values"])
def test_max_rows_holds_in_every_format(srv, accept):
    status, _, body = get(srv, MEASURES + f" LIMIT {MAX_ROWS}", accept)
    assert status == 200, body[:200]
    if accept == "application/sparql-results+json":
        assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, _, body = get(srv, MEASURES + f" LIMIT {MAX_ROWS + 1}", accept)
    assert status == 413 and f"more than {MAX_ROWS} rows".encode() in body, body[:200]
    status, _, body = get(srv, MEASURES, accept)
    assert status == 413, body[:200]


def test_rows_stop_the_store_past_the_limit(store):
    """_Rows keeps what the store writes up to the limit and stops it one row past."""
    everything = "SELECT * WHERE { ?s ?p ?o }"
    with pytest.raises(_Rows.Full):
        store.query(everything).serialize(_Rows(1000), format=ox.QueryResultsFormat.TSV)
    rows = _Rows(MAX_ROWS)
    store.query(MEASURES + f" LIMIT {MAX_ROWS}", prefixes=V.PREFIXES).serialize(rows, format=ox.QueryResultsFormat.TSV)
    whole = store.query(MEASURES + f" LIMIT {MAX_ROWS}", prefixes=V.PREFIXES)
    assert rows.getvalue() == whole.serialize(format=ox.QueryResultsFormat.TSV)
    assert rows.getvalue().count(b"\n") == MAX_ROWS + 1


@pytest.mark.parametrize("length", [MAX_URL_BYTES, MAX_URL_BYTES + 64])
def test_a_url_past_the_parsers_limit_is_414_not_400(srv, length):
    """httptools parses at most 65,535 bytes of URL; past that the answer is still the 414."""
    path = "/sparql?query="
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #"
    target = path + urllib.parse.quote(query) + "x" * (length - len(path) - len(urllib.parse.quote(query)))
    assert len(target) == length
    answer = _raw(srv, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 414 "), answer[:200]
    assert f"longer than {MAX_URL_BYTES} bytes".encode() in answer


def test_pipelined_requests_are_answered_in_order(srv):
    count = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }")
    ask = urllib.parse.quote("ASK { ?m a jkg:Measure }")
    head = "HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/csv\r\n"
    answer = _raw(
        srv,
        f"GET /sparql?query={count} {head}\r\nGET /sparql?query={ask} {head}Connection: close\r\n\r\n".encode(),
    )
    assert answer.count(b"HTTP/1.1 200 ") == 2, answer[:400]
    first, second = answer.split(b"HTTP/1.1 200 ")[1:]
    assert first.endswith(b"\r\n\r\nn\r\n60\r\n") and second.endswith(b"\r\n\r\ntrue")


def _raw(srv, request: bytes) -> bytes:
    """What the server sends back to `request`, read until it closes."""
    host, port = urllib.parse.urlsplit(srv.url).hostname, urllib.parse.urlsplit(srv.url).port
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer
