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

from jingan_kg.viz import NodeKind, VizEdge, VizNode, render_html, script_safe_json, write_html

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
        VizNode("urn:jk:measure/1", "打造国际消费中心城市核心承载区", "measure",
                quote="加快建设南京西路国际消费集聚区", source="plan.txt:10-12"),
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
        VizNode("n1", "<script>alert(1)</script>", "plan", quote=XSS_QUOTE,
                facts=(("<b>field</b>", "</div><img src=x onerror=alert(3)>"),), source="<i>src</i>"),
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
    text = script_safe_json({"s": "</script>&\u2028\u2029'\""})
    assert not set("<>&\u2028\u2029") & set(text)
    assert "\\u003c/script\\u003e\\u0026\\u2028\\u2029" in text
    assert json.loads(text) == {"s": "</script>&\u2028\u2029'\""}


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
    assert [t for t, a in page.tags if t == "input" and a.get("type") == "checkbox"] == ["input"] * len(KINDS)


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
        "urn:jk:bureau/commerce": 2, "urn:jk:plan/15th": 2, "urn:jk:measure/1": 2,
        "urn:jk:measure/2": 3, "urn:jk:industry/finance": 1, "urn:jk:industry/isolated": 0,
    }
    for node_id, deg in expected_degree.items():
        assert nodes[node_id]["size"] == pytest.approx(10 + 4 * math.sqrt(deg), abs=0.01)
    assert nodes["urn:jk:measure/2"]["size"] > nodes["urn:jk:measure/1"]["size"] > nodes["urn:jk:industry/finance"]["size"]
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
    assert [(e["from"], e["to"], e["label"]) for e in data["edges"]] == sorted((e.source, e.target, e.label) for e in edges)


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
    assert "静安区商务委员会".encode("utf-8") in raw
