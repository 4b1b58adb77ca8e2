"""Every exported HTML view, opened from disk in real headless browsers with no network.

For each view file the build writes (jingan_kg.views.VIEW_FILES) and an ego view
(`jingan-kg viz ego --focus 区数据局 --depth 1`), in Chromium and in Firefox: no request
leaves the page (every one is blocked and recorded), the network draws exactly the
embedded graph, physics stops, typing a label into the search box and pressing Enter
selects and centres its node, the hover tooltip shows document text as text, Chinese
labels render with real glyphs (not tofu), and nothing logs an error. A graph built from
a hostile document shows its names as text and runs none of them. The responsibility view is
drawn in three columns: at its first frame no two nodes' boxes (and so labels) overlap, the
labels are readable and the columns fit the width; clicking a measure or finding one dims
what it is not linked to, and the background or Esc restores it. One screenshot per view
is kept in exports/screenshots/ (git-ignored): <view>.png from Chromium,
<view>.firefox.png from Firefox (and responsibility.highlight[.firefox].png, a measure lit).

Both browsers are Debian's (chromium, firefox-esr; .ci/run installs them and
fonts-noto-cjk); nothing downloads a browser (see tests/browser_helpers.py). Without a
browser its tests skip, so a developer without it still runs the rest; under CI (CI=true)
a missing browser, driver package or CJK font fails instead.
"""

from __future__ import annotations

import math
import re
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingan_kg.cli import main
from jingan_kg.pipeline.build import BuildConfig, build

from . import browser_helpers as bh
from .conftest import ROOT, SOURCES

SCREENSHOTS = ROOT / "exports" / "screenshots"
CJK = re.compile(r"[\u3400-\u9fff]")


def _views() -> list[tuple[str, str]]:
    """(view name, file name) of every view file `build` writes."""
    try:
        from jingan_kg.views.named import VIEW_FILES
    except ImportError:  # before the views registry exists: the one view build writes today
        return [("bureau-measure-industry", "bureau-measure-industry.html")]
    if isinstance(VIEW_FILES, dict):
        pairs = []
        for k, v in VIEW_FILES.items():
            if str(k).endswith(".html"):
                pairs.append((Path(str(k)).stem, Path(str(k)).name))
            else:
                pairs.append((str(k), Path(str(v)).name))
        return pairs
    return [(Path(str(f)).stem, Path(str(f)).name) for f in VIEW_FILES]


BUILT_VIEWS = [(n, f) for n, f in _views() if n != "ledger"]  # a table, not a network: tests/test_ledger_view.py
VIEW_NAMES = [name for name, _ in BUILT_VIEWS] + ["ego"]
EGO_FOCUS = "区数据局"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session", params=list(bh.BROWSERS))
def browser(request):
    """One headless browser per kind for the whole session, started with no-network settings."""
    b = bh.start(request.param)
    yield b
    b.close()


def _viz_command_exists() -> bool:
    return "viz" in getattr(main, "commands", {})


def _write_ego(out: Path, file: Path) -> Path:
    if not _viz_command_exists():
        pytest.skip("waiting for `jingan-kg viz ego --focus NAME --depth N` (issue 5 views work)")
    result = CliRunner().invoke(
        main, ["viz", "ego", "--focus", EGO_FOCUS, "--depth", "1", "-o", str(file), "--out", str(out)]
    )
    assert result.exit_code == 0, f"jingan-kg viz ego failed:\n{result.output}\n{result.exception!r}"
    assert file.is_file(), f"jingan-kg viz ego -o {file} wrote no file:\n{result.output}"
    return file


@pytest.fixture(scope="session")
def ego_file(built, tmp_path_factory):
    return _write_ego(built[1], tmp_path_factory.mktemp("ego") / "ego.html")


@pytest.fixture(scope="session")
def opened(browser):
    """Views already loaded this session, by name: each is loaded (and screenshotted) once."""
    cache: dict[str, bh.LoadedView] = {}
    yield cache
    for v in cache.values():
        v.close()
    cache.clear()


