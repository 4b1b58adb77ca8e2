"""An entity's answer in a query worker ({"op": "describe"}, web/workers.py): its concise bounded
description (its triples both ways, and those of the excerpts it was read from) serialised by
pyoxigraph, or the card its HTML page shows, or, for an IRI not in the graph, the nearest ones.

The IRIs asked come from web/linked.py, already checked to be IRIs; they reach the store only as
pyoxigraph terms (quads_for_pattern) or bound values, never spliced into a query. Of the nodes
around the entity it reads what a `views.cards.Info` is made of (`nodes_of`); web/linked.py
builds the Info and names each node as the views do ("社会消费品零售总额 2022：1600亿元", "措施
Measure"), so the kinds' registry loads once in the server, not in each fresh worker.

Standard library at the top (workers import this module when the first such request comes).
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from ..errors import JinganKgError
from ..graph import vocab as V

JSON_TYPE = "application/json; charset=utf-8"
INCOMING_SHOWN = 200  # relations pointing at the entity that its card lists (the RDF holds all)
NEAREST = 8  # IRIs offered for one that is not in the graph
_LABELS = (V.prefLabel, V.altLabel, V.hiddenLabel, V.label, V.title)
# What names a node around an entity (views/cards.py `Info.display`): its labels, and the literals
# a target's, measure's or appointment's composed name is made of.
_NAMES = (V.prefLabel, V.label, V.title)
_NAMING_PROPS = " ".join(
    f"<{p}>" for p in (*_NAMES, V.ordinal, V.period, V.value, V.unit, V.action, V.postTitle, V.unresolved)
)
_NAMING = (
    "SELECT ?n ?p ?v (lang(?v) AS ?lang) WHERE { {values}\n  VALUES ?p { "
    + _NAMING_PROPS
    + " } ?n ?p ?v . FILTER(isLiteral(?v)) }"
)
_TYPES = """SELECT ?n ?t WHERE { {values} ?n a ?t }"""
_INDICATOR = """SELECT ?n ?label WHERE { {values}
  ?n jkg:indicator ?i . ?i skos:prefLabel ?label FILTER(lang(?label) = "zh") }"""
# the IRIs of one kind (bounded: a typo is looked for among at most this many)
_OF_KIND = """SELECT DISTINCT ?s WHERE { ?s a ?type FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?prefix)) } LIMIT 20000"""
_HASHLIKE = re.compile(r"[0-9a-f]{6,}|\d+")


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def answer_in_worker(store, open_index, req: dict) -> tuple[int, str, bytes]:
    """The worker's answer to {"op": "describe", "candidates": [[iri, media or None], …],
    "max_rows": n}: the first candidate the graph holds, answered as `media` (an RDF media type:
    {"iri", "media", "body"}; "text/html": {"iri", "card"}; None: {"iri"}, nothing acceptable), or,
    when none is in the graph, 404 and {"missing", "nearest"}. `store` is the worker's
    pyoxigraph store, `open_index()` the search index of the same generation."""
    import pyoxigraph as ox

    for iri, media in req["candidates"]:
        node = ox.NamedNode(iri)
        if not _exists(store, node):
            continue
        if media is None:
            return 200, JSON_TYPE, _dumps({"iri": iri})
        if media == "text/html":
            return 200, JSON_TYPE, _dumps({"iri": iri, "card": card(store, node)})
        triples = description(store, node)
        limit = int(req.get("max_rows") or 0)
        if limit and len(triples) > limit:
            message = (
                f"The description of <{iri}> has {len(triples)} triples, more than this server's limit of "
                f"{limit} (--max-rows). Ask /sparql for it in parts: CONSTRUCT … LIMIT and OFFSET."
            )
            return 413, JSON_TYPE, _dumps({"iri": iri, "error": message})
        body = serialise(triples, media)
        return 200, JSON_TYPE, _dumps({"iri": iri, "media": media, "body": body.decode("utf-8")})
    asked = req["candidates"][0][0]
    return 404, JSON_TYPE, _dumps({"missing": asked, "nearest": nearest(store, open_index, asked)})


def _exists(store, node) -> bool:
    import pyoxigraph as ox

    graph = ox.DefaultGraph()
    return any(True for _ in store.quads_for_pattern(node, None, None, graph)) or any(
        True for _ in store.quads_for_pattern(None, None, node, graph)
    )


def description(store, node) -> list:
    """The node's concise bounded description, symmetric: every triple of the default graph with
    the node as subject or object, the triples of each excerpt it was derived from, and those of
    the blank nodes these reach (none today); sorted, so the same graph gives the same bytes."""
    import pyoxigraph as ox

    graph = ox.DefaultGraph()
    found: set = set()
    todo = [node]
    done: set = set()
    for q in store.quads_for_pattern(None, None, node, graph):
        found.add(ox.Triple(q.subject, q.predicate, q.object))
    while todo:
        subject = todo.pop()
        if str(subject) in done:
            continue
        done.add(str(subject))
        for q in store.quads_for_pattern(subject, None, None, graph):
            found.add(ox.Triple(q.subject, q.predicate, q.object))
            if isinstance(q.object, ox.BlankNode) or (subject == node and q.predicate.value == V.wasDerivedFrom):
                todo.append(q.object)
    return sorted(found, key=str)


def serialise(triples: list, media: str) -> bytes:
    """The triples in the RDF format of `media` (a key of negotiation.GRAPH_TYPES), by pyoxigraph,
    with the prefixes of the vocabularies they use; jkr: nodes are written as full IRIs (a
    prefixed name would escape each '/' of their paths)."""
    import pyoxigraph as ox

    from .negotiation import GRAPH_TYPES, xml_safe

    fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
    used = {t.predicate.value for t in triples} | {t.object.value for t in triples if t.predicate.value == V.type_}
    used |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    prefixes = {p: ns for p, ns in V.PREFIXES.items() if p != "jkr" and any(i.startswith(ns) for i in used)}
    body = ox.serialize(triples, format=fmt, prefixes=prefixes)
    return xml_safe(body) if fmt == ox.RdfFormat.RDF_XML else body


def _excerpt(store, ex) -> dict | None:
    """An excerpt node's source path (and IRI), lines and quote; None when it is not one."""
    import pyoxigraph as ox

    graph = ox.DefaultGraph()
    values: dict[str, Any] = {}
    for q in store.quads_for_pattern(ex, None, None, graph):
        values.setdefault(q.predicate.value, q.object)
    source = values.get(V.inSource)
    if V.quote not in values or source is None:
        return None
    path = next((q.object.value for q in store.quads_for_pattern(source, ox.NamedNode(V.path), None, graph)), None)
    return {
        "iri": ex.value,
        "source": path or source.value.rsplit("/", 1)[-1],
        "source_iri": source.value,
        "line_start": int(values[V.lineStart].value) if V.lineStart in values else None,
        "line_end": int(values[V.lineEnd].value) if V.lineEnd in values else None,
        "quote": values[V.quote].value,
    }


