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
"""

from __future__ import annotations

import csv
import io
import math
import re

from . import vocab as V

JOIN = "；"
_SKIP = {V.type_, V.wasDerivedFrom, *(V.prefLabel, V.label, V.title)}
CITATION = ["cited_source", "cited_line_start", "cited_line_end", "cited_quote"]


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
    return {table_name(c.label): table(nodes, c.cls, ranks, names) for k in kinds for c in k.counts}


def table(nodes, cls: str, ranks: dict[str, int], names: dict[str, str]) -> bytes:
    """The table of the nodes typed `cls` (module docstring), as CSV bytes."""
    rows = [_row(nodes, n) for n in nodes.instances(cls)]
    predicates = sorted(
        {p for r in rows for p in r["values"]}, key=lambda p: (ranks.get(p, math.inf), names.get(p, V.prefixed(p)))
    )
    columns = {  # each property's columns: its text or names (""), then "iri", then other languages
        p: sorted({c for r in rows for c in r["values"].get(p, {})}, key=lambda c: (c != "", c != "iri", c))
        for p in predicates
    }
    header = ["iri", "label_zh", "label_en"]
    for p in predicates:
        name = names.get(p, V.prefixed(p))
        header += [f"{name}_{c}" if c else name for c in columns[p]]
    cited = any(r["citations"] for r in rows)
    also = any(len(r["citations"]) > 1 for r in rows)
    header += (CITATION if cited else []) + (["also_cited"] if also else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for r in sorted(rows, key=_order):
        line = [r["iri"], JOIN.join(nodes.labels(r["iri"])), JOIN.join(nodes.labels(r["iri"], "en"))]
        for p in predicates:
            line += [JOIN.join(r["values"].get(p, {}).get(c, [])) for c in columns[p]]
        first = r["citations"][0] if r["citations"] else None
        if cited:
            line += [first.source, first.line_start, first.line_end, first.quote] if first else ["", "", "", ""]
        if also:
            line.append(JOIN.join(f"{c.source}:{_lines(c)}" for c in r["citations"][1:]))
        writer.writerow(line)
    return out.getvalue().encode("utf-8-sig")


def _row(nodes, node: str) -> dict:
    """One node's cells by predicate and column suffix ("" the text or name, "iri", "en" …)."""
    from .exports import Lit

    values: dict[str, dict[str, list[str]]] = {}
    for p, objects in nodes.out.get(node, {}).items():
        if p in _SKIP:
            continue
        cells: dict[str, list] = {}
        linked = sorted((nodes.label(str(o)) or "", str(o)) for o in objects if not isinstance(o, Lit))
        if linked:
            cells["iri"] = [iri for _, iri in linked]
            if any(name for name, _ in linked):
                cells[""] = [name for name, _ in linked]
        for o in sorted((o for o in objects if isinstance(o, Lit)), key=str):
            lang = o.language if o.language not in (None, "zh") else ""
            cells.setdefault(lang, []).append(str(o))
        values[p] = cells
    return {"iri": node, "values": values, "citations": nodes.citations(node)}


def _order(row: dict) -> tuple:
    """Rows in the order of the sources: by the first excerpt (file, lines), then IRI; uncited last."""
    first = row["citations"][0] if row["citations"] else None
    return (0, first.source, first.line_start, first.line_end, row["iri"]) if first else (1, "", 0, 0, row["iri"])


def _lines(c) -> str:
    return str(c.line_start) if c.line_start == c.line_end else f"{c.line_start}-{c.line_end}"
