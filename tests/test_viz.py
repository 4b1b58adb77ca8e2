"""Tests for jingan_kg.viz: offline, escaped, deterministic HTML rendering of the graph."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jingan_kg.views.html import (
    COLUMNS,
    Column,
    NodeKind,
    Page,
    VizEdge,
    VizNode,
    _vendored_assets,
    render_html,
    render_notice,
    render_targets,
    script_safe_json,
    shorten,
    text_width,
    write_html,
)

TESTS_DIR = Path(__file__).resolve().parent
SRC_DIR = TESTS_DIR.parent / "src"
TEMPLATE_SCRIPT_TAGS = 3  # vis-network JS, the JSON data block, the page's own JS

KINDS = [
    NodeKind("bureau", "责任部门 Responsible body", "#1f77b4", "box"),
    NodeKind("plan", "规划 Plan", "#ff7f0e", "dot"),
    NodeKind("measure", "措施 Measure", "#2ca02c", "diamond"),
    NodeKind("industry", "产业 Industry <&>", "#d62728", "star"),
]


def sample_graph() -> tuple[list[VizNode], list[VizEdge]]:
    """A small realistic graph: one bureau responsible for two measures of one plan."""
    nodes = [
        VizNode(
            "urn:jk:bureau/commerce",
            "静安区商务委员会",
            "bureau",
            facts=(("类型 Type", "区政府工作部门"),),
            source="gazette-2026-01.txt:1802-1802",
            label_en="Jing'an District Commission of Commerce",
        ),
        VizNode("urn:jk:plan/15th", "静安区国民经济和社会发展第十五个五年规划", "plan"),
        VizNode(
            "urn:jk:measure/1",
            "打造国际消费中心城市核心承载区",
            "measure",
            quote="加快建设南京西路国际消费集聚区",
            source="plan.txt:10-12",
        ),
        VizNode("urn:jk:measure/2", "支持总部经济发展", "measure"),
        VizNode("urn:jk:industry/finance", "金融服务业", "industry"),
        VizNode("urn:jk:industry/isolated", "孤立节点", "industry"),
    ]
    edges = [
        VizEdge("urn:jk:plan/15th", "urn:jk:measure/1", "包含措施"),
        VizEdge("urn:jk:plan/15th", "urn:jk:measure/2", "包含措施"),
        VizEdge("urn:jk:bureau/commerce", "urn:jk:measure/1", "牵头负责"),
        VizEdge("urn:jk:bureau/commerce", "urn:jk:measure/2", "牵头负责"),
        VizEdge("urn:jk:measure/2", "urn:jk:industry/finance", "扶持产业"),
    ]
    return nodes, edges


def render_sample() -> str:
    """Render sample_graph with fixed title; also used by the fresh-interpreter determinism test."""
    nodes, edges = sample_graph()
    return render_html(nodes, edges, KINDS, title="静安区知识图谱", subtitle="规划 · 措施 · 责任部门")


XSS_QUOTE = "</script><script>alert(2)</script>"


def xss_graph() -> tuple[list[VizNode], list[VizEdge]]:
    """Nodes whose document-derived strings try to break out of script, HTML and attributes."""
    nodes = [
        VizNode(
            "n1",
            "<script>alert(1)</script>",
            "plan",
            quote=XSS_QUOTE,
            facts=(("<b>field</b>", "</div><img src=x onerror=alert(3)>"),),
            source="<i>src</i>",
        ),
        VizNode("n2", '"quoted"', "bureau", label_en="</div>"),
        VizNode("n3", "</div>", "measure"),
        VizNode("n4", "A&B", "industry", quote="line\u2028sep\u2029para"),
    ]
    edges = [VizEdge("n1", "n2", "<script>alert(4)</script>"), VizEdge("n3", "n4", "A&B")]
    return nodes, edges


class PageParser(HTMLParser):
    """Collects tags, attributes, script/style bodies and legend texts (html.parser treats script as raw text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.legend_labels: list[str] = []
        self.title = ""
        self._open: str | None = None
        self._attrs: dict[str, str | None] = {}
        self._buf: list[str] = []
        self._in_legend = False
        self._in_span = False

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        self.tags.append((tag, attrs_d))
        if tag in ("script", "style", "title"):
            self._open, self._attrs, self._buf = tag, attrs_d, []
        if tag == "section" and attrs_d.get("id") == "legend":
            self._in_legend = True
        if tag == "span" and self._in_legend:
            self._in_span, self._buf = True, []

    def handle_endtag(self, tag):
        if tag == self._open:
            text = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._attrs, text))
            elif tag == "style":
                self.styles.append(text)
            else:
                self.title = text
            self._open = None
        if tag == "span" and self._in_span:
            self.legend_labels.append("".join(self._buf))
            self._in_span = False
        if tag == "section":
            self._in_legend = False

    def handle_data(self, data):
        if self._open or self._in_span:
            self._buf.append(data)


