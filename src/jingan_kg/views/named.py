"""The HTML views: a slice of the graph read from the store, drawn by views.html.

Each view is a function from the store to a page (`views.html.Page`, a str of HTML with its node
and edge counts):

- `responsibility`: bureau → measure → industry for every measure, in three columns on fixed
  positions (measures by document and number, the others beside the measures they link to);
- `projects`: the major projects → category, → street → area, and the body managing the area;
- `industries`: the industry systems as skos:broader trees, with their measures and tax outcomes;
- `targets`: every indicator's targets and outcomes over the years, one timeline lane each;
- `ego_view(store, index, focus, depth)`: the neighbourhood of one entity, walked in the store.

`VIEWS` and `VIEW_FILES` register the named views (build writes them all). A view of more
than `MAX_NODES` nodes is not drawn: `ViewTooLarge` says so and suggests `--focus`.
Every node of every view carries its key facts and the excerpt it was read from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable

from ..errors import Ambiguous, NoMatch, ViewTooLarge
from ..graph import vocab as V
from ..query.districts import District, districts, within
from ..store.base import Store as GraphStore
from ..store.base import iri
from . import timeline
from .cards import describe, kinds_of, palette
from .html import Column, NodeKind, Page, VizEdge, VizNode, render_html, render_targets

# More nodes than this and a force layout is a hairball that takes long to settle.
MAX_NODES = 1500


def _guard(view: str, iris: Iterable[str], hint: str | None = None) -> None:
    """Refuse a too-large view before describing its nodes (that is where the time goes)."""
    count = len(set(iris))
    if count > MAX_NODES:
        raise ViewTooLarge(view, count, MAX_NODES, hint)


def _render(
    view: str,
    nodes: list[VizNode],
    edges: Iterable[VizEdge],
    *,
    title: str,
    subtitle: str,
    labels: dict[str, str] | None = None,
    focus: str | None = None,
    hint: str | None = None,
    columns: list[Column] | None = None,
) -> Page:
    """Check the size, build the legend from the kinds used, and render the network page."""
    if len(nodes) > MAX_NODES:
        raise ViewTooLarge(view, len(nodes), MAX_NODES, hint)
    edges = sorted(set(edges), key=lambda e: (e.source, e.target, e.label))
    return render_html(
        nodes,
        edges,
        kinds_of((n.kind for n in nodes), labels),
        title=title,
        subtitle=subtitle,
        view=view,
        focus=focus,
        columns=columns,
    )


def _pairs(store: GraphStore, sparql: str) -> list[tuple[str, str]]:
    return sorted({(r["a"], r["b"]) for r in store.select(sparql)})


_DOCUMENT_DISTRICTS = """SELECT DISTINCT ?label WHERE { ?doc a jkg:Document ; jkg:district/skos:prefLabel ?label
  FILTER(lang(?label) = "zh") }"""


def _place(store: GraphStore, district: District | None) -> str:
    """Whose view it is, for its title: the district asked, the graph's one district, or the list."""
    if district is not None:
        return district.label
    names = sorted(r["label"] for r in store.select(_DOCUMENT_DISTRICTS))
    if not names:
        return "上海市"
    return "、".join(names) if len(names) <= 3 else f"上海市{len(names)}区"


def _keep(store: GraphStore, nodes: Iterable[str], district: District | None) -> set[str]:
    """The nodes of `district` (all when none is asked)."""
    return within(store, sorted(set(nodes)), district)


# --- responsibility: bureau → measure → industry ------------------------------------------------

_MEASURES = "SELECT ?a ?b WHERE { ?a a jkg:Measure ; jkg:partOf ?b }"
_RESPONSIBLE = "SELECT ?a ?b WHERE { ?b a jkg:Measure ; jkg:responsibleBody ?a }"
_CONCERNS = "SELECT ?a ?b WHERE { ?a a jkg:Measure ; jkg:concernsIndustry ?b }"


_QUOTED = re.compile(r"《([^《》]+)》")


