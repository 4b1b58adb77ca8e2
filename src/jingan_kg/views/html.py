"""Render the knowledge graph as self-contained, offline, deterministic HTML pages.

Three kinds of page, all from the project's own Jinja templates (pyvis's template pulls
Bootstrap and vis from CDNs, pyvis issues 228/229):

- `render_html`: an interactive network drawn by vis-network (pyvis's bundled copy, read as
  a file and inlined; pyvis itself is never imported). Laid out by physics, or, given
  `columns`, on fixed positions computed here: columns of boxes left to right, ordered so
  that links cross little (`Column`, `COLUMNS`).
- `render_targets`: a timeline of indicators, one lane per indicator with its targets and
  outcomes placed by year and value (a small chart per lane), drawn with vis-network on a
  fixed layout so the page works like the others (search, tooltips, filters).
- `render_notice`: a page that only says why a view was not drawn.

Every document-derived string reaches the page either HTML-escaped by Jinja or inside a
JSON block escaped for <script>, and the page's script only ever puts it into the DOM as
text (textContent, setAttribute), never as markup. jinja2 is imported lazily so that importing
this module stays cheap.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..config import resource
from .columns import COLUMNS, Column, _columns_options, _place_columns, shorten, text_width

__all__ = [
    "COLUMNS",
    "Column",
    "NodeKind",
    "VizNode",
    "VizEdge",
    "Page",
    "render_html",
    "render_targets",
    "render_notice",
    "script_safe_json",
    "shorten",
    "text_width",
    "write_html",
]

TEMPLATE_DIR = resource("templates")
VIS_VERSION = "vis-9.1.2"
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif'
)

# Characters that could end a <script> block or break JS parsing, as JSON \u escapes. One str.replace
# each: a C scan, 0.1 ms for 360 KB, where str.translate takes 40 ms on text with Chinese in it.
_JSON_SCRIPT_ESCAPES = tuple((ch, f"\\u{ord(ch):04x}") for ch in "<>&\u2028\u2029")
_SOURCE_MAP_LINE = re.compile(r"\s*(//[#@]\s*sourceMappingURL=.*|/\*[#@]\s*sourceMappingURL=.*?\*/)\s*")
# What would end the inlined element early (or open a comment that hides its end), any case.
_CLOSES = {"js": re.compile(r"</script|<!--", re.I), "css": re.compile(r"</style|<!--", re.I)}


@dataclass(frozen=True)
class NodeKind:
    """One legend entry / filter checkbox: a node category with its colour and vis-network shape."""

    key: str
    label: str
    color: str
    shape: str


@dataclass(frozen=True)
class VizNode:
    """A node to draw; label, facts, quote and source are document text and treated as untrusted."""

    id: str
    label: str
    kind: str
    facts: tuple[tuple[str, str], ...] = ()
    quote: str | None = None
    source: str | None = None
    label_en: str | None = None
    districts: tuple[str, ...] = ()  # the districts it is of (长宁区); none for what no district owns


@dataclass(frozen=True)
class VizEdge:
    """A directed edge between two node ids; the label is untrusted document text."""

    source: str
    target: str
    label: str = ""


class Page(str):
    """An HTML page (a str), with what it draws counted in `counts` (e.g. nodes and edges)."""

    counts: dict[str, int]

    def __new__(cls, html: str, counts: dict[str, int] | None = None) -> Page:
        page = super().__new__(cls, html)
        page.counts = dict(counts or {})
        return page


def script_safe_json(obj: object) -> str:
    """Dump JSON that is safe inside a <script> element (no `</script>`, no JS line terminators)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for ch, escape in _JSON_SCRIPT_ESCAPES:
        text = text.replace(ch, escape)
    return text


def _vis_dir() -> Path:
    """pyvis's bundled vis-network folder, found without importing pyvis (which loads IPython)."""
    from importlib.util import find_spec

    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: it provides the vis-network files the views inline")
    return Path(next(iter(spec.submodule_search_locations))) / "lib" / VIS_VERSION


