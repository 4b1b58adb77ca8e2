"""The exports researchers load into their own tools: N-Triples, GraphML, CSV tables per class and
the JSON-LD context, read back with the tools people use (rdflib, networkx, csv, pyld) and checked
against the store, the ontology and the source text."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from jingan_kg.graph import vocab as V

from .conftest import GAZETTE, ROOT, SOURCES

CURATED = ROOT / "data" / "curated" / "organisations.yaml"
MEASURE_LINE = (
    186  # （九）开展“数智化能力提升工程”。…（责任单位：区人力资源社会保障局、区教育局、区科技经济委、区数据局）
)


def source_lines(name: str = GAZETTE) -> list[str]:
    return (SOURCES / name).read_text(encoding="utf-8").split("\n")


def plain(text: str) -> str:
    """A source text as the graph names it: NFKC, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def curated_bodies() -> dict[str, dict]:
    """Each name of a curated organisation (its label and aliases) -> its row."""
    rows = yaml.safe_load(CURATED.read_text(encoding="utf-8"))["organisations"]
    return {name: row for row in rows for name in [row["label"], *row.get("aliases", [])]}


def the_measure() -> tuple[str, list[dict]]:
    """The measure of MEASURE_LINE as the source writes it: its title and its bodies' curated rows."""
    line = source_lines()[MEASURE_LINE - 1].strip()
    m = re.fullmatch(r"（[一二三四五六七八九十]+）([^。]+)。.*（责任单位：(.+)）", line)
    bodies = curated_bodies()
    return m.group(1), [bodies[name] for name in m.group(2).split("、")]


def values(g: Graph) -> set:
    """The triples of `g` with each literal by its value (a decimal "3" is 3.0)."""
    return {(s, p, o.toPython()) for s, p, o in g}


@pytest.fixture(scope="module")
def graph(built):
    """The graph as the store holds it (the N-Triples export)."""
    return Graph().parse(built[1] / "jingan-kg.nt", format="nt")


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ROOT / "ontology" / "jingan.ttl", format="turtle")


# --- N-Triples ----------------------------------------------------------------------------------


def test_ntriples_export_is_the_store_sorted(built, store, graph):
    data = (built[1] / "jingan-kg.nt").read_bytes()
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "" and lines[:-1] == sorted(set(lines[:-1]))
    assert len(lines) - 1 == len(graph) == built[0].triples
    # The Turtle export writes a decimal such as "136" as a bare 136 (read back as 136.0): same values.
    stored = Graph().parse(data=store.dump().decode("utf-8"), format="nt")
    turtle = Graph().parse(built[1] / "jingan-kg.ttl", format="turtle")
    assert values(stored) == values(turtle) == values(graph)


# --- GraphML ------------------------------------------------------------------------------------

_CORE = "VALUES ?core { jkg:Measure jkg:Industry jkg:Project jkg:Area jkg:StreetPart }"
_LINKED = "VALUES ?linked { org:Organization skos:Concept }"
_RELATIONS = (
    "VALUES ?p { jkg:responsibleBody jkg:leadBody jkg:concernsIndustry skos:broader dcterms:isReplacedBy "
    "jkg:category jkg:locatedIn jkg:inArea jkg:containsStreet jkg:partOfStreet jkg:forArea }"
)
_NETWORK = f"""SELECT DISTINCT ?n WHERE {{
  {{ {_CORE} ?n a ?core }}
  UNION {{ {_CORE} {_LINKED} {_RELATIONS} ?c a ?core . ?c ?p ?n . ?n a ?linked }}
  UNION {{ {_CORE} {_LINKED} {_RELATIONS} ?c a ?core . ?n ?p ?c . ?n a ?linked }} }}"""


@pytest.fixture(scope="module")
def network(built):
    return nx.read_graphml(built[1] / "jingan-kg.graphml", force_multigraph=True)


def test_graphml_has_the_network_the_store_has(network, store):
    """Every measure, industry, project, area and street part, the bodies and concepts linked to
    them, and every one of the network's relations between two of them: counted by SPARQL."""
    nodes = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {_NETWORK} }}")[0]["n"]
    source, target = (_NETWORK.replace("SELECT DISTINCT ?n", f"SELECT DISTINCT (?n AS ?{v})") for v in "so")
    edges = store.select(f"SELECT ?s ?p ?o WHERE {{ {{ {source} }} {{ {target} }} {_RELATIONS} ?s ?p ?o }}")
    assert network.number_of_nodes() == nodes > 0 and network.number_of_edges() == len(edges) > 0
    assert {d["iri"] for _, d in network.nodes(data=True)} == {r["n"] for r in store.select(_NETWORK)}
    iri = nx.get_node_attributes(network, "iri")
    drawn = {(iri[s], V.expand(d["relation"]), iri[o]) for s, o, d in network.edges(data=True)}
    assert drawn == {(r["s"], r["p"], r["o"]) for r in edges}
    measures = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }")[0]["n"]
    assert sum(1 for _, d in network.nodes(data=True) if d["kind"] == "measure") == measures == 60


