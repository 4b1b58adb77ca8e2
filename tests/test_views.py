"""The HTML views built from the store: complete, offline, deterministic and escaped.

Each view's embedded graph is checked against counts taken independently with SPARQL on
the same store; no browser is needed here (tests/test_browser.py drives a real one).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser

import pytest
import yaml
from click.testing import CliRunner

from jingan_kg.cli import main
from jingan_kg.pipeline.build import BuildConfig, build
from jingan_kg.store.embedded import iri
from jingan_kg.store.index import SearchIndex
from jingan_kg.views import named as views
from jingan_kg.views.html import _vendored_assets

from .conftest import ROOT

NAMED = list(views.NETWORK_VIEWS)  # the ledger view has its own tests (tests/test_ledger_view.py)
SKIP = ("rdf:type", "prov:wasDerivedFrom", "jkg:inSource", "skos:narrower")  # never ego edges


def payload(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert m, "no graph-data block"
    return json.loads(m.group(1))


class Page(HTMLParser):
    """Tags, attributes and legend labels of a page (html.parser reads <script> as raw text)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.legend: list[str] = []
        self._legend = self._span = False
        self._buf: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "section":
            self._legend = attrs.get("id") == "legend"
        if tag == "span" and self._legend:
            self._span, self._buf = True, []

    def handle_endtag(self, tag):
        if tag == "span" and self._span:
            self.legend.append("".join(self._buf))
            self._span = False

    def handle_data(self, data):
        if self._span:
            self._buf.append(data)


@pytest.fixture(scope="module")
def pages(built) -> dict[str, str]:
    """Every named view as build wrote it."""
    return {name: (built[1] / views.VIEW_FILES[name]).read_text(encoding="utf-8") for name in NAMED}


@pytest.fixture(scope="module")
def index(built):
    return SearchIndex(built[1] / "search.sqlite")