@lru_cache(maxsize=1)
def _vendored_assets() -> tuple[str, str]:
    """Return pyvis's bundled vis-network JS and CSS, source-map comment stripped, checked inline-safe."""
    vis_dir = _vis_dir()
    js = _strip_source_map((vis_dir / "vis-network.min.js").read_text(encoding="utf-8"))
    css = _strip_source_map((vis_dir / "vis-network.css").read_text(encoding="utf-8"))
    for name, text in (("js", js), ("css", css)):
        if found := _CLOSES[name].search(text):
            raise RuntimeError(f"vendored vis-network {name} cannot be inlined safely ({found.group()!r})")
    if "@import" in css or re.search(r"url\(\s*(?!['\"]?data:)", css):
        raise RuntimeError("vendored vis-network css references external resources")
    return js, css


def _strip_source_map(text: str) -> str:
    """Blank the `sourceMappingURL` comment lines: the map is not shipped, and a browser would ask for it."""
    if "sourceMappingURL" not in text:
        return text
    return "\n".join("" if _SOURCE_MAP_LINE.fullmatch(line) else line for line in text.split("\n"))


@cache
def _template(name: str):
    """A page template, to `.render(**context)`: compiled to Python (views/_pages.py) while the
    templates are those it was compiled from, else Jinja's (`_jinja`): the same page either way."""
    pages = _compiled()
    if name in pages:
        return _Compiled(pages[name])
    return _jinja(name)


@cache
def _jinja(name: str):
    """Load one of the project's page templates with HTML autoescaping on (all text in HTML is escaped)."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, keep_trailing_newline=True)
    return env.get_template(name)


@cache
def _compiled() -> dict:
    """The compiled pages (`python -m jingan_kg.views.precompile`), none when a template they were
    compiled from has changed since (its CRC-32 differs): importing jinja2 and compiling a page
    was about a third of a `viz` process."""
    import zlib

    from . import _pages

    for name, crc in _pages.TEMPLATE_CRC.items():
        try:
            if zlib.crc32((TEMPLATE_DIR / name).read_bytes()) != crc:
                return {}
        except OSError:
            return {}
    return _pages.PAGES


class _Compiled:
    """A compiled page with a template's `render`."""

    def __init__(self, page):
        self.page = page

    def render(self, **context) -> str:
        return self.page(context)


def _safe(text: str):
    from markupsafe import Markup

    return Markup(text)


def _node_size(degree: int) -> float:
    """Map a node's degree to its drawn size, so hubs stand out without dwarfing everything."""
    return round(10 + 4 * math.sqrt(degree), 2)


_LABEL_INSIDE = ("box", "ellipse", "circle", "database", "text")


def _font_size(degree: int) -> float:
    """The label size of a node drawn around its label, growing with its degree like `_node_size`."""
    return round(13 + 1.5 * math.sqrt(degree), 1)


