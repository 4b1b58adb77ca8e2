"""CSV tables of the graph: one per class the build report counts (the registry kinds' `counts`),
one row per node, for spreadsheets and data frames.

Columns: `iri`, `label_zh`, `label_en`; then one per property the class's nodes have, named by
its JSON-LD term (graph/context.py), in the order of the cards' facts (kinds' `facts` ranks),
the rest by name: a literal's text (`<term>_en` for English, `<term>_<lang>` for another
language), a linked node's name with its IRI in `<term>_iri`, several values joined by "；" in
the same order in both columns; then the excerpt it was read from: `cited_source`,
`cited_line_start`, `cited_line_end`, `cited_quote`, and `also_cited` (file:lines of any other).
Rows follow the sources (file, line), then IRI. UTF-8 with a byte-order mark, so that Excel on
a Chinese Windows reads it as UTF-8, and CRLF line ends (RFC 4180).

Written from the `Nodes` index in one pass a table, as text: each row's cells joined once; a
linked node's name and an excerpt's citation read once a build; a line quoted as the csv module
quotes it only where a cell needs it (decision 0024).
"""

from __future__ import annotations

import math
import re
from operator import itemgetter

from . import vocab as V

JOIN = "；"
_SKIP = frozenset({V.type_, V.wasDerivedFrom, *(V.prefLabel, V.label, V.title)})
CITATION = ["cited_source", "cited_line_start", "cited_line_end", "cited_quote"]
_LABELS = (V.prefLabel, V.label, V.title)  # a node's name (graph/exports.py LABELS)
_EMPTY: dict = {}


def table_name(label: str) -> str:
    """The file of a counted class: "source files" -> "source-files.csv"."""
    return re.sub(r"[^0-9a-z]+", "-", label.lower()).strip("-") + ".csv"


def tables(nodes, kinds: tuple) -> dict[str, bytes]:
    """Every counted class's table (file name -> bytes) from a `graph.exports.Nodes`; `kinds`:
    the registry, passed in by the pipeline (the graph stage comes before the kinds)."""
    from .context import term_names

    ranks: dict[str, int] = {}
    for fact in (f for k in kinds for f in k.facts):
        ranks[fact.predicate] = min(ranks.get(fact.predicate, fact.rank), fact.rank)
    names = term_names()
    reader = _Reader(nodes)
    return {table_name(c.label): table(nodes, c.cls, ranks, names, reader) for k in kinds for c in k.counts}


def table(nodes, cls: str, ranks: dict[str, int], names: dict[str, str], reader: _Reader | None = None) -> bytes:
    """The table of the nodes typed `cls` (module docstring), as CSV bytes; `reader` holds what
    the tables of one build share (names of linked nodes, citations)."""
    rows = (reader or _Reader(nodes)).rows(nodes.instances(cls))
    by_predicate: dict[str, list[str]] = {}
    for key in set().union(*(row[4] for row in rows)):
        p, _, c = key.partition(" ")
        by_predicate.setdefault(p, []).append(c)
    predicates = sorted(by_predicate, key=lambda p: (ranks.get(p, math.inf), names.get(p, V.prefixed(p))))
    header = ["iri", "label_zh", "label_en"]
    columns = []  # each property's columns: its text or names (""), then "iri", then other languages
    for p in predicates:
        name = names.get(p, V.prefixed(p))
        for c in sorted(by_predicate[p], key=lambda c: (c != "", c != "iri", c)):
            columns.append(f"{p} {c}" if c else p)
            header.append(f"{name}_{c}" if c else name)
    cited = any(row[5] for row in rows)
    also = any(len(row[5]) > 1 for row in rows)
    header += (CITATION if cited else []) + (["also_cited"] if also else [])
    rows.sort(key=itemgetter(0))
    lines = [_csv_line(header)]
    blank, none, width = [""] * len(columns), ["", "", "", ""], len(header)
    for _, iri, zh, en, cells, citations, first in rows:
        line = [iri, zh, en]
        line += map(cells.get, columns, blank)
        if cited:
            line += first or none
        if also:
            line.append(JOIN.join(f"{c.source}:{_lines(c)}" for c in citations[1:]) if len(citations) > 1 else "")
        text = ",".join(line)
        if '"' in text or "\n" in text or "\r" in text or text.count(",") != width - 1:
            text = _csv_line(line)
        lines.append(text)
    lines.append("")
    return ("\ufeff" + "\r\n".join(lines)).encode("utf-8")


def _csv_line(cells: list[str]) -> str:
    """One CSV record as the csv module writes it (QUOTE_MINIMAL): a cell quoted, its quotes doubled,
    where it holds a comma, a quote or a line end."""
    return ",".join(
        '"' + c.replace('"', '""') + '"' if ("," in c or '"' in c or "\n" in c or "\r" in c) else c for c in cells
    )