def _subject(title: str) -> str:
    """What a document is about, for a heading: the title it forwards (《…》) if any, after its first 关于."""
    quoted = _QUOTED.search(title)
    title = quoted.group(1) if quoted else title
    return title.split("关于", 1)[1] if "关于" in title[:-2] else title


def _number(value) -> float:
    """A measure's ordinal as a number to sort by (last when it has none)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.inf


def responsibility_columns(
    measures: list[str],
    document_of: dict[str, str],
    responsible: list[tuple[str, str]],
    concerns: list[tuple[str, str]],
    infos: dict,
    several_districts: bool = False,
) -> list[Column]:
    """The three columns of the responsibility view: bodies → measures → industries.

    Measures keep their documents' order (district, date issued, number), each document a
    section headed by its number and its subject on two lines, and within one document its
    measures by ordinal. Bodies and industries are ordered and placed by the layout beside the
    measures they are linked to (the median of those measures' heights: a barycentre pass);
    on a tie, those linked to more measures come first.
    """
    docs = sorted(
        set(document_of.values()),
        key=lambda d: (
            infos[d].districts,
            str(infos[d].first(V.issued) or ""),
            str(infos[d].first(V.identifier) or ""),
            d,
        ),
    )
    rank = {d: i for i, d in enumerate(docs)}
    ordered = sorted(
        measures,
        key=lambda m: (rank[document_of[m]], _number(infos[m].first(V.ordinal)), infos[m].display("measure"), m),
    )
    headings = []
    for m in ordered:
        doc = document_of[m]
        if not headings or document_of[headings[-1][0]] != doc:
            info = infos[doc]
            number = " ".join(
                p for p in ("、".join(info.districts) if several_districts else "", info.first(V.identifier)) if p
            )
            headings.append((m, "\n".join(p for p in (number, _subject(info.display())) if p)))

    def by_links(pairs: list[tuple[str, str]], end: int) -> tuple[str, ...]:
        count: dict[str, int] = {}
        for pair in pairs:
            count[pair[end]] = count.get(pair[end], 0) + 1
        return tuple(sorted(count, key=lambda n: (-count[n], infos[n].display(), n)))

    bodies, industries = by_links(responsible, 0), by_links(concerns, 1)
    return [
        Column(f"责任部门 Responsible bodies ({len(bodies)})", bodies, em=16),
        Column(f"措施 Measures ({len(ordered)})", tuple(ordered), fixed=True, headings=tuple(headings), em=18),
        Column(f"产业 Industries ({len(industries)})", industries, em=12),
    ]


def responsibility_view(store: GraphStore, district: District | None = None) -> Page:
    """Bureau → measure → industry for every measure of every document (of `district` if asked),
    in three columns (`responsibility_columns`)."""
    parts = _pairs(store, _MEASURES)
    measures = sorted(_keep(store, (m for m, _ in parts), district))
    kept = set(measures)
    document_of: dict[str, str] = {}
    for m, d in parts:
        if m in kept:
            document_of.setdefault(m, d)  # the first of its documents, if it is part of several
    responsible = [(o, m) for o, m in _pairs(store, _RESPONSIBLE) if m in kept]
    concerns = [(m, i) for m, i in _pairs(store, _CONCERNS) if m in kept]
    _guard("responsibility", measures + [o for o, _ in responsible] + [i for _, i in concerns])
    drawn = set(measures + [o for o, _ in responsible] + [i for _, i in concerns])
    # The documents' headings are described in the same queries (a node's card is its own rows alone).
    described = describe(store, drawn | set(document_of.values()))
    infos = {n: described[n] for n in drawn}
    is_measure, is_body = set(measures), {o for o, _ in responsible}
    nodes = []
    for n, info in sorted(infos.items()):
        if n in is_measure:
            nodes.append(info.node("measure", skip=[V.responsibleBody, V.concernsIndustry]))
        else:
            nodes.append(info.node(("unresolved" if info.unresolved else "body") if n in is_body else "industry"))
    edges = [VizEdge(o, m, "负责") for o, m in responsible] + [VizEdge(m, i, "涉及") for m, i in concerns]
    bodies = sum(1 for n in nodes if n.kind in ("body", "unresolved"))
    documents = {d: described[d] for d in set(document_of.values())}
    several = len({d for info in documents.values() for d in info.districts}) > 1
    columns = responsibility_columns(measures, document_of, responsible, concerns, {**infos, **documents}, several)
    return _render(
        "responsibility",
        nodes,
        edges,
        title=f"{_place(store, district)} 责任部门 → 措施 → 产业 Responsibility",
        subtitle=f"{len(measures)} measures, {bodies} responsible bodies, {len(edges)} links",
        labels={"body": "责任部门 Responsible body"},
        columns=columns,
    )


# --- projects: project → category, → street → area ← body ---------------------------------------

_PROJECTS = "SELECT ?a ?b WHERE { ?a a jkg:Project ; jkg:category ?b }"
_LOCATED = "SELECT ?a ?b WHERE { ?a a jkg:Project ; jkg:locatedIn ?b }"
_IN_AREA_ONLY = """SELECT ?a ?b WHERE { ?a a jkg:Project ; jkg:inArea ?b .
  FILTER NOT EXISTS { ?a jkg:locatedIn ?x } }"""
_CONTAINS = "SELECT ?a ?b WHERE { ?a a jkg:Area ; jkg:containsStreet ?b }"
_PART_OF_STREET = "SELECT ?a ?b WHERE { ?a jkg:partOfStreet ?b }"
_FOR_AREA = "SELECT ?a ?b WHERE { ?a jkg:forArea ?b }"


def projects_view(store: GraphStore, district: District | None = None) -> Page:
    """The major projects by category and place: project → street → area, and who manages the area."""
    category = _pairs(store, _PROJECTS)
    projects = sorted(_keep(store, (p for p, _ in category), district))
    category = [(p, c) for p, c in category if p in projects]
    located = [(p, x) for p, x in _pairs(store, _LOCATED) + _pairs(store, _IN_AREA_ONLY) if p in projects]
    contains = _pairs(store, _CONTAINS)
    if district is not None:
        contains = [(a, st) for a, st in contains if a in _keep(store, (a for a, _ in contains), district)]
    places = {x for _, x in located} | {a for a, _ in contains} | {s for _, s in contains}
    part_of = [(p, s) for p, s in _pairs(store, _PART_OF_STREET) if p in places]
    places |= {s for _, s in part_of}
    managed = [(b, a) for b, a in _pairs(store, _FOR_AREA) if a in places]
    _guard("projects", projects + [c for _, c in category] + sorted(places) + [b for b, _ in managed])
    infos = describe(store, projects + [c for _, c in category] + sorted(places) + [b for b, _ in managed])
    nodes = []
    for n, info in sorted(infos.items()):
        kind = "project" if n in projects else "category" if info.kind in ("category", "other") else info.kind
        nodes.append(info.node(kind))
    edges = (
        [VizEdge(p, c, "类别") for p, c in category]
        + [VizEdge(p, x, "位于") for p, x in located]
        + [VizEdge(a, s, "包含") for a, s in contains]
        + [VizEdge(p, s, "属于") for p, s in part_of]
        + [VizEdge(b, a, "管理") for b, a in managed]
    )
    placed = len({p for p, _ in located})
    return _render(
        "projects",
        nodes,
        edges,
        title=f"{_place(store, district)} 重大项目 Major projects",
        subtitle=f"{len(projects)} projects ({placed} placed in a street or area), "
        f"{sum(1 for n in nodes if n.kind == 'area')} areas, {len(edges)} links",
    )


# --- industries: the systems' skos:broader trees, with measures and tax outcomes -----------------

_INDUSTRIES = "SELECT ?a ?b WHERE { ?a a jkg:Industry . OPTIONAL { ?a skos:broader ?b } }"
_REPLACED = "SELECT ?a ?b WHERE { ?a a jkg:Industry ; dcterms:isReplacedBy ?b . ?b a jkg:Industry }"
_INDUSTRY_MEASURES = "SELECT ?a ?b WHERE { ?a a jkg:Measure ; jkg:concernsIndustry ?b . ?b a jkg:Industry }"
_INDUSTRY_OUTCOMES = "SELECT ?a ?b WHERE { ?a a jkg:Outcome ; jkg:concernsIndustry ?b . ?b a jkg:Industry }"
_LEVELS = ["scheme", "group", "industry", "field"]


def _levels(industries: Iterable[str], broader: list[tuple[str, str]]) -> dict[str, str]:
    """Each industry's level by its shortest skos:broader path to a root of its tree."""
    parents: dict[str, set[str]] = {}
    children: dict[str, set[str]] = {}
    for child, parent in broader:
        parents.setdefault(child, set()).add(parent)
        children.setdefault(parent, set()).add(child)
    depth: dict[str, int] = {}
    frontier = sorted(i for i in industries if i not in parents and i in children)
    level = 0
    while frontier:
        for i in frontier:
            depth[i] = level
        level += 1
        frontier = sorted({c for i in frontier for c in children.get(i, ()) if c not in depth})
    return {i: _LEVELS[min(depth[i], 3)] if i in depth else "industry" for i in industries}


def industries_view(store: GraphStore, district: District | None = None) -> Page:
    """The industry systems as trees (system → group → industry → focus field), measures and outcomes
    (those of `district` if asked; the trees are drawn whole)."""
    rows = store.select(_INDUSTRIES)
    industries = sorted({r["a"] for r in rows})
    broader = sorted({(r["a"], r["b"]) for r in rows if r["b"] is not None})
    replaced = _pairs(store, _REPLACED)
    measures, outcomes = _pairs(store, _INDUSTRY_MEASURES), _pairs(store, _INDUSTRY_OUTCOMES)
    if district is not None:
        kept = _keep(store, [m for m, _ in measures] + [o for o, _ in outcomes], district)
        measures, outcomes = [p for p in measures if p[0] in kept], [p for p in outcomes if p[0] in kept]
    level = _levels(industries, broader)
    _guard("industries", industries + [m for m, _ in measures] + [o for o, _ in outcomes])
    infos = describe(store, industries + [m for m, _ in measures] + [o for o, _ in outcomes])
    nodes = []
    for n, info in sorted(infos.items()):
        if n in level:
            nodes.append(info.node(level[n], skip=[V.broader]))
        else:
            nodes.append(info.node("measure" if info.kind == "measure" else "outcome", skip=[V.concernsIndustry]))
    edges = (
        [VizEdge(parent, child, "包含") for child, parent in broader]
        + [VizEdge(old, new, "更名为") for old, new in replaced]
        + [VizEdge(m, i, "涉及") for m, i in measures]
        + [VizEdge(i, o, "税收") for o, i in outcomes]
    )
    return _render(
        "industries",
        nodes,
        edges,
        title=f"{_place(store, district)} 产业体系 Industry systems",
        subtitle=f"{len(industries)} industries and focus fields, {len({m for m, _ in measures})} "
        f"measures, {len({o for o, _ in outcomes})} tax outcomes",
        labels={"outcome": "税收实际 Tax outcome"},
    )


# --- targets: indicators' targets and outcomes per year, one timeline lane each ----------------

_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-–—~至到]\s*(\d{4}))?\s*$")
_TARGETS_HINT = (
    "Ask for one indicator's targets instead (jingan-kg targets NAME), or draw its neighbourhood: "
    "jingan-kg viz ego --focus NAME --depth 1"
)
TARGET_GROUPS = [
    {"key": "both", "label": "目标与实际 Targets and outcomes"},
    {"key": "targets", "label": "仅目标 Targets only"},
    {"key": "outcomes", "label": "仅实际 Outcomes only"},
]