def card(store, node) -> dict:
    """What the entity's HTML page shows: its names, types, districts, literal values, relations
    out and in (the first INCOMING_SHOWN of those, by predicate and IRI), its quotes, and in
    `nodes` what names each node around it (`nodes_of`), which web/linked.py words as the views do."""
    import pyoxigraph as ox

    from ..query.districts import districts, districts_of
    from ..store.embedded import GraphStore

    graph = ox.DefaultGraph()
    out = sorted(store.quads_for_pattern(node, None, None, graph), key=str)
    incoming = [q for q in store.quads_for_pattern(None, None, node, graph) if isinstance(q.subject, ox.NamedNode)]
    shown = sorted(incoming, key=lambda q: (q.predicate.value, q.subject.value))[:INCOMING_SHOWN]
    names, literals, relations = [], [], []
    for q in out:
        p, o = q.predicate.value, q.object
        if isinstance(o, ox.Literal):
            value = {"p": p, "value": o.value, "lang": o.language, "datatype": _datatype(o)}
            (names if p in _LABELS else literals).append(value)
        elif p not in (V.type_, V.wasDerivedFrom):
            relations.append({"p": p, "iri": o.value if isinstance(o, ox.NamedNode) else None, "blank": str(o)})
    pointing = [{"p": q.predicate.value, "iri": q.subject.value} for q in shown]
    derived = [q.object for q in out if q.predicate.value == V.wasDerivedFrom and isinstance(q.object, ox.NamedNode)]
    excerpts = [x for x in (_excerpt(store, ex) for ex in derived) if x]
    excerpts.sort(key=lambda x: (x["source"], x["line_start"] or 0, x["line_end"] or 0, x["quote"]))
    types = sorted(q.object.value for q in out if q.predicate.value == V.type_)
    mine = _excerpt(store, node) if V.Excerpt in types else None
    gs = GraphStore(store)
    labels = {d: x.label for d, x in districts(gs).items()}
    return {
        "iri": node.value,
        "types": types,
        "districts": sorted(labels[d] for d in districts_of(gs, [node.value]).get(node.value, ()) if d in labels),
        "names": sorted(names, key=lambda n: (n["p"], n["lang"] or "", n["value"])),
        "literals": sorted(literals, key=lambda n: (n["p"], n["value"])),
        "outgoing": relations,
        "incoming": pointing,
        "incoming_total": len(incoming),
        "excerpts": excerpts,
        "where": _where(mine) if mine else None,  # an excerpt is named by its file and lines
        "nodes": nodes_of(gs, {node.value} | {r["iri"] for r in relations + pointing if r["iri"]}),
    }