def parse(html: str) -> PageParser:
    p = PageParser()
    p.feed(html)
    p.close()
    return p


def payload(html: str) -> dict:
    """Extract and decode the JSON graph data block embedded in the page."""
    blocks = [body for attrs, body in parse(html).scripts if attrs.get("id") == "graph-data"]
    assert len(blocks) == 1
    assert blocks[0].strip().startswith("{")
    return json.loads(blocks[0])


@pytest.fixture(scope="module")
def sample_html() -> str:
    return render_sample()


@pytest.fixture(scope="module")
def xss_html() -> str:
    nodes, edges = xss_graph()
    return render_html(nodes, edges, KINDS, title="<script>alert(5)</script> A&B", subtitle="</div>")


# --- offline -------------------------------------------------------------------------------


def test_page_is_fully_offline(sample_html):
    page = parse(sample_html)
    assert '<meta charset="utf-8">' in sample_html
    assert not [t for t, a in page.tags if t == "link"]
    for tag, attrs in page.tags:
        assert "src" not in attrs or tag == "img", f"<{tag} src=...> would fetch"
        for name, value in attrs.items():
            assert not re.match(r"\s*(https?:)?//", value or ""), f"<{tag} {name}={value!r}>"
    assert all("src" not in attrs for attrs, _ in page.scripts)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", sample_html, re.I)
    assert "@import" not in sample_html
    assert "sourceMappingURL" not in sample_html
    # vis-network is inlined, not linked
    assert any("vis-network" in body and len(body) > 100_000 for _, body in page.scripts)
    assert any("div.vis-network" in css for css in page.styles)


# --- escaping ------------------------------------------------------------------------------


def test_only_template_script_tags(xss_html):
    page = parse(xss_html)
    assert [t for t, _ in page.tags].count("script") == TEMPLATE_SCRIPT_TAGS
    assert len(page.scripts) == TEMPLATE_SCRIPT_TAGS
    assert "<script>alert" not in xss_html
    assert "<img src=x" not in xss_html
    assert "\u2028" not in xss_html and "\u2029" not in xss_html


def test_no_injected_close_tags(xss_html):
    """`</div>` may only appear as often as with harmless labels, i.e. only where the template writes it."""
    nodes, edges = xss_graph()
    benign = [VizNode(n.id, "x", n.kind) for n in nodes]
    baseline = render_html(benign, [VizEdge(e.source, e.target) for e in edges], KINDS, title="t")
    assert xss_html.count("</div>") == baseline.count("</div>")
    assert xss_html.lower().count("</script") == baseline.lower().count("</script") == TEMPLATE_SCRIPT_TAGS


def test_json_payload_round_trips_untrusted_strings(xss_html):
    nodes, edges = xss_graph()
    data = payload(xss_html)
    by_id = {n["id"]: n for n in data["nodes"]}
    for n in nodes:
        got = by_id[n.id]
        assert got["label"] == n.label
        assert got["quote"] == n.quote
        assert got["source"] == n.source
        assert got["labelEn"] == n.label_en
        assert [tuple(f) for f in got["facts"]] == list(n.facts)
    assert by_id["n1"]["quote"] == XSS_QUOTE
    assert sorted(e["label"] for e in data["edges"]) == sorted(e.label for e in edges)


