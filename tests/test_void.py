"""The dataset describes itself (void.ttl: VoID + DCAT), each build is recorded (build.ttl: PROV),
both are in the store under named graphs, and the manifest's `address:` is checked."""

from __future__ import annotations

import hashlib
import tomllib
from datetime import UTC, datetime
from importlib.metadata import version

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from jingan_kg.errors import ManifestError
from jingan_kg.graph import vocab as V
from jingan_kg.graph.activity import BUILD_GRAPH
from jingan_kg.graph.dataset import (
    CODE_LICENSE,
    DATA_LICENSE,
    DATASET,
    IANA,
    SOURCE_TERMS,
    VOID_GRAPH,
    Export,
    describe,
    turtle,
)
from jingan_kg.ingest.sources import load_manifest, read_sources
from jingan_kg.pipeline.build import BuildConfig, build
from jingan_kg.store.embedded import GraphStore

from .conftest import ROOT, SOURCES

U = URIRef
D = U(DATASET)
ONE_MEASURE = f"<{V.JKR}measure/x> <{V.type_}> <{V.Measure}> .\n".encode()  # a data graph of one triple


def parse(path) -> Graph:
    return Graph().parse(path, format="turtle")


def one(g: Graph, s, p):
    values = list(g.objects(s, U(p)))
    assert len(values) == 1, (s, p, values)
    return values[0]


@pytest.fixture(scope="module")
def void(built) -> Graph:
    return parse(built[1] / "void.ttl")


def partitions(g: Graph, kind: str, key: str, count: str) -> dict[str, int]:
    """{class or property: its count} of the dataset's class or property partitions."""
    return {str(one(g, part, key)): one(g, part, count).toPython() for part in g.objects(D, U(kind))}


# --- counts ----------------------------------------------------------------------------------


def test_void_triples_is_the_store_count_of_the_data_graph(void, store, built):
    default = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]  # the default graph
    assert one(void, D, V.triples).toPython() == default == built[0].triples
    assert one(void, D, V.triples).datatype == U(V.XSD + "integer")


def test_class_partitions_count_what_the_store_holds(void, store):
    counted = {
        r["c"]: r["n"] for r in store.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
    }
    classes = partitions(void, V.classPartition, V.voidClass, V.entities)
    assert classes == counted
    assert classes[V.Measure] == 60 and classes[V.Assessment] == 312 and classes[V.SourceFile] == 4
    assert one(void, D, V.classes).toPython() == len(counted)


def test_property_partitions_count_what_the_store_holds(void, store):
    counted = {r["p"]: r["n"] for r in store.select("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")}
    props = partitions(void, V.propertyPartition, V.voidProperty, V.triples)
    assert props == counted
    assert sum(props.values()) == one(void, D, V.triples).toPython()
    assert one(void, D, V.properties).toPython() == len(counted)
    assert props[V.responsibleBody] == store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?m jkg:responsibleBody ?o }"
    )[0]["n"]  # fmt: skip


def test_vocabularies_and_uri_space(void):
    vocabularies = set(map(str, void.objects(D, U(V.vocabulary))))
    terms = {*partitions(void, V.classPartition, V.voidClass, V.entities)}
    terms |= {*partitions(void, V.propertyPartition, V.voidProperty, V.triples)}
    assert {V.RDF, V.RDFS, V.SKOS, V.DCTERMS, V.PROV, V.ORG, V.JKG} <= vocabularies
    assert all(any(t.startswith(v) for t in terms) for v in vocabularies)  # each one used
    assert all(any(t.startswith(v) for v in vocabularies) for t in terms)  # each term's vocabulary listed
    assert one(void, D, V.uriSpace) == Literal("https://w3id.org/jingan-kg/id/")
    assert (D, RDF.type, U(V.VoidDataset)) in void and (D, RDF.type, U(V.DcatDataset)) in void


# --- sources, dates, licences ----------------------------------------------------------------


