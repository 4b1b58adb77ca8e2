"""The query page of `jingan-kg serve` (GET /query): YASGUI, vendored under
src/jingan_kg/web/static/yasgui/ and sent by the server itself from /static/, pointed at the
server's own /sparql, with the graph's prefixes, the example queries as tabs, the views and the
limits around it, updates off unless the server takes them, and a policy that lets the page load
and ask nothing but this server.

Over HTTP: the static route (bytes, types, hashes, caching, HEAD, and its refusals: `..`, unknown
files, folders), the page's links and policy, the vendored files against their README and the
package data. In Debian's Chromium and Firefox ESR (tests/browser_helpers.py, as
tests/test_ask_page.py does; skipped, or failed under CI, without them): a saved query loaded and
a query typed run through YASGUI against the real server, the result table holding exactly the
store's rows; document text shown as text; a malformed query's error; an update refused on a
read-only server and run on one that takes updates; no request to anything but the server and no
console error.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import http.client
import json
import re
import shutil
import time
import tomllib
import urllib.parse
from base64 import b64encode
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jingan_kg.graph import vocab as V
from jingan_kg.web import static
from jingan_kg.web.pages import EXAMPLES
from jingan_kg.web.run import BackgroundServer

from . import browser_helpers as bh
from .conftest import ROOT
from .test_browser import SCREENSHOTS
from .test_server import EXTERNAL_LOAD, MAX_ROWS, TIMEOUT

YASGUI = ROOT / "src" / "jingan_kg" / "web" / "static" / "yasgui"
VENDORED = ("yasgui.min.js", "yasgui.min.css", "LICENSE", "README.md")
SAVED_QUERY = ROOT / "queries" / "bodies-ranked-by-measures.rq"
MALFORMED = "SELECT ?x WHERE { ?x a jkg:Measure"
HOSTILE = '<img src=x onerror="window.pwned=1"><b>粗</b> & "引号"'


@pytest.fixture(scope="module")
def srv(built):
    with BackgroundServer(built[1], timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2) as s:
        yield s


def request(srv, method: str, target: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """(status, headers with lower-case names, body) of one request, the target sent as written
    (http.client neither normalises `..` nor re-encodes %2f)."""
    host = srv.url.split("//", 1)[1]
    conn = http.client.HTTPConnection(host, timeout=30)
    try:
        conn.request(method, target, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the vendored files ------------------------------------------------------------------------------


def test_the_vendored_files_are_the_ones_their_readme_names():
    readme = (YASGUI / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", readme, re.M))
    assert set(listed) == {"yasgui.min.js", "yasgui.min.css", "LICENSE"}
    for name, digest in listed.items():
        assert sha256((YASGUI / name).read_bytes()) == digest, name
    assert "`@zazuko/yasgui`" in readme and "**4.6.2**" in readme and "yasgui-4.6.2.tgz" in readme
    assert sorted(p.name for p in YASGUI.iterdir()) == sorted(VENDORED)  # no source maps, no ESM build
    licence = (YASGUI / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("YASGUI — @zazuko/yasgui") and "The MIT License (MIT)" in licence
    for bundled in ("codemirror (MIT)", "jquery (MIT)", "datatables.net (MIT)", "dompurify (MPL-2.0 OR Apache-2.0)"):
        assert f"\n{bundled}\n" in licence, bundled


def test_the_styles_the_policy_allows_are_the_bundles_own():
    """The page's policy allows YASGUI's two <style> texts by hash: they must be the bundle's."""
    bundle = (YASGUI / "yasgui.min.js").read_text(encoding="utf-8")
    table_rules, drag_cursor = static.YASGUI_STYLES
    assert f"createStyle(a,`{table_rules}`)" in bundle
    assert "`*{cursor:`+n.opt.dragCursor+`!important}`" in bundle and "dragCursor:`col-resize`" in bundle
    assert drag_cursor == "*{cursor:col-resize!important}"


