"""Linked data on `jingan-kg serve` (web/linked.py, web/describe.py, web/vocabulary.py): every jkr:
IRI of a build of the given sources dereferences at /id/…, as an HTML card for browsers and as its
description (Turtle, N-Triples, JSON-LD, RDF/XML) for RDF clients; the ontology at /def and the
shapes at /def/shapes; the build's void.ttl at /.well-known/void; and bad paths and Accept
headers get 400, 404, 406 or 414 with the reason.

The server is the real one (uvicorn, worker processes) on a free loopback port, as
tests/test_server.py starts it; the browser test drives Chromium and Firefox through
tests/browser_helpers.py, as tests/test_ask_page.py does, and skips when a browser is missing.
"""

from __future__ import annotations

import hashlib
import time
import urllib.parse
from base64 import b64encode
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import to_isomorphic

from jingan_kg.graph import vocab as V
from jingan_kg.store.base import bind, iri
from jingan_kg.store.embedded import GraphStore
from jingan_kg.web.linked import MAX_PATH
from jingan_kg.web.params import MAX_URL_BYTES
from jingan_kg.web.run import BackgroundServer

from . import browser_helpers as bh
from .conftest import GAZETTE, SOURCES
from .test_ask_page import QUOTE, tree
from .test_browser import SCREENSHOTS
from .test_server import MAX_ROWS, http

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
DATA = V.JKR + "org/jingan-data"  # 静安区数据局
INVESTMENT = V.JKR + "org/jingan-investment"
MEASURE_12 = V.JKR + "measure/jing-fa-gai-wei-2026-3-hao-6432b4/12"  # 12. 优化绿色金融
RETAIL = V.JKR + "indicator/she-hui-xiao-fei-pin-ling-shou-zong-e-c2a560"  # 社会消费品零售总额
EXCERPT_12 = V.JKR + "excerpt/62dd67e74debec65"  # the sentence measure 12 is read from
JINGAN = V.JKR + "district/jingan"
RETAIL_QUOTE = "实现社会消费品零售总额1703.52亿元，同比增长11.4%，总量、增速均位列中心城区第一。"
RDF = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
SUFFIX = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
}
DESCRIBE_LIKE = """CONSTRUCT { ?s ?p ?o } WHERE {
  { ?x ?p ?o BIND(?x AS ?s) } UNION { ?s ?p ?x BIND(?x AS ?o) } UNION { ?x prov:wasDerivedFrom ?s . ?s ?p ?o } }"""


@pytest.fixture(scope="module")
def srv(built):
    """The server on the build, with no row limit (the description of 静安区 holds 1,100 triples)."""
    with BackgroundServer(built[1], timeout=10, max_rows=0, workers=2) as s:
        yield s


def get(srv, path: str, accept: str | None = None, method: str = "GET"):
    """(status, headers, body bytes) of a request for `path` as written (nothing is %-escaped here)."""
    return http(method, srv.url + path, headers={"Accept": accept} if accept else {})


def path_of(node: str) -> str:
    return "/id/" + node[len(V.JKR) :]


def graph_of(body: bytes, media: str, base: str | None = None):
    """The graph `body` holds, comparable with == up to blank node names (the shapes have some)."""
    g = rdflib.Graph()
    g.parse(data=body.decode("utf-8"), format=RDF[media], publicID=base)
    return to_isomorphic(g)


def described(store: GraphStore, node: str) -> set:
    """The node's triples both ways and its excerpts', by a CONSTRUCT over the store."""
    triples = store.construct(bind(DESCRIBE_LIKE, {"x": iri(node)}))
    return graph_of(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), "application/n-triples")


def card(srv, node: str, status: int = 200):
    code, headers, body = get(srv, path_of(node), "text/html,application/xhtml+xml,*/*;q=0.8")
    assert code == status, body[:2000]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    return tree(body.decode("utf-8")), headers


