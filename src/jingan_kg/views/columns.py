"""The fixed column layout of a view (the responsibility view: bodies → measures → industries):
positions computed in Python, so the page needs no physics and is byte-stable; labels spaced so
that none overlaps at the first frame."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of a fixed layout (`render_html(columns=...)`): its title and its node ids.

    A `fixed` column keeps the order of `ids` top to bottom, in sections: `headings` maps the
    first id of a section to the heading drawn above it. A free column is ordered by the mean
    height of each node's neighbours in the columns placed before it (a barycentre pass, so
    that links cross little; the order of `ids` breaks ties), and each node is drawn as near
    that height as the nodes around it allow. A label wider than `em` font sizes is shortened
    on the canvas (the card keeps it whole).
    """

    title: str
    ids: tuple[str, ...]
    fixed: bool = False
    headings: tuple[tuple[str, str], ...] = ()
    em: float = 16.0


COLUMNS = {
    "font": 14,  # the label size of every node
    "margin": 4,  # a box's padding around its label
    "radius": 3,  # a box's corner radius (vis-network's bounding box of a box grows by it)
    "gap": 8,  # between two boxes of a column
    "columnGap": 130,  # between two columns, for the links
    "titleSize": 15,  # the column titles, in a band above the columns
    "titleHeight": 34,
    "headingSize": 12,  # a section's heading (one line, or more split by "\n"), above its first node
    "headingLine": 16,
    "headingPad": 8,
    "sectionGap": 14,  # before every section but the first
    "readable": 13,  # the smallest label size (CSS px) the first view shows, unless the columns are too wide
    "dim": 0.15,  # the opacity of what a highlighted node is not linked to
}

_NARROW = frozenset(" il.,:;|!'`()[]{}")
_WIDE = frozenset("MWmw@%")


def _em(ch: str) -> float:
    """A character's width in font sizes, estimated on the safe side for the CJK sans fonts of FONT_STACK."""
    if unicodedata.east_asian_width(ch) in "WFA":
        return 1.0
    if ch in _NARROW:
        return 0.34
    if ch in _WIDE:
        return 0.92
    return 0.7 if ch.isupper() else 0.58


def text_width(text: str, size: float) -> float:
    """The estimated drawn width of one line of `text` at font size `size` (at least the real width)."""
    return size * sum(_em(ch) for ch in text)


def shorten(text: str, size: float, width: float) -> str:
    """`text` if it fits in `width`, else as many of its first characters as fit with "…" after them."""
    if text_width(text, size) <= width:
        return text
    kept, used, room = [], 0.0, width - text_width("…", size)
    for ch in text:
        used += size * _em(ch)
        if used > room:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


def _mix(color: str, t: float) -> str:
    """`color` (#rrggbb) mixed with white: t = 0 is the colour, 1 is white."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * t):02x}" for c in rgb)


def _median(values: list[float]) -> float:
    """The median of sorted `values` (the mean of the middle two when their number is even)."""
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _stack(ids: Sequence[str], height: dict[str, float], top: float, headings: dict[str, str]):
    """A fixed column's centres top to bottom from `top`, a heading above each section: (ys, [(y, heading)])."""
    c = COLUMNS
    ys: dict[str, float] = {}
    drawn: list[tuple[float, str]] = []
    y = top
    for i, n in enumerate(ids):
        if n in headings:
            y += c["sectionGap"] if i else 0
            for line in headings[n].split("\n"):
                drawn.append((y + c["headingLine"] / 2, line))
                y += c["headingLine"]
            y += c["headingPad"]
        ys[n] = y + height[n] / 2
        y += height[n] + c["gap"]
    return ys, drawn


def _spread(ids: Sequence[str], wanted: dict[str, float], height: dict[str, float], top: float) -> dict[str, float]:
    """Centres as near `wanted` as the order of `ids` and the gaps allow, none above `top`.

    Least squares under the order and gap constraints, by pooling adjacent violators: a run of
    nodes that would overlap moves as one block, centred on the mean of what its nodes want.
    """
    gap = COLUMNS["gap"]
    blocks: list[tuple[list[str], list[float], float]] = []  # (nodes, offsets from the first, first's centre)
    for n in ids:
        members, offsets, at = [n], [0.0], wanted[n]
        while blocks:
            prev, prev_offsets, prev_at = blocks[-1]
            step = prev_offsets[-1] + (height[prev[-1]] + height[members[0]]) / 2 + gap
            if prev_at + step <= at:
                break
            blocks.pop()
            members, offsets = prev + members, prev_offsets + [o + step for o in offsets]
            at = sum(wanted[m] - o for m, o in zip(members, offsets)) / len(members)
        blocks.append((members, offsets, at))
    ys: dict[str, float] = {}
    floor = top
    for members, offsets, at in blocks:
        at = max(at, floor + height[members[0]] / 2)
        for m, o in zip(members, offsets):
            ys[m] = at + o
        floor = ys[members[-1]] + height[members[-1]] / 2 + gap
    return ys


