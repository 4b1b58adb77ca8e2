"""Render the knowledge graph as self-contained, offline, deterministic HTML pages.

Three kinds of page, all from the project's own Jinja templates (pyvis's template pulls
Bootstrap and vis from CDNs, pyvis issues 228/229):

- `render_html`: an interactive network; pyvis builds the node/edge data and the
  vis-network options, and vis-network (pyvis's bundled copy) is inlined. Laid out by
  physics, or, given `columns`, on fixed positions computed here: columns of boxes left to
  right, ordered so that links cross little (`Column`, `COLUMNS`).
- `render_targets`: a timeline of indicators, one lane per indicator with its targets and
  outcomes placed by year and value (a small chart per lane), drawn with vis-network on a
  fixed layout so the page works like the others (search, tooltips, filters).
- `render_notice`: a page that only says why a view was not drawn.

Every document-derived string reaches the page either HTML-escaped by Jinja or inside a
JSON block escaped for <script>, and the page's script only ever puts it into the DOM as
text (textContent, setAttribute), never as markup. pyvis and jinja2 are imported lazily so
that importing this module stays cheap.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ..config import resource

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

# Characters that could end a <script> block or break JS parsing, as JSON \u escapes.
_JSON_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SOURCE_MAP_RE = re.compile(r"^\s*(//[#@]\s*sourceMappingURL=.*|/\*[#@]\s*sourceMappingURL=.*?\*/)\s*$", re.M)


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


@dataclass(frozen=True)
class Column:
    """One column of a fixed layout (`render_html(columns=...)`): its title and its node ids.

    A `fixed` column keeps the order of `ids` top to bottom, in sections: `headings` maps the
    first id of a section to the heading drawn above it. A free column is ordered by the mean
    height of each node's neighbours in the columns placed before it (a barycentre pass, so
    that links cross little; the order of `ids` breaks ties), and each node is drawn as near
    that height as the nodes around it allow. A label wider than `em` font sizes is shortened
    on the canvas (the card keeps it whole).
    """

    title: str
    ids: tuple[str, ...]
    fixed: bool = False
    headings: tuple[tuple[str, str], ...] = ()
    em: float = 16.0


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
    return "".join(_JSON_SCRIPT_ESCAPES.get(ch, ch) for ch in text)


def _vis_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).parent / "lib" / VIS_VERSION


@lru_cache(maxsize=1)
def _vendored_assets() -> tuple[str, str]:
    """Return pyvis's bundled vis-network JS and CSS, source-map comment stripped, checked inline-safe."""
    vis_dir = _vis_dir()
    js = _SOURCE_MAP_RE.sub("", (vis_dir / "vis-network.min.js").read_text(encoding="utf-8"))
    css = _SOURCE_MAP_RE.sub("", (vis_dir / "vis-network.css").read_text(encoding="utf-8"))
    # Inlining is only safe if the vendored text can't end its own element early.
    for name, text, closer in (("js", js, "</script"), ("css", css, "</style")):
        if closer in text.lower() or "<!--" in text:
            raise RuntimeError(f"vendored vis-network {name} cannot be inlined safely ({closer!r} or '<!--')")
    if "@import" in css or re.search(r"url\(\s*(?!['\"]?data:)", css):
        raise RuntimeError("vendored vis-network css references external resources")
    return js, css


@cache
def _template(name: str):
    """Load one of the project's page templates with HTML autoescaping on (all text in HTML is escaped)."""
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, keep_trailing_newline=True)
    return env.get_template(name)


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