def relations(page, table: str) -> list[tuple[str, str, str]]:
    """(predicate IRI, other node's link, its text) of each row of a relations table."""
    out = []
    for tr in page.one("table", table).all("tr"):
        a = tr.all("td")[0].all("a")
        out.append(
            (tr.attrs["data-p"], a[0].attrs["href"] if a else "", tr.all("td")[0].all("a")[0].text() if a else "")
        )
    return out


def quotes(page) -> list[tuple[str, str, str]]:
    """(file, lines, quote) of each 'Where it is written' entry."""
    return [
        (q.one("a", "source").text(), q.one("span", "line").text(), q.one("blockquote").text())
        for q in page.all("div", "quote")
    ]


# --- every IRI -------------------------------------------------------------------------------------


def test_every_jkr_iri_of_the_build_dereferences(srv, store):
    """Each IRI under jkr: that the build wrote (subject or object) is 200 at its /id/ path, with
    its own triples, and the paths are the kinds the build uses."""
    rows = store.select("SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } FILTER(isIRI(?x)) }")
    nodes = sorted(r["x"] for r in rows if r["x"].startswith(V.JKR))
    kinds = {n[len(V.JKR) :].split("/", 1)[0] for n in nodes}
    assert {"org", "measure", "indicator", "target", "outcome", "excerpt", "source", "doc", "district"} <= kinds

    def fetch(node: str):
        for _ in range(3):  # 503 (Retry-After): two queries of one client ran long at once on a busy machine
            status, headers, body = get(srv, path_of(node), "application/n-triples")
            if status != 503:
                break
            time.sleep(float(headers["Retry-After"]))
        return node, status, headers.get("Content-Type"), body

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(fetch, nodes))
    wrong = [(n, s) for n, s, _, body in answers if s != 200 or f"<{n}>".encode() not in body]
    assert not wrong, wrong[:10]
    assert {t for _, _, t, _ in answers} == {"application/n-triples"}
    assert len(answers) == len(nodes) > 3000


# --- the cards -------------------------------------------------------------------------------------


def test_the_card_of_a_body_holds_its_relations_both_ways_and_its_quote(srv, store):
    page, headers = card(srv, DATA)
    assert page.one("h1").text() == "静安区数据局"
    assert "部门/机构 Body" in page.one("p", "subtitle").text() and "静安区" in page.one("p", "subtitle").text()
    assert page.one("code", id="iri").text() == DATA
    names = {(tr.attrs["data-p"], tr.one("td").text()) for tr in page.one("table", "names").all("tr")}
    assert (V.altLabel, "区数据局zh") in names and (V.prefLabel, "Jing'an District Data Bureauen") in names
    assert (V.district, "/id/district/jingan", "静安区") in relations(page, "outgoing")
    measures = store.select(
        bind("SELECT ?m ?t ?n WHERE { ?m jkg:responsibleBody ?o ; rdfs:label ?t ; jkg:ordinal ?n }", {"o": iri(DATA)})
    )
    incoming = relations(page, "incoming")
    for m in measures:
        assert (V.responsibleBody, path_of(m["m"]), f"{m['n']}. {m['t']}") in incoming
    assert len([r for r in incoming if r[0] == V.responsibleBody]) == len(measures) > 20
    line = (SOURCES / GAZETTE).read_text(encoding="utf-8").splitlines()[1940 - 1]
    assert quotes(page) == [(GAZETTE, "1940", "静安区数据局")] and "静安区数据局" in line
    assert headers["Vary"] == "Accept" and headers["Content-Location"] == "/id/org/jingan-data.html"


