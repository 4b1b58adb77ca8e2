"""Formatting answers for people (table) and for scripts (json, csv); no logic about the graph."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import asdict, is_dataclass
from typing import Any


def to_json(answer: Any) -> str:
    data = asdict(answer) if is_dataclass(answer) else answer
    if isinstance(answer, list):
        data = [asdict(a) if is_dataclass(a) else a for a in answer]
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def to_csv(header: list[str], rows: list[list[Any]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue().rstrip("\n")


def width(text: str) -> int:
    """Display width: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(cols - width(text), 0)


def table(header: list[str], rows: list[list[Any]], limit: int = 60) -> str:
    """A plain-text table aligned for CJK text; long cells cut at `limit` columns with …."""
    cells = [[_cut("" if v is None else str(v), limit) for v in row] for row in [header, *rows]]
    widths = [max(width(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cut(text: str, limit: int) -> str:
    text = text.replace("\n", " ").replace("\t", " ")
    if width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


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
    if clause and hit:  # mark the sentences left out between the hit and the clause
        return f"{hit}…{clause}" if len(body) > 1 else f"{hit}{clause}"
    return hit or clause


def who_text(answer) -> str:
    """Bodies, then per document the nodes that make each responsible, each with a citation."""
    n_b, n_c = len(answer.bodies), answer.citation_count
    plural = lambda n, one, many: one if n == 1 else many
    if answer.mode == "body":
        b = answer.bodies[0]
        if not b.citations:
            return (
                f"{b.label} is named as responsible in no measure, holds no project and manages no area.\n"
                f"See `jingan-kg show {b.label}` for everything the graph says about it."
            )
        kinds: dict[str, int] = {}
        for c in b.citations:
            kinds[c.relation] = kinds.get(c.relation, 0) + 1
        if set(kinds) == {"responsible for"}:
            head = f"{b.label} is responsible for {b.total} {plural(b.total, 'measure', 'measures')}"
        else:
            phrases = {
                "responsible for": ("responsible for 1 measure", "responsible for {n} measures"),
                "a project lies in it": ("1 project lies in it", "{n} projects lie in it"),
                "manages the area": ("manages 1 area", "manages {n} areas"),
            }
            head = f"{b.label}: " + "; ".join(
                phrases.get(r, (f"1 × {r}", f"{{n}} × {r}"))[n != 1].format(n=n) for r, n in kinds.items()
            )
    else:
        what = "、".join(answer.matched[:3]) + ("…" if len(answer.matched) > 3 else "")
        head = (
            f"{answer.query} ({answer.mode}: {what}): {n_b} {plural(n_b, 'body', 'bodies')}, "
            f"{n_c} {plural(n_c, 'citation', 'citations')}"
        )
        if len(answer.districts) > 1:
            head += f", in {len(answer.districts)} districts ({'、'.join(answer.districts)})"
    if not answer.bodies or not any(b.citations for b in answer.bodies):
        return head + "\n\nNo responsible body is recorded for it in the graph."
    lines = [head]
    for b in answer.bodies:
        names = " / ".join(x for x in [b.label_en, "、".join(b.aliases)] if x)
        flag = "  [unresolved name]" if b.unresolved else ""
        if len(answer.districts) > 1:
            flag += f"  [{b.district or 'no district'}]"
        lines += ["", f"{b.label}" + (f" ({names})" if names else "") + flag]
        document = relation = None
        for c in b.citations:
            if c.relation != relation and (c.relation != "responsible for" or relation is not None):
                relation = c.relation
                lines.append(f"  ({c.relation})")
            if c.document != document:
                document = c.document
                lines.append(f"  {c.document}" + (f"（{c.identifier}）" if c.identifier else ""))
            number = f"{c.ordinal}. " if c.ordinal is not None else ""
            lines.append(f"    {number}{c.title}  [{c.source}:{span(c.line_start, c.line_end)}]")
            lines.append(f"       “{sentence(c.quote, answer.query)}”")
        if b.total > len(b.citations):
            lines.append(f"  … and {b.total - len(b.citations)} more (--limit 0 lists all)")
    return "\n".join(lines)


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
            c.relation,
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


def card_text(card, per_predicate: int = 15) -> str:
    lines = [f"{card.label}  ({card.kind})", f"  {card.iri}", f"  types: {', '.join(card.types)}", ""]
    lines += [f"  {r.predicate:<18} {r.value}" for r in card.labels]
    for title, rels, arrow in (("out", card.outgoing, "→"), ("in", card.incoming, "←")):
        if not rels:
            continue
        lines += ["", f"relations {title} ({len(rels)})"]
        by: dict[str, list] = {}
        for r in rels:
            by.setdefault(r.predicate, []).append(r)
        for pred, group in by.items():
            for r in group[:per_predicate]:
                shown = f"{r.label}  <{r.value}>" if r.is_iri and r.label else r.value
                lines.append(f"  {arrow} {pred:<22} {_cut(shown, 90)}")
            if len(group) > per_predicate:
                lines.append(f"  {arrow} {pred:<22} … and {len(group) - per_predicate} more (--format json lists all)")
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