def test_script_safe_json_escapes():
    value = {"s": "</script>&\u2028\u2029'\"", "中文": "静安区<b>&amp;</b>\u2028"}
    text = script_safe_json(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert "\\u003c/script\\u003e\\u0026\\u2028\\u2029" in text
    assert "静安区\\u003cb\\u003e\\u0026amp;" in text  # Chinese stays as it is (UTF-8 page)
    assert json.loads(text) == value


def test_vendored_assets_are_pyvis_files_read_without_importing_pyvis():
    """vis-network comes from pyvis's folder as files, its source-map line blanked; pyvis is never imported."""
    code = (
        "import json, sys; from jingan_kg.views.html import _vendored_assets, _vis_dir; js, css = _vendored_assets(); "
        "raw = (_vis_dir() / 'vis-network.min.js').read_text(encoding='utf-8'); "
        "print(json.dumps([raw, js, [m for m in ('pyvis', 'IPython', 'jsonpickle') if m in sys.modules]]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    raw, js, loaded = json.loads(out.stdout)
    assert loaded == []
    assert "sourceMappingURL" in raw and "sourceMappingURL" not in js
    changed = [(a, b) for a, b in zip(raw.split("\n"), js.split("\n"), strict=True) if a != b]
    assert [b for _, b in changed] == [""] and changed[0][0].startswith("//# sourceMappingURL=")


def test_title_and_subtitle_are_html_escaped(xss_html):
    assert "<title>&lt;script&gt;alert(5)&lt;/script&gt; A&amp;B</title>" in xss_html
    assert "<h1>&lt;script&gt;alert(5)&lt;/script&gt; A&amp;B</h1>" in xss_html
    assert '<p class="subtitle">&lt;/div&gt;</p>' in xss_html
    assert parse(xss_html).title == "<script>alert(5)</script> A&B"


def test_tooltips_built_with_textcontent_not_innerhtml(sample_html):
    app = parse(sample_html).scripts[-1][1]
    assert "textContent" in app and "createElement" in app
    assert "innerHTML" not in app and "insertAdjacentHTML" not in app and "document.write" not in app
    assert "blockquote" in app


# --- legend, search, filters, physics, fonts --------------------------------------------------


def test_legend_lists_every_kind_escaped(sample_html):
    page = parse(sample_html)
    assert page.legend_labels == [k.label for k in KINDS]
    assert "产业 Industry &lt;&amp;&gt;" in sample_html
    for k in KINDS:
        assert f'data-kind="{k.key}"' in sample_html
        assert f'fill="{k.color}"' in sample_html
    filters = [a for t, a in page.tags if t == "input" and "kind-filter" in (a.get("class") or "")]
    assert [a["data-kind"] for a in filters] == [k.key for k in KINDS]
    assert all(a.get("type") == "checkbox" and "checked" in a for a in filters)


def test_controls_and_behaviour_present(sample_html):
    page = parse(sample_html)
    assert any(t == "input" and a.get("id") == "search" and a.get("list") == "node-labels" for t, a in page.tags)
    assert any(t == "datalist" and a.get("id") == "node-labels" for t, a in page.tags)
    app = page.scripts[-1][1]
    for needle in ("network.focus", "selectNodes", "stabilizationIterationsDone", "physics: false", "hidden"):
        assert needle in app
    assert '"Noto Sans CJK SC"' in sample_html and '"Microsoft YaHei"' in sample_html
    options = payload(sample_html)["options"]
    assert options["physics"]["enabled"] is True
    assert options["physics"]["stabilization"]["enabled"] is True
    assert options["physics"]["stabilization"]["iterations"] > 0
    assert "Noto Sans CJK SC" in options["nodes"]["font"]["face"]


# --- sizes -----------------------------------------------------------------------------------


def test_node_size_grows_with_degree(sample_html):
    nodes = {n["id"]: n for n in payload(sample_html)["nodes"]}
    expected_degree = {
        "urn:jk:bureau/commerce": 2,
        "urn:jk:plan/15th": 2,
        "urn:jk:measure/1": 2,
        "urn:jk:measure/2": 3,
        "urn:jk:industry/finance": 1,
        "urn:jk:industry/isolated": 0,
    }
    for node_id, deg in expected_degree.items():
        assert nodes[node_id]["size"] == pytest.approx(10 + 4 * math.sqrt(deg), abs=0.01)
    assert (
        nodes["urn:jk:measure/2"]["size"] > nodes["urn:jk:measure/1"]["size"] > nodes["urn:jk:industry/finance"]["size"]
    )
    assert nodes["urn:jk:industry/isolated"]["size"] == 10
    kinds = {k.key: k for k in KINDS}
    for n in nodes.values():
        assert (n["color"], n["shape"]) == (kinds[n["kind"]].color, kinds[n["kind"]].shape)


# --- determinism -----------------------------------------------------------------------------


def test_same_input_same_bytes(sample_html):
    assert render_sample() == sample_html
    nodes, edges = sample_graph()
    shuffled = render_html(nodes[::-1], edges[::-1], KINDS, title="静安区知识图谱", subtitle="规划 · 措施 · 责任部门")
    assert shuffled == sample_html
    data = payload(sample_html)
    assert [n["id"] for n in data["nodes"]] == sorted(n.id for n in nodes)
    assert [(e["from"], e["to"], e["label"]) for e in data["edges"]] == sorted(
        (e.source, e.target, e.label) for e in edges
    )


@pytest.mark.parametrize("hashseed", ["1", "4242"])
def test_fresh_interpreter_same_bytes(sample_html, hashseed):
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_viz; "
        "sys.stdout.buffer.write(test_viz.render_sample().encode('utf-8'))"
    )
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(SRC_DIR)}
    out = subprocess.run([sys.executable, "-c", code, str(TESTS_DIR)], env=env, capture_output=True, check=True)
    assert out.stdout == sample_html.encode("utf-8")