def test_the_card_of_a_measure_links_its_body_and_quotes_its_sentence(srv):
    page, _ = card(srv, MEASURE_12)
    assert page.one("h1").text() == "12. 优化绿色金融"
    out = relations(page, "outgoing")
    assert (V.responsibleBody, "/id/org/jingan-investment", "静安区投资促进办公室") in out
    assert (V.concernsIndustry, "/id/industry/jin-rong-fu-wu-ye-507c0d", "金融服务业") in out
    assert (V.partOf, "/id/doc/jing-fa-gai-wei-2026-3-hao-6432b4",
            "上海市静安区发展和改革委员会关于构建现代化产业体系、促进经济高质量发展的若干措施") in out  # fmt: skip
    values = {tr.attrs["data-p"]: tr.one("td").text() for tr in page.one("table", "literals").all("tr")}
    assert values[V.ordinal] == "12xsd:integer" and values[V.section].startswith("(三)促进金融服务业深化发展")
    assert quotes(page) == [(GAZETTE, "1832", QUOTE)]
    assert page.one("a", "excerpt").attrs["href"] == path_of(EXCERPT_12)


def test_the_card_of_an_indicator_lists_its_targets_by_name(srv):
    page, _ = card(srv, RETAIL)
    assert page.one("h1").text() == "社会消费品零售总额" and "指标 Indicator" in page.one("p", "subtitle").text()
    texts = {text for p, _, text in relations(page, "incoming") if p == V.indicator}
    assert {
        "社会消费品零售总额 2022：1600亿元",
        "社会消费品零售总额 2025：1700亿元",
        "社会消费品零售总额 2025：1703.52亿元",
    } <= texts
    assert quotes(page) == [(GAZETTE, "331", RETAIL_QUOTE)]
    line = (SOURCES / GAZETTE).read_text(encoding="utf-8").splitlines()[331 - 1]
    assert RETAIL_QUOTE in line


def test_the_card_of_an_excerpt_is_named_by_its_file_and_line(srv):
    page, _ = card(srv, EXCERPT_12)
    assert page.one("h1").text() == f"{GAZETTE}:1832" and "摘录 excerpt" in page.one("p", "subtitle").text()
    values = {tr.attrs["data-p"]: tr.one("td").text() for tr in page.one("table", "literals").all("tr")}
    assert values[V.quote] == QUOTE and values[V.lineStart] == "1832xsd:integer"
    assert relations(page, "incoming") == [(V.wasDerivedFrom, path_of(MEASURE_12), "12. 优化绿色金融")]
    assert relations(page, "outgoing") == [
        (V.inSource, f"/id/source/{GAZETTE}", "上海市静安区人民政府公报2026年第1期(总第47期)")
    ]


