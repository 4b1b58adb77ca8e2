"""The ledger view (views/ledger.py, templates/ledger.html): the supervision ledger as a grid of
indicators × periods, each cell saying its status by colour, symbol and word, with a card per cell.

Unit tests read the page's HTML and its JSON block; the browser tests open it from disk in
Chromium and Firefox ESR with the network blocked (tests/browser_helpers.py, as tests/test_browser.py
does) and skip when a browser is missing (fail under CI). Expected values are read from the cited
lines: plan-report-2022-execution-2023-draft.txt:23 (社会消费品零售总额 1600 亿元, 1480 亿元) and :35.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jingan_kg.query.districts import find_district
from jingan_kg.query.ledger import LedgerAnswer, LedgerBody, LedgerRow, Statement, ledger
from jingan_kg.views import ledger as L
from jingan_kg.views.html import write_html

from . import browser_helpers as bh
from .conftest import ROOT

SCREENSHOTS = ROOT / "exports" / "screenshots"
RETAIL, REPORT_2022 = "社会消费品零售总额", "plan-report-2022-execution-2023-draft.txt"
WORDS = {"met": "✓", "not met": "✗", "pending": "…", "overdue": "!", "not comparable": "?"}

# A plan report whose table carries markup: an indicator's name, an outcome and the quotes.
XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = "<img src=x onerror=window.__xss=2>"
EVIL_INDICATOR = f"A&B{XSS_IMG}企业数"
EVIL_REPORT = f"""关于静安区2027年国民经济和社会发展计划执行情况与2028年国民经济和社会发展计划草案的报告

——2028年1月5日在静安区第三届人民代表大会第五次会议上

静安区发展和改革委员会

一、2027年国民经济和社会发展计划执行情况

表1 2027年国民经济和社会发展计划主要指标完成情况

指标名称	全年预期目标	完成情况
社会消费品零售总额	1800 亿元	1790 亿元 {XSS_SCRIPT}
{EVIL_INDICATOR}	30 家	31 家 </td>"引号"

二、2028年国民经济和社会发展计划草案

表2 2028年国民经济和社会发展计划主要指标

指标名称	2028年预期目标
社会消费品零售总额	1900 亿元
"""


# --- reading a page --------------------------------------------------------------------------------


def payload(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="ledger-data">(.*?)</script>', html, re.S)
    assert m, "no ledger-data block"
    return json.loads(m.group(1))


class Grid(HTMLParser):
    """The page's cell buttons (attributes and text), legend entries, rows and every tag."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.buttons: list[dict] = []
        self.legend: list[str] = []
        self.rows: list[dict] = []
        self._in: list[tuple[str, list[str]]] = []  # open elements we collect the text of
        self._section = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "section":
            self._section = attrs.get("id")
        if tag == "tr" and "data-label" in attrs:
            self.rows.append(attrs)
        if tag == "button" and "cell" in (attrs.get("class") or "").split():
            self.buttons.append(dict(attrs, text=""))
            self._in.append(("button", []))
        elif tag == "li" and self._section == "legend":
            self._in.append(("li", []))

    def handle_endtag(self, tag):
        if self._in and self._in[-1][0] == tag:
            kind, parts = self._in.pop()
            if kind == "button":
                self.buttons[-1]["text"] = "".join(parts)
            else:  # the legend's parts, one space apart
                self.legend.append(" ".join(" ".join(parts).split()))

    def handle_data(self, data):
        for _, parts in self._in:
            parts.append(data)


def cell_of(data: dict, label: str, period: str) -> int:
    [i] = [i for i, c in enumerate(data["cells"]) if c["label"] == label and c["period"] == period]
    return i


def _statement(value, period="2027", source="a.txt", line=1, quote="q", document="doc"):
    return Statement(f"urn:x:{value}:{line}", value, period, document, None, source, line, line, quote)


def _row(label, period, status, line=1, outcome=None, **kw) -> LedgerRow:
    return LedgerRow(
        assessment=f"urn:a:{label}:{period}:{line}",
        indicator=f"urn:i:{label}",
        indicator_label=label,
        district=kw.get("district", "静安区"),
        period=period,
        status=status,
        target=_statement(kw.get("target", "10亿元"), period, line=line, quote=kw.get("quote", "q")),
        outcome=outcome,
        unit=kw.get("unit", "亿元"),
        margin=kw.get("margin"),
        ratio=kw.get("ratio"),
        rule=kw.get("rule", "rule"),
        bodies=kw.get("bodies", []),
    )