@pytest.fixture(scope="module")
def ego_html(built, tmp_path_factory) -> tuple[str, str]:
    """`jingan-kg viz ego --focus 区数据局 --depth 1`: (its output, the page)."""
    path = tmp_path_factory.mktemp("ego") / "ego.html"
    result = CliRunner().invoke(
        main,
        ["viz", "ego", "--focus", "区数据局", "--depth", "1", "-o", str(path), "--out", str(built[1])],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.output, path.read_text(encoding="utf-8")


def count(store, sparql: str) -> int:
    return store.select(sparql)[0]["n"]


def pairs(store, sparql: str) -> set[tuple[str, str]]:
    return {(r["a"], r["b"]) for r in store.select(sparql)}


def edge_set(data: dict, label: str | None = None) -> set[tuple[str, str]]:
    return {(e["from"], e["to"]) for e in data["edges"] if label is None or e.get("label") == label}


def kinds_of(data: dict) -> dict[str, str]:
    return {n["id"]: n["kind"] for n in data["nodes"]}


# --- registry and build --------------------------------------------------------------------


def test_registry_and_build_outputs(built):
    assert list(views.VIEWS) == ["responsibility", "projects", "industries", "targets", "ledger"]
    assert views.VIEW_FILES == {
        "responsibility": "bureau-measure-industry.html",
        "projects": "projects.html",
        "industries": "industries.html",
        "targets": "targets.html",
        "ledger": "ledger.html",
    }
    for name in views.VIEW_FILES.values():
        assert name in built[0].outputs and (built[1] / name).is_file()
    assert not [i for i in built[0].issues if i.code == "view-too-large"]
    for name in views.ASSET_FILES:  # files the pages load from beside them, if any
        assert name in built[0].outputs and (built[1] / name).is_file()


def test_the_index_holds_the_registrys_palette(built):
    """A build writes the kinds' styles and facts into the search index; `viz` draws with them
    there, so it gives the build's own palette without importing the kinds."""
    from jingan_kg.store.index import SearchIndex
    from jingan_kg.views import palette as P

    index = SearchIndex(built[1] / "search.sqlite")
    assert P.from_index(index) == P.from_registry()
    assert P.from_registry().kinds["measure"].color and P.from_registry().of_class


def test_drawing_a_view_loads_neither_pyvis_nor_the_kinds(built):
    """A view read from the store and drawn as `viz` draws it (the palette from the search index)
    loads no reader of documents, nor pyvis (it pulls in IPython)."""
    heavy = ("pyvis", "IPython", "jsonpickle", "networkx", "pydantic", "rdflib", "pyshacl", "jingan_kg.kinds")
    code = (
        "import sys; from pathlib import Path; from jingan_kg.views import named as views; "
        "from jingan_kg.store.embedded import GraphStore; s = GraphStore.open(Path(sys.argv[1]) / 'store'); "
        "from jingan_kg.store.index import SearchIndex; from jingan_kg.views.palette import from_index, use; "
        "use(from_index(SearchIndex(Path(sys.argv[1]) / 'search.sqlite'))); "
        "[views.VIEWS[n](s) for n in views.VIEWS]; "
        f"print(' '.join(sorted({{m.split('.')[0] if m.startswith(('pyvis', 'IPython')) else m for m in sys.modules "
        f"if m.startswith({heavy!r})}})))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(built[1])], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == []


# --- responsibility ------------------------------------------------------------------------


def test_responsibility_has_every_measure_body_and_industry(pages, store):
    data = payload(pages["responsibility"])
    kinds = kinds_of(data)
    measures = {r["m"] for r in store.select("SELECT ?m WHERE { ?m a jkg:Measure }")}
    responsible = pairs(store, "SELECT ?a ?b WHERE { ?b a jkg:Measure ; jkg:responsibleBody ?a }")
    concerns = pairs(store, "SELECT ?a ?b WHERE { ?a a jkg:Measure ; jkg:concernsIndustry ?b }")
    assert {n for n, k in kinds.items() if k == "measure"} == measures and len(measures) == 60
    assert {n for n, k in kinds.items() if k in ("body", "unresolved")} == {o for o, _ in responsible}
    assert {n for n, k in kinds.items() if k == "industry"} == {i for _, i in concerns}
    assert len(data["nodes"]) == len(measures | {o for o, _ in responsible} | {i for _, i in concerns})
    assert edge_set(data, "负责") == responsible and edge_set(data, "涉及") == concerns
    assert len(data["edges"]) == len(responsible) + len(concerns)  # no duplicate edges
    expected = yaml.safe_load((ROOT / "tests" / "expected" / "measures.yaml").read_text(encoding="utf-8"))
    assert len(responsible) == sum(len(set(m["bodies"])) for d in expected["documents"].values() for m in d["measures"])
    by_label = {n["label"]: n for n in data["nodes"]}
    green = by_label["12. 优化绿色金融"]
    assert green["source"] == "gazette-2026-01.txt:1832" and "区投资办" in green["quote"]
    assert [
        "文件 Document",
        "上海市静安区发展和改革委员会关于构建现代化产业体系、促进经济高质量发展的若干措施（静发改委〔2026〕3号）",
    ] in green["facts"]
    body = by_label["静安区投资促进办公室"]
    assert body["labelEn"] == "Jing'an District Investment Promotion Office" and body["kind"] == "body"
    assert "时尚消费业" in by_label


def crossings(data: dict, y: dict[str, float]) -> int:
    """Pairs of links between the same two columns that cross, with the nodes at heights `y`."""
    column = {n["id"]: n["column"] for n in data["nodes"]}
    links = [(e["from"], e["to"]) for e in data["edges"]]
    return sum(
        1
        for i, (a, b) in enumerate(links)
        for c, d in links[i + 1 :]
        if column[a] == column[c] and column[b] == column[d] and (y[a] - y[c]) * (y[b] - y[d]) < 0
    )


def test_responsibility_is_drawn_in_three_columns(pages, store):
    data = payload(pages["responsibility"])
    nodes = {n["id"]: n for n in data["nodes"]}
    assert data["options"]["physics"] == {"enabled": False}
    for other in ("projects", "industries"):
        assert payload(pages[other])["options"]["physics"]["enabled"] is True  # the others keep theirs
    expected = {"body": 0, "unresolved": 0, "measure": 1, "industry": 2}
    assert all(n["column"] == expected[n["kind"]] for n in data["nodes"])
    xs = [{n["x"] for n in data["nodes"] if n["column"] == c} for c in range(3)]
    assert all(len(x) == 1 for x in xs) and max(xs[0]) < min(xs[1]) and max(xs[1]) < min(xs[2])
    titles = [t["text"] for t in data["layout"]["titles"]]
    assert titles == ["责任部门 Responsible bodies (19)", "措施 Measures (60)", "产业 Industries (11)"]

    # Measures top to bottom: by document, then by number; each document under its heading.
    rows = store.select(
        "SELECT ?m ?n ?ident WHERE { ?m a jkg:Measure ; jkg:ordinal ?n ; jkg:partOf/dcterms:identifier ?ident }"
    )
    measures = sorted((r for r in rows), key=lambda r: nodes[r["m"]]["y"])
    idents = [r["ident"] for r in measures]
    assert idents == sorted(idents, key=idents.index) and len(set(idents)) == 2  # one run per document
    for ident in set(idents):
        numbers = [int(r["n"]) for r in measures if r["ident"] == ident]
        assert numbers == sorted(numbers) and numbers[0] == 1
    headings = data["layout"]["zh"]["headings"]
    assert sorted({h["text"] for h in headings} & set(idents)) == sorted(set(idents))
    assert any(h["text"].startswith("构建现代化产业体系、促进经济高质量发展") for h in headings)  # its subject
    for ident in set(idents):  # the heading is above the document's first measure
        first = next(r["m"] for r in measures if r["ident"] == ident)
        heading = next(h for h in headings if h["text"] == ident)
        assert nodes[first]["y"] - 60 < heading["y"] < nodes[first]["y"]

    # Bodies and industries: in the order of the median height of their measures, each drawn
    # as near it as the others allow; fewer crossings than in alphabetical order.
    y = {n: nodes[n]["y"] for n in nodes}
    linked: dict[str, list[float]] = {}
    for e in data["edges"]:
        for end, other in ((e["from"], e["to"]), (e["to"], e["from"])):
            if nodes[end]["column"] != 1:
                linked.setdefault(end, []).append(y[other])
    for c in (0, 2):
        col = sorted((n for n in nodes if nodes[n]["column"] == c), key=y.get)
        medians = [statistics.median(linked[n]) for n in col]
        assert medians == sorted(medians), c
        alphabetical = sorted(col, key=lambda n: nodes[n]["label"])
        for n, slot in zip(alphabetical, sorted(y[m] for m in col)):
            y[n] = slot
    assert crossings(data, {n: nodes[n]["y"] for n in nodes}) < 0.7 * crossings(data, y)  # about half today

    # No two boxes of a column overlap (Chinese labels: one line; English names on: two).
    for key, en in (("y", False), ("yEn", True)):
        for c in range(3):
            col = sorted((n for n in data["nodes"] if n["column"] == c), key=lambda n: n[key])
            for a, b in zip(col, col[1:]):
                ha, hb = (14 * (2 if en and n.get("labelEn") else 1) + 8 for n in (a, b))
                assert b[key] - a[key] >= (ha + hb) / 2 + 8 - 0.11, (a["label"], b["label"])


# --- projects ------------------------------------------------------------------------------


def test_projects_view_has_projects_categories_streets_areas_and_bodies(pages, store):
    data = payload(pages["projects"])
    kinds = kinds_of(data)
    category = pairs(store, "SELECT ?a ?b WHERE { ?a a jkg:Project ; jkg:category ?b }")
    located = pairs(store, "SELECT ?a ?b WHERE { ?a a jkg:Project ; jkg:locatedIn ?b }")
    contains = pairs(store, "SELECT ?a ?b WHERE { ?a a jkg:Area ; jkg:containsStreet ?b }")
    part_of = pairs(store, "SELECT ?a ?b WHERE { ?a a jkg:StreetPart ; jkg:partOfStreet ?b }")
    manages = pairs(store, "SELECT ?a ?b WHERE { ?a jkg:forArea ?b . ?b jkg:containsStreet ?s }")
    projects = {p for p, _ in category}
    assert len(projects) == count(store, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a jkg:Project }") == 80
    assert {n for n, k in kinds.items() if k == "project"} == projects
    assert {n for n, k in kinds.items() if k == "category"} == {c for _, c in category} and len(category) == 80
    assert {n for n, k in kinds.items() if k == "street-part"} == {p for p, _ in part_of} and len(part_of) == 4
    assert {n for n, k in kinds.items() if k == "area"} == {a for a, _ in contains}
    assert {n for n, k in kinds.items() if k == "area-body"} == {b for b, _ in manages} and len(manages) == 3
    streets = {s for _, s in located} | {s for _, s in contains} | {s for _, s in part_of}
    assert {n for n, k in kinds.items() if k in ("street", "street-part")} == streets
    assert len(data["nodes"]) == len(
        projects | {c for _, c in category} | streets | {a for a, _ in contains} | {b for b, _ in manages}
    )
    assert edge_set(data, "类别") == category and edge_set(data, "位于") == located
    assert edge_set(data, "包含") == contains and edge_set(data, "属于") == part_of
    assert edge_set(data, "管理") == manages
    assert len(data["edges"]) == len(category | located | contains | part_of | manages)
    by_label = {n["label"]: n for n in data["nodes"]}
    assert by_label["北站街道晋元南一地块项目"]["source"].startswith("gazette-2026-01.txt:")
    assert "大宁路街道(汶水路以北)" in by_label and "彭浦镇(汶水路以南)" in by_label


# --- industries ----------------------------------------------------------------------------


def test_industries_view_has_the_trees_measures_and_tax_outcomes(pages, store):
    data = payload(pages["industries"])
    kinds = kinds_of(data)
    industries = {r["i"] for r in store.select("SELECT ?i WHERE { ?i a jkg:Industry }")}
    broader = pairs(store, "SELECT ?a ?b WHERE { ?b a jkg:Industry ; skos:broader ?a }")  # (parent, child)
    replaced = pairs(store, "SELECT ?a ?b WHERE { ?a a jkg:Industry ; dcterms:isReplacedBy ?b }")
    measures = pairs(store, "SELECT ?a ?b WHERE { ?a a jkg:Measure ; jkg:concernsIndustry ?b }")
    outcomes = pairs(store, "SELECT ?a ?b WHERE { ?b a jkg:Outcome ; jkg:concernsIndustry ?a }")  # (industry, outcome)
    assert {n for n, k in kinds.items() if k in ("scheme", "group", "industry", "field")} == industries
    assert {n for n, k in kinds.items() if k == "measure"} == {m for m, _ in measures}
    assert {n for n, k in kinds.items() if k == "outcome"} == {o for _, o in outcomes} and len(outcomes) == 24
    assert len(data["nodes"]) == len(industries) + len({m for m, _ in measures}) + len(outcomes)
    assert edge_set(data, "包含") == broader and edge_set(data, "更名为") == replaced
    assert edge_set(data, "涉及") == measures and edge_set(data, "税收") == outcomes
    assert len(data["edges"]) == len(broader) + len(replaced) + len(measures) + len(outcomes)
    level = {n["label"]: n["kind"] for n in data["nodes"]}
    assert level["(3+3)+(1+3+X)现代化产业体系"] == level["“3+3”重点产业"] == "scheme"
    assert level["三大优势产业"] == "group" and level["金融服务业"] == "industry" and level["资产管理"] == "field"
    tax = [n for n in data["nodes"] if n["kind"] == "outcome" and n["label"].startswith("金融服务业税收总收入 2025")]
    assert [n["label"] for n in tax] == ["金融服务业税收总收入 2025：146.99亿元"]


# --- targets -------------------------------------------------------------------------------


FOLLOWED = """SELECT ?i (COUNT(DISTINCT CONCAT(STR(?cls), "|", ?period)) AS ?n) WHERE {
  VALUES ?cls { jkg:Target jkg:Outcome } ?x a ?cls ; jkg:indicator ?i ; jkg:period ?period } GROUP BY ?i"""


def test_targets_view_has_every_followed_indicator_with_its_targets_and_outcomes(pages, store):
    """Indicators stated for two periods, or as a target and an outcome, each with all its values;
    an indicator stated once has no timeline and is counted in the subtitle."""
    data = payload(pages["targets"])
    followed = {r["i"] for r in store.select(FOLLOWED) if r["n"] >= 2}
    values = store.select(
        "SELECT ?x ?cls ?i WHERE { VALUES ?cls { jkg:Target jkg:Outcome } ?x a ?cls ; jkg:indicator ?i }"
    )
    kinds = Counter(n["kind"] for n in data["nodes"])
    assert {n["id"] for n in data["nodes"] if n["kind"] == "indicator"} == followed
    assert kinds["target"] == sum(1 for r in values if r["i"] in followed and r["cls"].endswith("Target"))
    assert kinds["outcome"] == sum(1 for r in values if r["i"] in followed and r["cls"].endswith("Outcome"))
    assert 100 <= len(followed) < count(store, "SELECT (COUNT(?i) AS ?n) WHERE { ?i a jkg:Indicator }")
    assert "社会消费品零售总额" in {n["label"] for n in data["nodes"] if n["kind"] == "indicator"}
    once = count(store, "SELECT (COUNT(?i) AS ?n) WHERE { ?i a jkg:Indicator }") - len(followed)
    assert f"{once} indicators stated once are not drawn" in pages["targets"]
    lane_of = {r["x"]: r["i"] for r in store.select("SELECT ?x ?i WHERE { ?x jkg:indicator ?i }")}
    by_id = {n["id"]: n for n in data["nodes"]}
    for n in data["nodes"]:
        assert n["lane"] == (n["id"] if n["kind"] == "indicator" else lane_of[n["id"]])
    assert [lane["id"] for lane in data["lanes"]] == [n["id"] for n in data["nodes"] if n["kind"] == "indicator"]
    # A line joins a lane's values of one role, one year to the next.
    for e in data["edges"]:
        a, b = by_id[e["from"]], by_id[e["to"]]
        assert a["lane"] == b["lane"] and a["kind"] == b["kind"] == e["role"] and a["plot"] and b["plot"]
        assert a["from"] == a["to"] < b["from"] == b["to"]
    retail = next(n for n in data["nodes"] if n["label"] == "社会消费品零售总额")
    values = [by_id[i] for i in by_id if by_id[i]["lane"] == retail["id"] and i != retail["id"]]
    assert sorted((v["kind"], v["period"], v["label"]) for v in values) == sorted(
        [
            ("target", "2022", "1600亿元"),
            ("outcome", "2022", "1480亿元"),  # 表1
            ("outcome", "2022", "1480亿元"),  # the review's prose, line 35
            ("target", "2023", "1600亿元"),
            ("target", "2025", "1700亿元"),
            ("outcome", "2025", "1703.52亿元"),  # the work report's review, line 331
            ("outcome", "2025", "1703.52亿元"),  # 表1
            ("outcome", "2025", "1703.52亿元"),  # the plan report's prose, line 535
            ("target", "2026", "1750亿元"),
            ("target", "2026", "1750亿元"),
            ("target", "2026-2030", "2000 (五年达到)"),  # the outline's table, line 1061
            ("target", "2026-2030", "2000亿元"),  # its prose, line 1042: 社会消费品零售总额力争达到2000亿元
        ]
    )
    outcome_line = {
        (by_id[e["from"]]["period"], by_id[e["to"]]["period"])
        for e in data["edges"]
        if e["role"] == "outcome" and by_id[e["from"]]["lane"] == retail["id"]
    }
    assert outcome_line == {("2022", "2025")}
    span = next(v for v in values if v["period"] == "2026-2030")
    assert (span["from"], span["to"], span["numeric"], span["plot"]) == (2026, 2030, 2000.0, True)
    assert data["years"] == [2021, 2030]
    assert all(v["source"] and v["quote"] for v in values)
    text = next(n for n in data["nodes"] if n["label"] == "与全市保持同步")  # no number: a text box
    assert (text["plot"], text["shape"]) == (False, "box")


# --- what every view shares ----------------------------------------------------------------


@pytest.mark.parametrize("name", NAMED)
def test_legend_lists_the_kinds_drawn(pages, name):
    data = payload(pages[name])
    page = Page(pages[name])
    used = {n["kind"] for n in data["nodes"]}
    assert [k["key"] for k in data["kinds"] if k["key"] in used] == [k["key"] for k in data["kinds"]]
    assert page.legend == [k["label"] for k in data["kinds"]]
    boxes = [a.get("data-kind") for t, a in page.tags if t == "input" and "kind-filter" in (a.get("class") or "")]
    assert boxes == [k["key"] for k in data["kinds"]]
    for n in data["nodes"]:
        assert n["kindLabel"].startswith(next(k["label"] for k in data["kinds"] if k["key"] == n["kind"]))


@pytest.mark.parametrize("name", NAMED)
def test_every_node_cites_its_source(pages, name):
    data = payload(pages[name])
    cited = [n for n in data["nodes"] if n["source"] and n["quote"]]
    assert len(cited) == len(data["nodes"]), [n["label"] for n in data["nodes"] if not n["source"]][:5]
    assert all(re.fullmatch(r"[\w.-]+\.txt:\d+(-\d+)?", n["source"]) for n in cited)


@pytest.mark.parametrize("name", NAMED + ["ego"])
def test_view_is_offline(pages, ego_html, name):
    html = ego_html[1] if name == "ego" else pages[name]
    page = Page(html)
    fetches = [
        (t, a)
        for t, a in page.tags
        if (t in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"))
        or (t == "link" and a.get("href"))
    ]
    assert fetches == []
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?\s*(https?:)?//", html, re.I)
    assert "sourceMappingURL" not in html
    hooks = ("window.network", "window.nodesDataSet", "window.edgesDataSet", 'dataset.ready = "1"')
    assert all(h in html for h in hooks) and any(t == "input" and a.get("id") == "search" for t, a in page.tags)
    assert '<meta charset="utf-8">' in html and f'<body data-view="{name}">' in html


@pytest.mark.parametrize("name", NAMED)
def test_same_graph_same_bytes(pages, store, name):
    assert views.VIEWS[name](store) == pages[name]  # the on-disk store gives what build wrote


def test_same_bytes_in_a_fresh_interpreter(built, pages):
    code = (
        "import hashlib, sys; from pathlib import Path; from jingan_kg.views import named as views; "
        "from jingan_kg.store.embedded import GraphStore; s = GraphStore.open(Path(sys.argv[1])); "
        "print(' '.join(hashlib.sha256(views.VIEWS[n](s).encode()).hexdigest() for n in views.NETWORK_VIEWS))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(built[1] / "store")], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == [hashlib.sha256(pages[n].encode()).hexdigest() for n in NAMED]


# --- ego -----------------------------------------------------------------------------------


def test_viz_ego_around_a_bureau(ego_html, store):
    output, html = ego_html
    data = payload(html)
    focus = "https://w3id.org/jingan-kg/id/org/jingan-data"
    assert data["focus"] == focus
    skip = ", ".join(SKIP)
    near = {
        r["n"]
        for r in store.select(
            f"""SELECT ?n ?f WHERE {{
        {{ ?f ?p ?n FILTER(isIRI(?n)) }} UNION {{ ?n ?p ?f }} FILTER(?p NOT IN ({skip})) }}""",
            f=iri(focus),
        )
    }
    nodes = near | {focus}
    triples = {
        (r["s"], r["p"], r["o"])
        for r in store.select(f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(isIRI(?o) && ?p NOT IN ({skip})) }}")
        if r["s"] in nodes and r["o"] in nodes
    }
    assert {n["id"] for n in data["nodes"]} == nodes
    assert {(e["from"], e["to"]) for e in data["edges"]} == {(s, o) for s, _, o in triples}
    assert len(data["edges"]) == len(triples)
    assert output.strip().endswith(f"({len(nodes)} nodes, {len(triples)} edges)")
    measures = {r["m"] for r in store.select("SELECT ?m ?o WHERE { ?m jkg:responsibleBody ?o }", o=iri(focus))}
    assert len(measures) == 24 and measures <= nodes
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[focus] == "静安区数据局"
    assert {e["label"] for e in data["edges"] if e["to"] == focus} >= {"责任部门"}
    assert Page(html).legend == [k["label"] for k in data["kinds"]]


def test_ego_by_iri_and_depth(store, index):
    by_name = views.ego_view(store, index, "区数据局", 1)
    by_iri = views.ego_view(store, index, "jkr:org/jingan-data", 1)
    assert by_name == by_iri and by_name.counts == payload_counts(by_name)
    two = views.ego_view(store, index, "区数据局", 2)
    one_ids = {n["id"] for n in payload(by_name)["nodes"]}
    two_ids = {n["id"] for n in payload(two)["nodes"]}
    assert one_ids < two_ids  # the documents' other measures, the industries …
    assert {n["kind"] for n in payload(two)["nodes"]} >= {"body", "measure", "document", "industry"}


def payload_counts(html: str) -> dict:
    data = payload(html)
    return {"nodes": len(data["nodes"]), "edges": len(data["edges"])}


def test_ego_errors(built):
    def run(*args):
        return CliRunner().invoke(main, ["viz", *args, "--out", str(built[1])])

    missing = run("ego")
    assert missing.exit_code == 2 and "the ego view needs --focus NAME" in missing.output
    wrong = run("projects", "--focus", "区数据局")
    assert wrong.exit_code == 2 and "--focus goes with the ego view" in wrong.output
    nothing = run("ego", "--focus", "火星局")
    assert nothing.exit_code == 1 and "No match" in nothing.output
    bad_iri = run("ego", "--focus", "jkr:org/no-such-body")
    assert bad_iri.exit_code == 1 and "No match" in bad_iri.output


# --- too large ---------------------------------------------------------------------------


def test_viz_refuses_a_view_too_large_to_read(built, monkeypatch, tmp_path):
    monkeypatch.setattr(views, "MAX_NODES", 50)
    result = CliRunner().invoke(main, ["viz", "projects", "-o", str(tmp_path / "p.html"), "--out", str(built[1])])
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: the projects view would draw 107 nodes, more than the 50 a readable "
        "view holds\nHint: Draw the neighbourhood of one entity instead: "
        "jingan-kg viz ego --focus NAME --depth 1\n"
    )
    assert not (tmp_path / "p.html").exists()
    deep = CliRunner().invoke(
        main,
        ["viz", "ego", "--focus", "区数据局", "--depth", "3", "-o", str(tmp_path / "e.html"), "--out", str(built[1])],
    )
    assert deep.exit_code == 1 and "the ego view would draw" in deep.output and "--depth" in deep.output
    ok = CliRunner().invoke(
        main, ["viz", "ego", "--focus", "区数据局", "-o", str(tmp_path / "e.html"), "--out", str(built[1])]
    )
    assert ok.exit_code == 0 and "(27 nodes, 43 edges)" in ok.output  # its district and its documents' link to it


def test_build_skips_and_reports_a_view_too_large(built, monkeypatch, tmp_path):
    monkeypatch.setattr(views, "MAX_NODES", 100)  # responsibility has 90 nodes, the others more
    result = build(BuildConfig(out=tmp_path / "o"))
    skipped = sorted(i.source for i in result.issues if i.code == "view-too-large")
    assert skipped == ["industries.html", "projects.html", "targets.html"]
    full = (tmp_path / "o" / "bureau-measure-industry.html").read_text(encoding="utf-8")
    assert full == (built[1] / "bureau-measure-industry.html").read_text(encoding="utf-8")
    notice = (tmp_path / "o" / "projects.html").read_text(encoding="utf-8")
    assert "graph-data" not in notice and "would draw 107 nodes" in notice and "--focus NAME" in notice
    report = json.loads((tmp_path / "o" / "build-report.json").read_text(encoding="utf-8"))
    assert any(i["code"] == "view-too-large" and "projects" in i["reason"] for i in report["issues"])


# --- escaping ------------------------------------------------------------------------------

EVIL = '<script>alert("x")</script></div>'
EVIL_DOC = f"""上海市静安区数据局关于数据产业的若干措施

(2027年3月9日)

1. 支持{EVIL}建设。内容&细节。（责任部门：区数据局、区{EVIL}局）

(3+3)+(1+3+X)现代化产业体系
第1个“3”指的是三大<b>"</div>产业。
<script>"服务业主要聚焦<i>"</div>、数字"</div>等重点领域。
</div>"服务业主要聚焦资产"管理、丙</div>等重点领域。

2027年重大项目
序号\t项目名称\t项目属性
1\t{EVIL}项目\t<script>"</div>类
2\t北站街道<script>"</div>项目\t产业发展类

2027年主要指标
指标名称\t单位\t2027年目标\t2028年目标
<script>"</div>指标\t亿元\t100\t110
"""
# Per view, names from the document above that the view must show exactly as written.
EVIL_NAMES = {
    "responsibility": {f"1. 支持{EVIL}建设", f"区{EVIL}局"},
    "projects": {f"{EVIL}项目", '<script>"</div>类', '北站街道<script>"</div>项目'},
    "industries": {'<script>"服务业', '</div>"服务业', '三大<b>"</div>产业', "丙</div>", '<i>"</div>'},
    "targets": {'<script>"</div>指标'},
    "ego": {f"1. 支持{EVIL}建设", f"区{EVIL}局"},
}


def test_document_text_is_escaped_in_every_view(make_sources, tmp_path, pages):
    out = tmp_path / "o"
    build(BuildConfig(sources=make_sources({"evil.txt": EVIL_DOC}, with_real=True), out=out))
    written = {name: (out / views.VIEW_FILES[name]).read_text(encoding="utf-8") for name in NAMED}
    ego = CliRunner().invoke(
        main, ["viz", "ego", "--focus", f"区{EVIL}局", "-o", str(tmp_path / "ego.html"), "--out", str(out)]
    )
    assert ego.exit_code == 0, ego.output
    written["ego"] = (tmp_path / "ego.html").read_text(encoding="utf-8")
    vis_js = _vendored_assets()[0]  # vis-network's own code mentions <b> and <i> (its label markup)
    for name, html in written.items():
        own = html.replace(vis_js, "")
        assert vis_js in html and "<script>alert" not in own and '<script>"' not in own, name
        assert "<b>" not in own and "<i>" not in own, name
        assert "\u2028" not in html and "\u2029" not in html, name
        baseline = pages.get(name, pages["responsibility"])  # the page's markup comes from its template alone
        assert html.count("</div>") == baseline.count("</div>"), name
        assert html.lower().count("<script") == baseline.lower().count("<script"), name
        assert html.lower().count("</script") == baseline.lower().count("</script") == 3, name
        labels = {n["label"] for n in payload(html)["nodes"]}
        assert EVIL_NAMES[name] <= labels, (name, EVIL_NAMES[name] - labels)  # round-trips exactly, as text
        app = html[html.rindex("<script>") :]
        assert "innerHTML" not in app and "insertAdjacentHTML" not in app and "document.write" not in app
        assert "textContent" in app
    quote = next(n for n in payload(written["responsibility"])["nodes"] if n["label"] == f"1. 支持{EVIL}建设")
    assert f"支持{EVIL}建设。内容&细节。" in quote["quote"]