def _network_data(nodes: list[VizNode], edges: list[VizEdge], kinds: list[NodeKind]) -> tuple[list, list, dict]:
    """Validate the input; vis-network's node and edge dicts (sorted) and its options for a physics layout.

    Our own bookkeeping (ids, degrees, sorting): pyvis's `Network` added nothing to it but 0.3 s
    of imports, and its options are vis-network's, written here as the dict they were.
    """
    kind_by_key = {k.key: k for k in kinds}
    if len(kind_by_key) != len(kinds):
        raise ValueError("duplicate NodeKind key")
    degree: dict[str, int] = {}
    for n in nodes:
        if n.id in degree:
            raise ValueError(f"duplicate node id: {n.id!r}")
        if n.kind not in kind_by_key:
            raise ValueError(f"node {n.id!r} has unknown kind {n.kind!r}")
        degree[n.id] = 0
    for e in edges:
        for end in (e.source, e.target):
            if end not in degree:
                raise ValueError(f"edge {e.source!r} -> {e.target!r} references missing node id {end!r}")
            degree[end] += 1
    data_nodes = [
        {
            "id": n.id,
            "label": n.label,
            "kind": n.kind,
            "kindLabel": kind_by_key[n.kind].label,
            "color": kind_by_key[n.kind].color,
            "shape": kind_by_key[n.kind].shape,
            "size": _node_size(degree[n.id]),
            "degree": degree[n.id],
            "labelEn": n.label_en,
            "facts": [list(f) for f in n.facts],
            "quote": n.quote,
            "source": n.source,
            "districts": list(n.districts),
            # box and ellipse grow with their label, not with `size`: scale their text instead
            **({"font": {"size": _font_size(degree[n.id])}} if kind_by_key[n.kind].shape in _LABEL_INSIDE else {}),
        }
        for n in sorted(nodes, key=lambda n: n.id)
    ]
    data_edges = [
        {"id": f"e{i}", "from": e.source, "to": e.target, "label": e.label, "arrows": "to"}
        for i, e in enumerate(sorted(edges, key=lambda e: (e.source, e.target, e.label)))
    ]
    return data_nodes, data_edges, _physics_options(len(nodes))


def _physics_options(count: int) -> dict:
    """Physics by barnesHut that stabilises off-screen (the page then switches physics off), the same
    layout each load (a seed), edges as "continuous" curves (no physics node per edge)."""
    return {
        "configure": {"enabled": False},
        "edges": {
            "color": {"inherit": True},
            "font": {"face": FONT_STACK, "size": 10, "align": "middle", "color": "#555555"},
            "smooth": {"enabled": True, "type": "continuous"},
        },
        "interaction": {
            "dragNodes": True,
            "hideEdgesOnDrag": False,
            "hideNodesOnDrag": False,
            "hover": True,
            "tooltipDelay": 150,
        },
        "layout": {"randomSeed": 7, "improvedLayout": count <= 150},
        "nodes": {"font": {"face": FONT_STACK, "size": 14}, "widthConstraint": {"maximum": 240}},
        "physics": {
            "barnesHut": {
                "avoidOverlap": 0,
                "centralGravity": 0.3,
                "damping": 0.3,
                "gravitationalConstant": -8000,
                "springConstant": 0.02,
                "springLength": 160,
            },
            "enabled": True,
            "stabilization": {
                "enabled": True,
                "fit": True,
                "iterations": 400,
                "onlyDynamicEdges": False,
                "updateInterval": 50,
            },
        },
    }


# --- columns: a fixed layout, left to right ------------------------------------------------------


# The columns layout, in network units (drawn at scale 1 they are CSS px).
def render_html(
    nodes: list[VizNode],
    edges: list[VizEdge],
    kinds: list[NodeKind],
    *,
    title: str,
    subtitle: str = "",
    view: str = "graph",
    focus: str | None = None,
    columns: Sequence[Column] | None = None,
) -> Page:
    """Render the graph to a self-contained HTML page; same input gives byte-identical output.

    `view` names the page (`<body data-view>`); `focus` is a node id the page selects once laid out.
    With `columns` (every node in one), the nodes are boxes on fixed positions, column after
    column left to right (`Column`), physics is off, and clicking or finding a node lights up
    what it is linked to, upstream and downstream, and dims the rest.
    """
    if columns is not None:  # drawn as boxes, so shown as boxes in the legend
        kinds = [NodeKind(k.key, k.label, k.color, "box") for k in kinds]
    net_nodes, net_edges, options = _network_data(nodes, edges, kinds)
    if focus is not None and focus not in {n["id"] for n in net_nodes}:
        raise ValueError(f"focus {focus!r} is not a node")
    layout = None
    if columns is not None:
        layout = _place_columns(net_nodes, net_edges, columns)
        options = _columns_options(options)
    payload = {
        "nodes": net_nodes,
        "edges": net_edges,
        "kinds": [{"key": k.key, "label": k.label, "color": k.color, "shape": k.shape} for k in kinds],
        "options": options,
        "focus": focus,
        "view": view,
        **({"layout": layout} if layout is not None else {}),
    }
    per_kind = {k.key: 0 for k in kinds}
    for n in nodes:
        per_kind[n.kind] += 1
    html = _network_page(
        "graph.html",
        payload,
        title=title,
        subtitle=subtitle,
        view=view,
        kinds=[(k, per_kind[k.key]) for k in kinds],
        districts=_district_filter(d for n in nodes for d in n.districts),
        fixed_layout=layout is not None,
    )
    return Page(html, {"nodes": len(nodes), "edges": len(edges)})