def answer(rows: list[LedgerRow]) -> LedgerAnswer:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return LedgerAnswer(rows, counts)


# --- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(store) -> str:
    """The ledger page of the real sources."""
    return L.ledger_view(store)


@pytest.fixture(scope="module")
def page_file(page, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ledger") / "ledger.html"
    write_html(path, page)
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A graph of the hostile plan report (静安区) and the synthetic 徐汇 plan report: (store, its page)."""
    from jingan_kg.pipeline.build import BuildConfig, build
    from jingan_kg.store.embedded import GraphStore

    src = tmp_path_factory.mktemp("ledger-src")
    (src / "jingan-2027-plan-report.txt").write_text(EVIL_REPORT, encoding="utf-8")
    (src / "xuhui-plan-report.txt").write_bytes((ROOT / "tests/fixtures/synthetic/xuhui-plan-report.txt").read_bytes())
    out = tmp_path_factory.mktemp("ledger-out")
    build(BuildConfig(sources=src, out=out))
    store = GraphStore.open(out / "store")
    path = out / "ledger.html"
    write_html(path, L.ledger_view(store))
    return store, path


# --- cells -----------------------------------------------------------------------------------------


def test_periods_are_years_then_multi_year_then_the_rest():
    periods = ["2026-2030", "2022", "2021-H1", "2021-2025", "2023", "2023-2025"]
    assert sorted(periods, key=L.period_key) == ["2022", "2023", "2021-2025", "2023-2025", "2026-2030", "2021-H1"]


def test_the_worst_status_first():
    assert L.worst(["met", "pending"]) == "pending"
    assert L.worst(["met", "not comparable"]) == "not comparable"
    assert L.worst(["pending", "overdue", "met"]) == "overdue"
    assert L.worst(["overdue", "not met"]) == "not met"
    assert sorted(L.WORST_FIRST) == sorted(s.key for s in L.STATUSES)
    with pytest.raises(ValueError):
        L.worst([])


def test_rows_of_one_cell_show_the_worst_and_the_card_lists_each():
    rows = [
        _row("指标A", "2025", "met", line=3),
        _row("指标A", "2025", "not comparable", line=7),  # the same target stated twice
        _row("指标A", "2026", "pending", line=9),
        _row("指标B", "2021-2025", "overdue", line=2),
    ]
    cells = L.ledger_cells(rows)
    assert [(c.label, c.period, c.status, len(c.rows)) for c in cells] == [
        ("指标A", "2025", "not comparable", 2),
        ("指标A", "2026", "pending", 1),
        ("指标B", "2021-2025", "overdue", 1),
    ]
    html = L.render_ledger(answer(rows), title="t")
    grid, data = Grid(html), payload(html)
    assert html.counts == {"indicators": 2, "periods": 3, "cells": 3, "targets": 4}
    by_cell = {int(b["data-cell"]): b for b in grid.buttons}
    twice = by_cell[cell_of(data, "指标A", "2025")]
    assert twice["data-status"] == "not comparable" and twice["text"] == "?not comparable×2"
    assert twice["title"] == "指标A · 2025: ? not comparable 不可比 (2 targets)" == twice["aria-label"]
    listed = data["cells"][int(twice["data-cell"])]["rows"]
    assert [(r["status"], r["target"]["source"]) for r in listed] == [("met", "a.txt:3"), ("not comparable", "a.txt:7")]
    # the columns: the years, then the multi-year period after a bold line
    heads = [a for t, a in grid.tags if t == "th" and "period" in (a.get("class") or "")]
    assert [a.get("class") for a in heads] == ["period", "period", "period starts"]


def test_every_target_is_in_exactly_one_cell(page, store):
    rows = ledger(store).rows
    data, grid = payload(page), Grid(page)
    listed = sorted(r["assessment"] for c in data["cells"] for r in c["rows"])
    assert listed == sorted(r.assessment for r in rows) and len(listed) == len(set(listed))
    assert sorted(int(b["data-cell"]) for b in grid.buttons) == list(range(len(data["cells"])))
    assert len({(c["indicator"], c["district"], c["period"]) for c in data["cells"]}) == len(data["cells"])
    assert page.counts["targets"] == len(rows) and page.counts["cells"] == len(data["cells"])
    assert len(grid.rows) == page.counts["indicators"] == len({(r.indicator, r.district) for r in rows})


def test_each_cell_says_its_status_in_words_and_a_symbol(page):
    grid = Grid(page)
    assert grid.buttons
    for b in grid.buttons:
        status = b["data-status"]
        assert b["text"].startswith(WORDS[status] + status), b
        assert f"{WORDS[status]} {status} " in b["title"] and b["title"] == b["aria-label"], b
        assert f"s-{status.replace(' ', '-')}" in b["class"].split()
    assert {b["data-status"] for b in grid.buttons} == set(WORDS)


def test_the_legend_explains_colour_symbol_and_word(page, store):
    grid = Grid(page)
    counts = ledger(store).counts
    assert len(grid.legend) == 5
    for entry, s in zip(grid.legend, L.STATUSES):
        assert f"{s.symbol} {s.symbol} {s.key} {s.zh} {counts.get(s.key, 0)} {s.meaning}" == entry
    boxes = [a["data-status"] for t, a in grid.tags if t == "input" and "status-filter" in (a.get("class") or "")]
    assert boxes == list(WORDS)
    for s in L.STATUSES:  # the colour of each status, on its cells and its legend chip
        assert f".s-{s.slug} {{ background: {s.fill}; color: {s.ink}; }}" in page
    assert "颜色、符号和文字" in page and "colour, symbol and word" in page


def test_retail_sales_2022_is_not_met_with_both_sentences(page):
    data, grid = payload(page), Grid(page)
    i = cell_of(data, RETAIL, "2022")
    [button] = [b for b in grid.buttons if b["data-cell"] == str(i)]
    assert (button["data-status"], button["text"]) == ("not met", "✗not met")
    assert button["title"] == f"{RETAIL} · 2022: ✗ not met 未达标"
    [row] = data["cells"][i]["rows"]
    assert (row["status"], row["target"]["value"], row["outcome"]["value"]) == ("not met", "1600亿元", "1480亿元")
    assert row["margin"] == "\u2212120亿元 (\u22127.5%)"
    assert row["rule"] == "higher is better: met when the outcome is at least the target"
    assert row["target"]["source"] == f"{REPORT_2022}:23"
    assert row["target"]["quote"] == "社会消费品零售总额\t1600 亿元\t1480 亿元"
    assert row["outcome"]["source"] == f"{REPORT_2022}:35"
    assert row["outcome"]["quote"] == "全年实现社会消费品零售总额1480亿元，位列中心城区第一。"
    assert row["target"]["document"].startswith("关于静安区2022年国民经济和社会发展规划执行情况")
    assert row["bodies"] == [{"label": "静安区发展和改革委员会", "how": "states it"}]


def test_margins_read_with_their_sign():
    def m(margin, ratio, unit="亿元"):
        return L.margin_text(_row("x", "2022", "met", margin=margin, ratio=ratio, unit=unit))

    assert m("-120", "-0.075") == "\u2212120亿元 (\u22127.5%)"
    assert m("3.52", "0.0021") == "+3.52亿元 (+0.2%)"
    assert m("0", "0") == "0亿元 (0.0%)"
    assert m("-1.62", None, "%") == "\u22121.62%"
    assert m(None, None) is None


# --- the page --------------------------------------------------------------------------------------


def test_same_graph_same_bytes(page, store, built):
    assert L.ledger_view(store) == page
    code = (
        "import hashlib, sys; from pathlib import Path; from jingan_kg.views.ledger import ledger_view; "
        "from jingan_kg.store.embedded import GraphStore; "
        "print(hashlib.sha256(ledger_view(GraphStore.open(Path(sys.argv[1]))).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(built[1] / "store")], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == hashlib.sha256(page.encode()).hexdigest()


def test_the_page_is_offline_and_self_contained(page):
    grid = Grid(page)
    fetches = [(t, a) for t, a in grid.tags if a.get("src") or a.get("href") or a.get("srcset")]
    assert fetches == []
    assert "@import" not in page and "url(" not in page and "sourceMappingURL" not in page
    assert "vis-network" not in page and "<link" not in page
    assert '<meta charset="utf-8">' in page and '<body data-view="ledger">' in page
    assert page.count("<script") == 2 and page.count("</script>") == 2
    app = page[page.rindex("<script>") :]
    assert 'document.body.dataset.ready = "1"' in app and "textContent" in app
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "fetch(", "XMLHttpRequest"):
        assert sink not in app, sink
    assert "#panel" in page and 'id="details-card"' in page  # the shared shell and card (_base, _details)


def test_hostile_text_is_escaped_and_round_trips(monkeypatch):
    evil = f'{XSS_SCRIPT}"引号"</td>&amp;{XSS_IMG}\u2028'
    rows = [
        LedgerRow(
            assessment="urn:a:1",
            indicator="urn:i:1",
            indicator_label=f"指标{evil}",
            district=f"区{evil}",
            period="2024",
            status="not met",
            target=Statement(
                "urn:t", f"10{evil}", "2024", f"文件{evil}", f"号{evil}", f"{evil}.txt", 3, 4, f"引文{evil}"
            ),
            outcome=Statement("urn:o", f"9{evil}", "2024", "文件", None, "b.txt", 5, 5, f"实际{evil}"),
            unit=f"亿元{evil}",
            margin="-1",
            ratio="-0.1",
            rule=f"规则{evil}",
            bodies=[LedgerBody("urn:b", f"部门{evil}", "accountable")],
        ),
        _row("另一指标", "2024", "met", district="徐汇区"),
    ]
    monkeypatch.setattr(L, "ledger", lambda store, district=None: answer(rows))
    html = L.ledger_view(None)
    assert "<script>window" not in html and "<img" not in html and "</td>&amp;" not in html
    scripts = html[html.index("<script") :]  # in HTML text a line separator is harmless; in a script it is not
    assert "\u2028" not in scripts and "\u2029" not in scripts and "\\u2028" in scripts
    assert html.count("<script") == 2 and html.count("</script") == 2 and html.count("<td") == html.count("</td>")
    grid, data = Grid(html), payload(html)
    assert {r["data-label"] for r in grid.rows} == {f"指标{evil}", "另一指标"}
    [b] = [b for b in grid.buttons if b["data-status"] == "not met"]
    assert b["title"] == f"指标{evil}（区{evil}） · 2024: ✗ not met 未达标"  # two districts: each named
    [card] = [c for c in data["cells"] if c["label"] == f"指标{evil}"]
    row = card["rows"][0]
    assert (card["district"], row["rule"], row["target"]["quote"], row["outcome"]["quote"]) == (
        f"区{evil}",
        f"规则{evil}",
        f"引文{evil}",
        f"实际{evil}",
    )
    assert (row["target"]["document"], row["target"]["identifier"], row["target"]["source"]) == (
        f"文件{evil}",
        f"号{evil}",
        f"{evil}.txt:3-4",
    )
    assert row["bodies"] == [{"label": f"部门{evil}", "how": "accountable"}]
    assert f"区{evil}" in [a.get("data-district") for t, a in grid.tags if t == "input"]  # the district filter


def test_a_hostile_document_shows_as_text(small):
    _, path = small
    html = path.read_text(encoding="utf-8")
    assert "<script>window" not in html and "<img" not in html
    data = payload(html)
    labels = {c["label"] for c in data["cells"]}
    assert EVIL_INDICATOR in labels and "A&amp;B&lt;img src=x onerror=window.__xss=2&gt;企业数" in html
    quotes = [r["target"]["quote"] for c in data["cells"] for r in c["rows"]]
    assert any(XSS_SCRIPT in q for q in quotes) and any('</td>"引号"' in q for q in quotes)


def test_several_districts_get_a_district_filter_and_one_district_none(small, page):
    store, path = small
    html = path.read_text(encoding="utf-8")
    grid = Grid(html)
    districts = [a["data-district"] for t, a in grid.tags if t == "input" and "district-filter" in a.get("class", "")]
    assert districts == ["徐汇区", "静安区"]
    assert {r["data-district"] for r in grid.rows} == {"徐汇区", "静安区"}
    assert 'class="district-filter"' not in page and "<h2>区 District</h2>" not in page
    xuhui = L.ledger_view(store, find_district(store, "徐汇"))
    assert xuhui.startswith("<!DOCTYPE html>") and "<title>徐汇区 督办台账 Supervision ledger</title>" in xuhui
    assert {r["data-district"] for r in Grid(xuhui).rows} == {"徐汇区"} and 'class="district-filter"' not in xuhui
    assert xuhui.counts["targets"] == len(ledger(store, district=find_district(store, "徐汇")).rows) == 5


def test_an_empty_ledger_says_so():
    html = L.render_ledger(LedgerAnswer([], {}), title="空 Empty")
    assert "No target is judged" in html and "no target judged" in html
    assert 'document.body.dataset.ready = "1"' in html and payload(html)["cells"] == []


# --- in real browsers ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=list(bh.BROWSERS))
def browser(request):
    """One headless browser per kind for this module, started with no-network settings."""
    b = bh.start(request.param)
    yield b
    b.close()


def open_ledger(browser, path: Path, name: str = "ledger") -> bh.LoadedView:
    """Open the page from disk (every other request blocked and recorded) and wait for its script."""
    v = browser.open_url(name, Path(path).resolve().as_uri(), allow="")
    v.path = Path(path)
    v.data = payload(Path(path).read_text(encoding="utf-8"))
    v.wait_for('() => document.body.dataset.ready === "1"', timeout_ms=10_000, what="the ledger's script")
    return v


def press(view: bh.LoadedView, key: str) -> None:
    """Press one key (a real key event) in the focused element."""
    if view.browser == "chromium":
        view.page.keyboard.press(key)
    else:
        value = {"Enter": "\ue007", "Escape": "\ue00c", "Backspace": "\ue003", "ArrowRight": "\ue014"}[key]
        view._actions(
            [
                {
                    "type": "key",
                    "id": "keyboard",
                    "actions": [{"type": "keyDown", "value": value}, {"type": "keyUp", "value": value}],
                }
            ]
        )


VISIBLE = """(sel) => Array.from(document.querySelectorAll(sel)).filter(e => e.offsetParent !== null).length"""
CARD = "() => { const p = document.getElementById('card-pane'); return p.hidden ? null : document.getElementById('details-card').textContent; }"


def test_the_page_loads_with_no_request_and_no_error(browser, page_file):
    v = open_ledger(browser, page_file)
    try:
        v.wait(200)
        shown = v.evaluate(VISIBLE, "button.cell")
        assert shown == v.evaluate("() => document.querySelectorAll('button.cell').length") == len(v.data["cells"])
        assert v.requests == [] and v.console_errors == [] and v.page_errors == [], (v.requests, v.console_errors)
    finally:
        v.close()


def test_retail_sales_2022_says_not_met_and_its_card_cites_both_sentences(browser, page_file):
    v = open_ledger(browser, page_file)
    try:
        sel = f'button.cell[data-cell="{cell_of(v.data, RETAIL, "2022")}"]'
        said = v.evaluate("(s) => { const b = document.querySelector(s); return [b.innerText, b.title]; }", sel)
        assert "not met" in said[0] and "✗" in said[0], said
        assert said[1] == f"{RETAIL} · 2022: ✗ not met 未达标"
        assert v.evaluate(CARD) is None
        v.click(sel)
        card = v.wait_for(CARD, what="the card")
        for text in (
            RETAIL,
            "✗ not met 未达标",
            "1600亿元",
            "1480亿元",
            "\u2212120亿元 (\u22127.5%)",
            "higher is better",
            f"{REPORT_2022}:23",
            "社会消费品零售总额\t1600 亿元\t1480 亿元",
            f"{REPORT_2022}:35",
            "全年实现社会消费品零售总额1480亿元，位列中心城区第一。",
            "静安区发展和改革委员会 (states it)",
        ):
            assert text in card, (text, card)
        assert v.evaluate("(s) => document.querySelector(s).classList.contains('selected')", sel)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        v.take_screenshot(SCREENSHOTS / ("ledger.png" if browser.name == "chromium" else f"ledger.{browser.name}.png"))
        v.click("#card-close")
        v.wait_for("() => document.getElementById('card-pane').hidden", what="the card to close")
        assert v.console_errors == [] and v.page_errors == [] and v.requests == []
    finally:
        v.close()


def test_a_cell_opens_from_the_keyboard(browser, page_file):
    v = open_ledger(browser, page_file)
    try:
        first, second = (f'button.cell[data-cell="{cell_of(v.data, RETAIL, p)}"]' for p in ("2022", "2023"))
        assert v.evaluate(
            "(s) => { const b = document.querySelector(s); b.focus(); return document.activeElement === b; }", first
        )
        press(v, "Enter")
        assert RETAIL in v.wait_for(CARD, what="the card, opened with Enter")
        press(v, "ArrowRight")  # to the next cell of the row (2023)
        assert v.evaluate("(s) => document.activeElement === document.querySelector(s)", second)
        press(v, "Enter")
        card = v.wait_for(
            "() => { const t = document.getElementById('details-card').textContent; return t.includes('2023') && t; }"
        )
        assert "overdue" in card and f"{REPORT_2022}:175" in card
        press(v, "Escape")
        v.wait_for("() => document.getElementById('card-pane').hidden", what="Escape to close the card")
        assert v.evaluate("(s) => document.activeElement === document.querySelector(s)", second)
        assert v.console_errors == [] and v.page_errors == []
    finally:
        v.close()


def test_unticking_a_status_hides_its_cells(browser, page_file):
    v = open_ledger(browser, page_file)
    try:
        pending = sum(1 for c in v.data["cells"] if L.worst(r["status"] for r in c["rows"]) == "pending")
        assert pending > 100 and v.evaluate(VISIBLE, 'button.cell[data-status="pending"]') == pending
        v.click('input.status-filter[data-status="pending"]')
        v.wait_for("() => !document.querySelector('input.status-filter[data-status=\"pending\"]').checked")
        assert v.evaluate(VISIBLE, 'button.cell[data-status="pending"]') == 0
        assert v.evaluate(VISIBLE, 'button.cell[data-status="not met"]') == 4
        assert v.evaluate(VISIBLE, 'button.cell[data-status="overdue"]') > 0
        # an indicator with only pending cells leaves the grid; 社会消费品零售总额 stays
        only_pending = {c["label"] for c in v.data["cells"]} - {
            c["label"] for c in v.data["cells"] if any(r["status"] != "pending" for r in c["rows"])
        }
        hidden = v.evaluate(
            "() => Array.from(document.querySelectorAll('tbody tr')).filter(t => t.hidden).map(t => t.dataset.label)"
        )
        assert set(hidden) == only_pending and RETAIL not in hidden
        assert "指标 indicators shown" in v.evaluate("() => document.getElementById('filter-status').textContent")
        v.click('input.status-filter[data-status="pending"]')
        v.wait_for("(n) => document.querySelectorAll('button.cell:not([hidden])').length === n", len(v.data["cells"]))
        assert v.console_errors == [] and v.page_errors == []
    finally:
        v.close()


def test_the_text_box_filters_indicators_by_name(browser, page_file):
    v = open_ledger(browser, page_file)
    try:
        v.type_and_enter("#indicator-filter", "消费品")
        want = sorted({c["label"] for c in v.data["cells"] if "消费品" in c["label"]})
        shown = v.wait_for(
            "() => { const t = Array.from(document.querySelectorAll('tbody tr')).filter(t => !t.hidden); "
            "return t.length < 20 && t.map(t => t.dataset.label); }",
            what="the grid filtered",
        )
        assert sorted(shown) == want and RETAIL in want
        for _ in "消费品":  # and cleared, a key at a time
            press(v, "Backspace")
        v.wait_for("() => Array.from(document.querySelectorAll('tbody tr')).every(t => !t.hidden)")
        assert v.console_errors == [] and v.page_errors == []
    finally:
        v.close()


def test_hostile_text_stays_text_and_the_district_filter_works(browser, small):
    _, path = small
    v = open_ledger(browser, path, "hostile ledger")
    try:
        labels = v.evaluate("() => Array.from(document.querySelectorAll('tbody tr')).map(t => t.dataset.label)")
        assert EVIL_INDICATOR in labels
        v.click(f'button.cell[data-cell="{cell_of(v.data, RETAIL, "2027")}"]')
        card = v.wait_for(CARD, what="the card")
        assert f"1790 亿元 {XSS_SCRIPT}" in card
        v.click(f'button.cell[data-cell="{cell_of(v.data, EVIL_INDICATOR, "2027")}"]')
        card = v.wait_for(f"() => {{ const t = ({CARD})(); return t && t.includes('企业数') && t; }}")
        assert EVIL_INDICATOR in card and '31 家 </td>"引号"' in card
        assert v.evaluate("() => typeof window.__xss") == "undefined"
        assert v.evaluate("() => document.querySelectorAll('img, #details-card script').length") == 0
        # the district filter: untick 徐汇区, its lines go and 静安区's stay
        v.click('input.district-filter[data-district="徐汇区"]')
        rows = v.wait_for(
            "() => { const r = Array.from(document.querySelectorAll('tbody tr')); "
            "return r.some(t => t.hidden) && r.map(t => [t.dataset.district, t.hidden]); }"
        )
        assert {d for d, h in rows if h} == {"徐汇区"} and {d for d, h in rows if not h} == {"静安区"}
        assert v.requests == [] and v.console_errors == [] and v.page_errors == []
    finally:
        v.close()


# The grid as templates/ledger.html wrote it with Jinja before views/ledger.py's `grid_rows` (issue 16).
_JINJA_GRID = """
{%- for line in lines %}
<tr id="{{ line.id }}" data-label="{{ line.label }}"{% if line.district %} data-district="{{ line.district }}"{% endif %}><th scope="row" class="ind">{{ line.label }}{% if several %}<small class="district">{{ line.district }}</small>{% endif %}</th>
{%- for c in line.cells %}<td{% if periods[loop.index0].starts %} class="starts"{% endif %}>
{%- if c %}<button type="button" class="cell s-{{ c.status.slug }}" data-cell="{{ c.index }}" data-status="{{ c.status.key }}" title="{{ c.title }}" aria-label="{{ c.title }}" aria-controls="card-pane"><span class="sym" aria-hidden="true">{{ c.status.symbol }}</span><span class="word">{{ c.status.key }}</span>{% if c.count > 1 %}<span class="n">×{{ c.count }}</span>{% endif %}</button>{% endif -%}
</td>{% endfor %}</tr>
{%- endfor %}"""


def test_the_grid_is_written_as_jinja_wrote_it(monkeypatch, page):
    from jinja2 import Environment

    grid = Environment(autoescape=True, keep_trailing_newline=True).from_string(_JINJA_GRID)
    seen = []
    write = L.grid_rows

    def spy(lines, periods, several):
        seen.append((lines, periods, several))
        return write(lines, periods, several)

    monkeypatch.setattr(L, "grid_rows", spy)
    evil = f'{XSS_SCRIPT}"引号"</td>&amp;{XSS_IMG}\u2028'
    hostile = [
        _row(f"指标{evil}", "2024", "not met", district=f"区{evil}"),
        _row(f"指标{evil}", "2024", "met", line=2, district=f"区{evil}"),  # two in one cell: ×2
        _row("另一指标", "2021-2025", "pending", district=None),  # several districts, one line of none
        _row("另一指标", "2023", "overdue", district=None),
        _row("另一指标", "2023", "not comparable", district="徐汇区"),
    ]
    for rows in (hostile, hostile[:2]):
        monkeypatch.setattr(L, "ledger", lambda store, district=None, rows=rows: answer(rows))
        html = L.ledger_view(None)
        lines, periods, several = seen[-1]
        assert write(lines, periods, several) == grid.render(lines=lines, periods=periods, several=several)
        assert f"<tbody>{write(lines, periods, several)}\n</tbody>" in html
    assert seen[0][2] and not seen[1][2] and any(p["starts"] for p in seen[0][1])