def test_graphml_names_a_body_and_the_measure_it_is_responsible_for(network, ontology):
    """静安区数据局 and the three other bodies of the measure on MEASURE_LINE: its title as the source
    writes it, the bodies' curated names, and the ontology's names of the relation on each edge."""
    title, bodies = the_measure()
    by_iri = {d["iri"]: d for _, d in network.nodes(data=True)}
    (measure, data), *others = [(n, d) for n, d in network.nodes(data=True) if d["label"] == title]
    assert others == [] and data["kind"] == "measure" and data["iri"].startswith(V.JKR + "measure/")
    edges = {network.nodes[o]["iri"]: d for _, o, d in network.out_edges(measure, data=True)}
    responsible = {iri for iri, d in edges.items() if d["relation"] == "jkg:responsibleBody"}
    assert responsible == {V.JKR + "org/" + row["id"] for row in bodies}
    names = {x.language: str(x) for x in ontology.objects(URIRef(V.responsibleBody), RDFS.label)}
    for row in bodies:
        body = by_iri[V.JKR + "org/" + row["id"]]
        assert (body["label"], body.get("label_en"), body["kind"]) == (row["label"], row.get("label_en"), "body")
        edge = edges[body["iri"]]
        assert (edge["relation"], edge["label"], edge["label_en"]) == ("jkg:responsibleBody", names["zh"], names["en"])
    assert "静安区数据局" in {row["label"] for row in bodies}


def test_graphml_keys_are_named_so_gephi_reads_the_labels(built):
    """Gephi takes a node key with id d3 and an edge key d7 as the label (yEd's defaults): the ids are
    the scope and the attribute's name, never networkx's numbering; only strings (yEd reads no long)."""
    root = ET.parse(built[1] / "jingan-kg.graphml").getroot()
    keys = root.findall("{http://graphml.graphdrawing.org/xmlns}key")
    assert sorted((k.get("id"), k.get("attr.type")) for k in keys) == [
        ("edge_label", "string"),
        ("edge_label_en", "string"),
        ("edge_relation", "string"),
        ("node_iri", "string"),
        ("node_kind", "string"),
        ("node_label", "string"),
        ("node_label_en", "string"),
    ]
    assert all(k.get("id") == f"{k.get('for')}_{k.get('attr.name')}" for k in keys)
    ids = [e.get("id") for e in root.iter() if e.tag.endswith("}node") or e.tag.endswith("}edge")]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[ne]\d+", i) for i in ids)


def test_graphml_and_tables_do_not_depend_on_the_order_of_triples(built):
    """The graph read from its N-Triples in reverse order gives the same bytes."""
    from jingan_kg.graph.exports import TABLES, Nodes, files
    from jingan_kg.kinds import REGISTRY

    nt = (built[1] / "jingan-kg.nt").read_bytes()
    reversed_nt = b"\n".join(reversed(nt.rstrip(b"\n").split(b"\n"))) + b"\n"
    assert reversed_nt != nt
    again = files(Nodes(reversed_nt), nt, REGISTRY)
    assert again["jingan-kg.graphml"] == (built[1] / "jingan-kg.graphml").read_bytes()
    tables = {name for name in again if name.startswith(TABLES + "/")}
    assert tables and all(again[name] == (built[1] / name).read_bytes() for name in tables)


# --- CSV tables ---------------------------------------------------------------------------------


def read_table(built, name: str) -> tuple[bytes, list[dict]]:
    data = (built[1] / "tables" / name).read_bytes()
    return data, list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_table_per_counted_class_with_a_row_per_node(built, store):
    from jingan_kg.kinds import REGISTRY

    counted = {c.label: c.cls for k in REGISTRY for c in k.counts}
    in_store = {
        r["cls"]: r["n"]
        for r in store.select("SELECT ?cls (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?cls } GROUP BY ?cls")
    }
    names = sorted(p.name for p in (built[1] / "tables").iterdir())
    assert names == sorted(re.sub(r"\W+", "-", label) + ".csv" for label in counted)
    for label, cls in counted.items():
        data, rows = read_table(built, re.sub(r"\W+", "-", label) + ".csv")
        assert data.startswith(b"\xef\xbb\xbfiri,label_zh,label_en,")  # the BOM Excel needs, then the header
        assert len(rows) == in_store.get(cls, 0) == built[0].counts[label], label
        assert len({r["iri"] for r in rows}) == len(rows)


def test_service_projects_table_is_the_source_list(built):
    """The 45 projects of 《2026年静安区为民办实事项目》, field by field against the source lines."""
    lines = source_lines()
    start = lines.index("2026年静安区为民办实事项目") + 1
    expected, field = [], None
    for number, line in enumerate(lines[start:], start + 1):
        if heading := re.fullmatch(r"[一二三四五六七八九十]+、(.+?)方面.*", line.strip()):
            field = heading.group(1)
        elif item := re.fullmatch(r"(\d+)\.\s*(.+)", line.strip()):
            expected.append((int(item.group(1)), plain(item.group(2)), field, number, line.strip()))
        elif line.startswith("上海市静安区人民政府"):
            break
    title = plain(next(x for x in lines if x.startswith("上海市静安区人民政府") and "为民" in x))
    _, rows = read_table(built, "service-projects.csv")
    assert len(expected) == len(rows) == 45
    got = [
        (int(r["ordinal"]), r["label_zh"], r["serviceArea"], int(r["cited_line_start"]), r["cited_quote"]) for r in rows
    ]
    assert got == [(n, text, f, line, quote) for n, text, f, line, quote in expected]
    assert all(
        (r["cited_source"], r["cited_line_end"], r["partOf"]) == (GAZETTE, r["cited_line_start"], title) for r in rows
    )
    assert len({r["partOf_iri"] for r in rows}) == 1


