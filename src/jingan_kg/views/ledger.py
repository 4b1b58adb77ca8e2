"""The ledger view: the supervision ledger (督办台账) as an offline page, indicators × periods.

One row per indicator (and district), one column per period (single years first, then the
multi-year periods), one cell per (indicator, district, period) holding the targets judged there
(`query.ledger`). A cell is coloured by its status and also says it — a symbol and the status
word (✓ met, ✗ not met, … pending, ! overdue, ? not comparable) — so the grid reads without
colour; the legend explains both. Several targets in one cell (a target stated twice) show the
worst status (`WORST_FIRST`) and the cell's card lists each: target, outcome, margin, rule,
bodies and both sentences (document, source:line, quote). Cells are buttons: focusable, opened
with a click, Enter or Space, and the arrow keys move between them.

Filters: the statuses (checkboxes; a cell shows the worst of its targets still ticked and hides
when none is), a text box over the indicators' names, and the districts when the page holds
several. The grid is rendered by Jinja (autoescaped); the cards are built by the page's script
from a JSON block with `<`, `>` and `&` escaped, as text only (textContent). Same graph, same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..query.districts import District
from ..query.ledger import LedgerAnswer, LedgerRow, Statement, ledger
from ..query.workbook import STATUS_COLOURS, STATUS_TEXT_COLOURS
from ..store.base import Store as GraphStore
from .html import FONT_STACK, Page, _district_filter, _safe, _template, script_safe_json

__all__ = [
    "STATUSES",
    "WORST_FIRST",
    "LedgerCell",
    "LedgerStatus",
    "ledger_cells",
    "ledger_view",
    "period_key",
    "render_ledger",
    "worst",
]


@dataclass(frozen=True)
class LedgerStatus:
    """How a status is shown: its word (as the ledger writes it), symbol, Chinese word, meaning, colours."""

    key: str
    symbol: str
    zh: str
    meaning: str
    fill: str
    ink: str

    @property
    def slug(self) -> str:
        return self.key.replace(" ", "-")


STATUSES: tuple[LedgerStatus, ...] = tuple(
    LedgerStatus(key, symbol, zh, meaning, STATUS_COLOURS[key], STATUS_TEXT_COLOURS[key])
    for key, symbol, zh, meaning in (
        ("met", "✓", "达标", "the outcome reaches the target"),
        ("not met", "✗", "未达标", "the outcome misses the target"),
        ("pending", "…", "待考核", "no outcome yet, and the period is not over"),
        ("overdue", "!", "逾期未报", "the period is over and no document reports an outcome"),
        ("not comparable", "?", "不可比", "target and outcome cannot be compared (no number, or other units)"),
    )
)
_BY_KEY = {s.key: s for s in STATUSES}
# A cell of several targets shows the first of these among them: a known miss before a missing
# report, before a judgement that cannot be made, before one not due yet, before a target met.
WORST_FIRST: tuple[str, ...] = ("not met", "overdue", "not comparable", "pending", "met")

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
GROUPS = ("年度 single year", "多年期 multi-year period", "其他 other period")  # by period_key(p)[0]


def period_key(period: str) -> tuple:
    """Columns in order: single years, then multi-year periods (by first, then last year), then the rest."""
    m = _PERIOD.match(period)
    if not m:
        return (2, 0, 0, period)
    start, end = int(m.group(1)), int(m.group(2) or m.group(1))
    return (0 if start == end else 1, start, end, period)


def worst(statuses) -> str:
    """The worst of some statuses (`WORST_FIRST`)."""
    present = set(statuses)
    for s in WORST_FIRST:
        if s in present:
            return s
    raise ValueError(f"no known status among {sorted(present)!r}")


@dataclass(frozen=True)
class LedgerCell:
    """The targets of one indicator, district and period, in the ledger's order."""

    indicator: str
    label: str
    district: str | None
    period: str
    rows: tuple[LedgerRow, ...]

    @property
    def status(self) -> str:
        return worst(r.status for r in self.rows)