class _Reader:
    """The rows of a `Nodes` index, the name of each linked node and the citation of each excerpt
    read once a build: as `Nodes.labels`, `Nodes.label` and `Nodes.citations` read them."""

    def __init__(self, nodes) -> None:
        from .context import ontology
        from .exports import Citation

        self.nodes, self._citation = nodes, Citation
        self._names: dict[str, str] = {}
        self._linked_key: dict[str, str] = {}  # a predicate -> the key of its IRI cells
        self._cited: dict[str, object] = {}
        self._termed = {t.subject.value for t in ontology() if t.predicate.value in _LABELS}  # named there

    def rows(self, members: list[str]) -> list[tuple]:
        """Each node's row: (its order, IRI, Chinese and English names joined, cells, citations,
        the first citation's cells or None); each cell by its predicate, or the predicate and the column suffix after a space ("iri",
        "en" …; an IRI holds no space), its values joined, the citations sorted. The order: by the
        first excerpt (file, lines), then IRI, uncited last."""
        from .exports import Lit

        out = []
        props_of, name_of, cited_of = self.nodes.out.get, self._names.get, self._cited.get
        linked_key, derived, uncited = self._linked_key, V.wasDerivedFrom, (1, "", 0, 0)
        for node in members:
            props = props_of(node, _EMPTY)
            cells: dict[str, str] = {}
            for p, objects in props.items():
                if p in _SKIP:
                    continue
                if len(objects) != 1:
                    self._cells(p, objects, cells)
                    continue
                o = objects[0]  # most properties: one value, nothing to sort
                if isinstance(o, Lit):
                    lang = o.language
                    cells[p if lang is None or lang == "zh" else f"{p} {lang}"] = o
                else:
                    name = name_of(o)
                    if name is None:
                        name = self.name(o)
                    key = linked_key.get(p)
                    if key is None:
                        key = linked_key[p] = p + " iri"
                    cells[key] = o
                    if name:
                        cells[p] = name
            zh, en = self.labels(node, props)
            excerpts = props.get(derived)
            if not excerpts:
                citations, order, first = (), (uncited, node), None
            elif len(excerpts) == 1:  # most nodes: one excerpt, its citation and order read once
                found = cited_of(excerpts[0], False)
                if found is False:
                    found = self.cited(excerpts[0])
                citations, order, first = (
                    (found[0], (found[1], node), found[2]) if found else ((), (uncited, node), None)
                )
            else:
                citations = tuple(sorted(found[0][0] for found in map(self.cited, excerpts) if found))
                _, prefix, first = _first(citations)
                order = (prefix, node) if first else (uncited, node)
            out.append((order, node, zh, en, cells, citations, first))
        return out

    def _cells(self, p: str, objects: list, cells: dict) -> None:
        """The cells of a property of several values (or none): linked nodes by name, then IRI;
        literals by text."""
        from .exports import Lit

        by: dict[str, list[str]] = {}
        linked = sorted((self.name(o), str(o)) for o in objects if not isinstance(o, Lit))
        if linked:
            by["iri"] = [iri for _, iri in linked]
            if any(name for name, _ in linked):
                by[""] = [name for name, _ in linked]
        for o in sorted((o for o in objects if isinstance(o, Lit)), key=str):
            lang = o.language
            by.setdefault("" if lang is None or lang == "zh" else lang, []).append(str(o))
        for c, texts in by.items():
            cells[f"{p} {c}" if c else p] = JOIN.join(texts)

    def labels(self, node: str, props: dict) -> tuple[str, str]:
        """The node's Chinese and English names (`Nodes.labels`), each joined."""
        if node in self._termed:  # the ontology names it where the data does not
            return JOIN.join(self.nodes.labels(node)), JOIN.join(self.nodes.labels(node, "en"))
        found = [v for p in _LABELS for v in props.get(p, ())]
        if not found:
            return "", ""
        if len(found) == 1:
            lang = getattr(found[0], "language", None) or ""
            return (str(found[0]), "") if lang in ("zh", "") else ("", str(found[0]) if lang == "en" else "")
        zh = {str(v) for v in found if (getattr(v, "language", None) or "") in ("zh", "")}
        en = {str(v) for v in found if getattr(v, "language", None) == "en"}
        return JOIN.join(sorted(zh)), JOIN.join(sorted(en))

    def name(self, node) -> str:
        """A linked node's name (`Nodes.label`), "" for none."""
        found = self._names.get(node)
        if found is None:
            found = self._names[node] = self.nodes.label(str(node)) or ""
        return found

    def cited(self, excerpt) -> tuple | None:
        """An excerpt's citation (as `Nodes.citations` reads it) alone in a tuple, with the order and
        the cells of a row it is the first of (`_first`); None where it lacks a part."""
        found = self._cited.get(excerpt, False)
        if found is False:
            c = self._read_citation(str(excerpt))
            found = self._cited[excerpt] = _first((c,)) if c else None
        return found

    def _read_citation(self, excerpt: str):
        out = self.nodes.out
        props = out.get(excerpt, _EMPTY)
        sources = [str(p) for src in props.get(V.inSource, ()) for p in out.get(str(src), _EMPTY).get(V.path, ())]
        start, end, quote = props.get(V.lineStart), props.get(V.lineEnd), props.get(V.quote)
        if sources and start and end and quote:
            return self._citation(min(sources), int(start[0]), int(end[0]), str(quote[0]))
        return None


def _first(citations: tuple) -> tuple:
    """Citations (sorted), with the order of their row and the cells of the first; () None None for none."""
    if not citations:
        return (), None, None
    c = citations[0]
    return citations, (0, c.source, c.line_start, c.line_end), [c.source, str(c.line_start), str(c.line_end), c.quote]


def _lines(c) -> str:
    return str(c.line_start) if c.line_start == c.line_end else f"{c.line_start}-{c.line_end}"
