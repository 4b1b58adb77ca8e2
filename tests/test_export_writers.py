"""The GraphML and CSV writers (graph/graphml.py, graph/tables.py) against the writers they
replaced (decision 0024): networkx's GraphML with ElementTree's renamed keys, and the csv module,
on small graphs with the awkward cases (markup, quotes, line ends, several links between two
nodes, names in other languages, several excerpts). The same bytes, case by case."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from jingan_kg.graph import vocab as V
from jingan_kg.graph.exports import Nodes
from jingan_kg.graph.graphml import graphml, network
from jingan_kg.graph.tables import _csv_line, tables
from jingan_kg.kinds import REGISTRY

ID = "https://w3id.org/jingan-kg/id/"
XSD_INT = V.XSD + "integer"
AWKWARD = "a & b < c > d \"e\" 'f'\tg\r\nh\ri,j；k"  # markup, quotes, a tab, CR LF, CR, a comma


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"' + (f"@{lang}" if lang else f"^^<{datatype}>" if datatype else "")


def graph(*triples: tuple[str, str, str]) -> Nodes:
    return Nodes("".join(f"<{s}> <{p}> {o} .\n" for s, p, o in triples).encode("utf-8"))


def iri(x: str) -> str:
    return f"<{x}>"


def excerpt(name: str, source: str, start: int, end: int, quote: str) -> list[tuple[str, str, str]]:
    ex, src = ID + "excerpt/" + name, ID + "source/" + source
    return [
        (ex, V.type_, iri(V.Excerpt)),
        (ex, V.inSource, iri(src)),
        (src, V.type_, iri(V.SourceFile)),
        (src, V.path, lit(source)),
        (ex, V.lineStart, lit(str(start), datatype=XSD_INT)),
        (ex, V.lineEnd, lit(str(end), datatype=XSD_INT)),
        (ex, V.quote, lit(quote)),
    ]


M1, M2, M3, BODY, OTHER, IND = (ID + x for x in ("measure/m1", "measure/m2", "measure/m3", "org/a", "org/b", "ind/x"))
TRIPLES = [
    (M1, V.type_, iri(V.Measure)),
    (M1, V.prefLabel, lit(AWKWARD, "zh")),
    (M1, V.prefLabel, lit("", "en")),  # an empty English name: a self-closed data element
    (M1, V.responsibleBody, iri(BODY)),
    (M1, V.responsibleBody, iri(OTHER)),
    (M1, V.leadBody, iri(BODY)),  # two links between the same two nodes, a third to another
    (M1, V.concernsIndustry, iri(IND)),
    (M1, V.wasDerivedFrom, iri(ID + "excerpt/e2")),
    (M1, V.wasDerivedFrom, iri(ID + "excerpt/e1")),
    (M2, V.type_, iri(V.Measure)),
    (M2, V.prefLabel, lit("乙,“引号”", "zh")),
    (M2, V.prefLabel, lit("B, with a comma", "en")),
    (M2, V.prefLabel, lit("乙二", "zh")),
    (M2, V.responsibleBody, iri(OTHER)),
    (M2, V.wasDerivedFrom, iri(ID + "excerpt/e3")),
    (M3, V.type_, iri(V.Measure)),  # no name, no excerpt: its IRI as the label, last in the table
    (M3, V.responsibleBody, iri(ID + "org/unknown")),
    (BODY, V.type_, iri(V.Organization)),
    (BODY, V.prefLabel, lit("区<数据>局", "zh")),
    (BODY, V.prefLabel, lit("Data & Bureau", "en")),
    (OTHER, V.type_, iri(V.Organization)),
    (OTHER, V.label, lit("甲\r乙")),
    (IND, V.type_, iri(V.Industry)),
    (IND, V.prefLabel, lit("产业", "zh")),
    *excerpt("e1", "b.txt", 3, 5, 'line "one", quoted'),
    *excerpt("e2", "a.txt", 7, 7, "line\r\ntwo"),
    *excerpt("e3", "a.txt", 2, 2, "three"),
]


# --- the writers replaced, as they were ----------------------------------------------------------


def networkx_graphml(nodes) -> bytes:
    """networkx's GraphML of the network, its keys renamed and sorted and the tree indented by
    ElementTree: the writer before decision 0024."""
    from jingan_kg.graph.exports import Iri
    from jingan_kg.graph.graphml import CORE, LINKED, RELATIONS, _kinds

    ns = "http://graphml.graphdrawing.org/xmlns"
    core = {n for cls in CORE for n in nodes.instances(cls)}
    linked = {n for cls in LINKED for n in nodes.instances(cls)}
    triples = sorted(
        (s, p, str(o))
        for s, props in nodes.out.items()
        for p in RELATIONS
        for o in props.get(p, ())
        if isinstance(o, Iri)
    )
    kept = core | {o for s, _, o in triples if s in core and o in linked}
    kept |= {s for s, _, o in triples if o in core and s in linked}
    g = nx.MultiDiGraph()
    kind = _kinds(REGISTRY)
    for n in sorted(kept):
        data = {"label": nodes.label(n) or n}
        if english := nodes.labels(n, "en"):
            data["label_en"] = english[0]
        data["kind"] = kind(nodes, n)
        data["iri"] = n
        g.add_node(n, **data)
    for s, p, o in triples:
        if s in kept and o in kept:
            data = {"relation": V.prefixed(p), "label": next(iter(nodes.labels(p)), V.prefixed(p))}
            if english := nodes.labels(p, "en"):
                data["label_en"] = english[0]
            g.add_edge(s, o, key=V.prefixed(p), **data)
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    out = nx.MultiDiGraph()
    out.add_nodes_from((ids[n], data) for n, data in g.nodes(data=True))
    out.add_edges_from((ids[s], ids[o], f"e{i}", data) for i, (s, o, data) in enumerate(g.edges(data=True)))
    root = ET.fromstring("\n".join(nx.generate_graphml(out, prettyprint=False)))
    renamed = {}
    for key in root.iter(f"{{{ns}}}key"):
        renamed[key.get("id")] = f"{key.get('for')}_{key.get('attr.name')}"
        key.set("id", renamed[key.get("id")])
    for data in root.iter(f"{{{ns}}}data"):
        data.set("key", renamed[data.get("key")])
    keys = sorted(root.findall(f"{{{ns}}}key"), key=lambda k: k.get("id"))
    for key in keys:
        root.remove(key)
    for i, key in enumerate(keys):
        root.insert(i, key)
    ET.indent(root)
    ET.register_namespace("", ns)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def csv_module_line(cells: list) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()[:-2]


# --- GraphML ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "triples",
    [TRIPLES, [t for t in TRIPLES if t[0] != M1], [t for t in TRIPLES if t[1] not in (V.responsibleBody,)], []],
    ids=["awkward", "no-empty-name", "no-edges", "empty"],
)
def test_graphml_is_the_bytes_networkx_and_elementtree_wrote(triples):
    nodes = graph(*triples)
    assert graphml(nodes, REGISTRY) == networkx_graphml(nodes)


def test_graphml_groups_a_nodes_edges_by_target_as_networkx_does():
    nodes, edges = network(graph(*TRIPLES), REGISTRY)
    m1 = [(o, d["relation"]) for s, o, d in edges if s == M1]
    # sorted triples: concernsIndustry → IND, leadBody → BODY, responsibleBody → BODY, OTHER
    assert m1 == [
        (IND, "jkg:concernsIndustry"),
        (BODY, "jkg:leadBody"),
        (BODY, "jkg:responsibleBody"),
        (OTHER, "jkg:responsibleBody"),
    ]
    data = networkx_graphml(graph(*TRIPLES))
    assert data == graphml(graph(*TRIPLES), REGISTRY)
    read = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    labels = {d["iri"]: d["label"] for _, d in read.nodes(data=True)}
    assert labels[M1] == AWKWARD.replace("\r\n", "\n").replace("\r", "\n")  # as an XML parser reads line ends


def test_graphml_refuses_a_character_xml_cannot_hold():
    nodes = graph((M1, V.type_, iri(V.Measure)), (M1, V.prefLabel, lit("a\x0bb", "zh")))
    with pytest.raises(ValueError, match="XML 1.0"):
        graphml(nodes, REGISTRY)


# --- CSV tables -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cells",
    [
        ["a", "b"],
        ["", "", ""],
        ["a,b", 'say "hi"', "x\ny", "x\r\ny", "x\ry", " lead", "trail ", "\t", "；", "“”"],
        ['"', ",", "\r", "\n", '""'],
    ],
)
def test_a_csv_line_is_the_csv_modules(cells):
    assert _csv_line(cells) == csv_module_line(cells)


def test_measures_table_on_the_awkward_graph():
    data = tables(graph(*TRIPLES), REGISTRY)["measures.csv"]
    assert data.startswith(b"\xef\xbb\xbfiri,label_zh,label_en,") and data.endswith(b"\r\n")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["iri"] for r in rows] == [M2, M1, M3]  # by first excerpt: a.txt:2, a.txt:7, then uncited
    m2, m1, m3 = rows
    assert m2["label_zh"] == "乙,“引号”；乙二" and m2["label_en"] == "B, with a comma"
    assert m1["label_zh"] == AWKWARD and m1["label_en"] == ""
    # linked nodes by name, the IRIs in the same order; a node without a name has an empty one
    assert (m1["responsibleBody"], m1["responsibleBody_iri"]) == ("区<数据>局；甲\r乙", f"{BODY}；{OTHER}")
    assert (m3["responsibleBody"], m3["responsibleBody_iri"]) == ("", ID + "org/unknown")
    assert (m1["cited_source"], m1["cited_line_start"], m1["cited_quote"]) == ("a.txt", "7", "line\r\ntwo")
    assert m1["also_cited"] == "b.txt:3-5" and m2["also_cited"] == m3["also_cited"] == ""
    assert m3["cited_source"] == m3["cited_line_start"] == ""
    assert tables(graph(*TRIPLES), REGISTRY)["districts.csv"] == "\ufeffiri,label_zh,label_en\r\n".encode()  # none
    data = tables(graph(*TRIPLES), REGISTRY)["excerpts.csv"]
    excerpts = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["quote"] for r in excerpts] == ['line "one", quoted', "line\r\ntwo", "three"]  # uncited: by IRI
