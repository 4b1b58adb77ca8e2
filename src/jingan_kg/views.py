"""The HTML views: a slice of the graph read from the store, drawn by viz.render_html."""

from __future__ import annotations

from .store import GraphStore
from .viz import NodeKind, VizEdge, VizNode, render_html

RESPONSIBILITY_KINDS = [
    NodeKind("bureau", "责任部门 Responsible body", "#1f77b4", "box"),
    NodeKind("unresolved", "未识别部门 Unresolved body", "#d62728", "box"),
    NodeKind("measure", "措施 Measure", "#2ca02c", "dot"),
    NodeKind("industry", "产业 Industry", "#ff7f0e", "diamond"),
]

_MEASURES = """
SELECT ?m ?label ?ordinal ?doc ?docTitle ?ident ?section ?quote ?src ?start ?end WHERE {
  ?m a jkg:Measure ; rdfs:label ?label ; jkg:ordinal ?ordinal ; jkg:partOf ?doc ;
     prov:wasDerivedFrom ?ex .
  ?doc dcterms:title ?docTitle . FILTER(lang(?docTitle) = "zh")
  OPTIONAL { ?doc dcterms:identifier ?ident }
  OPTIONAL { ?m jkg:section ?section }
  ?ex jkg:quote ?quote ; jkg:lineStart ?start ; jkg:lineEnd ?end ; jkg:inSource/jkg:path ?src .
}"""
_BODIES = """
SELECT ?m ?o ?label ?en ?unresolved WHERE {
  ?m a jkg:Measure ; jkg:responsibleBody ?o .
  ?o skos:prefLabel ?label . FILTER(lang(?label) = "zh")
  OPTIONAL { ?o skos:prefLabel ?en . FILTER(lang(?en) = "en") }
  OPTIONAL { ?o jkg:unresolved ?unresolved }
}"""
_INDUSTRIES = """
SELECT ?m ?i ?label ?group WHERE {
  ?m a jkg:Measure ; jkg:concernsIndustry ?i .
  ?i skos:prefLabel ?label .
  OPTIONAL { ?i skos:broader/skos:prefLabel ?group }
}"""


def responsibility_view(store: GraphStore) -> str:
    """Bureau → measure → industry for every measure of every document."""
    nodes: dict[str, VizNode] = {}
    edges: list[VizEdge] = []
    for r in store.select(_MEASURES):
        doc = r["docTitle"] + (f"（{r['ident']}）" if r["ident"] else "")
        nodes[r["m"]] = VizNode(
            id=r["m"], label=f"{r['ordinal']}. {r['label']}", kind="measure",
            facts=(("文件 Document", doc), ("章节 Section", r["section"] or "")),
            quote=r["quote"], source=f"{r['src']}:{r['start']}-{r['end']}")
    for r in store.select(_BODIES):
        nodes.setdefault(r["o"], VizNode(id=r["o"], label=r["label"], label_en=r["en"],
                                         kind="unresolved" if r["unresolved"] else "bureau"))
        edges.append(VizEdge(r["o"], r["m"], "负责"))
    for r in store.select(_INDUSTRIES):
        nodes.setdefault(r["i"], VizNode(id=r["i"], label=r["label"], kind="industry",
                                         facts=(("产业组 Group", r["group"] or ""),)))
        edges.append(VizEdge(r["m"], r["i"], "涉及"))
    measures = sum(1 for n in nodes.values() if n.kind == "measure")
    return render_html(list(nodes.values()), edges, RESPONSIBILITY_KINDS,
                       title="静安区 责任部门 → 措施 → 产业 Responsibility",
                       subtitle=f"{measures} measures, {len(edges)} links")