def _lane(indicator: str, district: str | None, several: bool) -> str:
    """A lane's id: the indicator's IRI, with its district's when the view holds several."""
    return f"{indicator}#{district.rsplit('/', 1)[-1]}" if several and district else indicator


def _followed(rows: list[dict]) -> set[str]:
    """Indicators a timeline can follow: stated for two periods, or as a target and an outcome."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for r in rows:
        seen.setdefault(r["i"], set()).add((r["cls"], r["period"]))
    return {i for i, pairs in seen.items() if len(pairs) >= 2}


def targets_view(store: GraphStore, district: District | None = None) -> Page:
    """Every indicator followed over time (two periods, or a target and an outcome) as a lane of a
    timeline: targets (rings) and outcomes (dots) by year and value. An indicator stated once has
    no timeline to draw; the subtitle counts them (`jingan-kg targets NAME` shows each).

    One lane per indicator and district: a district's figures never share a lane with another's.
    With `district`, only its values."""
    names = {d: x.label for d, x in districts(store).items()}
    found = timeline.stated(store)
    stated = sorted(found, key=lambda s: (*s[:4], s[4] is not None, str(s[4] or "")))
    of = {x: d for x, _, _, d, _ in stated if d}
    rows = [{"x": x, "cls": c, "i": i} for x, c, i in sorted({s[:3] for s in stated})]
    if district is not None:
        rows = [r for r in rows if of.get(r["x"]) == district.iri]
    several = len({of.get(r["x"]) for r in rows}) > 1
    lane_of = {r["x"]: _lane(r["i"], of.get(r["x"]), several) for r in rows}
    for r in rows:
        r["i"] = lane_of[r["x"]]
    every = len({r["i"] for r in rows})  # indicators stated: counted in the store when all are drawn
    if district is None and not several:  # every indicator, stated or only defined
        every = timeline.indicators(store, found)
    periods = [
        {"x": x, "cls": c, "i": lane_of[x], "period": p} for x, c, _, _, p in stated if p is not None and x in lane_of
    ]
    followed = _followed(periods)
    indicators = sorted(followed)
    rows = [r for r in rows if r["i"] in followed]
    role = {r["x"]: ("target" if r["cls"] == V.Target else "outcome") for r in rows}
    indicator_of = {r["x"]: r["i"] for r in rows}
    if len(indicators) + len(role) > MAX_NODES:  # before fetching what they say
        raise ViewTooLarge("targets", len(indicators) + len(role), MAX_NODES, _TARGETS_HINT)
    # The lanes ask neither a node's kind nor its districts (a lane's district is its values').
    infos = describe(
        store, sorted({i.split("#")[0] for i in indicators}) + sorted(role), types=False, districts_too=False
    )
    values: dict[str, list[dict]] = {i: [] for i in indicators}
    years: set[int] = set()
    for x in sorted(role):
        info = infos[x]
        period = str(info.first(V.period) or "")
        m = _PERIOD.match(period)
        start, end = (int(m.group(1)), int(m.group(2) or m.group(1))) if m else (None, None)
        numeric = info.first(V.numericValue)
        if start is not None:
            years.update((start, end))
        values[indicator_of[x]].append(
            {
                "id": x,
                "role": role[x],
                "period": period,
                "from": start,
                "to": end,
                "value": str(info.first(V.value) or ""),
                "numeric": float(numeric) if numeric is not None else None,
                "unit": info.first(V.unit),
                "plot": False,
                "facts": [list(f) for f in info.facts(skip=[V.indicator, V.period])],
                "quote": info.quote,
                "source": info.source,
            }
        )
    lanes = []
    for i in indicators:
        info, vals = infos[i.split("#")[0]], values[i]
        place = names.get(V.JKR + "district/" + i.split("#")[1]) if "#" in i else None
        # One value scale per lane: place the numbers in the indicator's most common unit, show the rest as text.
        units = sorted({v["unit"] or "" for v in vals if v["numeric"] is not None and v["from"] is not None})
        unit = max(units, key=lambda u: (sum(1 for v in vals if (v["unit"] or "") == u), u)) if units else None
        for v in vals:
            v["plot"] = v["numeric"] is not None and v["from"] is not None and (v["unit"] or "") == unit
        plotted = [v["numeric"] for v in vals if v["plot"]]
        lo, hi = min([0.0, *plotted]), max([0.0, *plotted])
        vals.sort(key=lambda v: (v["from"] or 0, v["to"] or 0, v["period"], v["role"], v["source"] or "", v["id"]))
        roles = {v["role"] for v in vals}
        group = "both" if roles == {"target", "outcome"} else "outcomes" if roles == {"outcome"} else "targets"
        lanes.append(
            {
                "id": i,
                "label": info.display("indicator") + (f"（{place}）" if place else ""),
                "district": place,
                "labelEn": info.label_en,
                "unit": info.first(V.unit) or unit or None,
                "kind": info.first(V.indicatorKind),
                "group": group,
                "aliases": sorted(str(a) for a in info.literals.get(V.altLabel, [])),
                "facts": [list(f) for f in info.facts()],
                "quote": info.quote,
                "source": info.source,
                "lo": lo,
                "hi": hi if hi > lo else lo + 1,
                "values": vals,
            }
        )
    order = [g["key"] for g in TARGET_GROUPS]
    lanes.sort(key=lambda c: (order.index(c["group"]), -len(c["values"]), c["label"], c["id"]))
    span = (min(years), max(years)) if years else (2020, 2030)
    kinds = [
        NodeKind(k.key, k.label, k.color, shape)
        for k, shape in (
            (palette().kinds["indicator"], "box"),
            (palette().kinds["target"], "ring"),
            (palette().kinds["outcome"], "dot"),
        )
    ]
    return render_targets(
        lanes,
        kinds,
        TARGET_GROUPS,
        span,
        title=f"{_place(store, district)} 指标：目标与实际 Targets and outcomes",
        subtitle=f"{len(lanes)} indicators, {sum(1 for r in role.values() if r == 'target')} "
        f"targets, {sum(1 for r in role.values() if r == 'outcome')} outcomes, "
        f"{span[0]}–{span[1]}; {every - len(lanes)} indicators stated once are not drawn "
        f"(jingan-kg targets NAME)",
    )


# --- ego: the neighbourhood of one entity -------------------------------------------------------

# Edges an ego view never follows: types and provenance are everywhere (every node would be two
# hops from every other), skos:narrower mirrors skos:broader.
EGO_SKIP = (V.type_, V.wasDerivedFrom, V.inSource, V.narrower)
_EDGES = """SELECT ?s ?p ?o WHERE {{ {{values}}
  {{ ?x ?p ?o . BIND(?x AS ?s) }} UNION {{ ?s ?p ?x . BIND(?x AS ?o) }}
  FILTER(isIRI(?s) && isIRI(?o) && ?p NOT IN ({})) }}""".format(", ".join(f"<{p}>" for p in EGO_SKIP))
_EXISTS = "SELECT ?s ?p WHERE { ?s ?p ?o } LIMIT 1"
EDGE_LABELS = {
    V.responsibleBody: "责任部门",
    V.concernsIndustry: "涉及产业",
    V.partOf: "属于",
    V.broader: "上位",
    V.locatedIn: "位于",
    V.inArea: "所在片区",
    V.containsStreet: "包含街道",
    V.partOfStreet: "属于街道",
    V.forArea: "管理片区",
    V.category: "类别",
    V.indicator: "指标",
    V.statedIn: "出自",
    V.definedIn: "定义于",
    V.publisher: "发布",
    V.person: "人员",
    V.organization: "单位",
    V.concernsArea: "涉及片区",
    V.isReplacedBy: "更名为",
    V.topConceptOf: "顶层",
    V.inScheme: "体系",
    V.district: "所属区",
}


def _focus_iri(store: GraphStore, index, focus: str, district: District | None = None) -> str:
    """The IRI FOCUS names: an IRI (full or jkr:…) or any name the search index resolves."""
    text = focus.strip()
    candidate = V.JKR + text[4:] if text.startswith("jkr:") else text if re.match(r"https?://", text) else None
    if candidate is not None:
        try:
            found = store.select(_EXISTS, s=iri(candidate))
        except ValueError:  # not a valid IRI
            found = []
        if not found:
            raise NoMatch(focus)
        return candidate
    from ..query.questions import resolve_text

    top = resolve_text(index, text, store=store, district=district)
    if len({h.iri for h in top}) > 1 and top[0].score < 100:
        raise Ambiguous(focus, sorted({f"{h.label} ({h.kind})" for h in top})[:12], "entities")
    return top[0].iri


def neighbourhood(store: GraphStore, focus: str, depth: int):
    """The slice of the graph within `depth` hops of `focus` (either direction), as a networkx MultiDiGraph.

    The walk fetches the edges of every node up to `depth` hops away (so edges between the
    outermost nodes are known too), then keeps the nodes within `depth` hops as a subgraph.
    Edge keys are predicates; rdf:type, provenance and literals are never edges.
    """
    import networkx as nx

    if depth < 1:
        raise ValueError("depth must be at least 1")
    g = nx.MultiDiGraph()
    g.add_node(focus)
    seen, frontier = {focus}, [focus]
    for hop in range(depth + 1):
        rows = store.select_each(_EDGES, "x", frontier)
        g.add_edges_from((r["s"], r["o"], r["p"]) for r in rows)
        if hop == depth:
            break
        frontier = sorted({n for r in rows for n in (r["s"], r["o"])} - seen)
        seen.update(frontier)
        if len(seen) > MAX_NODES:
            raise ViewTooLarge(
                "ego", len(seen), MAX_NODES, f"Ask for fewer hops (--depth {max(1, hop)}) or a less connected --focus."
            )
    near = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), focus, cutoff=depth)
    return g.subgraph(near).copy()


def ego_view(store: GraphStore, index, focus: str, depth: int = 1, district: District | None = None) -> Page:
    """The neighbourhood of FOCUS (a name or an IRI, of `district` if asked) up to DEPTH hops, every relation drawn."""
    center = _focus_iri(store, index, focus, district)
    g = neighbourhood(store, center, depth)
    infos = describe(store, g.nodes)
    nodes = [info.node() for _, info in sorted(infos.items())]
    edges = [VizEdge(s, o, EDGE_LABELS.get(p, V.prefixed(p))) for s, o, p in g.edges(keys=True)]
    name = infos[center].display()
    return _render(
        "ego",
        nodes,
        edges,
        title=f"{name} 周边 Neighbourhood",
        subtitle=f"{len(nodes)} nodes within {depth} hop{'s' * (depth != 1)}, {len(edges)} links",
        focus=center,
        hint=f"Ask for fewer hops than --depth {depth} or a less connected --focus.",
    )


# --- the registry ------------------------------------------------------------------------------


def ledger_view(store: GraphStore, district: District | None = None) -> Page:
    """The supervision ledger (views/ledger.py), imported only when it is drawn."""
    from .ledger import ledger_view as draw

    return draw(store, district)


VIEWS: dict[str, Callable[..., Page]] = {  # each takes the store and an optional district
    "responsibility": responsibility_view,
    "projects": projects_view,
    "industries": industries_view,
    "targets": targets_view,
    "ledger": ledger_view,
}
VIEW_FILES = {
    "responsibility": "bureau-measure-industry.html",
    "projects": "projects.html",
    "industries": "industries.html",
    "targets": "targets.html",
    "ledger": "ledger.html",
}
# The network views (vis-network, a graph-data block); the ledger view is a table of cells.
NETWORK_VIEWS = ("responsibility", "projects", "industries", "targets")
ASSET_FILES: tuple[str, ...] = ()  # files a build folder holds beside the pages: none, vis-network is inlined
