"""The bodies–measures–industries–projects network as GraphML (written by networkx), for Gephi,
yEd, Cytoscape and networkx itself.

Nodes: every node of CORE (measures, industries, projects, areas, street parts) and every node of
LINKED (organisations, concepts such as project categories) that one of RELATIONS joins to a CORE
node; edges: every RELATIONS triple between two of these nodes, in the triple's direction (a
measure → its responsible body). Node data: `label` (the Chinese name), `label_en` where there
is one, `kind` (the views' legend key, kinds/*.py `styles`), `iri`; edge data: `relation` (the
property's prefixed name), `label` and `label_en` (the ontology's names of the property).

Ids are n0, n1 … and e0, e1 … in IRI order (an IRI is not an XML name, which GraphML ids are);
key ids are named by scope and attribute (`node_label`) instead of networkx's d0, d1 …, because
Gephi reads a node key d3 and an edge key d7 as the label whatever their names (yEd's defaults).
Gephi shows `label` as the label. yEd reads the data as custom properties: Edit → Properties
Mapper maps `label` to the label text (networkx writes no yEd graphics, y:ShapeNode).
"""

from __future__ import annotations

from . import vocab as V

CORE = (V.Measure, V.Industry, V.Project, V.Area, V.StreetPart)
LINKED = (V.Organization, V.Concept)
RELATIONS = (
    V.responsibleBody,
    V.leadBody,
    V.concernsIndustry,
    V.broader,
    V.isReplacedBy,
    V.category,
    V.locatedIn,
    V.inArea,
    V.containsStreet,
    V.partOfStreet,
    V.forArea,
)
_NS = "http://graphml.graphdrawing.org/xmlns"


def network(nodes, kinds: tuple):
    """The network (module docstring) of a `graph.exports.Nodes` as a networkx MultiDiGraph keyed by IRI."""
    import networkx as nx

    from .exports import Iri

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
    kind = _kinds(kinds)
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
    return g


def graphml(nodes, kinds: tuple) -> bytes:
    """The network as GraphML bytes (UTF-8), the same for the same graph; `kinds`: the registry
    (passed in by the pipeline: the graph stage comes before the kinds)."""
    import networkx as nx

    g = network(nodes, kinds)
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    out = nx.MultiDiGraph()
    out.add_nodes_from((ids[n], data) for n, data in g.nodes(data=True))
    out.add_edges_from((ids[s], ids[o], f"e{i}", data) for i, (s, o, data) in enumerate(g.edges(data=True)))
    return _named_keys("\n".join(nx.generate_graphml(out, prettyprint=False)))


def _named_keys(xml: str) -> bytes:
    """networkx's GraphML with its key ids d0, d1 … renamed `node_label`, `edge_relation` …, indented."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml)
    renamed = {}
    for key in root.iter(f"{{{_NS}}}key"):
        renamed[key.get("id")] = f"{key.get('for')}_{key.get('attr.name')}"
        key.set("id", renamed[key.get("id")])
    for data in root.iter(f"{{{_NS}}}data"):
        data.set("key", renamed[data.get("key")])
    keys = sorted(root.findall(f"{{{_NS}}}key"), key=lambda k: k.get("id"))
    for key in keys:
        root.remove(key)
    for i, key in enumerate(keys):
        root.insert(i, key)
    ET.indent(root)
    ET.register_namespace("", _NS)  # GraphML's elements unprefixed, as networkx writes them
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _kinds(kinds: tuple):
    """A node's kind: the key of the registry style of its most specific class (views/cards.py reads
    them the same way), "unresolved" for a body no curated row knows, else "other"."""
    styles = sorted((s for k in kinds for s in k.styles if s.cls), key=lambda s: -s.precedence)

    def kind(nodes, node: str) -> str:
        types = nodes.types(node)
        for style in styles:
            if style.cls in types:
                unresolved = any(str(v).lower() in ("true", "1") for v in nodes.objects(node, V.unresolved))
                return "unresolved" if style.key == "body" and unresolved else style.key
        return "other"

    return kind