# --- validation ------------------------------------------------------------------------------


def test_dangling_edge_raises_naming_missing_id():
    nodes, edges = sample_graph()
    with pytest.raises(ValueError, match="urn:jk:measure/missing"):
        render_html(nodes, edges + [VizEdge("urn:jk:plan/15th", "urn:jk:measure/missing")], KINDS, title="t")
    with pytest.raises(ValueError, match="urn:jk:ghost"):
        render_html(nodes, [VizEdge("urn:jk:ghost", "urn:jk:plan/15th")], KINDS, title="t")


def test_duplicate_node_and_unknown_kind_raise():
    nodes, _ = sample_graph()
    with pytest.raises(ValueError, match="duplicate node id"):
        render_html(nodes + [nodes[0]], [], KINDS, title="t")
    with pytest.raises(ValueError, match="unknown kind"):
        render_html([VizNode("x", "x", "nope")], [], KINDS, title="t")


def test_empty_graph_renders():
    html = render_html([], [], KINDS, title="空图")
    assert payload(html)["nodes"] == [] and payload(html)["edges"] == []


# --- writing ---------------------------------------------------------------------------------


def test_write_html_utf8_with_literal_chinese(tmp_path, sample_html):
    out = tmp_path / "exports" / "graph.html"
    write_html(out, sample_html)
    raw = out.read_bytes()
    text = raw.decode("utf-8")  # strict: raises if not valid UTF-8
    assert raw == sample_html.encode("utf-8")
    assert b"\r\n" not in raw
    assert "静安区商务委员会" in text
    assert "静安区商务委员会".encode() in raw


# --- page hooks, sizes of label-inside shapes, focus --------------------------------------------