@pytest.fixture(params=VIEW_NAMES)
def view(request, browser, opened, built) -> bh.LoadedView:
    name = request.param
    if name not in opened:
        if name == "ego":
            path = request.getfixturevalue("ego_file")
        else:
            path = built[1] / dict(BUILT_VIEWS)[name]
            assert path.is_file(), f"build did not write {path.name}"
        shot = SCREENSHOTS / (f"{name}.png" if browser.name == "chromium" else f"{name}.{browser.name}.png")
        opened[name] = browser.open(name, path, screenshot=shot)
    return opened[name]


_targets: dict[tuple[str, str], dict] = {}


def search_target(view: bh.LoadedView) -> dict:
    """A node with a unique Chinese label, the farthest from where the view starts (so focusing moves)."""
    key = (view.browser, view.name)
    if key not in _targets:
        view.require_ready()
        counts: dict[str, int] = {}
        for n in view.data["nodes"]:
            counts[n["label"]] = counts.get(n["label"], 0) + 1
        candidates = [n["id"] for n in view.data["nodes"] if counts[n["label"]] == 1 and CJK.search(n["label"])]
        assert candidates, f"{view}: no node with a unique Chinese label to search for"
        node_id, distance = view.evaluate(
            """(ids) => {
            const c = network.getViewPosition(), pos = network.getPositions(ids);
            let best = null, d = -1;
            for (const id of ids) {
              const p = pos[id]; const dd = Math.hypot(p.x - c.x, p.y - c.y);
              if (dd > d) { d = dd; best = id; }
            }
            return [best, d];
        }""",
            candidates,
        )
        node = next(n for n in view.data["nodes"] if n["id"] == node_id)
        _targets[key] = {"id": node_id, "label": node["label"], "start_distance": distance}
    return _targets[key]


# The node is drawn at the centre of the network's canvas (within 4 CSS px); FOCUSED: and selected.
CENTRED = """(id) => {
    const p = network.canvasToDOM(network.getPosition(id)), c = network.canvas.frame.canvas;
    return Math.hypot(p.x - c.clientWidth / 2, p.y - c.clientHeight / 2) < 4;
}"""
FOCUSED = (
    """(id) => {
    const sel = network.getSelectedNodes();
    return sel.length === 1 && sel[0] === id && ("""
    + CENTRED
    + """)(id);
}"""
)

# Where the node is drawn, in page coordinates.
NODE_ON_SCREEN = """(id) => {
    const p = network.canvasToDOM(network.getPosition(id));
    const r = network.canvas.frame.canvas.getBoundingClientRect();
    return [r.left + p.x, r.top + p.y];
}"""


# A point on the network's canvas (page coordinates) with no node or edge under it, near its edge.
EMPTY_SPOT = """() => {
    const c = network.canvas.frame.canvas, r = c.getBoundingClientRect();
    for (let i = 0; i < 40; i++) for (const [fx, fy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const x = fx ? c.clientWidth - 5 - 10 * i : 5 + 10 * i, y = fy ? c.clientHeight - 5 - 10 * i : 5 + 10 * i;
        const p = {x: x, y: y}, q = network.DOMtoCanvas(p), box = {left: q.x, right: q.x, top: q.y, bottom: q.y};
        const hit = network.body.nodeIndices.some(id => network.body.nodes[id].isOverlappingWith(box));
        if (!hit && network.getEdgeAt(p) === undefined) return [r.left + x, r.top + y];
    }
    return [r.left + 5, r.top + 5];
}"""


VIEW_STATE = "() => { const p = network.getViewPosition(); return [p.x, p.y, network.getScale()]; }"


def wait_until_still(view: bh.LoadedView, timeout_s: float = 5.0) -> None:
    """Wait until the view has not moved or zoomed for three polls in a row (animations done)."""
    deadline, last, same = time.monotonic() + timeout_s, None, 0
    while same < 3 and time.monotonic() < deadline:
        state = view.evaluate(VIEW_STATE)
        same = same + 1 if state == last else 0
        last = state
        view.wait(80)


