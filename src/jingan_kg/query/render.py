"""Formatting answers for people (table) and for scripts (json, csv); no logic about the graph."""

from __future__ import annotations

import io
import unicodedata
from typing import Any


def to_json(answer: Any) -> str:
    import json  # here: a table, the default, needs neither json nor csv
    from dataclasses import asdict, is_dataclass

    data = asdict(answer) if is_dataclass(answer) else answer
    if isinstance(answer, list):
        data = [asdict(a) if is_dataclass(a) else a for a in answer]
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def to_csv(header: list[str], rows: list[list[Any]], delimiter: str = ",") -> str:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue().rstrip("\n")


def width(text: str) -> int:
    """Display width: CJK and full-width characters take two columns (ASCII is one each, counted
    without looking up each character)."""
    if text.isascii():
        return len(text)
    eaw = unicodedata.east_asian_width
    return len(text) + sum(1 for ch in text if ch > "\x7f" and eaw(ch) in "WF")


def pad(text: str, cols: int) -> str:
    return text + " " * max(cols - width(text), 0)


def table(header: list[str], rows: list[list[Any]], limit: int = 60) -> str:
    """A plain-text table aligned for CJK text; long cells cut at `limit` columns with …."""
    cells = [[_cut("" if v is None else str(v), limit) for v in row] for row in [header, *rows]]
    sized = [[(c, width(c)) for c in r] for r in cells]  # each cell's width once
    widths = [max(r[i][1] for r in sized) for i in range(len(header))]
    lines = ["  ".join(c + " " * max(w - n, 0) for (c, n), w in zip(r, widths)).rstrip() for r in sized]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cut(text: str, limit: int) -> str:
    """The text on one line, cut to `limit - 1` columns and marked … when wider than `limit`;
    read only as far as the cut (a quote may be thousands of characters)."""
    text = text.replace("\n", " ").replace("\t", " ")
    if 2 * len(text) <= limit or (len(text) <= limit and text.isascii()):  # fits whatever its characters
        return text
    cols, end = 0, 0
    for i, ch in enumerate(text):
        cols += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if cols <= limit - 1:
            end = i + 1
        elif cols > limit:
            return text[:end] + "…"
    return text


def span(start: int, end: int) -> str:
    return f"{start}" if start == end else f"{start}-{end}"


# --- who ---------------------------------------------------------------------------------------


def sentence(quote: str, query: str) -> str:
    """A short citation: the sentence holding the query (else the first) and a responsibility clause."""
    if "。" not in quote:  # a table row or a name: as written, cells spaced out
        return " ".join(quote.split())
    parts = [p.strip() + "。" for p in quote.split("。") if p.strip()]
    clause = parts[-1].rstrip("。") if "责任" in parts[-1] else ""
    body = parts[:-1] if clause else parts
    hit = next((p for p in body if query in p), body[0] if body else "")
    if len(hit) > 120 and "；" in hit:  # a long prose sentence: the clause holding the query
        clauses = hit.rstrip("。").split("；")
        at = next((i for i, x in enumerate(clauses) if query in x.replace(" ", "")), None)
        if at is not None:
            hit = ("…" if at else "") + clauses[at] + ("…" if at < len(clauses) - 1 else "。")
    if clause and hit:  # mark the sentences left out between the hit and the clause
        return f"{hit}…{clause}" if len(body) > 1 else f"{hit}{clause}"
    return hit or clause


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


_INTENT = {"who": "who is responsible for", "what": "what is it responsible for:", "figures": "the figures of"}


def reading_line(reading) -> str | None:
    """How a question was read, when a question frame was taken away."""
    narrowed = (
        f"; no name holds “{reading.asked}” whole, its nearest words are “{reading.topic}”" if reading.asked else ""
    )
    english = reading.english
    if reading.frame is None:
        if english:
            return f"Read as: {reading.topic}  (the English name “{english}”{narrowed})"
        return f"Read as: {reading.topic}{narrowed}" if narrowed else None
    topic = reading.asked or reading.topic
    named = f"; the English name “{english}”" if english else ""
    return (
        f"Read as: {_INTENT.get(reading.intent, 'about')} {topic}  (question frame “{reading.frame}”{named}{narrowed})"
    )