def test_page_hooks_and_counts(sample_html):
    assert isinstance(sample_html, Page) and sample_html.counts == {"nodes": 6, "edges": 5}
    assert '<body data-view="graph">' in sample_html
    app = parse(sample_html).scripts[-1][1]
    for hook in (
        "window.network = network",
        "window.nodesDataSet = nodes",
        "window.edgesDataSet = edges",
        'document.body.dataset.ready = "1"',
        'getElementById("details-card")',
    ):
        assert hook in app
    assert payload(sample_html)["focus"] is None and payload(sample_html)["view"] == "graph"


def test_focus_and_view_name():
    nodes, edges = sample_graph()
    html = render_html(nodes, edges, KINDS, title="t", view="ego", focus="urn:jk:plan/15th")
    assert payload(html)["focus"] == "urn:jk:plan/15th" and '<body data-view="ego">' in html
    with pytest.raises(ValueError, match="focus"):
        render_html(nodes, edges, KINDS, title="t", focus="urn:jk:nowhere")


def test_label_inside_shapes_grow_their_text_with_degree(sample_html):
    nodes = {n["id"]: n for n in payload(sample_html)["nodes"]}
    assert nodes["urn:jk:bureau/commerce"]["font"] == {"size": round(13 + 1.5 * math.sqrt(2), 1)}  # a box
    assert "font" not in nodes["urn:jk:plan/15th"]  # a dot: `size` grows instead
    assert payload(sample_html)["options"]["nodes"]["widthConstraint"] == {"maximum": 240}  # long labels wrap


def test_counts_in_the_legend(sample_html):
    counts = re.findall(r'<small class="count">(\d+)</small>', sample_html)
    assert counts == ["1", "1", "2", "2"]


# --- the targets timeline ------------------------------------------------------------------------

TIMELINE_KINDS = [
    NodeKind("indicator", "指标 Indicator", "#bcbd22", "box"),
    NodeKind("target", "目标 Target", "#e6550d", "ring"),
    NodeKind("outcome", "实际 Outcome", "#3182bd", "dot"),
]


def value(id, role, period, value, numeric, plot=True, start=None, end=None):
    start = start if start is not None else int(period[:4])
    return {
        "id": id,
        "role": role,
        "period": period,
        "from": start,
        "to": end or start,
        "value": value,
        "numeric": numeric,
        "plot": plot,
        "facts": [["文件 Document", "<b>报告</b>"]],
        "quote": XSS_QUOTE,
        "source": "a.txt:1",
    }


def lanes():
    return [
        {
            "id": "i1",
            "label": "社会消费品零售总额</div>",
            "labelEn": None,
            "unit": "亿元",
            "kind": None,
            "group": "both",
            "aliases": ["社零"],
            "facts": [],
            "quote": "q",
            "source": "a.txt:1",
            "lo": 0,
            "hi": 2000,
            "values": [
                value("v1", "target", "2022", "1600亿元", 1600.0),
                value("v2", "outcome", "2022", "1480亿元", 1480.0),
                value("v3", "outcome", "2025", "1703.52亿元", 1703.52),
                value("v4", "target", "2023", "1600亿元", 1600.0),
                value("v5", "target", "2026-2030", "2000 (五年达到)", 2000.0, end=2030),
                value("v6", "target", "2023", "与全市保持同步", None, plot=False),
            ],
        },
        {
            "id": "i2",
            "label": "<script>alert(1)</script>",
            "labelEn": "Index",
            "unit": None,
            "kind": "约束性",
            "group": "targets",
            "aliases": [],
            "facts": [],
            "quote": None,
            "source": None,
            "lo": 0,
            "hi": 1,
            "values": [value("v7", "target", "2026", "完成市下达目标", None, plot=False)],
        },
    ]


GROUPS = [{"key": "both", "label": "目标与实际 Both"}, {"key": "targets", "label": "仅目标 Targets"}]