def _district_filter(districts) -> list[tuple[str, int]]:
    """(district, items) for a page's district filter; none when the page holds one district or none."""
    from collections import Counter

    counts = Counter(districts)
    return sorted(counts.items()) if len(counts) > 1 else []


def _network_page(template: str, payload: dict, **context) -> str:
    """Render a network page: the vendored vis-network, the script-safe data and the page's context."""
    vis_js, vis_css = _vendored_assets()
    return _template(template).render(
        font_stack=_safe(FONT_STACK),  # a constant; goes into <style>, where entities don't work
        vis_js=_safe(vis_js),
        vis_css=_safe(vis_css),
        graph_json=_safe(script_safe_json(payload)),
        **context,
    )


# Layout of the targets timeline, in network units (the page's script places the nodes).
TIMELINE = {"yearWidth": 110, "laneHeight": 120, "bandTop": 22, "bandHeight": 58, "labelX": -190}


def render_targets(
    lanes: list[dict],
    kinds: list[NodeKind],
    groups: list[dict],
    years: tuple[int, int],
    *,
    title: str,
    subtitle: str = "",
    view: str = "targets",
) -> Page:
    """A timeline of indicators: one lane per indicator, its targets and outcomes on a shared year axis.

    In each lane a value sits at its year (the end of a multi-year period, with a bar over the
    period) and at its height between the lane's `lo` and `hi`: a small chart per indicator,
    drawn with vis-network so that search, tooltips and filters work as on the other views.
    `lanes` are dicts with id, label, labelEn, unit, kind, group, aliases, facts, quote, source,
    lo, hi and values; each value has id, role ("target"/"outcome"), period, from, to, value,
    numeric, plot (placed by height, else shown as a text box), facts, quote and source.
    `kinds` must hold "indicator", "target" and "outcome"; `groups` are {key, label} filters over
    lane["group"]; a lane's optional "district" (its label) gives a district filter when lanes
    of several districts are drawn. Values without a number are drawn as boxes showing the value as written.
    """
    kind = {k.key: k for k in kinds}
    for key in ("indicator", "target", "outcome"):
        if key not in kind:
            raise ValueError(f"render_targets needs a {key!r} kind")
    nodes: list[dict] = []
    edges: list[dict] = []
    seen: set[str] = set()
    for lane in lanes:
        k = kind["indicator"]
        if lane["id"] in seen:
            raise ValueError(f"duplicate node id: {lane['id']!r}")
        seen.add(lane["id"])
        nodes.append(
            {
                "id": lane["id"],
                "label": lane["label"],
                "kind": "indicator",
                "kindLabel": k.label,
                "shape": "box",
                "color": {"background": "#f7f7e1", "border": k.color},
                "labelEn": lane.get("labelEn"),
                "aliases": lane.get("aliases", []),
                "facts": lane.get("facts", []),
                "quote": lane.get("quote"),
                "source": lane.get("source"),
                "lane": lane["id"],
                "group": lane["group"],
                "widthConstraint": {"maximum": 250},
                "font": {"size": 14},
            }
        )
        for v in lane["values"]:
            k = kind[v["role"]]
            if v["id"] in seen:
                raise ValueError(f"duplicate node id: {v['id']!r}")
            seen.add(v["id"])
            node = {
                "id": v["id"],
                "label": v["value"],
                "kind": v["role"],
                "kindLabel": f"{k.label} · {v['period']}",
                "labelEn": None,
                "lane": lane["id"],
                "group": lane["group"],
                "period": v["period"],
                "from": v["from"],
                "to": v["to"],
                "numeric": v["numeric"],
                "plot": v["plot"],
                "quote": v.get("quote"),
                "source": v.get("source"),
                "facts": [["指标 Indicator", lane["label"]], ["时期 Period", v["period"]], *v.get("facts", [])],
                "font": {"size": 11},
            }
            if v["plot"]:
                node.update(
                    shape="dot",
                    size=7,
                    borderWidth=3 if v["role"] == "target" else 1,
                    color={"background": "#ffffff" if v["role"] == "target" else k.color, "border": k.color},
                )
            else:
                node.update(
                    shape="box",
                    borderWidth=2,
                    widthConstraint={"maximum": 150},
                    color={"background": "#ffffff" if v["role"] == "target" else "#deebf7", "border": k.color},
                )
            nodes.append(node)
        # A line through each role's single-year values, in time order (one point per year).
        for role in ("target", "outcome"):
            points: dict[int, str] = {}
            for v in sorted(lane["values"], key=lambda v: (v["from"] or 0, v["id"])):
                if v["role"] == role and v["plot"] and v["from"] == v["to"]:
                    points.setdefault(v["from"], v["id"])
            ids = [points[y] for y in sorted(points)]
            edges += [
                {
                    "from": a,
                    "to": b,
                    "role": role,
                    "dashes": role == "target",
                    "width": 1.5,
                    "color": {"color": kind[role].color},
                }
                for a, b in zip(ids, ids[1:])
            ]
    edges = [{"id": f"e{i}", **e} for i, e in enumerate(edges)]
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 150, "dragNodes": False, "keyboard": True},
        "nodes": {"font": {"face": FONT_STACK, "size": 12}, "fixed": True},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": False}}, "selectionWidth": 1},
    }
    payload = {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "view": view,
        "focus": None,
        "kinds": [{"key": k.key, "label": k.label, "color": k.color, "shape": k.shape} for k in kinds],
        "lanes": [
            {
                "id": lane["id"],
                "group": lane["group"],
                "lo": lane["lo"],
                "hi": lane["hi"],
                **({"district": lane["district"]} if lane.get("district") else {}),
            }
            for lane in lanes
        ],
        "groups": groups,
        "years": list(years),
        "layout": TIMELINE,
    }
    per_kind = {k.key: sum(1 for n in nodes if n["kind"] == k.key) for k in kinds}
    per_group = {g["key"]: sum(1 for lane in lanes if lane["group"] == g["key"]) for g in groups}
    html = _network_page(
        "targets.html",
        payload,
        title=title,
        subtitle=subtitle,
        view=view,
        kinds=[(k, per_kind[k.key]) for k in kinds],
        groups=[(g, per_group[g["key"]]) for g in groups],
        districts=_district_filter(lane["district"] for lane in lanes if lane.get("district")),
    )
    return Page(
        html, {"nodes": len(nodes), "edges": len(edges), "indicators": len(lanes), "values": len(nodes) - len(lanes)}
    )


def render_notice(title: str, message: str, *, view: str) -> Page:
    """A page that says why a view is not drawn (e.g. too large); the message is escaped."""
    return Page(
        _template("notice.html").render(
            title=title, subtitle="", message=message, view=view, font_stack=_safe(FONT_STACK)
        ),
        {},
    )


def write_html(path: Path, html: str) -> None:
    """Write the page as UTF-8 with LF newlines on every platform."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)