def test_measures_table_row_is_its_source_line(built):
    title, bodies = the_measure()
    lines = source_lines()
    section = next(x.strip() for x in reversed(lines[: MEASURE_LINE - 1]) if re.match(r"[一二三四五六七八九十]+、", x))
    _, rows = read_table(built, "measures.csv")
    (row,) = [r for r in rows if r["label_zh"] == title]
    assert (row["cited_source"], row["cited_line_start"], row["cited_line_end"]) == (GAZETTE, "186", "186")
    assert row["cited_quote"] == lines[MEASURE_LINE - 1].strip() and row["section"] == section
    assert row["ordinal"] == "9" and row["label_en"] == ""  # （九）
    pairs = list(zip(row["responsibleBody"].split("；"), row["responsibleBody_iri"].split("；"), strict=True))
    assert sorted(pairs) == sorted((b["label"], V.JKR + "org/" + b["id"]) for b in bodies)
    assert pairs == sorted(pairs)  # names and IRIs in one order, by name


# --- JSON-LD and its context --------------------------------------------------------------------


@pytest.fixture(scope="module")
def jsonld_doc(built):
    return json.loads((built[1] / "jingan-kg.jsonld").read_text(encoding="utf-8"))


def test_context_file_is_the_one_the_export_embeds(built, jsonld_doc):
    context = json.loads((built[1] / "jingan-kg.context.jsonld").read_text(encoding="utf-8"))
    assert list(context) == ["@context"] and context["@context"] == jsonld_doc["@context"]


def test_context_defines_every_jkg_term_of_the_ontology(jsonld_doc, ontology):
    ctx = jsonld_doc["@context"]
    assert {p: ctx[p] for p in V.PREFIXES} == V.PREFIXES
    terms = {V.expand(d if isinstance(d, str) else d["@id"]): name for name, d in ctx.items() if name not in V.PREFIXES}
    ours = {str(s) for s in ontology.subjects(RDF.type, None) if str(s).startswith(V.JKG)}
    assert ours - set(terms) == set()
    for iri in ours:
        name, types = terms[iri], set(ontology.objects(URIRef(iri), RDF.type))
        assert name == iri[len(V.JKG) :]
        if OWL.ObjectProperty in types:
            assert ctx[name] == {"@id": "jkg:" + name, "@type": "@id"}, name
    assert ctx["lineStart"] == {"@id": "jkg:lineStart", "@type": "xsd:integer"}
    assert ctx["numericValue"] == {"@id": "jkg:numericValue", "@type": "xsd:decimal"}
    assert ctx["preliminary"] == {"@id": "jkg:preliminary", "@type": "xsd:boolean"}
    assert ctx["quote"] == "jkg:quote"  # xsd:string: a plain JSON string
    assert ctx["text"] == {"@id": "jkg:text", "@container": "@language"}  # rdf:langString
    assert ctx["prefLabel"] == {"@id": "skos:prefLabel", "@container": "@language"}
    assert ctx["Measure"] == "jkg:Measure" and ctx["Organization"] == "org:Organization"


def test_jsonld_expands_to_the_graph(jsonld_doc, graph):
    """pyld (a JSON-LD 1.1 processor, not rdflib) expands the export to the Turtle export's triples."""
    from pyld import jsonld

    nquads = jsonld.to_rdf(jsonld_doc, {"format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), graph)
    assert isomorphic(Graph().parse(data=json.dumps(jsonld_doc), format="json-ld"), graph)


def test_jsonld_nodes_use_the_short_terms(jsonld_doc):
    title, bodies = the_measure()
    nodes = {n["@id"]: n for n in jsonld_doc["@graph"]}
    (measure,) = [
        n for n in nodes.values() if "Measure" in n.get("@type", []) and title in json.dumps(n, ensure_ascii=False)
    ]
    assert "jkg:responsibleBody" not in measure and measure["@type"] == "Measure"
    assert sorted(measure["responsibleBody"]) == sorted(V.JKR + "org/" + b["id"] for b in bodies)
    assert measure["ordinal"] == "9" and list(measure["text"]) == ["zh"]
    data_bureau = next(b for b in bodies if b["label"] == "静安区数据局")
    body = nodes[V.JKR + "org/" + data_bureau["id"]]
    assert body["prefLabel"] == {"zh": data_bureau["label"], "en": data_bureau["label_en"]}
    assert not any(k.startswith("jkg:") for n in nodes.values() for k in n)