def who_text(answer) -> str:
    """How the question was read, then per matched entity its bodies, per document the cited
    nodes, each with a citation; a citation given once, renamings and other matches after."""
    lines = [x for x in [reading_line(answer.reading)] if x]
    if answer.mode == "body":
        lines += _body_head(answer.groups[0].bodies[0], answer)
    else:
        lines += _topic_head(answer)
    printed: set[str] = set()
    several = len(answer.groups) > 1
    for n, g in enumerate(answer.groups, 1):
        if several:
            same = "".join(f"; also {s['kind']} {s['label']}" for s in g.same)
            how = {"text": ", matched in its text", "renamed": ", its new name"}.get(g.field, "")
            lines += ["", f"{n}) {g.kind}: {g.label}  ({_plural(len(g.bodies), 'body', 'bodies')}{how}{same})"]
            if not g.responsibility:
                lines.append("   no body is named responsible for it; these bodies are tied to it otherwise")
        for b in g.bodies:
            lines += _body_lines(b, answer, printed)
    if answer.mode != "body" and not any(b.citations for g in answer.groups for b in g.bodies):
        lines += ["", "No responsible body is recorded for it in the graph."]
    for r in answer.renamings:
        where = f"  [{r.source}:{span(r.line_start, r.line_end)}] “{r.quote}”" if r.source else ""
        lines += ["", f"Renamed: {r.old} → {r.new}{where}"]
    if answer.also:
        shown = "、".join(f"{o['label']} ({o['kind']})" for o in answer.also[:8])
        more = f" … and {len(answer.also) - 8} more" if len(answer.also) > 8 else ""
        lines += [
            "",
            f"Also matches: {shown}{more}",
            "  ask `jingan-kg who NAME` for one of them (`targets NAME` for an indicator, `search` lists all)",
        ]
    return "\n".join(lines)


def _body_head(b, answer) -> list[str]:
    if not b.citations:
        return [
            f"{b.label} is named as responsible in no measure, holds no project and manages no area.",
            f"See `jingan-kg show {b.label}` for everything the graph says about it.",
        ]
    kinds: dict[str, int] = {}
    for c in b.citations:
        kinds[c.relation] = kinds.get(c.relation, 0) + 1
    if set(kinds) == {"responsible for"}:
        return [f"{b.label} is responsible for {_plural(b.total, 'measure', 'measures')}"]
    phrases = {
        "responsible for": ("responsible for 1 measure", "responsible for {n} measures"),
        "a project lies in it": ("1 project lies in it", "{n} projects lie in it"),
        "manages the area": ("manages 1 area", "manages {n} areas"),
        "named responsible for a figure": (
            "named responsible for 1 target or outcome",
            "named responsible for {n} targets and outcomes",
        ),
    }
    return [
        f"{b.label}: "
        + "; ".join(phrases.get(r, (f"1 × {r}", f"{{n}} × {r}"))[n != 1].format(n=n) for r, n in kinds.items())
    ]


def _excerpt(c) -> tuple:
    return (c.source, c.line_start, c.line_end, c.quote)


def _number(c) -> str:
    return f"{c.ordinal}. " if c.ordinal is not None else ""


def _topic_head(answer) -> list[str]:
    n_b, n_c = len(answer.bodies), answer.citation_count
    counts = f"{_plural(n_b, 'body', 'bodies')}, {_plural(n_c, 'citation', 'citations')}"
    if len(answer.groups) > 1:
        head = f"{answer.topic}: {len(answer.groups)} things share these words, answered one by one: {counts}"
    else:
        g = answer.groups[0] if answer.groups else None
        renamed = next((r.old for r in answer.renamings if g and r.new_iri == g.iri), None)
        what = (f" ({g.kind}: {g.label}" + (f", the new name of {renamed}" if renamed else "") + ")") if g else ""
        head = f"{answer.topic}{what}: {counts}"
    if len(answer.districts) > 1:
        head += f", in {len(answer.districts)} districts ({'、'.join(answer.districts)})"
    return [head]