def test_every_source_file_is_listed_with_its_sha256(void):
    files = sorted(SOURCES.glob("*.txt"))
    expected = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    listed = {}
    for s in void.objects(D, U(V.source)):
        assert (s, RDF.type, U(V.Entity)) in void
        check = one(void, s, V.checksum)
        assert one(void, check, V.algorithm) == U(V.sha256Algorithm)
        value = one(void, check, V.checksumValue)
        assert value.datatype == U(V.XSD + "hexBinary")
        listed[str(one(void, s, V.identifier))] = str(value)
        assert str(s) == V.JKR + "source/" + str(one(void, s, V.identifier))  # the data graph's jkg:SourceFile
        assert one(void, s, V.rights) == U(SOURCE_TERMS)
    assert listed == expected
    gazette = U(V.JKR + "source/gazette-2026-01.txt")
    assert {(str(t), t.language) for t in void.objects(gazette, U(V.title))} == {
        ("上海市静安区人民政府公报 2026年第1期（总第47期）", "zh"),
        ("Jing'an District Government Gazette, 2026 No. 1 (issue 47)", "en"),
    }
    assert one(void, one(void, gazette, V.publisher), V.foafName) == Literal("上海市静安区人民政府办公室", lang="zh")


def test_issued_and_modified_are_the_newest_manifest_date(void):
    manifest = yaml.safe_load((SOURCES / "manifest.yaml").read_text(encoding="utf-8"))["sources"]
    newest = max(str(row["date"]) for row in manifest.values())
    assert newest == "2026-02-28"
    for p in (V.issued, V.modified):
        assert one(void, D, p) == Literal(newest, datatype=U(V.XSD + "date"))


def test_licences(void, built):
    assert one(void, D, V.license) == U(DATA_LICENSE) == U("https://creativecommons.org/licenses/by/4.0/")
    dists = list(void.objects(D, U(V.distribution)))
    assert dists and all(one(void, d, V.license) == U(DATA_LICENSE) for d in dists)
    assert (U(SOURCE_TERMS), RDF.type, U(V.RightsStatement)) in void
    terms = {t.language: str(t) for t in void.objects(U(SOURCE_TERMS), U(V.label))}
    assert "claims no rights" in terms["en"] and "不主张任何权利" in terms["zh"]
    record = parse(built[1] / "build.ttl")
    agents = list(record.subjects(RDF.type, U(V.SoftwareAgent)))
    assert [one(record, a, V.license) for a in agents] == [U(CODE_LICENSE)]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 jingan-kg contributors\n")
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"] == "MIT"
    terms_doc = (ROOT / "docs" / "DATA-LICENSE.md").read_text(encoding="utf-8")
    assert DATA_LICENSE in terms_doc and CODE_LICENSE in terms_doc and SOURCE_TERMS in terms_doc


# --- distributions and the endpoint ----------------------------------------------------------


def test_exports_are_distributions_with_their_bytes(void, built):
    out = built[1]
    by_url = {}
    for d in void.objects(D, U(V.distribution)):
        if (d, U(V.downloadURL), None) in void:
            by_url[str(one(void, d, V.downloadURL))] = d
    exports = "https://w3id.org/jingan-kg/exports/"
    names = {url.removeprefix(exports) for url in by_url}
    assert {"jingan-kg.ttl", "jingan-kg.jsonld"} <= names
    for url, d in by_url.items():
        data = (out / url.removeprefix(exports)).read_bytes()
        assert url.startswith(exports) and one(void, d, V.accessURL) == U(url)
        assert one(void, d, V.byteSize).toPython() == len(data)
        assert str(one(void, one(void, d, V.checksum), V.checksumValue)) == hashlib.sha256(data).hexdigest()
    media = {url.removeprefix(exports): str(one(void, d, V.mediaType)) for url, d in by_url.items()}
    assert media["jingan-kg.ttl"] == IANA + "text/turtle" and media["jingan-kg.jsonld"] == IANA + "application/ld+json"
    dumps = {str(u) for u in void.objects(D, U(V.dataDump))}
    assert {
        "https://w3id.org/jingan-kg/exports/jingan-kg.ttl",
        "https://w3id.org/jingan-kg/exports/jingan-kg.jsonld",
    } <= dumps
    assert dumps <= set(by_url)


def test_the_sparql_endpoint_is_described(void):
    endpoint = U("https://w3id.org/jingan-kg/sparql")
    assert one(void, D, V.sparqlEndpoint) == endpoint
    service = U(VOID_GRAPH + "#sparql")
    assert one(void, service, V.endpointURL) == endpoint and one(void, service, V.servesDataset) == D