def ledger_cells(rows: list[LedgerRow]) -> list[LedgerCell]:
    """Group the ledger's rows into cells, ordered by district, indicator label, IRI and period."""
    groups: dict[tuple[str, str, str], list[LedgerRow]] = {}
    for r in rows:
        groups.setdefault((r.district or "", r.indicator, r.period), []).append(r)
    cells = []
    for (district, indicator, period), members in groups.items():
        members.sort(key=lambda r: (r.target.source, r.target.line_start, r.target.line_end, r.assessment))
        cells.append(LedgerCell(indicator, members[0].indicator_label, district or None, period, tuple(members)))
    cells.sort(key=lambda c: (c.district or "", c.label, c.indicator, period_key(c.period)))
    return cells


# --- what the page shows -------------------------------------------------------------------------


def _lines(start: int, end: int) -> str:
    return f"{start}" if start == end else f"{start}-{end}"


def _signed(number: str) -> str:
    """A number with its sign, a true minus for a negative one (−120, +3.52, 0)."""
    if number.startswith("-"):
        return "\u2212" + number[1:]
    return number if number.strip("0.") == "" else "+" + number


def margin_text(row: LedgerRow) -> str | None:
    """The margin as read: −120亿元 (−7.5%); none when the outcome is not compared."""
    if row.margin is None:
        return None
    pct = ""
    if row.ratio is not None:
        pct = f" ({_signed(f'{float(row.ratio) * 100:.1f}')}%)"
    return f"{_signed(row.margin)}{row.unit or ''}{pct}"


def _statement(s: Statement | None) -> dict | None:
    if s is None:
        return None
    return {
        "value": s.value,
        "period": s.period,
        "document": s.document,
        "identifier": s.identifier,
        "source": f"{s.source}:{_lines(s.line_start, s.line_end)}",
        "quote": s.quote,
    }


def _row(r: LedgerRow) -> dict:
    return {
        "assessment": r.assessment,
        "status": r.status,
        "target": _statement(r.target),
        "outcome": _statement(r.outcome),
        "unit": r.unit,
        "margin": margin_text(r),
        "rule": r.rule,
        "bodies": [{"label": b.label, "how": b.how} for b in r.bodies],
    }


def cell_title(cell: LedgerCell, status: str, count: int, several: bool = False) -> str:
    """What a cell says to a pointer's tooltip and a screen reader: indicator (and district when the
    page holds several), period, status."""
    s = _BY_KEY[status]
    where = f"{cell.label}（{cell.district}）" if several and cell.district else cell.label
    more = f" ({count} targets)" if count > 1 else ""
    return f"{where} · {cell.period}: {s.symbol} {s.key} {s.zh}{more}"


def grid_rows(lines: list[dict], periods: list[dict], several: bool) -> str:
    """The grid's rows as HTML, every text escaped as the template would (`{{ }}` with autoescape):
    written here, as one join, because Jinja takes ten times as long for the 2,000 cells at 1x.

    Each row is `\n<tr>`: its indicator (and district when the page holds several), then one
    cell per period, a button when targets are judged there."""
    from markupsafe import escape

    starts = [' class="starts"' if p["starts"] else "" for p in periods]
    out: list[str] = []
    for line in lines:
        district = f' data-district="{escape(line["district"])}"' if line["district"] else ""
        label = escape(line["label"])
        out.append(
            f'\n<tr id="{escape(line["id"])}" data-label="{label}"{district}><th scope="row" class="ind">{label}'
        )
        if several:
            out.append(f'<small class="district">{escape(line["district"])}</small>')
        out.append("</th>")
        for j, c in enumerate(line["cells"]):
            if not c:
                out.append(f"<td{starts[j]}></td>")
                continue
            s, title = c["status"], escape(c["title"])
            more = f'<span class="n">×{c["count"]}</span>' if c["count"] > 1 else ""
            out.append(
                f'<td{starts[j]}><button type="button" class="cell s-{escape(s.slug)}" data-cell="{c["index"]}" '
                f'data-status="{escape(s.key)}" title="{title}" aria-label="{title}" aria-controls="card-pane">'
                f'<span class="sym" aria-hidden="true">{escape(s.symbol)}</span><span class="word">{escape(s.key)}</span>'
                f"{more}</button></td>"
            )
        out.append("</tr>")
    return "".join(out)