def test_the_package_data_ships_the_static_files():
    """importlib.resources finds every served file, and pyproject's package data takes each one."""
    from importlib.resources import files

    package = files("jingan_kg")
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["jingan_kg"]
    root = Path(str(package))
    shipped = {Path(p).relative_to(root).as_posix() for pattern in patterns for p in glob.glob(str(root / pattern))}
    served = [f"web/static/{folder}/{name}" for folder, name in static.assets()]
    assert {f"web/static/yasgui/{n}" for n in VENDORED} <= set(served)
    assert {"web/static/query/query.js", "web/static/query/query.css"} <= set(served)
    for rel in served:
        assert package.joinpath(rel).is_file(), rel
    missing = sorted(set(served) - shipped)
    assert not missing, f"pyproject.toml's package data does not ship {missing}"


# --- the static route --------------------------------------------------------------------------------


def test_each_static_file_is_sent_as_it_is_with_its_type_and_hash(srv):
    types = {".js": "text/javascript", ".css": "text/css", ".md": "text/markdown", "": "text/plain"}
    for (folder, name), asset in static.assets().items():
        on_disk = (static.static_root() / folder / name).read_bytes()
        status, headers, body = request(srv, "GET", asset.url)
        assert status == 200 and body == on_disk, name
        assert headers["content-type"] == types[Path(name).suffix] + "; charset=utf-8", name
        assert headers["etag"] == f'"{sha256(on_disk)}"' and asset.url.endswith("?v=" + sha256(on_disk)[:16])
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["x-content-type-options"] == "nosniff" and "content-encoding" not in headers
        # the plain name (or a hash of another version) is revalidated, not kept for good
        for target in (f"/static/{folder}/{name}", f"/static/{folder}/{name}?v=0123456789abcdef"):
            status, headers, body = request(srv, "GET", target)
            assert (status, body, headers["cache-control"]) == (200, on_disk, "no-cache"), target
        status, headers, body = request(srv, "GET", asset.url, {"If-None-Match": f'"{sha256(on_disk)}"'})
        assert (status, body, headers["etag"]) == (304, b"", f'"{sha256(on_disk)}"'), name