def hover_node(view: bh.LoadedView, node_id: str) -> None:
    """Centre the node (no animation) once the view stands still, then move the real mouse onto it."""
    # A search's animated focus() ends by locking the view on its node; release that first, or
    # the next redraw pulls the view back there.
    for _attempt in range(3):
        wait_until_still(view)
        view.evaluate(
            """(id) => { network.releaseNode();
            network.moveTo({position: network.getPosition(id), scale: 1.5, animation: false}); }""",
            node_id,
        )
        wait_until_still(view)
        if view.evaluate(CENTRED, node_id):
            break
    x, y = view.evaluate(NODE_ON_SCREEN, node_id)
    # A person moves off to empty canvas first (vis-network keeps an open tooltip for as long as
    # the pointer stays inside that node's box), then onto the node; each move gets its own frames.
    ex, ey = view.evaluate(EMPTY_SPOT)
    for px, py in ((ex, ey), (x - 1, y), (x, y)):
        view.mouse_move(px, py)
        view.wait(60)


def visible_tooltip(view: bh.LoadedView, must_contain: str, timeout_ms: int = 5000) -> dict:
    """Wait for vis-network's tooltip to show text containing `must_contain`; its text and HTML."""
    try:
        return view.wait_for(
            """(want) => {
            const t = Array.from(document.querySelectorAll("div.vis-tooltip"))
              .find(e => e.style.visibility !== "hidden" && e.offsetParent !== null && e.textContent.includes(want));
            return t ? {text: t.innerText, textContent: t.textContent, html: t.innerHTML} : null;
        }""",
            must_contain,
            timeout_ms,
            what=f"a tooltip showing {must_contain!r}",
        )
    except bh.PageTimeout as e:
        shown = view.evaluate("""() => Array.from(document.querySelectorAll("div.vis-tooltip"))
            .map(t => [t.style.visibility, t.textContent.slice(0, 60)])""")
        hovered = view.evaluate("() => Object.keys(network.selectionHandler.hoverObj.nodes)")
        raise bh.PageTimeout(f"{e}; tooltips: {shown}; hovered nodes: {hovered}") from None


# --------------------------------------------------------------------------- the harness itself


def test_build_writes_exactly_the_views_tested(built):
    written = sorted(p.name for p in built[1].glob("*.html"))
    tested_elsewhere = ["ledger.html"]  # a table of cells, browser-tested in tests/test_ledger_view.py
    assert written == sorted([f for _, f in BUILT_VIEWS] + tested_elsewhere), (
        "a view file build writes is not browser-tested"
    )


def test_harness_sees_requests_console_and_page_errors(browser, tmp_path):
    """The checks below are only worth something if a page that does reach out is caught."""
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><meta charset="utf-8"><script type="application/json" id="graph-data">'
        '{"nodes":[],"edges":[]}</script>'
        '<link rel="stylesheet" href="https://cdn.example.invalid/x.css">'
        '<img src="local.png"><script>console.error("boom"); fetch("http://example.invalid/y")'
        ".catch(() => {});</script>"
        '<script>throw new Error("kaput")</script>',
        encoding="utf-8",
    )
    v = browser.open("leaky", page)
    try:
        v.wait(300)
        expected = {"https://cdn.example.invalid/x.css", "http://example.invalid/y"}
        if browser.name == "chromium":  # Firefox's WebDriver BiDi reports no file:// subresource
            expected.add((tmp_path / "local.png").as_uri())
        assert expected <= set(v.requests), v.requests
        assert any("boom" in e for e in v.console_errors), v.console_errors
        assert any("kaput" in e for e in v.page_errors), v.page_errors
        assert v.missing_hooks == list(bh.CONTRACT_HOOKS)
    finally:
        v.close()


# --------------------------------------------------------------------------- every view


def test_view_makes_no_network_request(view):
    view.wait(200)  # anything scheduled just after ready
    assert view.requests == [], f"{view} tried to load: {view.requests}"