def _build_network(nodes: list[VizNode], edges: list[VizEdge], kinds: list[NodeKind]):
    """Validate the input and build a pyvis Network with node/edge dicts assigned in bulk."""
    from pyvis.network import Network

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

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = [
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
    net.node_ids = [d["id"] for d in net.nodes]
    net.node_map = {d["id"]: d for d in net.nodes}
    net.edges = [
        {"id": f"e{i}", "from": e.source, "to": e.target, "label": e.label, "arrows": "to"}
        for i, e in enumerate(sorted(edges, key=lambda e: (e.source, e.target, e.label)))
    ]

    # Physics: barnesHut that stabilises off-screen, then the page switches physics off.
    net.barnes_hut(gravity=-8000, central_gravity=0.3, spring_length=160, spring_strength=0.02, damping=0.3)
    net.toggle_stabilization(True)
    net.options.physics.stabilization.iterations = 400
    net.set_edge_smooth("continuous")  # pyvis defaults to "dynamic", which adds a physics node per edge
    net.options.interaction.hover = True
    net.options.interaction.tooltipDelay = 150
    net.options.layout = {"randomSeed": 7, "improvedLayout": len(nodes) <= 150}  # same layout each load
    net.options.nodes = {"font": {"face": FONT_STACK, "size": 14}, "widthConstraint": {"maximum": 240}}
    net.options.edges.font = {"face": FONT_STACK, "size": 10, "align": "middle", "color": "#555555"}
    return net


# --- columns: a fixed layout, left to right ------------------------------------------------------

# The columns layout, in network units (drawn at scale 1 they are CSS px).
COLUMNS = {
    "font": 14,  # the label size of every node
    "margin": 4,  # a box's padding around its label
    "radius": 3,  # a box's corner radius (vis-network's bounding box of a box grows by it)
    "gap": 8,  # between two boxes of a column
    "columnGap": 130,  # between two columns, for the links
    "titleSize": 15,  # the column titles, in a band above the columns
    "titleHeight": 34,
    "headingSize": 12,  # a section's heading (one line, or more split by "\n"), above its first node
    "headingLine": 16,
    "headingPad": 8,
    "sectionGap": 14,  # before every section but the first
    "readable": 13,  # the smallest label size (CSS px) the first view shows, unless the columns are too wide
    "dim": 0.15,  # the opacity of what a highlighted node is not linked to
}

_NARROW = frozenset(" il.,:;|!'`()[]{}")
_WIDE = frozenset("MWmw@%")


def _em(ch: str) -> float:
    """A character's width in font sizes, estimated on the safe side for the CJK sans fonts of FONT_STACK."""
    if unicodedata.east_asian_width(ch) in "WFA":
        return 1.0
    if ch in _NARROW:
        return 0.34
    if ch in _WIDE:
        return 0.92
    return 0.7 if ch.isupper() else 0.58


def text_width(text: str, size: float) -> float:
    """The estimated drawn width of one line of `text` at font size `size` (at least the real width)."""
    return size * sum(_em(ch) for ch in text)


def shorten(text: str, size: float, width: float) -> str:
    """`text` if it fits in `width`, else as many of its first characters as fit with "…" after them."""
    if text_width(text, size) <= width:
        return text
    kept, used, room = [], 0.0, width - text_width("…", size)
    for ch in text:
        used += size * _em(ch)
        if used > room:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


def _mix(color: str, t: float) -> str:
    """`color` (#rrggbb) mixed with white: t = 0 is the colour, 1 is white."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * t):02x}" for c in rgb)


def _median(values: list[float]) -> float:
    """The median of sorted `values` (the mean of the middle two when their number is even)."""
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _stack(ids: Sequence[str], height: dict[str, float], top: float, headings: dict[str, str]):
    """A fixed column's centres top to bottom from `top`, a heading above each section: (ys, [(y, heading)])."""
    c = COLUMNS
    ys: dict[str, float] = {}
    drawn: list[tuple[float, str]] = []
    y = top
    for i, n in enumerate(ids):
        if n in headings:
            y += c["sectionGap"] if i else 0
            for line in headings[n].split("\n"):
                drawn.append((y + c["headingLine"] / 2, line))
                y += c["headingLine"]
            y += c["headingPad"]
        ys[n] = y + height[n] / 2
        y += height[n] + c["gap"]
    return ys, drawn


def _spread(ids: Sequence[str], wanted: dict[str, float], height: dict[str, float], top: float) -> dict[str, float]:
    """Centres as near `wanted` as the order of `ids` and the gaps allow, none above `top`.

    Least squares under the order and gap constraints, by pooling adjacent violators: a run of
    nodes that would overlap moves as one block, centred on the mean of what its nodes want.
    """
    gap = COLUMNS["gap"]
    blocks: list[tuple[list[str], list[float], float]] = []  # (nodes, offsets from the first, first's centre)
    for n in ids:
        members, offsets, at = [n], [0.0], wanted[n]
        while blocks:
            prev, prev_offsets, prev_at = blocks[-1]
            step = prev_offsets[-1] + (height[prev[-1]] + height[members[0]]) / 2 + gap
            if prev_at + step <= at:
                break
            blocks.pop()
            members, offsets = prev + members, prev_offsets + [o + step for o in offsets]
            at = sum(wanted[m] - o for m, o in zip(members, offsets)) / len(members)
        blocks.append((members, offsets, at))
    ys: dict[str, float] = {}
    floor = top
    for members, offsets, at in blocks:
        at = max(at, floor + height[members[0]] / 2)
        for m, o in zip(members, offsets):
            ys[m] = at + o
        floor = ys[members[-1]] + height[members[-1]] / 2 + gap
    return ys


def _place_columns(nodes: list[dict], edges: list[dict], columns: Sequence[Column]) -> dict:
    """Give every node dict a fixed position (x, y; yEn with English names on) and box styling in
    its column; returns the page's `layout` (column titles, section headings, bounds per mode)."""
    c = COLUMNS
    by_id = {n["id"]: n for n in nodes}
    column_of: dict[str, int] = {}
    for i, col in enumerate(columns):
        for n in col.ids:
            if n not in by_id:
                raise ValueError(f"column {col.title!r} lists {n!r}, which is not a node")
            if n in column_of:
                raise ValueError(f"node {n!r} is in two columns")
            column_of[n] = i
    if missing := sorted(set(by_id) - set(column_of)):
        raise ValueError(f"node {missing[0]!r} is in no column")
    if not any(col.fixed for col in columns):
        raise ValueError("a columns layout needs a fixed column to start from")
    neighbours: dict[str, list[str]] = {n: [] for n in by_id}
    for e in edges:
        neighbours[e["from"]].append(e["to"])
        neighbours[e["to"]].append(e["from"])

    font, pad = c["font"], c["margin"]
    widths, lefts, left = [], [], 0.0
    for col in columns:
        inner = max([text_width(by_id[n]["label"], font) for n in col.ids] or [font])
        widths.append(math.ceil(min(inner, col.em * font)))
        lefts.append(left)
        left += widths[-1] + 2 * pad + c["columnGap"]
    right = lefts[-1] + widths[-1] + 2 * pad

    # The order of the free columns, nearest the fixed ones first, from Chinese-label heights.
    order = [list(col.ids) for col in columns]
    placed = {i for i, col in enumerate(columns) if col.fixed}
    free = sorted(
        (i for i in range(len(columns)) if i not in placed), key=lambda i: (min(abs(i - j) for j in placed), i)
    )

    def place(lines: dict[str, int], sort: bool) -> tuple[dict[str, float], list[tuple[int, float, str]]]:
        height = {n: lines[n] * font + 2 * pad for n in by_id}
        top = c["titleHeight"]
        ys: dict[str, float] = {}
        heads: list[tuple[int, float, str]] = []
        for i in sorted(placed):
            got, drawn = _stack(order[i], height, top, dict(columns[i].headings))
            ys.update(got)
            heads += [(i, y, text) for y, text in drawn]
        done = set(placed)
        for i in free:
            bottom = max(ys.values()) if ys else top
            wanted = {}
            for n in order[i]:
                near = sorted(ys[m] for m in neighbours[n] if column_of[m] in done)
                wanted[n] = _median(near) if near else bottom
            if sort:  # order the column once (in the first mode), by where its nodes want to be
                rank = {n: k for k, n in enumerate(order[i])}
                order[i].sort(key=lambda n: (wanted[n], rank[n]))
            ys.update(_spread(order[i], wanted, height, top))
            done.add(i)
        return ys, heads

    zh = dict.fromkeys(by_id, 1)
    en = {n: 2 if by_id[n].get("labelEn") else 1 for n in by_id}
    modes = {}
    for name, lines in (("zh", zh), ("en", en)):
        ys, heads = place(lines, sort=name == "zh")
        for n, y in ys.items():
            by_id[n]["y" if name == "zh" else "yEn"] = round(y, 1)
        bottom = max([ys[n] + (lines[n] * font + 2 * pad) / 2 for n in ys] + [c["titleHeight"]])
        modes[name] = {
            "headings": [
                {
                    "x": lefts[i],
                    "y": round(y, 1),
                    # over the box and into the gap after it (where the links start lower down)
                    "text": shorten(text, c["headingSize"], widths[i] + 2 * pad + 0.6 * c["columnGap"]),
                    "size": c["headingSize"],
                    "align": "left",
                    "bold": False,
                }
                for i, y, text in heads
            ],
            "bounds": {"left": 0, "right": round(right, 1), "top": 0, "bottom": round(bottom, 1)},
        }
    for i, col in enumerate(columns):
        for n in col.ids:
            node, inner = by_id[n], widths[i]
            node["x"] = round(lefts[i] + inner / 2 + pad, 1)
            node["column"] = i
            short = shorten(node["label"], font, inner)
            if short != node["label"]:
                node["short"] = short
            if node.get("labelEn"):
                short_en = shorten(node["labelEn"], font, inner)
                if short_en != node["labelEn"]:
                    node["shortEn"] = short_en
            color = node["color"]
            node.update(
                shape="box",
                margin=pad,
                borderWidth=1.5,
                shapeProperties={"borderRadius": c["radius"]},
                # the box's width is fixed; its label never wraps (it was shortened to fit)
                widthConstraint={"minimum": inner, "maximum": 2 * inner},
                font={"size": font, "align": "left", "color": "#222222"},
                color={
                    "background": _mix(color, 0.85),
                    "border": color,
                    "highlight": {"background": _mix(color, 0.6), "border": color},
                    "hover": {"background": _mix(color, 0.72), "border": color},
                },
            )
    for e in edges:
        color = by_id[e["from"]]["color"]["border"]
        e["color"] = {"color": color, "highlight": color, "hover": color, "opacity": 0.45, "inherit": False}
        e.pop("arrows", None)
    titles = [
        {
            "x": round(lefts[i] + widths[i] / 2 + pad, 1),
            "y": c["titleHeight"] / 2 - 4,
            "text": shorten(col.title, c["titleSize"], widths[i] + 2 * pad + c["columnGap"] * 0.8),
            "size": c["titleSize"],
            "align": "center",
            "bold": True,
        }
        for i, col in enumerate(columns)
    ]
    return {"titles": titles, **modes, "font": font, "readable": c["readable"], "dim": c["dim"]}


def _columns_options(options: dict) -> dict:
    """vis-network options for a fixed layout: no physics, links as horizontal curves, the wheel scrolls."""
    options = dict(options)
    options["physics"] = {"enabled": False}
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    options["interaction"] = {**options["interaction"], "dragNodes": False, "zoomView": False}
    options["edges"] = {
        **options["edges"],
        "smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.5},
        "arrows": {"to": {"enabled": False}},  # the columns give the direction, left to right
        "selectionWidth": 1.5,
    }
    return options


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
    net = _build_network(nodes, edges, kinds)
    if focus is not None and focus not in net.node_map:
        raise ValueError(f"focus {focus!r} is not a node")
    net.heading = title
    net_nodes, net_edges, heading, _height, _width, options_json = net.get_network_data()
    options = json.loads(options_json)
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
        title=heading,
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