def _place_columns(nodes: list[dict], edges: list[dict], columns: Sequence[Column]) -> dict:
    """Give every node dict a fixed position (x, y; yEn with English names on) and box styling in
    its column; returns the page's `layout` (column titles, section headings, bounds per mode)."""
    c = COLUMNS
    by_id = {n["id"]: n for n in nodes}
    column_of: dict[str, int] = {}
    for i, col in enumerate(columns):
        for n in col.ids:
            if n not in by_id:
                raise ValueError(f"column {col.title!r} lists {n!r}, which is not a node")
            if n in column_of:
                raise ValueError(f"node {n!r} is in two columns")
            column_of[n] = i
    if missing := sorted(set(by_id) - set(column_of)):
        raise ValueError(f"node {missing[0]!r} is in no column")
    if not any(col.fixed for col in columns):
        raise ValueError("a columns layout needs a fixed column to start from")
    neighbours: dict[str, list[str]] = {n: [] for n in by_id}
    for e in edges:
        neighbours[e["from"]].append(e["to"])
        neighbours[e["to"]].append(e["from"])

    font, pad = c["font"], c["margin"]
    widths, lefts, left = [], [], 0.0
    for col in columns:
        inner = max([text_width(by_id[n]["label"], font) for n in col.ids] or [font])
        widths.append(math.ceil(min(inner, col.em * font)))
        lefts.append(left)
        left += widths[-1] + 2 * pad + c["columnGap"]
    right = lefts[-1] + widths[-1] + 2 * pad

    # The order of the free columns, nearest the fixed ones first, from Chinese-label heights.
    order = [list(col.ids) for col in columns]
    placed = {i for i, col in enumerate(columns) if col.fixed}
    free = sorted(
        (i for i in range(len(columns)) if i not in placed), key=lambda i: (min(abs(i - j) for j in placed), i)
    )

    def place(lines: dict[str, int], sort: bool) -> tuple[dict[str, float], list[tuple[int, float, str]]]:
        height = {n: lines[n] * font + 2 * pad for n in by_id}
        top = c["titleHeight"]
        ys: dict[str, float] = {}
        heads: list[tuple[int, float, str]] = []
        for i in sorted(placed):
            got, drawn = _stack(order[i], height, top, dict(columns[i].headings))
            ys.update(got)
            heads += [(i, y, text) for y, text in drawn]
        done = set(placed)
        for i in free:
            bottom = max(ys.values()) if ys else top
            wanted = {}
            for n in order[i]:
                near = sorted(ys[m] for m in neighbours[n] if column_of[m] in done)
                wanted[n] = _median(near) if near else bottom
            if sort:  # order the column once (in the first mode), by where its nodes want to be
                rank = {n: k for k, n in enumerate(order[i])}
                order[i].sort(key=lambda n: (wanted[n], rank[n]))
            ys.update(_spread(order[i], wanted, height, top))
            done.add(i)
        return ys, heads

    zh = dict.fromkeys(by_id, 1)
    en = {n: 2 if by_id[n].get("labelEn") else 1 for n in by_id}
    modes = {}
    for name, lines in (("zh", zh), ("en", en)):
        ys, heads = place(lines, sort=name == "zh")
        for n, y in ys.items():
            by_id[n]["y" if name == "zh" else "yEn"] = round(y, 1)
        bottom = max([ys[n] + (lines[n] * font + 2 * pad) / 2 for n in ys] + [c["titleHeight"]])
        modes[name] = {
            "headings": [
                {
                    "x": lefts[i],
                    "y": round(y, 1),
                    # over the box and into the gap after it (where the links start lower down)
                    "text": shorten(text, c["headingSize"], widths[i] + 2 * pad + 0.6 * c["columnGap"]),
                    "size": c["headingSize"],
                    "align": "left",
                    "bold": False,
                }
                for i, y, text in heads
            ],
            "bounds": {"left": 0, "right": round(right, 1), "top": 0, "bottom": round(bottom, 1)},
        }
    for i, col in enumerate(columns):
        for n in col.ids:
            node, inner = by_id[n], widths[i]
            node["x"] = round(lefts[i] + inner / 2 + pad, 1)
            node["column"] = i
            short = shorten(node["label"], font, inner)
            if short != node["label"]:
                node["short"] = short
            if node.get("labelEn"):
                short_en = shorten(node["labelEn"], font, inner)
                if short_en != node["labelEn"]:
                    node["shortEn"] = short_en
            color = node["color"]
            node.update(
                shape="box",
                margin=pad,
                borderWidth=1.5,
                shapeProperties={"borderRadius": c["radius"]},
                # the box's width is fixed; its label never wraps (it was shortened to fit)
                widthConstraint={"minimum": inner, "maximum": 2 * inner},
                font={"size": font, "align": "left", "color": "#222222"},
                color={
                    "background": _mix(color, 0.85),
                    "border": color,
                    "highlight": {"background": _mix(color, 0.6), "border": color},
                    "hover": {"background": _mix(color, 0.72), "border": color},
                },
            )
    for e in edges:
        color = by_id[e["from"]]["color"]["border"]
        e["color"] = {"color": color, "highlight": color, "hover": color, "opacity": 0.45, "inherit": False}
        e.pop("arrows", None)
    titles = [
        {
            "x": round(lefts[i] + widths[i] / 2 + pad, 1),
            "y": c["titleHeight"] / 2 - 4,
            "text": shorten(col.title, c["titleSize"], widths[i] + 2 * pad + c["columnGap"] * 0.8),
            "size": c["titleSize"],
            "align": "center",
            "bold": True,
        }
        for i, col in enumerate(columns)
    ]
    return {"titles": titles, **modes, "font": font, "readable": c["readable"], "dim": c["dim"]}


def _columns_options(options: dict) -> dict:
    """vis-network options for a fixed layout: no physics, links as horizontal curves, the wheel scrolls."""
    options = dict(options)
    options["physics"] = {"enabled": False}
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    options["interaction"] = {**options["interaction"], "dragNodes": False, "zoomView": False}
    options["edges"] = {
        **options["edges"],
        "smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.5},
        "arrows": {"to": {"enabled": False}},  # the columns give the direction, left to right
        "selectionWidth": 1.5,
    }
    return options