def _body_lines(b, answer, printed: set[str]) -> list[str]:
    names = " / ".join(x for x in [b.label_en, "、".join(b.aliases)] if x)
    flag = "  [unresolved name]" if b.unresolved else ""
    if len(answer.districts) > 1:
        flag += f"  [{b.district or 'no district'}]"
    title = f"{b.label}" + (f" ({names})" if names else "") + flag
    if b.citations and all(_excerpt(c) in printed for c in b.citations) and b.total == len(b.citations):
        cited = "; ".join(f"{_number(c)}{c.title} [{c.source}:{span(c.line_start, c.line_end)}]" for c in b.citations)
        return [
            "",
            title,
            f"  {'; '.join(dict.fromkeys(r for c in b.citations for r in c.relations))}: {cited}, quoted above",
        ]
    lines = ["", title]
    document = relation = None
    merged: list[list] = []  # citations of one excerpt side by side (a table row's target and outcome)
    for c in b.citations:
        if merged and _excerpt(merged[-1][0]) == _excerpt(c) and merged[-1][0].relations == c.relations:
            merged[-1].append(c)
        else:
            merged.append([c])
    for group in merged:
        c = group[0]
        rel = "; ".join(c.relations)
        if rel != relation and (rel != "responsible for" or relation is not None):
            relation = rel
            lines.append(f"  ({rel})")
        if (c.document or c.source) != document:
            document = c.document or c.source
            lines.append(f"  {document}" + (f"（{c.identifier}）" if c.identifier else ""))
        titles = " · ".join(f"{_number(x)}{x.title}" for x in group)
        where = f"[{c.source}:{span(c.line_start, c.line_end)}]"
        if _excerpt(c) in printed:
            lines.append(f"    {titles}  {where} (quoted above)")
            continue
        printed.add(_excerpt(c))
        lines.append(f"    {titles}  {where}")
        lines.append(f"       “{sentence(c.quote, answer.topic)}”")
    if b.total > len(b.citations):
        lines.append(f"  … and {b.total - len(b.citations)} more (--limit 0 lists all)")
    return lines


WHO_HEADER = [
    "body",
    "body_label",
    "relation",
    "subject",
    "ordinal",
    "title",
    "document",
    "identifier",
    "source",
    "line_start",
    "line_end",
    "quote",
    "body_district",
]


def who_rows(answer) -> list[list[Any]]:
    return [
        [
            b.body,
            b.label,
            "; ".join(c.relations),
            c.subject,
            c.ordinal,
            c.title,
            c.document,
            c.identifier,
            c.source,
            c.line_start,
            c.line_end,
            c.quote,
            b.district,
        ]
        for b in answer.bodies
        for c in b.citations
    ]


# --- show ----------------------------------------------------------------------------------------


PER_PREDICATE = 15  # relations of one predicate a card's table shows


def card_text(card, per_predicate: int = PER_PREDICATE) -> str:
    lines = [x for x in [card.reading and reading_line(card.reading)] if x] + [
        f"{card.label}  ({card.kind})",
        f"  {card.iri}",
        f"  types: {', '.join(card.types)}",
        "",
    ]
    lines += [f"  {r.predicate:<18} {r.value}" for r in card.labels]
    for title, rels, arrow in (("out", card.outgoing, "→"), ("in", card.incoming, "←")):
        if not rels:
            continue
        lines += ["", f"relations {title} ({len(rels) if title == 'out' else card.count_in()})"]
        by: dict[str, list] = {}
        for r in rels:
            by.setdefault(r.predicate, []).append(r)
        for pred, group in by.items():
            for r in group[:per_predicate]:
                shown = f"{r.label}  <{r.value}>" if r.is_iri and r.label else r.value
                lines.append(f"  {arrow} {pred:<22} {_cut(shown, 90)}")
            total = len(group) if title == "out" else card.count(pred)  # an abridged card holds the first only
            if total > per_predicate:
                lines.append(f"  {arrow} {pred:<22} … and {total - per_predicate} more (--format json lists all)")
    lines += ["", "provenance"]
    lines += [
        f"  {p['source']}:{span(p['line_start'], p['line_end'])}  “{_cut(p['quote'], 80)}”" for p in card.provenance
    ]
    return "\n".join(lines)


