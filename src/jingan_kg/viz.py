"""Render the knowledge graph as one self-contained, offline, deterministic HTML page.

pyvis builds the network data and the vis-network options; the page itself comes from
the project's own Jinja template (pyvis's template pulls Bootstrap/vis from CDNs).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyvis
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network

__all__ = ["NodeKind", "VizNode", "VizEdge", "render_html", "write_html"]

TEMPLATE_DIR = Path(__file__).parent / "templates"
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'

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


@dataclass(frozen=True)
class VizEdge:
    """A directed edge between two node ids; the label is untrusted document text."""

    source: str
    target: str
    label: str = ""


def script_safe_json(obj: object) -> str:
    """Dump JSON that is safe inside a <script> element (no `</script>`, no JS line terminators)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "".join(_JSON_SCRIPT_ESCAPES.get(ch, ch) for ch in text)


@lru_cache(maxsize=1)
def _vendored_assets() -> tuple[str, str]:
    """Return pyvis's bundled vis-network JS and CSS, source-map comment stripped, checked inline-safe."""
    js = _SOURCE_MAP_RE.sub("", (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"))
    css = _SOURCE_MAP_RE.sub("", (VIS_DIR / "vis-network.css").read_text(encoding="utf-8"))
    # Inlining is only safe if the vendored text can't end its own element early.
    for name, text, closer in (("js", js, "</script"), ("css", css, "</style")):
        if closer in text.lower() or "<!--" in text:
            raise RuntimeError(f"vendored vis-network {name} cannot be inlined safely ({closer!r} or '<!--')")
    if "@import" in css or re.search(r"url\(\s*(?!['\"]?data:)", css):
        raise RuntimeError("vendored vis-network css references external resources")
    return js, css


@lru_cache(maxsize=1)
def _template():
    """Load the project's page template with HTML autoescaping on (all text in HTML is escaped)."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, keep_trailing_newline=True)
    return env.get_template("graph.html")


def _node_size(degree: int) -> float:
    """Map a node's degree to its drawn size, so hubs stand out without dwarfing everything."""
    return round(10 + 4 * math.sqrt(degree), 2)


def _build_network(nodes: list[VizNode], edges: list[VizEdge], kinds: list[NodeKind]) -> Network:
    """Validate the input and build a pyvis Network with node/edge dicts assigned in bulk."""
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
    net.options.nodes = {"font": {"face": FONT_STACK, "size": 14}}
    net.options.edges.font = {"face": FONT_STACK, "size": 10, "align": "middle", "color": "#555555"}
    return net


def render_html(
    nodes: list[VizNode], edges: list[VizEdge], kinds: list[NodeKind], *, title: str, subtitle: str = ""
) -> str:
    """Render the graph to a self-contained HTML page; same input gives byte-identical output."""
    net = _build_network(nodes, edges, kinds)
    net.heading = title
    net_nodes, net_edges, heading, _height, _width, options_json = net.get_network_data()
    payload = {
        "nodes": net_nodes,
        "edges": net_edges,
        "kinds": [{"key": k.key, "label": k.label, "color": k.color, "shape": k.shape} for k in kinds],
        "options": json.loads(options_json),
    }
    vis_js, vis_css = _vendored_assets()
    return _template().render(
        title=heading,
        subtitle=subtitle,
        kinds=kinds,
        font_stack=Markup(FONT_STACK),  # a constant; goes into <style>, where entities don't work
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        graph_json=Markup(script_safe_json(payload)),
    )


def write_html(path: Path, html: str) -> None:
    """Write the page as UTF-8 with LF newlines on every platform."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)