def test_a_deployment_gives_its_own_base(tmp_path):
    from pydantic import ValidationError

    store = GraphStore.in_memory(ONE_MEASURE)
    g = Graph().parse(
        data=turtle(
            describe(store, [], [Export("jingan-kg.ttl", b"x", dump=True)], base="https://kg.example.org/jingan/")
        ),
        format="turtle",
    )
    assert one(g, D, V.sparqlEndpoint) == U("https://kg.example.org/jingan/sparql")
    assert list(g.objects(D, U(V.dataDump))) == [U("https://kg.example.org/jingan/exports/jingan-kg.ttl")]
    assert (D, U(V.issued), None) not in g  # no manifest date, no clock: no date at all
    assert BuildConfig(public_base="https://kg.example.org/").public_base == "https://kg.example.org/"
    for bad in ("ftp://kg.example.org/", "https://kg.example.org", "https://kg example.org/"):
        with pytest.raises(ValidationError):
            BuildConfig(public_base=bad)


def test_an_export_folder_is_described_file_by_file(tmp_path, monkeypatch):
    """An export that is a folder (the CSV tables) gives one distribution per file inside it."""
    from jingan_kg.graph import exports
    from jingan_kg.pipeline.build import _describe

    monkeypatch.setattr(exports, "FILES", ("jingan-kg.nt", "tables"))
    files = {
        "jingan-kg.ttl": b"t",
        "jingan-kg.jsonld": b"{}",
        "jingan-kg.nt": b"n",
        "tables/b.csv": b"b,c",
        "tables/a.csv": b"a",
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    _describe(tmp_path, GraphStore.in_memory(ONE_MEASURE), [], "https://w3id.org/jingan-kg/")
    g = parse(tmp_path / "void.ttl")
    sizes = {
        str(one(g, d, V.downloadURL)): one(g, d, V.byteSize).toPython()
        for d in g.objects(D, U(V.distribution))
        if (d, U(V.downloadURL), None) in g
    }
    base = "https://w3id.org/jingan-kg/exports/"
    assert sizes == {base + name: len(data) for name, data in files.items()}
    assert {str(u) for u in g.objects(D, U(V.dataDump))} == {
        base + "jingan-kg.ttl",
        base + "jingan-kg.jsonld",
        base + "jingan-kg.nt",
    }
    assert str(one(g, U(VOID_GRAPH + "#export-tables/a.csv"), V.mediaType)) == IANA + "text/csv"


# --- determinism, the build record, the store -------------------------------------------------


@pytest.fixture(scope="module")
def again(built, tmp_path_factory):
    """A second build of the same sources, timed by the test's own clock."""
    out = tmp_path_factory.mktemp("again")
    before = datetime.now(UTC).replace(microsecond=0)
    build(BuildConfig(out=out))
    after = datetime.now(UTC)
    return out, before, after


def test_two_builds_give_byte_identical_void(built, again):
    first, second = (built[1] / "void.ttl").read_bytes(), (again[0] / "void.ttl").read_bytes()
    assert first == second and len(first) > 10_000
    assert (built[1] / "build.ttl").read_bytes() != (again[0] / "build.ttl").read_bytes()  # its own activity


def test_build_ttl_records_the_activity(again):
    out, before, after = again
    record = parse(out / "build.ttl")
    (act,) = record.subjects(RDF.type, U(V.Activity))
    start, end = one(record, act, V.startedAtTime).toPython(), one(record, act, V.endedAtTime).toPython()
    assert before <= start <= end <= after
    (agent,) = record.objects(act, U(V.wasAssociatedWith))
    assert one(record, agent, V.version) == Literal(version("jingan-kg")) and version("jingan-kg") != "unknown"
    used = {}
    for s in record.objects(act, U(V.used)):
        used[str(one(record, s, V.identifier))] = str(one(record, one(record, s, V.checksum), V.checksumValue))
    assert used == {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in SOURCES.glob("*.txt")}
    assert one(record, act, V.generated) == D and one(record, D, V.wasGeneratedBy) == act
    assert str(one(record, act, V.identifier)) == (out / "current").readlink().name  # its generation folder


def test_sparql_finds_the_description_and_the_activity(again):
    store = GraphStore.open(again[0] / "store")
    rows = store.select(
        """SELECT ?triples ?measures ?activity ?start ?end ?version WHERE {
          GRAPH <https://w3id.org/jingan-kg/void> {
            ?d a void:Dataset ; void:triples ?triples ;
               void:classPartition [ void:class jkg:Measure ; void:entities ?measures ] }
          GRAPH <https://w3id.org/jingan-kg/build> {
            ?d prov:wasGeneratedBy ?activity .
            ?activity a prov:Activity ; prov:startedAtTime ?start ; prov:endedAtTime ?end ;
               prov:wasAssociatedWith/dcat:version ?version } }"""
    )
    record = parse(again[0] / "build.ttl")
    (act,) = record.subjects(RDF.type, U(V.Activity))
    data = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    assert rows == [
        {
            "triples": data,
            "measures": 60,
            "activity": str(act),
            "start": rows[0]["start"],
            "end": rows[0]["end"],
            "version": version("jingan-kg"),
        }
    ]
    for when, p in (("start", V.startedAtTime), ("end", V.endedAtTime)):
        assert datetime.fromisoformat(rows[0][when]) == one(record, act, p).toPython()
    # the named graphs hold exactly the two files; the default graph holds the data alone
    for graph, name in ((VOID_GRAPH, "void.ttl"), (BUILD_GRAPH, "build.ttl")):
        n = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"]
        assert n == len(parse(again[0] / name))
    assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?d a void:Dataset }")[0]["n"] == 0