def test_head_and_gzip_answer_like_get(srv):
    asset = static.assets()["yasgui", "yasgui.min.js"]
    _, plain, body = request(srv, "GET", asset.url)
    status, head, nothing = request(srv, "HEAD", asset.url)
    assert status == 200 and nothing == b""
    assert {k: head[k] for k in ("content-type", "content-length", "etag", "cache-control")} == {
        k: plain[k] for k in ("content-type", "content-length", "etag", "cache-control")
    }
    assert int(head["content-length"]) == len(body) == (YASGUI / "yasgui.min.js").stat().st_size
    status, headers, packed = request(srv, "GET", asset.url, {"Accept-Encoding": "gzip, br"})
    assert status == 200 and headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(packed) == body and len(packed) < len(body) / 2
    assert headers["etag"] == f'"{sha256(body)}.gz"'  # another representation, another validator
    gz = {"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]}
    assert request(srv, "GET", asset.url, gz)[0] == 304
    assert request(srv, "GET", asset.url, {"If-None-Match": headers["etag"]})[0] == 200
    status, headers, head_body = request(srv, "HEAD", asset.url, {"Accept-Encoding": "gzip"})
    assert (status, head_body, int(headers["content-length"])) == (200, b"", len(packed))
    for refused in ("gzip;q=0", "identity", "br"):
        assert "content-encoding" not in request(srv, "GET", asset.url, {"Accept-Encoding": refused})[1], refused


@pytest.mark.parametrize(
    "target",
    [
        "/static/yasgui/../app.py",
        "/static/yasgui/..%2fapp.py",
        "/static/yasgui/..%2f..%2fconfig.py",
        "/static/yasgui/%2e%2e/static.py",
        "/static/query/../../web/static.py",
        "/static/../web/static.py",
        "/static/yasgui/%2fetc%2fpasswd",
        "/static/yasgui//yasgui.min.js",
        "/static/yasgui/./yasgui.min.js",
        "/static/yasgui/nope.js",
        "/static/yasgui/yasgui.min.js.map",
        "/static/yasgui/YASGUI.MIN.JS",
        "/static/yasgui/",
        "/static/query/",
        "/static/nope/query.js",
        "/static/",
    ],
)
def test_a_path_that_is_not_a_served_file_is_404(srv, target):
    status, headers, body = request(srv, "GET", target)
    assert status == 404, (target, body[:200])
    assert headers["content-type"].startswith("text/plain")
    assert b"def " not in body and b"<li>" not in body and b"yasgui.min" not in body.split(b"\n", 1)[-1]
    assert request(srv, "HEAD", target)[0] == 404


def test_a_folder_is_never_listed(srv):
    status, headers, _ = request(srv, "GET", "/static/yasgui")
    assert status == 307 and headers["location"].endswith("/static/yasgui/")  # Starlette's slash redirect…
    assert request(srv, "GET", "/static/yasgui/")[0] == 404  # …to nothing
    status, headers, _ = request(srv, "POST", "/static/yasgui/yasgui.min.js")
    assert status == 405 and set(headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}


# --- the page over HTTP ------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.config: str | None = None
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_config = tag == "script" and dict(attrs).get("id") == "config"

    def handle_data(self, data):
        if self._in_config:
            self.config = (self.config or "") + data

    def handle_endtag(self, tag):
        self._in_config = False


def test_the_page_loads_yasgui_from_this_server_by_hash(srv, built):
    status, headers, body = request(srv, "GET", "/query")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    text = body.decode("utf-8")
    assert not EXTERNAL_LOAD.search(text) and "{{" not in text
    parsed = _Links()
    parsed.feed(text)
    loads = [(t, a.get("src") or a.get("href"), a.get("integrity")) for t, a in parsed.tags if t in ("script", "link")]
    loads = [x for x in loads if x[1]]
    assert [(t, u.split("?")[0]) for t, u, _ in loads] == [
        ("link", "/static/yasgui/yasgui.min.css"),
        ("link", "/static/query/query.css"),
        ("script", "/static/yasgui/yasgui.min.js"),
        ("script", "/static/query/query.js"),
    ]
    for _, url, integrity in loads:  # the hash in the URL and the integrity are those of the bytes sent
        code, _, sent = request(srv, "GET", url)
        assert code == 200 and url.endswith("?v=" + sha256(sent)[:16])
        assert integrity == "sha256-" + b64encode(hashlib.sha256(sent).digest()).decode()
    inline = [a for t, a in parsed.tags if t == "script" and not a.get("src")]
    assert inline == [{"type": "application/json", "id": "config"}]  # data, not a script
    assert "<style" not in text and " style=" not in text
    config = json.loads(parsed.config)
    assert config == {
        "prefixes": V.PREFIXES,
        "examples": [{"title": t, "query": q} for t, q in EXAMPLES],
        "views": sorted(p.name for p in built[1].glob("*.html")),
        "limits": f"Each query may run {TIMEOUT:g} s and return {MAX_ROWS} rows (or triples)",
        "allow_update": False,
        "endpoint": "/sparql",
    }
    links = [a.get("href") for t, a in parsed.tags if t == "a"]
    assert "/ask" in links and "/" in links and static.assets()["yasgui", "LICENSE"].url in links


def test_the_pages_policy_allows_only_this_server(srv):
    _, headers, _ = request(srv, "GET", "/query")
    csp = headers["content-security-policy"]
    assert csp == static.QUERY_CSP
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'" and directives["base-uri"] == "'none'"
    styles = directives["style-src"].split()
    assert styles[0] == "'self'" and len(styles) == 3 and all(s.startswith("'sha256-") for s in styles[1:])
    assert "unsafe" not in csp and "*" not in csp and "http" not in csp and "data:" not in csp
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"


# --- in real browsers --------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=list(bh.BROWSERS))
def browser(request):
    """One headless browser per kind for this module, with loopback let through (the server)."""
    b = bh.start(request.param, loopback=True)
    yield b
    b.close()


READY = "() => document.getElementById('yasgui').dataset.ready === '1' && !!document.querySelector('.tabPanel.active .CodeMirror')"
ACTIVE = ".tabPanel.active"
# the result table as text: its header, and each row's cells (the first is YASR's row number)
TABLE = """() => {
  const table = document.querySelector(".tabPanel.active .yasr table.dataTable");
  if (!table || !table.tBodies[0] || !table.tBodies[0].rows.length) return null;
  return {
    head: [...table.tHead.rows[0].cells].map(c => c.textContent.trim()),
    rows: [...table.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent.trim())),
    info: (document.querySelector(".tabPanel.active .yasr .dt-info") || {}).textContent,
  };
}"""


def _open(browser, srv) -> bh.LoadedView:
    view = browser.open_url("query", srv.url + "/query", allow=srv.url + "/")
    view.wait_for(READY, timeout_ms=15_000, what="YASGUI")
    return view


def _set_query(view, query: str) -> None:
    """Load a query into the open tab's editor (as opening a file would)."""
    view.evaluate("(q) => window.yasgui.getTab().getYasqe().setValue(q)", query)


def _run(view) -> None:
    """Press YASQE's run button and wait until YASR holds the new answer (or error)."""
    view.evaluate("() => { window.__shown = window.yasgui.getTab().getYasr().results; }")
    view.click(f"{ACTIVE} .yasqe_queryButton")
    view.wait_for(
        "() => { const tab = window.yasgui.getTab(); return tab.getYasr().results !== window.__shown"
        f" && !document.querySelector('{ACTIVE} .yasqe_queryButton.busy'); }}",
        timeout_ms=15_000,
        what="the query's answer",
    )
    view.wait(100)  # YASR draws just after it takes the response


def _type(view, text: str, ctrl_enter: bool = False) -> None:
    """Type `text` into the focused element with real key events (then Ctrl+Enter)."""
    if view.browser == "chromium":
        view.page.keyboard.type(text)
        if ctrl_enter:
            view.page.keyboard.press("Control+Enter")
        return
    keys = []
    for ch in text:
        keys += [{"type": "keyDown", "value": ch}, {"type": "keyUp", "value": ch}]
    if ctrl_enter:
        ctrl, enter = "\ue009", "\ue007"
        keys += [
            {"type": "keyDown", "value": ctrl},
            {"type": "keyDown", "value": enter},
            {"type": "keyUp", "value": enter},
            {"type": "keyUp", "value": ctrl},
        ]
    view._actions([{"type": "key", "id": "keyboard", "actions": keys}])


def _shown(term) -> str:
    """A term as YASR's table shows it: a literal as "value"@lang, "value"^^prefix:name, or (a
    plain string) its text."""
    import pyoxigraph as ox

    if term is None:
        return ""
    assert isinstance(term, ox.Literal), term
    if term.language:
        return f'"{term.value}"@{term.language}'
    if term.datatype.value == V.XSD + "string":
        return term.value
    return f'"{term.value}"^^{V.prefixed(term.datatype.value)}'


def _sparql_requests(view) -> int:
    return sum(1 for u in view.requests if u.split("?")[0].endswith("/sparql"))


def test_yasgui_runs_a_saved_query_and_shows_the_stores_rows(srv, browser, store):
    """queries/bodies-ranked-by-measures.rq, loaded into YASGUI and run with its button: the table
    holds the store's rows, in order, each cell as the store has it."""
    query = SAVED_QUERY.read_text(encoding="utf-8")
    result = store.raw_query(query)
    names = [v.value for v in result.variables]
    expected = [[str(i), *(_shown(row[n]) for n in names)] for i, row in enumerate(result, 1)]
    assert len(expected) >= 10 and expected[0][1] == '"静安区科技和经济委员会"@zh'
    view = _open(browser, srv)
    try:
        tabs = view.evaluate(
            "() => [...document.querySelectorAll('.yasgui .tabsList .tab a > span')].map(t => t.textContent)"
        )
        assert tabs == [title for title, _ in EXAMPLES]
        views = view.evaluate("() => [...document.querySelectorAll('#views a')].map(a => a.getAttribute('href'))")
        assert views == [f"/views/{p.name}" for p in sorted(srv.service.config.out.glob("*.html"))]
        assert view.evaluate("() => document.getElementById('limits').textContent") == srv.service.config.limits
        assert view.evaluate("() => document.getElementById('endpoint').textContent") == "/sparql"
        _set_query(view, query)
        _run(view)
        table = view.wait_for(TABLE, what="the result table")
        assert table["head"] == ["", *names]
        # YASR pages 50 rows at a time: the query's rows fit on one page
        assert table["rows"] == expected and table["info"] == f"Showing 1 to {len(expected)} of {len(expected)} entries"
        shot = SCREENSHOTS / ("query.png" if browser.name == "chromium" else f"query.{browser.name}.png")
        shot.parent.mkdir(parents=True, exist_ok=True)
        view.take_screenshot(shot)
    finally:
        view.close()
    outside = [u for u in view.requests if not u.startswith(srv.url + "/")]
    assert not outside, outside
    assert _sparql_requests(view) == 1
    assert view.console_errors == [] and view.page_errors == [], (view.console_errors, view.page_errors)


def test_a_typed_query_runs_with_ctrl_enter_and_gets_its_prefix_line(srv, browser, built):
    """Typed with real keys into a new tab: YASQE adds the PREFIX line of the graph's prefix it
    uses (from the page's prefixes, not prefix.cc), and Ctrl+Enter runs it."""
    view = _open(browser, srv)
    try:
        view.click(".yasgui .tabsList .addTab")
        view.wait_for(
            f"() => window.yasgui.getTab().getName() === 'Query' && !!document.querySelector('{ACTIVE} .CodeMirror')"
        )
        view.evaluate("() => { const y = window.yasgui.getTab().getYasqe(); y.setValue(''); y.focus(); }")
        _type(view, "SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }")
        view.wait(300)
        view.evaluate(
            "() => { const y = window.yasgui.getTab().getYasqe(); y.closeCompletion && y.closeCompletion(); }"
        )
        _type(view, "", ctrl_enter=True)
        table = view.wait_for(TABLE, timeout_ms=15_000, what="the result table")
        typed = view.evaluate("() => window.yasgui.getTab().getYasqe().getValue()")
    finally:
        view.close()
    assert typed.startswith(f"PREFIX jkg: <{V.JKG}>\n"), typed
    assert typed.rstrip().endswith("SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }"), typed
    assert table["head"] == ["", "n"]
    assert table["rows"] == [["1", f'"{built[0].counts["measures"]}"^^xsd:integer']]
    assert [u for u in view.requests if not u.startswith(srv.url + "/")] == []
    assert view.console_errors == [] and view.page_errors == [], (view.console_errors, view.page_errors)


def test_document_text_is_shown_as_text_and_errors_as_the_servers_message(srv, browser):
    view = _open(browser, srv)
    try:
        literal = HOSTILE.replace("\\", "\\\\").replace("'", "\\'")
        _set_query(view, f"SELECT ?x WHERE {{ BIND('{literal}' AS ?x) }}")
        _run(view)
        table = view.wait_for(TABLE, what="the result table")
        assert table["rows"] == [["1", HOSTILE]]  # the text itself, no element made of it
        assert (
            view.evaluate(f"() => document.querySelectorAll('{ACTIVE} .yasr td img, {ACTIVE} .yasr td b').length") == 0
        )
        assert view.evaluate("() => window.pwned === undefined")
        _set_query(view, MALFORMED)
        _run(view)
        error = view.wait_for(
            f"() => (document.querySelector('{ACTIVE} .yasr .errorResult') || {{}}).textContent", what="the error"
        )
    finally:
        view.close()
    status, _, message = request(srv, "GET", "/sparql?" + urllib.parse.urlencode({"query": MALFORMED}))
    first_line = message.decode("utf-8").splitlines()[0]
    assert status == 400 and first_line.startswith("Malformed query: error at 1:35")
    assert first_line in error, error  # the server's own message, shown as text
    assert [u for u in view.requests if not u.startswith(srv.url + "/")] == []
    # Chromium's console has two lines that are no fault: the 400 of the malformed query, and the
    # policy's word on the literal's onerror="…" when YASR's DOMPurify parses it in an inert
    # document (no browsing context: the handler cannot run; with 'unsafe-inline' allowed it does
    # not run either, and no image is fetched).
    expected = (
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
        "Executing inline event handler violates the following Content Security Policy directive 'script-src 'self''",
    )
    assert [e for e in view.console_errors if not any(x in e for x in expected)] == [], view.console_errors
    assert view.page_errors == []
    assert [u for u in view.requests if u.split("?")[0].endswith("/x")] == []  # the <img src=x> never loaded


def test_an_update_is_not_sent_to_a_read_only_server(srv, browser):
    view = _open(browser, srv)
    try:
        assert "read-only" in view.evaluate("() => document.getElementById('mode').textContent")
        _set_query(view, "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }")
        note = view.wait_for(
            "() => !document.getElementById('update-note').hidden && "
            "document.getElementById('update-note').textContent",
            what="the read-only note",
        )
        button = view.evaluate(f"() => document.querySelector('{ACTIVE} .yasqe_queryButton').className")
        view.click(f"{ACTIVE} .yasqe_queryButton")
        view.wait(500)
        sent = _sparql_requests(view)
        _set_query(view, "ASK {}")  # a query again: the note goes, the button works
        view.wait_for("() => document.getElementById('update-note').hidden", what="the note to go")
        _run(view)
    finally:
        view.close()
    assert "read-only" in note and "query_disabled" in button.split()
    assert sent == 0 and _sparql_requests(view) == 1
    assert view.console_errors == [] and view.page_errors == [], (view.console_errors, view.page_errors)


@pytest.fixture(scope="module")
def writable(built, tmp_path_factory):
    """A server that takes updates, on a copy of the built exports."""
    out = tmp_path_factory.mktemp("writable") / "exports"
    shutil.copytree(built[1], out, symlinks=True, ignore=shutil.ignore_patterns(".build.lock", ".build.pid"))
    with BackgroundServer(out, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=1, allow_update=True) as s:
        yield s


def test_an_update_runs_where_the_server_takes_updates(writable, browser):
    subject = f"http://example.org/{browser.name}-{time.monotonic_ns()}"
    view = _open(browser, writable)
    try:
        assert "accepts SPARQL Update" in view.evaluate("() => document.getElementById('mode').textContent")
        _set_query(view, f'INSERT DATA {{ <{subject}> <http://example.org/says> "写入" }}')
        _run(view)
        assert view.evaluate("() => document.getElementById('update-note').hidden")
        _set_query(view, f"SELECT ?o WHERE {{ <{subject}> <http://example.org/says> ?o }}")
        _run(view)
        table = view.wait_for(TABLE, what="the result table")
    finally:
        view.close()
    assert table["rows"] == [["1", "写入"]]
    assert [u for u in view.requests if not u.startswith(writable.url + "/")] == []
    assert view.console_errors == [] and view.page_errors == [], (view.console_errors, view.page_errors)


def test_the_example_menu_reopens_a_closed_example(srv, browser):
    title, query = EXAMPLES[1]
    view = _open(browser, srv)
    try:
        view.click(".yasgui .tabsList .tab:nth-child(2) .closeTab")
        view.wait_for(
            f"() => window.yasgui.persistentConfig.getTabs().length === {len(EXAMPLES) - 1}", what="the close"
        )
        view.evaluate(
            "() => { const s = document.getElementById('examples'); s.value = '1'; "
            "s.dispatchEvent(new Event('change', { bubbles: true })); }"
        )
        opened = view.wait_for(
            "() => window.yasgui.persistentConfig.getTabs().length === "
            f"{len(EXAMPLES)} && [window.yasgui.getTab().getName(), window.yasgui.getTab().getQuery(), "
            "document.getElementById('examples').value]",
            what="the example's tab",
        )
    finally:
        view.close()
    name, text, menu = opened
    assert (name, menu) == (title, "")
    assert text.endswith(query) and f"PREFIX jkg: <{V.JKG}>" in text and "PREFIX dcterms:" not in text
    assert view.console_errors == [] and view.page_errors == [], (view.console_errors, view.page_errors)


def test_a_link_with_a_query_opens_it_against_this_server(srv, browser, built):
    """/query?query=… (YASGUI's share link) opens that query and runs it here, even when the
    link names another endpoint."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?m a jkg:Measure }"
    link = "/query?" + urllib.parse.urlencode({"query": query, "endpoint": "https://example.org/sparql"})
    view = browser.open_url("query", srv.url + link, allow=srv.url + "/")
    try:
        view.wait_for(READY, timeout_ms=15_000, what="YASGUI")
        table = view.wait_for(TABLE, timeout_ms=15_000, what="the result table")
        tab = view.evaluate("() => [window.yasgui.getTab().getQuery(), window.yasgui.getTab().getEndpoint()]")
    finally:
        view.close()
    assert tab == [query, srv.url + "/sparql"]
    assert table["rows"] == [["1", f'"{built[0].counts["measures"]}"^^xsd:integer']]
    assert [u for u in view.requests if not u.startswith(srv.url + "/")] == []
    assert view.console_errors == [] and view.page_errors == [], (view.console_errors, view.page_errors)


def test_a_click_on_one_of_the_graphs_iris_describes_it_in_a_new_tab(srv, browser, store):
    """As the page did before YASGUI: the IRI in a result opens DESCRIBE <iri> in a tab of its
    own, run here (YASR's own link would leave for w3id.org), whose table is the store's triples."""
    import pyoxigraph as ox

    query = "SELECT ?m ?label WHERE { ?m a jkg:Measure ; rdfs:label ?label } ORDER BY ?m LIMIT 1"
    measure = next(iter(store.raw_query(query)))["m"].value
    described = store.raw_query(f"DESCRIBE <{measure}>")

    def shown(term) -> str:
        return V.prefixed(term.value) if isinstance(term, ox.NamedNode) else _shown(term)

    expected = sorted([shown(t.subject), shown(t.predicate), shown(t.object)] for t in described)
    assert 3 <= len(expected) <= 50 and [V.prefixed(measure), "rdf:type", "jkg:Measure"] in expected
    view = _open(browser, srv)
    try:
        _set_query(view, query)
        _run(view)
        view.wait_for(TABLE, what="the result table")
        view.click(f"{ACTIVE} .yasr tbody a.iri")
        table = view.wait_for(
            f"() => window.yasgui.getTab().getQuery() === 'DESCRIBE <{measure}>' && ({TABLE})()", what="the DESCRIBE"
        )
        tabs = view.evaluate("() => window.yasgui.persistentConfig.getTabs().length")
    finally:
        view.close()
    assert tabs == len(EXAMPLES) + 1
    assert table["head"] == ["", "subject", "predicate", "object"]
    assert sorted(row[1:] for row in table["rows"]) == expected
    assert [u for u in view.requests if not u.startswith(srv.url + "/")] == []
    assert view.console_errors == [] and view.page_errors == [], (view.console_errors, view.page_errors)