def _where(excerpt: dict) -> str:
    start, end = excerpt["line_start"], excerpt["line_end"]
    return f"{excerpt['source']}:{start}" + (f"-{end}" if end not in (None, start) else "")


def nodes_of(graph, iris: set[str]) -> dict[str, dict]:
    """What names each node: its labels (zh, en), types, the literals a composed name is made of
    and, for a target or outcome, its indicator's name: the fields of a `views.cards.Info`, which
    the web side builds from them for its `kind` and `display()` (so that the kinds' registry
    loads once in the server, not in every fresh worker)."""
    ordered = sorted(iris)
    nodes = {i: {"iri": i, "label": None, "label_en": None, "types": [], "literals": {}, "linked": {}} for i in ordered}
    for r in graph.select_each(_NAMING, "n", ordered):
        n, p, v = nodes[r["n"]], r["p"], r["v"]
        if p in _NAMES and r["lang"] in ("zh", ""):
            n["label"] = min(n["label"], v) if n["label"] else v
        elif p in _NAMES and r["lang"] == "en":
            n["label_en"] = min(n["label_en"], v) if n["label_en"] else v
        elif p not in _NAMES:
            n["literals"].setdefault(p, []).append(v)
    for r in graph.select_each(_TYPES, "n", ordered):
        nodes[r["n"]]["types"].append(r["t"])
    for r in graph.select_each(_INDICATOR, "n", ordered):
        nodes[r["n"]]["linked"].setdefault(V.indicator, []).append(r["label"])
    for n in nodes.values():
        n["types"].sort()
        for values in (*n["literals"].values(), *n["linked"].values()):
            values.sort(key=str)
    return nodes


def _datatype(literal) -> str | None:
    dt = literal.datatype.value
    return None if literal.language or dt == V.XSD + "string" else dt


def nearest(store, open_index, iri: str) -> list[dict]:
    """IRIs of the graph near one it does not hold, each {iri, label}, at most NEAREST: first the
    IRIs of its kind (jkr:org/…) whose paths are closest to its path (a mistyped letter, a wrong
    number), then the names nearest to the words of its path (pinyin, English, Chinese)."""
    import difflib

    from ..store.base import bind
    from ..store.embedded import GraphStore

    graph = GraphStore(store)
    path = iri[len(V.JKR) :]
    kind = path.split("/", 1)[0]
    rows = graph.select(bind(_OF_KIND, {"prefix": V.JKR + kind + "/"})) if "/" in path else []
    paths = sorted(r["s"][len(V.JKR) :] for r in rows)
    near = [V.JKR + p for p in difflib.get_close_matches(path, paths, n=NEAREST // 2, cutoff=0.6)]
    words = [w for w in re.split(r"[/\-_.~%]+", path) if w and not _HASHLIKE.fullmatch(w)]
    if words[1:]:
        words = words[1:]  # the kind (org, measure …) is no word of the name
    named: list[str] = []
    try:
        index = open_index()
        for candidate in index.closest(" ".join(words)) if words else []:
            name = candidate.split(" (", 1)[0]
            named += [h.iri for h in index.search(name, limit=10) if h.label == name][:1]
    except (JinganKgError, sqlite3.Error):  # the names are a convenience: the 404 is answered either way
        pass
    unique = list(dict.fromkeys(near + named))[:NEAREST]
    nodes = nodes_of(graph, set(unique))
    return [nodes[i] for i in unique]