def test_stats_count_the_data_alone(again):
    from click.testing import CliRunner

    from jingan_kg.cli import main

    lines = CliRunner().invoke(main, ["stats", "--out", str(again[0])]).output.splitlines()
    void = parse(again[0] / "void.ttl")
    assert lines[2].split() == ["triples", str(one(void, D, V.triples).toPython())]


# --- the manifest's address -------------------------------------------------------------------

DOC = "上海市静安区数据局关于数据产业的若干措施\n\n(2027年3月9日)\n\n1. 支持数据集。支持建设数据集。（责任部门：区数据局）\n"


def manifest(address: str) -> str:
    return (
        "# sources\n"
        "sources:\n"
        "  extra.txt:\n"
        "    title: 关于数据产业的若干措施\n"
        "    kind: measures\n"
        "    date: 2027-03-09\n"
        f"    address: {address}\n"
    )


@pytest.mark.parametrize(
    "address",
    ["ftp://www.jingan.gov.cn/a.txt", "www.jingan.gov.cn/a.html", "https://", "'https://www.jingan.gov.cn/a b.html'"],
)
def test_an_address_that_is_not_an_http_url_names_file_and_line(make_sources, address):
    root = make_sources({"extra.txt": DOC, "manifest.yaml": manifest(address)})
    with pytest.raises(ManifestError) as exc:
        load_manifest(root)
    assert str(exc.value).startswith("manifest.yaml:7: entry 'extra.txt': `address` must be an http:// or https:// URL")
    assert exc.value.line == 7 and "leave `address` out" in exc.value.hint
    with pytest.raises(ManifestError, match=r"^manifest\.yaml:7: "):
        build(BuildConfig(sources=root, out=root.parent / "out"))
    assert not (root.parent / "out" / "current").exists()


def test_other_manifest_errors_name_their_line(make_sources):
    text = manifest("https://www.jingan.gov.cn/a.html") + "    adress: typo\n"
    root = make_sources({"extra.txt": DOC, "manifest.yaml": text})
    with pytest.raises(ManifestError, match=r"^manifest\.yaml:3: entry 'extra.txt' has unknown keys \['adress'\]$"):
        load_manifest(root)


def test_a_known_address_is_the_source_files_dcterms_source(make_sources):
    page = "https://www.jingan.gov.cn/govxxgk/JA0/2027-03-10/extra.html"
    root = make_sources(
        {"extra.txt": DOC, "other.txt": "某区关于某事的通知\n\n2028年1月2日\n", "manifest.yaml": manifest(page)}
    )
    assert load_manifest(root)["extra.txt"].address == page
    sources = read_sources(root)
    store = GraphStore.in_memory(ONE_MEASURE)
    g = Graph().parse(data=turtle(describe(store, sources, [])), format="turtle")
    extra, other = U(V.JKR + "source/extra.txt"), U(V.JKR + "source/other.txt")
    assert list(g.objects(extra, U(V.source))) == [U(page)]
    assert list(g.objects(other, U(V.source))) == []  # no manifest entry: no address
    assert one(g, D, V.modified) == Literal("2027-03-09", datatype=U(V.XSD + "date"))  # not other.txt's inferred date
    assert partitions(g, V.classPartition, V.voidClass, V.entities) == {V.Measure: 1}
