"""The views' pages compiled to Python (views/precompile.py → views/_pages.py) are Jinja's pages.

A view draws without jinja2 (issue 16) only if the compiled pages are the templates: the module
is what the compiler writes from them now, every page renders the same bytes through it as
through Jinja (the real views, hostile text, several districts, the notice), and a template
edited since the compile is rendered by Jinja.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from jingan_kg.query.districts import District
from jingan_kg.views import _pages, html, ledger, named, precompile
from jingan_kg.views.html import Column, NodeKind, VizEdge, VizNode

EVIL = '<script>alert("x")</script></div>&amp;"\'\u2028'


def test_the_compiled_pages_are_the_templates():
    assert precompile.compile_pages() == precompile.OUT.read_text(encoding="utf-8"), (
        "views/_pages.py is not what the templates compile to: run `python -m jingan_kg.views.precompile`"
    )
    assert set(html._compiled()) == set(precompile.PAGES)  # in use: the checksums hold


@pytest.fixture
def both(monkeypatch):
    """Every page rendered through the compiled module and through Jinja; the names rendered."""
    rendered: list[str] = []

    class Both:
        def __init__(self, name):
            self.name = name

        def render(self, **context):
            mine = _pages.PAGES[self.name](context)
            assert mine == html._jinja(self.name).render(**context), self.name
            rendered.append(self.name)
            return mine

    monkeypatch.setattr(html, "_template", Both)
    monkeypatch.setattr(ledger, "_template", Both)
    return rendered


def test_every_view_renders_as_jinja_renders_it(store, both):
    for view in named.VIEWS.values():
        view(store)
        view(store, District("https://w3id.org/jingan-kg/id/district/none", "无区", None))  # empty pages
    assert sorted(set(both)) == ["graph.html", "ledger.html", "targets.html"]


def test_hostile_text_and_several_districts_render_as_jinja(both):
    kinds = [
        NodeKind(f"k{i}", f"类{EVIL}{i}", f"#00000{i}", shape)
        for i, shape in enumerate(
            ("box", "dot", "square", "diamond", "triangle", "triangleDown", "star", "ellipse", "hexagon", "ring")
        )
    ]
    nodes = [
        VizNode(f"n{i}", f"名{EVIL}{i}", k.key, ((f"事{EVIL}", EVIL),), EVIL, EVIL, EVIL, (f"区{EVIL}", "徐汇区"))
        for i, k in enumerate(kinds)
    ]
    edges = [VizEdge("n0", "n1", EVIL), VizEdge("n1", "n2", "")]
    for columns in (None, [Column(f"列{EVIL}", tuple(n.id for n in nodes), fixed=True)]):
        html.render_html(nodes, edges, kinds, title=f"题{EVIL}", subtitle=EVIL, view=EVIL, focus="n1", columns=columns)
    html.render_html([], [], [], title="", subtitle="")
    lanes = [
        {
            "id": "i1",
            "label": f"指标{EVIL}",
            "group": "both",
            "lo": 0,
            "hi": 1,
            "district": f"区{EVIL}",
            "values": [
                {
                    "id": "v1",
                    "role": "target",
                    "period": "2025",
                    "from": 2025,
                    "to": 2025,
                    "value": EVIL,
                    "numeric": 1.0,
                    "plot": True,
                },
            ],
        },
        {"id": "i2", "label": "乙", "group": "targets", "lo": 0, "hi": 1, "district": "徐汇区", "values": []},
    ]
    groups = [{"key": "both", "label": EVIL}, {"key": "targets", "label": "仅目标"}]
    tk = [
        NodeKind("indicator", EVIL, "#111111", "box"),
        NodeKind("target", "目标", "#222222", "ring"),
        NodeKind("outcome", "实际", "#333333", "dot"),
    ]
    html.render_targets(lanes, tk, groups, (2020, 2030), title=EVIL, subtitle=EVIL)
    html.render_notice(f"题{EVIL}", f"说{EVIL}", view=EVIL)
    assert sorted(set(both)) == ["graph.html", "notice.html", "targets.html"]


def test_a_template_edited_since_the_compile_is_rendered_by_jinja(monkeypatch):
    html._compiled.cache_clear()
    html._template.cache_clear()
    try:
        monkeypatch.setitem(_pages.TEMPLATE_CRC, "_base.html", _pages.TEMPLATE_CRC["_base.html"] ^ 1)
        assert html._compiled() == {}
        assert html._template("graph.html") is html._jinja("graph.html")
    finally:
        monkeypatch.undo()
        html._compiled.cache_clear()
        html._template.cache_clear()
    assert isinstance(html._template("graph.html"), html._Compiled)


def test_the_compiler_refuses_what_it_does_not_write():
    from jinja2 import Environment

    c = precompile._Compiler(Environment(autoescape=True))
    for source in ("{{ x | upper }}", "{% for x in y %}{{ loop.index }}{% endfor %}", "{% set a = 1 %}"):
        with pytest.raises(precompile.Unsupported):
            c.body(c.env.parse(source).body, {}, 0, {}, 1)


def test_a_view_draws_without_jinja2(built):
    code = (
        "import sys; from pathlib import Path; from jingan_kg.views import named; "
        "from jingan_kg.store.embedded import GraphStore; s = GraphStore.open(Path(sys.argv[1]) / 'store'); "
        "[named.VIEWS[n](s) for n in named.VIEWS]; print('jinja2' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(built[1])], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