CARD_HEADER = ["direction", "predicate", "value", "label"]


def card_rows(card) -> list[list[Any]]:
    return (
        [["label", r.predicate, r.value, ""] for r in card.labels]
        + [["out", r.predicate, r.value, r.label] for r in card.outgoing]
        + [["in", r.predicate, r.value, r.label] for r in card.incoming]
        + [
            ["provenance", "prov:wasDerivedFrom", f"{p['source']}:{span(p['line_start'], p['line_end'])}", p["quote"]]
            for p in card.provenance
        ]
    )


# --- search ----------------------------------------------------------------------------------------

SEARCH_HEADER = ["score", "kind", "label", "matched", "field", "iri"]


def search_rows(hits) -> list[list[Any]]:
    return [[h.score, h.kind, h.label, h.matched, h.field, h.iri] for h in hits]


# --- targets ----------------------------------------------------------------------------------------


def targets_text(answer) -> str:
    """One table of periods; one per district when the indicator is stated in several."""
    head = answer.label + "".join(f"  [{x}]" for x in (answer.unit, answer.kind) if x)
    if answer.reading and (read := reading_line(answer.reading)):
        head = f"{read}\n{head}"
    if not answer.periods:
        return head + "\n\nNo target or outcome of it is stated in the district asked."
    if len(answer.districts) > 1:
        parts = [head + f"  ({len(answer.districts)} districts: {'、'.join(answer.districts)})"]
        for d in sorted({p.district or "" for p in answer.periods}):
            parts.append(
                f"{d or 'no district'}\n\n" + _periods_table([p for p in answer.periods if (p.district or "") == d])
            )
        return "\n\n".join(parts)
    return head + "\n\n" + _periods_table(answer.periods)


def _periods_table(periods) -> str:
    rows = []
    for p in periods:
        n = max(len(p.targets), len(p.outcomes), 1)
        for i in range(n):
            t = p.targets[i] if i < len(p.targets) else None
            o = p.outcomes[i] if i < len(p.outcomes) else None
            rows.append(
                [
                    p.period if i == 0 else "",
                    t.value if t else "",
                    _where(t),
                    o.value if o else "",
                    _where(o),
                    p.gap if i == 0 and p.gap is not None else "",
                ]
            )
    return table(["period", "target", "stated in", "outcome", "reported in", "gap"], rows, limit=48)


def _where(v) -> str:
    if v is None:
        return ""
    return f"{v.source}:{span(v.line_start, v.line_end)} {v.identifier or v.document}"


TARGETS_HEADER = [
    "period",
    "role",
    "value",
    "numeric",
    "unit",
    "document",
    "identifier",
    "source",
    "line_start",
    "line_end",
    "gap",
    "district",
]


def targets_rows(answer) -> list[list[Any]]:
    return [
        [
            p.period,
            role,
            v.value,
            v.numeric,
            v.unit,
            v.document,
            v.identifier,
            v.source,
            v.line_start,
            v.line_end,
            p.gap,
            p.district,
        ]
        for p in answer.periods
        for role, vs in (("target", p.targets), ("outcome", p.outcomes))
        for v in vs
    ]


# --- ledger ------------------------------------------------------------------------------------------


def _margin(row) -> str:
    if row.margin is None:
        return ""
    sign = "" if row.margin.startswith("-") else "+"
    pct = f" ({float(row.ratio) * 100:+.1f}%)" if row.ratio is not None else ""
    return f"{sign}{row.margin}{row.unit or ''}{pct}"