def test_view_renders_every_node_and_edge(view):
    view.require_ready()
    n, e = len(view.data["nodes"]), len(view.data["edges"])
    assert n > 0, f"{view}: the embedded graph has no nodes"
    drawn = view.evaluate("""() => ({
        nodes: nodesDataSet.length, edges: edgesDataSet.length,
        nodeIndices: network.body.nodeIndices.length, edgeIndices: network.body.edgeIndices.length,
        bodyNodes: Object.keys(network.body.nodes).length,
        canvas: (() => { const c = network.canvas.frame.canvas; return [c.width, c.height]; })(),
    })""")
    assert drawn["nodes"] == n and drawn["nodeIndices"] == n and drawn["bodyNodes"] == n, (view, drawn, n)
    assert drawn["edges"] == e and drawn["edgeIndices"] == e, (view, drawn, e)
    assert min(drawn["canvas"]) > 100, f"{view}: the network canvas is {drawn['canvas']} px"


def test_view_physics_settles_and_stops(view):
    view.require_ready()
    before = view.evaluate("() => network.getPositions()")
    view.wait(400)
    after = view.evaluate("() => network.getPositions()")
    moved = [k for k in before if math.hypot(before[k]["x"] - after[k]["x"], before[k]["y"] - after[k]["y"]) > 0.5]
    assert moved == [], f"{view}: {len(moved)} nodes still moving after ready (e.g. {moved[:3]})"


def test_search_selects_and_focuses_the_node(view):
    target = search_target(view)
    view.type_and_enter("#search", target["label"])
    # focus() animates the view; wait until the view centre sits on the selected node.
    try:
        view.wait_for(FOCUSED, target["id"], 5000, what=f"{target['label']!r} selected and centred")
        centred = True
    except bh.PageTimeout:
        centred = False
    state = view.evaluate(
        """(id) => {
        const c = network.canvas.frame.canvas;
        return {selected: network.getSelectedNodes(), drawn_at: network.canvasToDOM(network.getPosition(id)),
                canvas: [c.clientWidth, c.clientHeight], input: document.querySelector("#search").value,
                status: (document.querySelector("#search-status") || {}).textContent};
    }""",
        target["id"],
    )
    assert state["selected"] == [target["id"]], (view, target["label"], state)
    assert centred, f"{view}: the view did not move onto {target['label']!r}: {state}"
    assert state["input"] == target["label"], f"{view}: typed {target['label']!r}, the box shows {state['input']!r}"
    if len(view.data["nodes"]) > 1:
        assert target["start_distance"] > 1, f"{view}: the view was already on {target['label']}"


def test_tooltip_shows_the_node_card_as_text(view):
    target = search_target(view)
    hover_node(view, target["id"])
    tip = visible_tooltip(view, target["label"])
    assert target["label"] in tip["text"], (view, tip["text"])
    # Document text is shown as text: an entity written out by mistake would show here.
    for entity in ("&amp;", "&lt;", "&gt;", "&quot;", "&#"):
        assert entity not in tip["text"], (view, entity, tip["text"])


def test_chinese_labels_render_with_real_glyphs(view):
    if not bh.cjk_font_installed():
        bh.skip_or_fail("no CJK font installed, Chinese would be tofu (Debian: apt-get install fonts-noto-cjk)")
    if bh.IN_CI:
        assert bh.noto_cjk_installed(), "fonts-noto-cjk is not installed"
    target = search_target(view)
    text = "".join(CJK.findall(target["label"]))[:12]
    node_font = view.data.get("options", {}).get("nodes", {}).get("font", {}).get("face") or view.evaluate(
        "() => getComputedStyle(document.body).fontFamily"
    )
    fonts = {
        "canvas node labels": f"20px {node_font}",
        "page text": view.evaluate("() => '20px ' + getComputedStyle(document.body).fontFamily"),
    }
    for where, font in fonts.items():
        glyphs = view.evaluate(bh.GLYPH_CHECK_JS, [text, font])
        tofu = [ch for ch, _ink, is_tofu in glyphs if is_tofu]
        blank = [ch for ch, ink, _t in glyphs if ink < 10]
        assert not tofu and not blank, f"{view} {where} ({font}): no glyph for {tofu or blank} in {text!r}"
    # And the network itself drew something: its canvas is not blank.
    assert (
        view.evaluate("""() => {
        const c = network.canvas.frame.canvas, g = c.getContext("2d");
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let ink = 0; for (let i = 3; i < d.length; i += 4 * 7) if (d[i] > 0) ink++;
        return ink;
    }""")
        > 100
    ), f"{view}: the network canvas is empty"