def test_targets_timeline_nodes_lines_and_escaping():
    html = render_targets(lanes(), TIMELINE_KINDS, GROUPS, (2022, 2030), title="指标 <Targets>")
    data = payload(html)
    assert html.counts == {"nodes": 9, "edges": 2, "indicators": 2, "values": 7}
    assert [n["id"] for n in data["nodes"]] == ["i1", "v1", "v2", "v3", "v4", "v5", "v6", "i2", "v7"]
    by_id = {n["id"]: n for n in data["nodes"]}
    assert (by_id["i1"]["kind"], by_id["i1"]["lane"], by_id["i1"]["aliases"]) == ("indicator", "i1", ["社零"])
    assert by_id["v1"]["label"] == "1600亿元" and by_id["v1"]["kindLabel"] == "目标 Target · 2022"
    assert by_id["v1"]["facts"][:2] == [["指标 Indicator", "社会消费品零售总额</div>"], ["时期 Period", "2022"]]
    assert (by_id["v1"]["shape"], by_id["v1"]["color"]["background"]) == ("dot", "#ffffff")  # a ring
    assert (by_id["v6"]["shape"], by_id["v6"]["plot"]) == ("box", False)
    # one line per role through its single-year values, in time order
    assert [(e["from"], e["to"], e["role"], e["dashes"]) for e in data["edges"]] == [
        ("v1", "v4", "target", True),
        ("v2", "v3", "outcome", False),
    ]
    assert data["options"]["physics"] == {"enabled": False}
    assert data["lanes"] == [
        {"id": "i1", "group": "both", "lo": 0, "hi": 2000},
        {"id": "i2", "group": "targets", "lo": 0, "hi": 1},
    ]
    assert data["years"] == [2022, 2030] and '<body data-view="targets">' in html
    page = parse(html)
    assert page.legend_labels == [k.label for k in TIMELINE_KINDS]
    own = html.replace(_vendored_assets()[0], "")  # vis-network's own code mentions <b> (its label markup)
    assert "<script>alert" not in own and "<b>" not in own and html.count("</script") == 3
    assert "<title>指标 &lt;Targets&gt;</title>" in html
    app = page.scripts[-1][1]
    for needle in (
        "window.network = network",
        "window.nodesDataSet",
        "window.edgesDataSet",
        "beforeDrawing",
        'dataset.ready = "1"',
        "centreOn",
        "textContent",
    ):
        assert needle in app
    assert "innerHTML" not in app
    assert render_targets(lanes(), TIMELINE_KINDS, GROUPS, (2022, 2030), title="指标 <Targets>") == html


def test_targets_timeline_checks_its_input():
    with pytest.raises(ValueError, match="'outcome' kind"):
        render_targets(lanes(), TIMELINE_KINDS[:2], GROUPS, (2022, 2030), title="t")
    twice = lanes()
    twice[1]["values"].append(twice[0]["values"][0])
    with pytest.raises(ValueError, match="duplicate node id: 'v1'"):
        render_targets(twice, TIMELINE_KINDS, GROUPS, (2022, 2030), title="t")


def test_notice_page_is_escaped_and_ready():
    html = render_notice("<b>projects</b>", "too large </div><script>alert(1)</script>", view="projects")
    assert "<script>alert" not in html and "&lt;/div&gt;&lt;script&gt;" in html
    assert '<body data-view="projects">' in html and 'document.body.dataset.ready = "1"' in html
    assert "graph-data" not in html and html.counts == {}


# --- the columns layout ------------------------------------------------------------------------

COLUMN_KINDS = KINDS[:1] + KINDS[2:]  # bureau, measure, industry