def _place(answer: LedgerAnswer, district: District | None) -> str:
    """Whose ledger it is, for the title: the district asked, the one district, or the list."""
    if district is not None:
        return district.label
    names = sorted({r.district for r in answer.rows if r.district})
    if not names:
        return "上海市"
    return "、".join(names) if len(names) <= 3 else f"上海市{len(names)}区"


def render_ledger(answer: LedgerAnswer, *, title: str, view: str = "ledger") -> Page:
    """The ledger page of `answer` (one page; same answer, same bytes)."""
    cells = ledger_cells(answer.rows)
    periods = sorted({c.period for c in cells}, key=period_key)
    column = {p: i for i, p in enumerate(periods)}
    several = len({c.district for c in cells if c.district}) > 1
    lines: list[dict] = []
    payload_cells: list[dict] = []
    for i, c in enumerate(cells):
        if not lines or (lines[-1]["indicator"], lines[-1]["district"]) != (c.indicator, c.district):
            lines.append(
                {
                    "indicator": c.indicator,
                    "label": c.label,
                    "district": c.district,
                    "cells": [None] * len(periods),
                }
            )
        status = c.status
        lines[-1]["cells"][column[c.period]] = {
            "index": i,
            "status": _BY_KEY[status],
            "count": len(c.rows),
            "title": cell_title(c, status, len(c.rows), several),
        }
        payload_cells.append(
            {
                "indicator": c.indicator,
                "label": c.label,
                "district": c.district,
                "period": c.period,
                "rows": [_row(r) for r in c.rows],
            }
        )
    for n, line in enumerate(lines):
        line["id"] = f"i{n}"
    statuses = [(s, answer.counts.get(s.key, 0)) for s in STATUSES]
    counts = ", ".join(f"{n} {s.key}" for s, n in statuses if n)
    subtitle = (
        f"{len(answer.rows)} targets judged: {counts} · {len(lines)} indicators × {len(periods)} periods"
        if answer.rows
        else "no target judged"
    )
    payload = {
        "view": view,
        "several": several,
        "statuses": [
            {"key": s.key, "slug": s.slug, "symbol": s.symbol, "zh": s.zh, "fill": s.fill, "ink": s.ink}
            for s in STATUSES
        ],
        "worst": list(WORST_FIRST),
        "cells": payload_cells,
    }
    columns = [
        {
            "label": p,
            "group": GROUPS[period_key(p)[0]],
            "starts": i > 0 and period_key(periods[i - 1])[0] != period_key(p)[0],
        }
        for i, p in enumerate(periods)
    ]
    html = _template("ledger.html").render(
        title=title,
        subtitle=subtitle,
        view=view,
        font_stack=_safe(FONT_STACK),  # a constant; goes into <style>, where entities don't work
        statuses=statuses,
        periods=columns,
        lines=lines,
        grid_rows=_safe(grid_rows(lines, columns, several)),
        several=several,
        districts=_district_filter(line["district"] for line in lines if line["district"]),
        ledger_json=_safe(script_safe_json(payload)),
    )
    return Page(
        html, {"indicators": len(lines), "periods": len(periods), "cells": len(cells), "targets": len(answer.rows)}
    )


def ledger_view(store: GraphStore, district: District | None = None) -> Page:
    """The supervision ledger of the graph (of `district` if asked) as a grid of indicators × periods."""
    answer = ledger(store, district=district)
    return render_ledger(answer, title=f"{_place(answer, district)} 督办台账 Supervision ledger")