def test_view_logs_no_console_or_page_error(view):
    """Last per view: covers loading, search, hover and everything the tests above did."""
    view.wait(100)
    assert view.console_errors == [], f"{view} console errors: {view.console_errors}"
    assert view.page_errors == [], f"{view} page errors: {view.page_errors}"
    assert view.requests == [], f"{view} tried to load: {view.requests}"


# --------------------------------------------------------------------------- the responsibility view's columns

# Every shown node as drawn at this frame, in CSS px of the page: its box (vis-network's
# bounding box, which holds the label), the width of its widest label line measured with the
# canvas 2D context in the node's own font, its lines, the on-screen label size and the
# box's padding around the label (vis adds the corner radius to a box's bounding box).
DRAWN_NODES = """() => {
    const g = document.createElement("canvas").getContext("2d"), s = network.getScale();
    const r = network.canvas.frame.canvas.getBoundingClientRect();
    return nodesDataSet.get().filter(n => !n.hidden).map(n => {
        const o = network.body.nodes[n.id].options, f = o.font, bb = network.getBoundingBox(n.id);
        const m = typeof o.margin === "number" ? {left: o.margin, right: o.margin} : o.margin;
        const a = network.canvasToDOM({x: bb.left, y: bb.top}), b = network.canvasToDOM({x: bb.right, y: bb.bottom});
        g.font = f.size + "px " + f.face;
        const lines = String(n.label).split("\\n");
        return {id: n.id, column: n.column, label: n.label, lines: lines.length, font: f.size * s,
                box: [r.left + a.x, r.top + a.y, r.left + b.x, r.top + b.y],
                text: Math.max(...lines.map(l => g.measureText(l).width)) * s,
                pad: (m.left + m.right + 2 * o.shapeProperties.borderRadius) * s};
    });
}"""
CANVAS_RECT = """() => { const r = network.canvas.frame.canvas.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; }"""