def columns_graph() -> tuple[list[VizNode], list[VizEdge], list[Column]]:
    """Three bureaus, six measures of two documents, three industries, linked so that an
    alphabetical order of the bureaus and industries would cross links."""
    nodes = [VizNode(f"b{i}", f"部门{i}", "bureau", label_en=f"Bureau {i}" if i != 2 else None) for i in (1, 2, 3)]
    nodes += [VizNode(f"m{i}", f"{i}. 措施{i}", "measure") for i in range(1, 7)]
    nodes.append(VizNode("m7", "7. " + "很长的措施标题" * 6, "measure"))
    nodes += [VizNode(f"i{i}", f"产业{i}", "industry") for i in (1, 2, 3)]
    responsible = {"b1": ["m5", "m6", "m7"], "b2": ["m1", "m2"], "b3": ["m3", "m4", "m2"]}
    concerns = {"m1": ["i3"], "m2": ["i3"], "m3": ["i2"], "m5": ["i1"], "m6": ["i1"], "m7": ["i1", "i2"]}
    edges = [VizEdge(b, m, "负责") for b, ms in responsible.items() for m in ms]
    edges += [VizEdge(m, i, "涉及") for m, inds in concerns.items() for i in inds]
    columns = [
        Column("责任部门", ("b1", "b2", "b3")),
        Column("措施", tuple(f"m{i}" for i in range(1, 8)), fixed=True, headings=(("m1", "文件一"), ("m5", "文件二"))),
        Column("产业", ("i1", "i2", "i3"), em=8),
    ]
    return nodes, edges, columns


def render_columns_sample() -> str:
    nodes, edges, columns = columns_graph()
    return render_html(nodes, edges, COLUMN_KINDS, title="三栏", view="responsibility", columns=columns)


def box_height(node: dict, en: bool = False) -> float:
    lines = 2 if en and node.get("labelEn") else 1
    return lines * COLUMNS["font"] + 2 * COLUMNS["margin"]


def test_columns_are_left_to_right_with_fixed_positions():
    data = payload(render_columns_sample())
    nodes = {n["id"]: n for n in data["nodes"]}
    column = {n["id"]: n["column"] for n in data["nodes"]}
    assert column == {
        **dict.fromkeys(["b1", "b2", "b3"], 0),
        **{f"m{i}": 1 for i in range(1, 8)},
        "i1": 2,
        "i2": 2,
        "i3": 2,
    }
    xs = [sorted({n["x"] for n in data["nodes"] if n["column"] == c}) for c in range(3)]
    assert all(len(x) == 1 for x in xs) and xs[0][0] < xs[1][0] < xs[2][0]  # one x per column, left to right
    # Boxes of one column never overlap, in either label mode, and leave the gap between them.
    for key, en in (("y", False), ("yEn", True)):
        for c in range(3):
            col = sorted((n for n in data["nodes"] if n["column"] == c), key=lambda n: n[key])
            for a, b in zip(col, col[1:]):
                assert b[key] - a[key] >= (box_height(a, en) + box_height(b, en)) / 2 + COLUMNS["gap"] - 0.11, (a, b)
            assert all(n[key] - box_height(n, en) / 2 >= COLUMNS["titleHeight"] - 0.11 for n in col)
    # The fixed column keeps its order; its headings sit above their sections.
    assert [n for n, _ in sorted(((n, nodes[n]["y"]) for n in nodes if column[n] == 1), key=lambda p: p[1])] == [
        f"m{i}" for i in range(1, 8)
    ]
    headings = data["layout"]["zh"]["headings"]
    assert [h["text"] for h in headings] == ["文件一", "文件二"]
    assert headings[0]["y"] < nodes["m1"]["y"] and nodes["m4"]["y"] < headings[1]["y"] < nodes["m5"]["y"]

    # The free columns follow the measures they link to (median heights), not the given order.
    def by_y(c: int) -> list[str]:
        return [n for n in sorted(nodes, key=lambda n: nodes[n]["y"]) if column[n] == c]

    assert by_y(0) == ["b2", "b3", "b1"] and by_y(2) == ["i3", "i2", "i1"]
    assert nodes["b1"]["y"] == nodes["m6"]["y"]  # the median of m5, m6, m7: level with its links
    assert data["layout"]["zh"]["bounds"]["right"] > xs[2][0]