def test_a_card_shows_at_most_200_of_the_nodes_pointing_at_it(srv, store):
    page, _ = card(srv, JINGAN)
    total = store.select(bind("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"o": iri(JINGAN)}))[0]["n"]
    assert total > 1000
    assert len(page.one("table", "incoming").all("tr")) == 200
    assert page.all("h2")[-1].text() == f"Pointing here ({total})"
    assert page.one("p", "note").text() == f"200 of {total} shown; the description as Turtle holds them all."


def test_the_page_has_a_strict_policy_allowing_only_its_styles(srv):
    status, headers, body = get(srv, path_of(MEASURE_12), "text/html")
    policy = dict(p.strip().split(" ", 1) for p in headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'none'"
    html = body.decode("utf-8")
    styles = [s.split(">", 1)[1] for s in html.split("<style")[1:]]
    hashes = {
        "'sha256-" + b64encode(hashlib.sha256(s.split("</style>")[0].encode()).digest()).decode() + "'" for s in styles
    }
    assert len(hashes) == 2 and hashes == set(policy["style-src"].split())
    assert "<script" not in html and headers["X-Content-Type-Options"] == "nosniff"


# --- the RDF --------------------------------------------------------------------------------------


@pytest.mark.parametrize("node", [DATA, MEASURE_12, RETAIL, EXCERPT_12])
def test_the_turtle_is_the_nodes_description_as_a_construct_gives_it(srv, store, node):
    status, headers, body = get(srv, path_of(node), "text/turtle")
    assert status == 200 and headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert headers["Vary"] == "Accept" and headers["Content-Location"] == path_of(node) + ".ttl"
    got = graph_of(body, "text/turtle")
    assert got == described(store, node) and len(got) > 5
    for media in ("application/n-triples", "application/ld+json", "application/rdf+xml"):
        status, headers, other = get(srv, path_of(node), media)
        assert status == 200 and headers["Content-Type"].split(";")[0] == media
        assert graph_of(other, media) == got, media


def test_a_suffix_selects_the_format_whatever_the_accept(srv, store):
    want = described(store, DATA)
    for suffix, media in SUFFIX.items():
        status, headers, body = get(srv, path_of(DATA) + suffix, "text/html")
        assert status == 200 and headers["Content-Type"].split(";")[0] == media
        assert "Vary" not in headers and graph_of(body, media) == want
    status, headers, body = get(srv, path_of(DATA) + ".html", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert tree(body.decode("utf-8")).one("h1").text() == "静安区数据局"


def test_no_accept_and_any_accept_get_turtle_and_a_browser_html(srv):
    for accept in (None, "*/*", "text/*", "application/json"):
        status, headers, body = get(srv, path_of(DATA), accept)
        want = "application/ld+json" if accept == "application/json" else "text/turtle"
        assert status == 200 and headers["Content-Type"].split(";")[0] == want, accept
    status, headers, body = get(srv, path_of(DATA), "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert headers["Content-Type"].startswith("text/html")
    status, headers, body = get(srv, path_of(DATA), "text/turtle", method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Type"].startswith("text/turtle")


def test_a_description_over_the_row_limit_is_413_while_its_card_is_shown(built, store):
    size = len(described(store, JINGAN))
    assert size > MAX_ROWS
    with BackgroundServer(built[1], timeout=10, max_rows=MAX_ROWS, workers=1) as limited:
        status, _, body = get(limited, path_of(JINGAN), "text/turtle")
        assert status == 413 and f"has {size} triples, more than this server's limit of {MAX_ROWS}" in body.decode()
        assert card(limited, JINGAN)[0].one("h1").text() == "静安区"
        assert get(limited, path_of(DATA), "text/turtle")[0] == 200


# --- bad input -------------------------------------------------------------------------------------


def test_an_unknown_iri_is_404_with_the_nearest_ones(srv):
    status, headers, body = get(srv, "/id/org/jingan-dta", "text/turtle")
    text = body.decode("utf-8")
    assert status == 404 and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert text.startswith(f"No node of this graph has the IRI <{V.JKR}org/jingan-dta>. The nearest ones:")
    assert text.splitlines()[1] == f"  静安区数据局  <{DATA}>"
    page, _ = card(srv, V.JKR + "org/jingan-dta", 404)
    assert page.one("h1").text() == "Not in the graph"
    assert page.one("ul", "nearest").all("a")[0].attrs["href"] == "/id/org/jingan-data"
    chinese = "/id/org/" + urllib.parse.quote("静安区数据局")  # a name where the IRI has a slug
    status, _, body = get(srv, chinese)
    assert (
        status == 404 and f"<{V.JKR}org/静安区数据局>" in body.decode() and f"  静安区数据局  <{DATA}>" in body.decode()
    )
    status, _, body = get(srv, "/id/")
    assert status == 404 and "/id/<kind>/<name>" in body.decode()


@pytest.mark.parametrize("bad", ["<", ">", '"', "{", "}", "|", "\\", "^", "`"])
def test_a_character_no_iri_holds_is_400_naming_it(srv, bad):
    status, headers, body = get(srv, f"/id/org/a{bad}b")
    assert status == 400, body
    assert body.decode() == (
        f"{bad!r} (U+{ord(bad):04X}) at character 6 of the path is not allowed in an IRI; write it %-escaped.\n"
    )


def test_escapes_are_read_as_an_iri_writes_them(srv):
    status, _, body = get(srv, "/id/org/a%zzb")
    assert status == 400 and "'%' at character 6 of the path is not followed by two hex digits" in body.decode()
    status, _, body = get(srv, "/id/org/jingan%2Ddata", "application/n-triples")  # %2D is '-': the same IRI
    assert status == 200 and f"<{DATA}>".encode() in body
    status, _, body = get(srv, "/id/org/a%3Cb%ff")  # escaped, '<' and a byte are parts of a valid IRI
    assert status == 404 and f"<{V.JKR}org/a%3Cb%FF>" in body.decode()


def test_an_accept_nothing_satisfies_is_406_naming_what_is_offered(srv):
    offered = "text/html, text/turtle, application/n-triples, application/ld+json, application/rdf+xml"
    for path in (path_of(DATA), "/def", "/def/shapes"):
        status, headers, body = get(srv, path, "image/png")
        assert status == 406 and headers["Vary"] == "Accept"
        assert f"is offered as {offered}, or add .ttl, .nt, .jsonld, .rdf or .html to the path" in body.decode()
    status, _, body = get(srv, "/.well-known/void", "text/html;q=1, image/*")
    offered = "text/turtle, application/n-triples, application/ld+json, application/rdf+xml"
    assert status == 406 and f"is offered as {offered}, or add .ttl, .nt, .jsonld or .rdf to the path" in body.decode()


def test_a_very_long_path_is_414(srv):
    long = "/id/org/" + "a" * MAX_PATH
    status, _, body = get(srv, long)
    assert status == 414 and f"this server reads /id/ paths of at most {MAX_PATH}" in body.decode()
    status, _, body = get(srv, "/id/org/" + "a" * (MAX_URL_BYTES + 10))
    assert status == 414 and "this server's limit" in body.decode()


# --- a synthetic graph: escaping, IRI and URI forms -----------------------------------------------

HOSTILE = """
<{r}org/x> <{rdf}type> <{org}Organization> .
<{r}org/x> <{skos}prefLabel> "<script>alert(1)</script>"@zh .
<{r}org/x> <{g}note> "a & b <b>bold</b>" .
<{r}org/x> <{g}about> <javascript:alert(1)> .
<{r}org/x> <{prov}wasDerivedFrom> <{r}excerpt/e1> .
<{r}excerpt/e1> <{rdf}type> <{g}Excerpt> .
<{r}excerpt/e1> <{g}inSource> <{r}source/%E6%94%BF%20x.txt> .
<{r}excerpt/e1> <{g}lineStart> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
<{r}excerpt/e1> <{g}lineEnd> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .
<{r}excerpt/e1> <{g}quote> "\\"><img src=x onerror=\\"window.pwned=1\\">" .
<{r}source/%E6%94%BF%20x.txt> <{g}path> "政 x.txt" .
<{r}org/静安> <{skos}prefLabel> "静安"@zh .
<{r}org/静安> <{g}partOf> <{r}org/x> .
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("linked-synthetic")
    nt = HOSTILE.format(r=V.JKR, rdf=V.RDF, org=V.ORG, skos=V.SKOS, g=V.JKG, prov=V.PROV)
    GraphStore.write(out / "store", nt.encode("utf-8"))
    with BackgroundServer(out, timeout=10, workers=1) as s:
        yield s


def test_document_text_reaches_the_page_escaped(synthetic):
    status, _, body = get(synthetic, "/id/org/x", "text/html")
    html = body.decode("utf-8")
    assert status == 200
    assert "<script>" not in html and "<img" not in html and "<b>" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "a &amp; b &lt;b&gt;bold&lt;/b&gt;" in html
    page = tree(html)
    assert page.one("h1").text() == "<script>alert(1)</script>"
    assert quotes(page) == [("政 x.txt", "1-2", '"><img src=x onerror="window.pwned=1">')]
    about = [tr for tr in page.one("table", "outgoing").all("tr") if tr.attrs["data-p"] == V.JKG + "about"]
    assert about[0].one("td").all("a") == [] and about[0].one("td").text() == "javascript:alert(1)"


def test_a_node_is_found_by_its_iri_form_and_its_uri_form(synthetic):
    status, _, body = get(synthetic, "/id/org/" + urllib.parse.quote("静安"), "application/n-triples")
    assert status == 200 and f"<{V.JKR}org/静安> <{V.SKOS}prefLabel>".encode() in body
    encoded = V.JKR + "source/%E6%94%BF%20x.txt"  # the graph holds the URI form (graph/iris.py source_iri)
    status, _, body = get(synthetic, "/id/source/" + urllib.parse.quote("政 x.txt"), "application/n-triples")
    assert status == 200 and f"<{encoded}> <{V.JKG}path>".encode() in body
    status, _, body = get(synthetic, "/id/source/%e6%94%bf%20x.txt", "application/n-triples")  # lower-case hex
    assert status == 200 and f"<{encoded}>".encode() in body


# --- the ontology, the shapes, the dataset's description -------------------------------------------


def test_the_ontology_is_served_from_the_packaged_file(srv):
    data = (ONTOLOGY / "jingan.ttl").read_bytes()
    status, headers, body = get(srv, "/def", "text/turtle")
    assert status == 200 and body == data and headers["Content-Location"] == "/def.ttl"
    want = graph_of(data, "text/turtle")
    for media in ("application/n-triples", "application/ld+json", "application/rdf+xml"):
        status, headers, body = get(srv, "/def", media)
        assert status == 200 and graph_of(body, media) == want, media
    etag = headers["ETag"]
    assert http("GET", srv.url + "/def", headers={"Accept": "application/rdf+xml", "If-None-Match": etag})[0] == 304


def test_the_ontology_page_lists_every_class_and_property_with_its_labels(srv):
    g = rdflib.Graph().parse(ONTOLOGY / "jingan.ttl")
    owl, rdfs = rdflib.OWL, rdflib.RDFS
    terms = {s for c in (owl.Class, owl.ObjectProperty, owl.DatatypeProperty) for s in g.subjects(rdflib.RDF.type, c)}
    terms = {t for t in terms if isinstance(t, rdflib.URIRef) and str(t).startswith(V.JKG)}
    status, headers, body = get(srv, "/def", "text/html")
    assert status == 200 and "script-src 'none'" in headers["Content-Security-Policy"]
    page = tree(body.decode("utf-8"))
    sections = {s.attrs["data-iri"]: s for s in page.all("section", "term")}
    assert len(terms) > 60
    for t in terms:
        local = str(t)[len(V.JKG) :]
        section = sections[str(t)]
        assert section.attrs["id"] == local
        labels = section.one("span", "labels").text()
        assert labels == " ".join(
            str(x) for lang in ("zh", "en") for x in g.objects(t, rdfs.label) if x.language == lang
        )
        en = [x for x in g.objects(t, rdfs.comment) if x.language == "en"]
        assert [p.text() for p in section.all("p", "comment") if p.attrs["lang"] == "en"] == [str(x) for x in en]


def test_the_shapes_are_served_beside_the_ontology(srv):
    data = (ONTOLOGY / "shapes.ttl").read_bytes()
    for path in ("/def/shapes", "/shapes", "/def/shapes.ttl"):
        status, _, body = get(srv, path, "text/turtle")
        assert status == 200 and body == data, path
    status, _, body = get(srv, "/shapes.jsonld")
    assert graph_of(body, "application/ld+json") == graph_of(data, "text/turtle")
    g = rdflib.Graph().parse(data=data.decode(), format="turtle")
    shapes = {str(s) for s in g.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape"))}
    page = tree(get(srv, "/def/shapes", "text/html")[2].decode("utf-8"))
    assert {s.attrs["data-iri"] for s in page.all("section", "term")} == shapes and len(shapes) > 15


VOID = """@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
# written by this test, as a build would
<https://w3id.org/jingan-kg/dataset> a void:Dataset ; dcterms:title "静安区知识图谱"@zh ;
    void:sparqlEndpoint <../sparql> ; void:triples 20278 .
"""


def test_the_dataset_description_is_served_once_a_build_writes_it(built, tmp_path):
    (tmp_path / "store").symlink_to((built[1] / "store").resolve())
    with BackgroundServer(tmp_path, timeout=10, workers=1) as s:
        status, _, body = get(s, "/.well-known/void")
        assert status == 404 and "No dataset description yet: void.ttl is written by `jingan-kg build`" in body.decode()
        (tmp_path / "void.ttl").write_text(VOID, encoding="utf-8")
        status, headers, body = get(s, "/.well-known/void", "text/turtle")
        assert status == 200 and body == VOID.encode() and headers["Vary"] == "Accept"
        # a relative IRI is read against the document's address, as any RDF client reads it
        want = graph_of(VOID.encode(), "text/turtle", base=s.url + "/.well-known/void")
        assert rdflib.URIRef(s.url + "/sparql") in {o for _, _, o in want}
        for media in ("application/n-triples", "application/ld+json", "application/rdf+xml"):
            status, headers, body = get(s, "/.well-known/void", media)
            assert status == 200 and graph_of(body, media) == want, media
        status, headers, body = get(s, "/.well-known/void.nt", "text/turtle")
        assert headers["Content-Type"] == "application/n-triples" and graph_of(body, "application/n-triples") == want
        status, _, body = get(s, "/void", "application/n-triples")  # the path of its IRI, w3id.org/jingan-kg/void
        assert status == 200 and graph_of(body, "application/n-triples") == graph_of(
            VOID.encode(), "text/turtle", base=s.url + "/void"
        )
        (tmp_path / "void.ttl").write_text("@prefix broken", encoding="utf-8")
        status, _, body = get(s, "/.well-known/void", "application/n-triples")
        assert status == 500 and "The build's void.ttl cannot be read as Turtle" in body.decode()


# --- in real browsers ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=list(bh.BROWSERS))
def browser(request):
    b = bh.start(request.param, loopback=True)
    yield b
    b.close()


CARD = """() => document.readyState === "complete" && !!document.querySelector("#card")
  && { h1: document.querySelector("h1").textContent, path: location.pathname,
       quotes: [...document.querySelectorAll(".quote blockquote")].map(b => b.textContent),
       wide: document.documentElement.scrollWidth - document.documentElement.clientWidth }"""
MEASURE_1 = V.JKR + "measure/jing-fa-gai-wei-2026-3-hao-6432b4/1"


def _wait_for_page(view, fn: str, what: str, timeout: float = 15.0):
    """Poll `fn` until truthy, across the navigation a click starts (no realm for a moment)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = view.evaluate(fn)
        except Exception:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise bh.PageTimeout(f"{view}: no {what} in {timeout:g} s")
        time.sleep(0.05)


def test_the_card_in_a_real_browser(srv, browser):
    """Open the body's card, follow a relation to a measure's card; nothing but this server is
    asked and nothing is logged (a policy violation would be); on a phone's width nothing is wider
    than the screen."""
    view = browser.open_url("linked", srv.url + path_of(DATA), allow=srv.url + "/")
    try:
        first = _wait_for_page(view, CARD, "the card")
        assert first["h1"] == "静安区数据局" and first["quotes"] == ["静安区数据局"] and first["wide"] <= 0
        if browser.name == "chromium":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            view.take_screenshot(SCREENSHOTS / "linked-card.png")
        view.click(f'table.incoming tr[data-iri="{MEASURE_1}"] td a')
        measure = _wait_for_page(
            view, CARD.replace("() =>", f"() => location.pathname === '{path_of(MEASURE_1)}' &&"), "the measure"
        )
        assert measure["h1"].startswith("1. ") and len(measure["quotes"]) == 1
        if browser.name == "chromium":
            view.page.set_viewport_size({"width": 390, "height": 844})
            assert _wait_for_page(view, CARD, "the card")["wide"] <= 0
            view.take_screenshot(SCREENSHOTS / "linked-card-phone.png")
    finally:
        view.close()
    outside = [u for u in view.requests if not u.startswith(srv.url + "/")]
    assert not outside, outside
    assert view.console_errors == [] and view.page_errors == [], (view.console_errors, view.page_errors)