def overlapping(drawn: list[dict]) -> list[tuple[str, str]]:
    """Pairs of nodes whose boxes overlap."""
    out = []
    for i, a in enumerate(drawn):
        for b in drawn[i + 1 :]:
            (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
            if l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1:
                out.append((a["label"], b["label"]))
    return out


def click_at(view: bh.LoadedView, x: float, y: float) -> None:
    """A real mouse click at page coordinates (x, y)."""
    if isinstance(view, bh.ChromiumView):
        view.page.mouse.click(x, y)
        return
    moves = [
        {"type": "pointerMove", "x": int(round(x)), "y": int(round(y)), "origin": "viewport"},
        {"type": "pointerDown", "button": 0},
        {"type": "pointerUp", "button": 0},
    ]
    view._actions([{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": moves}])


def press_escape(view: bh.LoadedView) -> None:
    if isinstance(view, bh.ChromiumView):
        view.page.keyboard.press("Escape")
        return
    keys = [{"type": "keyDown", "value": "\ue00c"}, {"type": "keyUp", "value": "\ue00c"}]
    view._actions([{"type": "key", "id": "keyboard", "actions": keys}])


OPACITY = "(ids) => nodesDataSet.get(ids).map(n => n.opacity === undefined ? 1 : n.opacity)"
LIT = "() => nodesDataSet.get().filter(n => n.opacity === undefined || n.opacity === 1).map(n => n.id).sort()"


@pytest.fixture
def columns_view(browser, built):
    """The responsibility view, freshly opened (its first frame untouched by the other tests)."""
    v = browser.open("responsibility columns", built[1] / dict(BUILT_VIEWS)["responsibility"])
    yield v
    v.close()


def test_columns_first_frame_is_readable(columns_view):
    v = columns_view
    v.require_ready()
    assert v.data["options"]["physics"] == {"enabled": False}
    drawn = v.evaluate(DRAWN_NODES)
    assert len(drawn) == len(v.data["nodes"])
    assert overlapping(drawn) == [], f"{v}: boxes overlap at the first frame"
    for n in drawn:  # each label on one line, inside its box: so no label overlaps another
        assert n["lines"] == 1, n
        assert n["text"] <= n["box"][2] - n["box"][0] - n["pad"] + 0.5, n
        assert n["font"] >= 12, f"{v}: {n['label']!r} is drawn {n['font']:.1f} px high"
    left, top, right, bottom = v.evaluate(CANVAS_RECT)
    assert all(left <= n["box"][0] and n["box"][2] <= right for n in drawn), f"{v}: the columns do not fit the width"
    seen = {n["column"] for n in drawn if top <= n["box"][1] and n["box"][3] <= bottom}
    assert seen == {0, 1, 2}, f"{v}: the first view shows nodes of columns {seen} only"
    first = min(drawn, key=lambda n: n["box"][1])
    assert first["box"][1] >= top, f"{v}: the top of the columns is cut off"
    columns = {c: sorted({round((n["box"][0] + n["box"][2]) / 2) for n in drawn if n["column"] == c}) for c in range(3)}
    assert all(len(xs) == 1 for xs in columns.values()) and columns[0] < columns[1] < columns[2], columns

    # English names on: two lines where there is one, still no overlap.
    v.click("#show-en")
    v.wait_for("() => nodesDataSet.get().some(n => n.label.includes('\\n'))", what="English names drawn")
    v.wait(150)
    drawn = v.evaluate(DRAWN_NODES)
    assert overlapping(drawn) == [], f"{v}: boxes overlap with English names on"
    assert any(n["lines"] == 2 for n in drawn)
    assert v.console_errors == [] and v.page_errors == []


def test_columns_click_or_find_a_measure_dims_the_rest(columns_view):
    v = columns_view
    v.require_ready()
    nodes = {n["id"]: n for n in v.data["nodes"]}
    links: dict[str, set[str]] = {}
    for e in v.data["edges"]:
        links.setdefault(e["from"], set()).add(e["to"])
        links.setdefault(e["to"], set()).add(e["from"])
    # The highest measure with a body and an industry: on screen at the first frame.
    measure = min(
        (
            n
            for n in nodes.values()
            if n["kind"] == "measure" and {nodes[m]["kind"] for m in links[n["id"]]} >= {"body", "industry"}
        ),
        key=lambda n: n["y"],
    )
    neighbours = links[measure["id"]]
    others = sorted(set(nodes) - neighbours - {measure["id"]})
    assert v.evaluate(LIT) == sorted(nodes)  # nothing dimmed at first

    x, y = v.evaluate(NODE_ON_SCREEN, measure["id"])
    click_at(v, x, y)
    lit = v.wait_for(
        f"() => {{ const l = ({LIT})(); return l.length < {len(nodes)} ? l : null; }}", what="the click dimmed the rest"
    )
    assert lit == sorted(neighbours | {measure["id"]})
    assert max(v.evaluate(OPACITY, others)) < 0.5
    edges = v.evaluate("() => edgesDataSet.get().map(e => [e.from, e.to, e.color.opacity])")
    assert all((o > 0.5) == (measure["id"] in (a, b)) for a, b, o in edges)
    shown = v.evaluate("() => document.getElementById('details-card').textContent")
    assert measure["label"] in shown  # the card has the whole title
    shot = SCREENSHOTS / (
        "responsibility.highlight.png" if v.browser == "chromium" else f"responsibility.highlight.{v.browser}.png"
    )
    v.take_screenshot(shot)

    ex, ey = v.evaluate(EMPTY_SPOT)
    click_at(v, ex, ey)
    v.wait_for(f"() => ({LIT})().length === {len(nodes)}", what="the background click restored every node")
    assert min(v.evaluate(OPACITY, sorted(nodes))) == 1
    assert max(o for *_, o in v.evaluate("() => edgesDataSet.get().map(e => [e.from, e.to, e.color.opacity])")) < 0.5

    # Finding a measure lights it up too; Esc restores.
    target = next(n for n in sorted(nodes.values(), key=lambda n: -n["y"]) if n["kind"] == "measure")
    v.type_and_enter("#search", target["label"])
    v.wait_for(FOCUSED, target["id"], 5000, what=f"{target['label']!r} selected and centred")
    lit = v.wait_for(
        f"() => {{ const l = ({LIT})(); return l.length < {len(nodes)} ? l : null; }}",
        what="the search dimmed the rest",
    )
    assert lit == sorted(links[target["id"]] | {target["id"]})
    press_escape(v)
    v.wait_for(f"() => ({LIT})().length === {len(nodes)}", what="Esc restored every node")
    assert v.evaluate("() => network.getSelectedNodes()") == []
    assert v.console_errors == [] and v.page_errors == []


# --------------------------------------------------------------------------- hostile documents

XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = "<img src=x onerror=window.__xss=2>"
EVIL_DOC = (
    "上海市静安区数据局关于数据产业的若干措施\n\n(2027年3月9日)\n\n"
    f'1. 支持{XSS_SCRIPT}"引号"</div>建设。内容&细节{XSS_IMG}。（责任部门：区数据局、区{XSS_IMG}局）\n'
    f"2. 推动A&B数据产业{XSS_SCRIPT}发展。（责任部门：区数据局）\n"
)
EVIL_LABELS = {f'1. 支持{XSS_SCRIPT}"引号"</div>建设', f"2. 推动A&B数据产业{XSS_SCRIPT}发展", f"区{XSS_IMG}局"}


@pytest.fixture(scope="session")
def hostile_views(tmp_path_factory) -> list[Path]:
    """Every view of a graph built from the real sources plus one hostile document, that shows it."""
    root = tmp_path_factory.mktemp("hostile")
    sources = root / "sources"
    shutil.copytree(SOURCES, sources)
    (sources / "evil.txt").write_text(EVIL_DOC, encoding="utf-8")
    out = root / "out"
    build(BuildConfig(sources=sources, out=out))
    files = sorted(f for f in out.glob("*.html") if 'id="graph-data"' in f.read_text(encoding="utf-8"))
    if _viz_command_exists():
        files.append(_write_ego(out, root / "ego.html"))
    hostile = [f for f in files if {n["label"] for n in bh.graph_data(f)["nodes"]} & EVIL_LABELS]
    assert hostile, "no view shows the hostile document's measures or bodies"
    return hostile


def test_hostile_document_names_show_as_text_and_never_run(browser, hostile_views):
    amp_checked = False
    for f in hostile_views:
        v = browser.open(f"hostile {f.name}", f)
        try:
            v.require_ready()
            # The name as written (`name`), and the label drawn: the name, or on a fixed layout its
            # first characters and "…" when too long for its column.
            drawn = dict(v.evaluate("() => nodesDataSet.get().map(n => [n.name, n.label])"))
            shown = EVIL_LABELS & set(drawn)
            assert shown, f"{v}: the hostile labels did not reach the DataSet intact"
            for name in shown:
                label = drawn[name]
                assert label == name or (label.endswith("…") and name.startswith(label[:-1])), (v, name, label)
            assert v.evaluate("() => typeof window.__xss") == "undefined", f"{v}: injected script ran"
            assert v.evaluate("() => document.querySelectorAll('img').length") == 0, f"{v}: <img> injected"

            # Search for a hostile name like a person would, then hover it: still text, still inert.
            evil = sorted(shown)[0]
            node_id = next(n["id"] for n in v.data["nodes"] if n["label"] == evil)
            v.type_and_enter("#search", evil)
            v.wait_for(FOCUSED, node_id, 5000, what=f"{evil!r} selected and centred")
            hover_node(v, node_id)
            tip = visible_tooltip(v, evil)
            assert evil in tip["text"], (v, tip["text"])

            amp = [n for n in v.data["nodes"] if "A&B" in n["label"]]
            if amp:  # a label with '&' shows '&', not '&amp;'
                hover_node(v, amp[0]["id"])
                tip = visible_tooltip(v, "A&B")
                assert "A&B" in tip["text"] and "&amp;" not in tip["text"], (v, tip["text"])
                amp_checked = True

            v.wait(200)
            assert v.evaluate("() => typeof window.__xss") == "undefined", f"{v}: injected script ran"
            assert v.requests == [], f"{v} tried to load: {v.requests}"
            assert v.console_errors == [] and v.page_errors == [], (v, v.console_errors, v.page_errors)
        finally:
            v.close()
    assert amp_checked, "no view showed the label with '&' to hover"


# --------------------------------------------------------------------------- the district filter


@pytest.fixture(scope="session")
def two_districts(tmp_path_factory) -> Path:
    """The output folder of the real sources plus the synthetic 长宁 and 徐汇 documents."""
    root = tmp_path_factory.mktemp("districts")
    sources = root / "sources"
    shutil.copytree(SOURCES, sources)
    for f in (ROOT / "tests" / "fixtures" / "synthetic").glob("*.txt"):
        shutil.copy(f, sources)
    out = root / "out"
    build(BuildConfig(sources=sources, out=out))
    return out


@pytest.fixture(scope="session")
def two_district_view(two_districts) -> Path:
    return two_districts / dict(BUILT_VIEWS)["responsibility"]


def test_the_district_filter_hides_and_shows_one_districts_nodes(browser, two_district_view):
    v = browser.open("districts", two_district_view)
    try:
        v.require_ready()
        changning = sorted(n["id"] for n in v.data["nodes"] if n["districts"] == ["长宁区"])
        jingan = sorted(n["id"] for n in v.data["nodes"] if n["districts"] == ["静安区"])
        assert len(changning) == 8 and len(jingan) > 50  # 长宁: 3 measures, 5 bodies
        hidden = "(ids) => nodesDataSet.get(ids).filter(n => n.hidden).length"
        v.evaluate("() => document.querySelector('input.district-filter[data-district=\"长宁区\"]').click()")
        assert v.evaluate(hidden, changning) == len(changning)
        assert v.evaluate(hidden, jingan) == 0
        v.evaluate("() => document.querySelector('input.kind-filter[data-kind=\"measure\"]').click()")
        v.evaluate("() => document.querySelector('input.district-filter[data-district=\"长宁区\"]').click()")
        shown = "(ids) => nodesDataSet.get(ids).filter(n => !n.hidden).map(n => n.kind)"
        assert sorted(set(v.evaluate(shown, changning))) == ["body"]  # its bodies are back, its measures stay off
        assert v.console_errors == [] and v.page_errors == []
    finally:
        v.close()


@pytest.fixture(scope="session")
def two_district_timeline(two_districts) -> Path:
    return two_districts / dict(BUILT_VIEWS)["targets"]


def test_the_timeline_keeps_a_lane_per_district_and_filters_them(browser, two_district_timeline):
    v = browser.open("timeline districts", two_district_timeline)
    try:
        v.require_ready()
        lanes = {lane["id"]: lane["district"] for lane in v.data["lanes"]}
        xuhui = sorted(i for i, d in lanes.items() if d == "徐汇区")
        # followed (two periods, or a target and an outcome): 社零 and 区级一般公共预算收入增长率
        # (2024 both, 2025 target) and 全社会固定资产投资额增长率 (2024 both); not 区级一般公共预算收入
        # (one outcome) or 地区生产总值增长率 (one target)
        assert len(xuhui) == 3
        labels = {n["id"]: n["label"] for n in v.data["nodes"]}
        assert "社会消费品零售总额（徐汇区）" in {labels[i] for i in xuhui}
        hidden = "(ids) => nodesDataSet.get(ids).filter(n => n.hidden).length"
        v.evaluate("() => document.querySelector('input.district-filter[data-district=\"徐汇区\"]').click()")
        assert v.evaluate(hidden, xuhui) == len(xuhui)
        v.type_and_enter("#search", "社会消费品零售总额（徐汇区）")
        lane = next(i for i in xuhui if labels[i] == "社会消费品零售总额（徐汇区）")
        v.wait_for(FOCUSED, lane, 5000, what="the 徐汇 lane selected and centred")
        assert v.evaluate("() => document.querySelector('input.district-filter[data-district=\"徐汇区\"]').checked")
        assert v.console_errors == [] and v.page_errors == []
    finally:
        v.close()