def test_columns_turn_physics_off_and_draw_boxes():
    html = render_columns_sample()
    data = payload(html)
    assert data["options"]["physics"] == {"enabled": False}
    assert data["options"]["interaction"]["dragNodes"] is False and data["options"]["interaction"]["zoomView"] is False
    assert data["options"]["edges"]["smooth"]["type"] == "cubicBezier"
    assert {n["shape"] for n in data["nodes"]} == {"box"} and {k["shape"] for k in data["kinds"]} == {"box"}
    assert all(n["font"]["size"] == COLUMNS["font"] for n in data["nodes"])
    assert all(e["color"]["opacity"] < 1 and "arrows" not in e for e in data["edges"])
    assert [e["label"] for e in data["edges"]].count("负责") == 8  # the relation stays in the data
    app = parse(html).scripts[-1][1]
    for needle in ('once("afterDrawing"', "highlight(", "unhighlight()", "Escape", "layout.dim", "yEn"):
        assert needle in app
    assert 'class="hint"' in html
    # A page without columns keeps its physics, and no hint.
    assert payload(render_sample())["options"]["physics"]["enabled"] is True
    assert "layout" not in payload(render_sample()) and 'class="hint"' not in render_sample()


def test_columns_shorten_long_labels_on_the_canvas_only():
    data = payload(render_columns_sample())
    long = next(n for n in data["nodes"] if n["id"] == "m7")
    assert long["label"] == "7. " + "很长的措施标题" * 6  # whole in the data (the card, the search)
    assert long["short"].endswith("…") and long["label"].startswith(long["short"][:-1])
    width = long["widthConstraint"]["minimum"]
    assert text_width(long["short"], COLUMNS["font"]) <= width <= 16 * COLUMNS["font"] + 1  # Column.em: 16 font sizes
    for n in data["nodes"]:  # every drawn label fits its box's width, so none wraps
        assert text_width(n.get("short", n["label"]), COLUMNS["font"]) <= n["widthConstraint"]["minimum"]
        if n.get("labelEn"):
            assert text_width(n.get("shortEn", n["labelEn"]), COLUMNS["font"]) <= n["widthConstraint"]["minimum"]
    assert "short" not in next(n for n in data["nodes"] if n["id"] == "m1")


def test_shorten_and_text_width():
    assert shorten("静安区数据局", 14, 100) == "静安区数据局"
    assert shorten("静安区数据局", 14, 60) == "静安区…" and text_width("静安区…", 14) <= 60
    assert text_width("静安", 10) == 20 and text_width("ab", 10) < text_width("静安", 10)
    assert text_width("MW", 10) > text_width("il", 10)


def test_columns_same_input_same_bytes():
    html = render_columns_sample()
    nodes, edges, columns = columns_graph()
    again = render_html(nodes[::-1], edges[::-1], COLUMN_KINDS, title="三栏", view="responsibility", columns=columns)
    assert again == html


@pytest.mark.parametrize("hashseed", ["1", "4242"])
def test_columns_fresh_interpreter_same_bytes(hashseed):
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_viz; "
        "sys.stdout.buffer.write(test_viz.render_columns_sample().encode('utf-8'))"
    )
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(SRC_DIR)}
    out = subprocess.run([sys.executable, "-c", code, str(TESTS_DIR)], env=env, capture_output=True, check=True)
    assert out.stdout == render_columns_sample().encode("utf-8")


def test_columns_check_their_input():
    nodes, edges, columns = columns_graph()

    def render(cols: list[Column]) -> str:
        return render_html(nodes, edges, COLUMN_KINDS, title="t", columns=cols)

    with pytest.raises(ValueError, match="in no column"):
        render(columns[:2])
    with pytest.raises(ValueError, match="two columns"):
        render([*columns, Column("again", ("b1",))])
    with pytest.raises(ValueError, match="not a node"):
        render([*columns[:2], Column("产业", ("i1", "i2", "i3", "ghost"))])
    with pytest.raises(ValueError, match="fixed column"):
        render([Column(c.title, c.ids) for c in columns])