def ledger_text(answer, by: str = "indicator") -> str:
    """The ledger as a table: one row per target judged, by indicator (or grouped by body)."""
    if not answer.rows:
        return "No target matches."
    counts = ", ".join(f"{n} {s}" for s, n in answer.counts.items())
    head = f"{len(answer.rows)} targets judged: {counts}"

    def rows_of(rows):
        return [
            [
                r.indicator_label,
                r.period,
                r.target.value,
                r.outcome.value if r.outcome else "",
                r.status,
                _margin(r),
                "、".join(b.label + ("" if b.how == "accountable" else " (states it)") for b in r.bodies),
                f"{r.target.source}:{span(r.target.line_start, r.target.line_end)}",
                f"{r.outcome.source}:{span(r.outcome.line_start, r.outcome.line_end)}" if r.outcome else "",
            ]
            for r in rows
        ]

    header = ["indicator", "period", "target", "outcome", "status", "margin", "bodies", "stated in", "reported in"]
    if by == "body":
        parts = [head]
        for label, rows in answer.by_body().items():
            parts.append(f"{label} ({len(rows)})\n\n" + table(header, rows_of(rows), limit=40))
        return "\n\n".join(parts)
    return head + "\n\n" + table(header, rows_of(answer.rows), limit=40)


LEDGER_HEADER = [
    "indicator",
    "indicator_label",
    "district",
    "period",
    "status",
    "target",
    "outcome",
    "unit",
    "margin",
    "margin_ratio",
    "rule",
    "bodies",
    "target_document",
    "target_source",
    "target_line_start",
    "target_line_end",
    "target_quote",
    "outcome_period",
    "outcome_document",
    "outcome_source",
    "outcome_line_start",
    "outcome_line_end",
    "outcome_quote",
    "assessment",
]


def ledger_rows(answer) -> list[list[Any]]:
    out = []
    for r in answer.rows:
        t, o = r.target, r.outcome
        out.append(
            [
                r.indicator,
                r.indicator_label,
                r.district,
                r.period,
                r.status,
                t.value,
                o.value if o else None,
                r.unit,
                r.margin,
                r.ratio,
                r.rule,
                "、".join(b.label for b in r.bodies),
                t.document,
                t.source,
                t.line_start,
                t.line_end,
                t.quote,
                o.period if o else None,
                o.document if o else None,
                o.source if o else None,
                o.line_start if o else None,
                o.line_end if o else None,
                o.quote if o else None,
                r.assessment,
            ]
        )
    return out


# --- flags -------------------------------------------------------------------------------------------


def flags_text(flags) -> str:
    if not flags:
        return "Nothing to flag."
    counts: dict[str, int] = {}
    for f in flags:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    lines = [f"{len(flags)} flags: " + ", ".join(f"{n} {k}" for k, n in counts.items())]
    kind = None
    for f in flags:
        if f.kind != kind:
            kind = f.kind
            lines += ["", f"{kind} ({counts[kind]})"]
        lines.append(f"  {f.label}: {f.reason}")
        for c in f.citations:
            lines.append(f"    [{c.source}:{span(c.line_start, c.line_end)}] “{_cut(c.quote, 70)}”")
    return "\n".join(lines)


FLAGS_HEADER = ["kind", "label", "reason", "district", "subject", "source", "line_start", "line_end", "quote"]


def flags_rows(flags) -> list[list[Any]]:
    """One row per flag and citation (a flag without a citation once, with empty citation cells)."""
    return [
        [f.kind, f.label, f.reason, f.district, f.subject, c.source, c.line_start, c.line_end, c.quote]
        if c
        else [f.kind, f.label, f.reason, f.district, f.subject, None, None, None, None]
        for f in flags
        for c in (f.citations or [None])
    ]


def ledger_sheets(answer, flags) -> list:
    """The ledger as a workbook: by indicator, by body, and the flags, citations in their own columns."""
    from .workbook import Sheet

    by_body = [[label, *row] for label, rows in answer.by_body().items() for row in ledger_rows(type(answer)(rows, {}))]
    quotes = ("target_quote", "outcome_quote", "rule")
    return [
        Sheet("by indicator", LEDGER_HEADER, ledger_rows(answer), wrap=quotes, status_column="status"),
        Sheet("by body", ["body", *LEDGER_HEADER], by_body, wrap=quotes, status_column="status"),
        Sheet("flags", FLAGS_HEADER, flags_rows(flags), wrap=("reason", "quote")),
    ]
