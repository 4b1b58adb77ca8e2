"""The bodies–measures–industries–projects network as GraphML, for Gephi, yEd, Cytoscape and
networkx.

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
Mapper maps `label` to the label text (no yEd graphics, y:ShapeNode).

Written in one pass, as text (decision 0024): the bytes networkx's writer gave once its keys were
renamed and the tree indented by ElementTree — keys sorted by id, a node's edges grouped by target
in the order of the sorted triples (a networkx MultiDiGraph's order), text escaped as ElementTree
escapes it, line ends as an XML parser reads them.
"""

from __future__ import annotations

import re

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
_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    f'<graphml xmlns="{_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{_NS} {_NS}/1.0/graphml.xsd">\n'
)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # outside XML 1.0's Char


def network(nodes, kinds: tuple) -> tuple[list[tuple[str, dict[str, str]]], list[tuple[str, str, dict[str, str]]]]:
    """The network (module docstring) of a `graph.exports.Nodes`: its nodes (IRI, data) in IRI
    order and its edges (source IRI, target IRI, data), a source's edges grouped by target."""
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
    kind = _kinds(kinds)
    out_nodes = []
    for n in sorted(kept):
        data = {"label": nodes.label(n) or n}
        if english := nodes.labels(n, "en"):
            data["label_en"] = english[0]
        data["kind"] = kind(nodes, n)
        data["iri"] = n
        out_nodes.append((n, data))
    relation: dict[str, dict[str, str]] = {}
    targets: dict[str, dict[str, list[str]]] = {}  # source -> target -> predicates, each in first-seen order
    for s, p, o in triples:
        if s in kept and o in kept:
            targets.setdefault(s, {}).setdefault(o, []).append(p)
            if p not in relation:
                data = relation[p] = {"relation": V.prefixed(p), "label": next(iter(nodes.labels(p)), V.prefixed(p))}
                if english := nodes.labels(p, "en"):
                    data["label_en"] = english[0]
    edges = [(s, o, relation[p]) for s, _ in out_nodes for o, ps in targets.get(s, {}).items() for p in ps]
    return out_nodes, edges


def graphml(nodes, kinds: tuple) -> bytes:
    """The network as GraphML bytes (UTF-8), the same for the same graph; `kinds`: the registry
    (passed in by the pipeline: the graph stage comes before the kinds)."""
    out_nodes, edges = network(nodes, kinds)
    keys = sorted(
        {f"node_{k}": k for _, data in out_nodes for k in data}.items()
        | {f"edge_{k}": k for _, _, data in edges for k in data}.items()
    )
    parts = [_HEAD]
    parts += [f'  <key id="{i}" for="{i[:4]}" attr.name="{name}" attr.type="string" />\n' for i, name in keys]
    if not out_nodes:
        return "".join([*parts, '  <graph edgedefault="directed" />\n</graphml>\n']).encode("utf-8")
    parts.append('  <graph edgedefault="directed">\n')
    ids = {}
    for i, (n, data) in enumerate(out_nodes):
        ids[n] = f"n{i}"
        parts.append(f'    <node id="n{i}">\n')
        parts += [_data("node_", k, v) for k, v in data.items()]
        parts.append("    </node>\n")
    for i, (s, o, data) in enumerate(edges):
        parts.append(f'    <edge source="{ids[s]}" target="{ids[o]}" id="e{i}">\n')
        parts += [_data("edge_", k, v) for k, v in data.items()]
        parts.append("    </edge>\n")
    parts.append("  </graph>\n</graphml>\n")
    text = "".join(parts)
    if bad := _NOT_XML.search(text):
        raise ValueError(f"GraphML cannot hold the character {bad.group()!r} (not an XML 1.0 character)")
    return text.encode("utf-8")


def _data(scope: str, key: str, value: str) -> str:
    """One data element, its text escaped as ElementTree writes it and with the line ends an XML
    parser reads (CR LF and CR as LF); empty, a self-closed element."""
    if not value:
        return f'      <data key="{scope}{key}" />\n'
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return f'      <data key="{scope}{key}">{value}</data>\n'


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
