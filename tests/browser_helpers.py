"""Drive the exported HTML views in real headless browsers with no network.

Used by tests/test_browser.py. Two browsers, both Debian's own builds, so nothing ever
downloads a browser:

- Chromium (/usr/bin/chromium), driven by the PyPI `playwright` package through
  `executable_path`.
- Firefox ESR (/usr/bin/firefox-esr), driven directly over WebDriver BiDi (the W3C protocol
  Firefox speaks natively) with the `websockets` package. Playwright's own Firefox needs its
  patched build (a download), and its experimental BiDi channel ("moz-firefox") sends a
  command Firefox ESR does not know yet (emulation.setMediaFeaturesOverride), so it cannot
  open a page there.

Both record every request other than the page itself (and block it), console errors and
uncaught page errors, and expose the same few methods, so one set of tests runs on both.
(Firefox's BiDi network events cover http(s) and ws(s) but not file:// subresources; those
are seen by the Chromium run.)

The page contract these helpers rely on (set by the views' own JS):
  window.network                              the vis.Network
  window.nodesDataSet / window.edgesDataSet   its vis.DataSets
  #search                                     typing a label + Enter selects and focuses that node
  document.body.dataset.ready                 "1" once physics has stabilised (and stopped)
  <script type="application/json" id="graph-data">   {"nodes": [...], "edges": [...], ...}
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("JINGAN_KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FIREFOX = (
    os.environ.get("JINGAN_KG_FIREFOX")
    or shutil.which("firefox-esr")
    or shutil.which("firefox")
    or "/usr/bin/firefox-esr"
)

# Chromium as root on a machine with no network: no sandbox, no GPU, and nothing that phones home.
# The host-resolver rule makes any name lookup fail, so even a request that slipped past the
# route below could not leave the machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    "--metrics-recording-only",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
LOOPBACK_RESOLVER_RULES = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"

# Firefox's equivalent: every http(s) request goes to a proxy on a closed loopback port (so
# nothing can leave the machine even if it were not intercepted), and the services that fetch
# in the background (remote settings, experiments, telemetry, updates, captive portal) are off.
FIREFOX_PREFS = {
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": 9,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": 9,
    "network.proxy.share_proxy_settings": True,
    "network.proxy.no_proxies_on": "",
    "network.proxy.allow_hijacking_localhost": True,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.http.speculative-parallel-limit": 0,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "services.settings.server": "data:,#remote-settings-dummy/v1",
    "messaging-system.rsexperimentloader.enabled": False,
    "app.normandy.enabled": False,
    "app.shield.optoutstudies.enabled": False,
    "app.update.disabledForTesting": True,
    "app.update.auto": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.server": "",
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.search.update": False,
    "browser.region.network.url": "",
    "browser.startup.page": 0,
    "browser.startup.homepage": "about:blank",
    "browser.newtabpage.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "extensions.blocklist.enabled": False,
    "geo.provider.network.url": "",
    "media.gmp-manager.url": "",
    "datareporting.policy.firstRunURL": "",
}

# Loopback (only) bypasses the proxy: Firefox never proxies 127.0.0.1 unless told to hijack it.
LOOPBACK_PREFS = {"network.proxy.allow_hijacking_localhost": False}

VIEWPORT = {"width": 1280, "height": 800}
READY_TIMEOUT_MS = 30_000
CONTRACT_HOOKS = ("window.network", "window.nodesDataSet", "window.edgesDataSet")

_GRAPH_DATA = re.compile(r'<script type="application/json" id="graph-data">(.*?)</script>', re.S)


def executable(path: str) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def cjk_font_installed() -> bool:
    """True when fontconfig knows a font covering Simplified Chinese (e.g. Debian's fonts-noto-cjk)."""
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True).stdout
    return bool(out.strip())


def noto_cjk_installed() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":family=Noto Sans CJK SC", "family"], capture_output=True, text=True).stdout
    return "Noto Sans CJK SC" in out


def graph_data(html_path: Path) -> dict:
    """The graph JSON embedded in a written view, read from the file (not from the page)."""
    html = Path(html_path).read_text(encoding="utf-8")
    m = _GRAPH_DATA.search(html)
    assert m, f'{html_path}: no <script type="application/json" id="graph-data"> in the page'
    return json.loads(m.group(1))


class PageTimeout(AssertionError):
    """A condition in the page did not become true in time."""


@dataclass(repr=False)
class LoadedView:
    """One view opened in its own browser context, with everything the page did recorded."""

    browser: str
    name: str
    path: Path
    url: str
    data: dict
    requests: list[str] = field(default_factory=list)  # every request other than the page itself
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    missing_hooks: list[str] = field(default_factory=list)
    ready: bool = False
    load_seconds: float = 0.0
    ready_seconds: float = 0.0
    screenshot: Path | None = None
    # A page served by a local server (open_url): requests whose URL starts with this go through
    # (and are recorded too); every other request is blocked as for a file.
    allow: str = ""

    def __repr__(self) -> str:
        return f"<{self.browser} view {self.name} {self.path.name if self.path else self.url}>"

    # Each browser implements these.
    def evaluate(self, fn: str, arg=None):
        """Call the JS function source `fn` (e.g. "() => 1" or "(x) => x") in the page with one JSON arg."""
        raise NotImplementedError

    def type_and_enter(self, selector: str, text: str) -> None:
        """Clear the input, type `text` into it with real key events, then press Enter."""
        raise NotImplementedError

    def mouse_move(self, x: float, y: float, steps: int = 1) -> None:
        raise NotImplementedError

    def click(self, selector: str) -> None:
        """Click the (first) element `selector` names with the mouse, as a person would."""
        raise NotImplementedError

    def take_screenshot(self, path: Path) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def wait(self, ms: int) -> None:
        """Let the page run for `ms` milliseconds (and collect what it reports meanwhile)."""
        self.evaluate(f"() => new Promise(r => setTimeout(r, {int(ms)}))")

    def wait_for(self, fn: str, arg=None, timeout_ms: int = 5000, what: str = "") -> object:
        """Poll the JS function until it returns something truthy; that value, or PageTimeout."""
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            value = self.evaluate(fn, arg)
            if value:
                return value
            if time.monotonic() > deadline:
                raise PageTimeout(f"{self}: timed out after {timeout_ms} ms waiting for {what or fn}")
            self.wait(50)

    # Shared.
    def after_load(self, t0: float, screenshot: Path | None) -> None:
        self.load_seconds = time.perf_counter() - t0
        self.missing_hooks = [h for h in CONTRACT_HOOKS if not self.evaluate(f"() => typeof {h} !== 'undefined'")]
        if not self.missing_hooks:
            try:
                self.wait_for('() => document.body.dataset.ready === "1"', timeout_ms=READY_TIMEOUT_MS)
                self.ready = True
            except PageTimeout:  # reported by require_ready, with the screenshot taken anyway
                self.ready = False
        self.ready_seconds = time.perf_counter() - t0
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            self.take_screenshot(screenshot)
            self.screenshot = screenshot

    def record_request(self, u: str) -> bool:
        """Record `u` unless it is the page itself or inline data; True if it must be blocked
        (anything but what `allow` lets through)."""
        if u == self.url or u.startswith("data:"):
            return False
        if u not in self.requests:
            self.requests.append(u)
        return not (self.allow and u.startswith(self.allow))

    def require_hooks(self) -> None:
        """Fail, naming what the page lacks, when the page contract's hooks are not there."""
        assert not self.missing_hooks, (
            f"{self}: page contract hook(s) missing: {', '.join(self.missing_hooks)} "
            "(the views must expose window.network, window.nodesDataSet, window.edgesDataSet "
            'and set document.body.dataset.ready = "1" once physics has stabilised)'
        )

    def require_ready(self) -> None:
        self.require_hooks()
        assert self.ready, (
            f'{self}: document.body.dataset.ready never became "1" '
            f"within {READY_TIMEOUT_MS / 1000:.0f} s (physics did not stabilise)"
        )


# --------------------------------------------------------------------------- Chromium


@dataclass(repr=False)
class ChromiumView(LoadedView):
    page: object = None
    context: object = None

    def evaluate(self, fn: str, arg=None):
        return self.page.evaluate(fn, arg)

    def type_and_enter(self, selector: str, text: str) -> None:
        box = self.page.locator(selector)
        box.fill("")
        box.press_sequentially(text)
        box.press("Enter")

    def mouse_move(self, x: float, y: float, steps: int = 1) -> None:
        self.page.mouse.move(x, y, steps=steps)

    def click(self, selector: str) -> None:
        self.page.locator(selector).first.click()

    def take_screenshot(self, path: Path) -> None:
        self.page.screenshot(path=str(path))

    def close(self) -> None:
        self.context.close()


class Chromium:
    """One headless Debian Chromium, launched with the no-network flags, driven by Playwright."""

    name = "chromium"

    def __init__(self, loopback: bool = False):
        """`loopback`: let 127.0.0.1 past the no-network settings, for pages a local server serves
        (open_url); which requests go through is still each page's `allow`."""
        from playwright.sync_api import sync_playwright

        args = [LOOPBACK_RESOLVER_RULES if a.startswith("--host-resolver-rules") else a for a in CHROMIUM_ARGS]
        self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=args if loopback else CHROMIUM_ARGS
            )
        except Exception:
            self._pw.stop()
            raise
        self.version = self._browser.version

    def open(self, name: str, path: Path, screenshot: Path | None = None) -> ChromiumView:
        """Load `path` from disk with every other request blocked and recorded."""
        path = Path(path).resolve()
        return self._open(name, path.as_uri(), path, graph_data(path), screenshot)

    def open_url(self, name: str, url: str, allow: str, screenshot: Path | None = None) -> ChromiumView:
        """Load `url` (a page a local server serves): requests under `allow` go through, every
        other is blocked; all are recorded."""
        return self._open(name, url, None, {}, screenshot, allow)

    def _open(self, name, url, path, data, screenshot, allow="") -> ChromiumView:
        context = self._browser.new_context(viewport=VIEWPORT, service_workers="block")
        view = ChromiumView(browser=self.name, name=name, path=path, url=url, data=data, allow=allow, context=context)

        def route(r):
            if view.record_request(r.request.url):
                r.abort("blockedbyclient")
            else:
                r.continue_()

        context.route("**/*", route)
        context.route_web_socket(re.compile(".*"), lambda ws: view.record_request(ws.url))  # never connected
        context.on("request", lambda r: view.record_request(r.url))
        page = context.new_page()
        view.page = page
        page.on(
            "console",
            lambda m: (
                view.console_errors.append(f"{m.type}: {m.text} @ {m.location}")
                if m.type in ("error", "assert")
                else None
            ),
        )
        page.on("pageerror", lambda e: view.page_errors.append(str(e)))
        page.on("popup", lambda p: view.page_errors.append(f"popup opened: {p.url}"))
        t0 = time.perf_counter()
        page.goto(view.url, wait_until="load")
        view.after_load(t0, screenshot)
        return view

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


# --------------------------------------------------------------------------- Firefox (WebDriver BiDi)

_ENTER = "\ue007"


@dataclass(repr=False)
class FirefoxView(LoadedView):
    firefox: Firefox = None
    context: str = ""
    user_context: str = ""

    def evaluate(self, fn: str, arg=None):
        self.firefox.bring_to_front(self)  # a background tab gets no animation frames
        call = f"({fn})({json.dumps(arg, ensure_ascii=False)})" if arg is not None else f"({fn})()"
        result = self.firefox.command(
            "script.evaluate",
            {
                "expression": f"(async () => {{ const v = await {call}; "
                f"return v === undefined ? undefined : JSON.stringify(v); }})()",
                "target": {"context": self.context},
                "awaitPromise": True,
                "resultOwnership": "none",
            },
        )
        if result.get("type") == "exception":
            details = result.get("exceptionDetails", {})
            raise RuntimeError(f"{self}: JS exception in {fn[:80]!r}: {details.get('text')}")
        value = result["result"]
        return json.loads(value["value"]) if value.get("type") == "string" else None

    def _actions(self, actions: list[dict]) -> None:
        self.firefox.command("input.performActions", {"context": self.context, "actions": actions})

    def type_and_enter(self, selector: str, text: str) -> None:
        focused = self.evaluate(
            "(s) => { const e = document.querySelector(s); if (!e) return false; "
            "e.focus(); e.value = ''; return document.activeElement === e; }",
            selector,
        )
        assert focused, f"{self}: could not focus {selector}"
        keys = []
        for ch in list(text) + [_ENTER]:
            keys += [{"type": "keyDown", "value": ch}, {"type": "keyUp", "value": ch}]
        self._actions([{"type": "key", "id": "keyboard", "actions": keys}])

    def click(self, selector: str) -> None:
        at = self.evaluate(
            "(s) => { const e = document.querySelector(s); if (!e) return null; "
            "e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0]; "
            "return [r.left + r.width / 2, r.top + r.height / 2]; }",
            selector,
        )
        assert at, f"{self}: nothing to click at {selector}"
        x, y = (int(round(v)) for v in at)
        clicks = [
            {"type": "pointerMove", "x": x, "y": y, "origin": "viewport"},
            {"type": "pointerDown", "button": 0},
            {"type": "pointerUp", "button": 0},
        ]
        self._actions([{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": clicks}])

    def mouse_move(self, x: float, y: float, steps: int = 1) -> None:
        moves = [
            {
                "type": "pointerMove",
                "x": int(round(x)),
                "y": int(round(y)),
                "origin": "viewport",
                "duration": 20 * steps,
            }
        ]
        self._actions([{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": moves}])

    def take_screenshot(self, path: Path) -> None:
        data = self.firefox.command("browsingContext.captureScreenshot", {"context": self.context})["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        self.firefox.close_view(self)


class Firefox:
    """One headless Debian Firefox ESR with a fresh no-network profile, driven over WebDriver BiDi."""

    name = "firefox"

    def __init__(self, timeout: float = 60.0, loopback: bool = False):
        """`loopback`: let 127.0.0.1 past the dead proxy, for pages a local server serves
        (open_url); which requests go through is still each page's `allow`."""
        from websockets.sync.client import connect

        self.timeout = timeout
        self._views: dict[str, FirefoxView] = {}
        self._front: str | None = None
        self._next_id = 0
        self._home = Path(tempfile.mkdtemp(prefix="jingan-kg-firefox-"))
        profile = self._home / "profile"
        profile.mkdir()
        (profile / "user.js").write_text(
            "".join(
                f"user_pref({json.dumps(k)}, {json.dumps(v)});\n"
                for k, v in {**FIREFOX_PREFS, **(LOOPBACK_PREFS if loopback else {})}.items()
            ),
            encoding="utf-8",
        )
        self._log = self._home / "firefox.log"
        env = dict(os.environ, HOME=str(self._home), MOZ_HEADLESS="1")
        with open(self._log, "wb") as log:
            self._proc = subprocess.Popen(
                [
                    FIREFOX,
                    "--headless",
                    "--no-remote",
                    "--profile",
                    str(profile),
                    "--remote-debugging-port=0",
                    "about:blank",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
            )
        self._stack = contextlib.ExitStack()
        try:
            url = self._wait_for_endpoint()
            self._ws = self._stack.enter_context(connect(url + "/session", max_size=None, open_timeout=timeout))
            caps = self.command("session.new", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": False}}})
            self.version = caps["capabilities"].get("browserVersion", "?")
            self.command("session.subscribe", {"events": ["log.entryAdded", "network.beforeRequestSent"]})
        except BaseException:
            self._shutdown()
            raise

    def _wait_for_endpoint(self) -> str:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            text = self._log.read_text(encoding="utf-8", errors="replace")
            m = re.search(r"WebDriver BiDi listening on (ws://\S+)", text)
            if m:
                return m.group(1)
            if self._proc.poll() is not None:
                raise RuntimeError(f"firefox exited with {self._proc.returncode}:\n{text[-2000:]}")
            time.sleep(0.05)
        raise RuntimeError(f"firefox did not start WebDriver BiDi in {self.timeout:.0f} s:\n{text[-2000:]}")

    def _send(self, method: str, params: dict) -> int:
        self._next_id += 1
        self._ws.send(json.dumps({"id": self._next_id, "method": method, "params": params}))
        return self._next_id

    def command(self, method: str, params: dict) -> dict:
        """Send one BiDi command and return its result, handling the events that arrive meanwhile."""
        cid = self._send(method, params)
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"firefox: no answer to {method} in {self.timeout:.0f} s")
            msg = json.loads(self._ws.recv(timeout=remaining))
            if msg.get("id") == cid:
                if msg.get("type") == "error":
                    raise RuntimeError(f"firefox: {method} failed: {msg.get('error')}: {msg.get('message')}")
                return msg["result"]
            if msg.get("type") == "event":
                self._event(msg["method"], msg["params"])
            elif msg.get("type") == "error" and msg.get("error") != "no such request":
                # an answer to a continue/fail sent from an event (a request may end first: fine)
                raise RuntimeError(f"firefox: {msg.get('error')}: {msg.get('message')}")

    def _event(self, method: str, params: dict) -> None:
        if method == "network.beforeRequestSent":
            view = self._views.get(params.get("context"))
            url = params["request"]["url"]
            block = view.record_request(url) if view else True
            if params.get("isBlocked"):
                self._send(
                    "network.failRequest" if block else "network.continueRequest",
                    {"request": params["request"]["request"]},
                )
        elif method == "log.entryAdded" and params.get("level") == "error":
            view = self._views.get(params.get("source", {}).get("context"))
            if view is not None:
                line = f"{params.get('text')}"
                if params.get("type") == "javascript":
                    view.page_errors.append(line)
                else:
                    view.console_errors.append(f"error: {line}")

    def open(self, name: str, path: Path, screenshot: Path | None = None) -> FirefoxView:
        """Load `path` from disk in a fresh user context with every other request blocked and recorded."""
        path = Path(path).resolve()
        return self._open(name, path.as_uri(), path, graph_data(path), screenshot)

    def open_url(self, name: str, url: str, allow: str, screenshot: Path | None = None) -> FirefoxView:
        """Load `url` (a page a local server serves): requests under `allow` go through, every
        other is blocked; all are recorded."""
        return self._open(name, url, None, {}, screenshot, allow)

    def _open(self, name, url, path, data, screenshot, allow="") -> FirefoxView:
        user_context = self.command("browser.createUserContext", {})["userContext"]
        context = self.command("browsingContext.create", {"type": "tab", "userContext": user_context})["context"]
        view = FirefoxView(
            browser=self.name,
            name=name,
            path=path,
            url=url,
            data=data,
            allow=allow,
            firefox=self,
            context=context,
            user_context=user_context,
        )
        self._views[context] = view
        self.command("network.addIntercept", {"phases": ["beforeRequestSent"], "contexts": [context]})
        self.command("browsingContext.setViewport", {"context": context, "viewport": VIEWPORT})
        t0 = time.perf_counter()
        self.command("browsingContext.navigate", {"context": context, "url": view.url, "wait": "complete"})
        view.after_load(t0, screenshot)
        return view

    def bring_to_front(self, view: FirefoxView) -> None:
        if self._front != view.context:
            self.command("browsingContext.activate", {"context": view.context})
            self._front = view.context

    def close_view(self, view: FirefoxView) -> None:
        self.command("browsingContext.close", {"context": view.context})
        self.command("browser.removeUserContext", {"userContext": view.user_context})
        self._views.pop(view.context, None)
        if self._front == view.context:
            self._front = None

    def _shutdown(self) -> None:
        self._stack.close()
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        shutil.rmtree(self._home, ignore_errors=True)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.command("session.end", {})
        self._shutdown()


# --------------------------------------------------------------------------- glyphs

# Draw each character alone on a canvas, in the given CSS font, and compare its pixels with
# those of a code point no font has (U+10FFFD, private use plane 16): a missing glyph draws as
# that same .notdef box (or nothing), so a match means tofu. Returns [[char, ink, is_tofu]].
GLYPH_CHECK_JS = r"""
([text, font]) => {
  const size = 48;
  function sig(ch) {
    const c = document.createElement("canvas");
    c.width = size; c.height = size;
    const g = c.getContext("2d");
    g.fillStyle = "#fff"; g.fillRect(0, 0, size, size);
    g.fillStyle = "#000"; g.font = font; g.textBaseline = "top";
    g.fillText(ch, 4, 4);
    const d = g.getImageData(0, 0, size, size).data;
    let bits = "", ink = 0;
    for (let i = 0; i < d.length; i += 4) { const on = d[i] < 128; bits += on ? "1" : "0"; if (on) ink++; }
    return [bits, ink];
  }
  const tofu = sig("\u{10FFFD}")[0];
  return Array.from(new Set(Array.from(text))).map(ch => { const [b, ink] = sig(ch); return [ch, ink, b === tofu]; });
}
"""


# --- starting a browser for a test module ----------------------------------------------------------

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BROWSERS = {  # kind: (executable, driver class, how to install it, the Python module driving it)
    "chromium": (CHROMIUM, Chromium, "apt-get install chromium", "playwright.sync_api"),
    "firefox": (FIREFOX, Firefox, "apt-get install firefox-esr", "websockets.sync.client"),
}


def skip_or_fail(reason: str):
    """Skip on a developer's machine; in CI the install step is broken, so fail loudly."""
    import pytest

    if IN_CI:
        pytest.fail(f"{reason} — .ci/run should have installed it", pytrace=False)
    pytest.skip(reason)


def start(kind: str, **options):
    """A headless browser of `kind`, started with no-network settings (`options`: loopback=True
    lets a local server through); skips, or fails in CI, when it or its driver is missing."""
    import importlib

    path, cls, install, module = BROWSERS[kind]
    if not executable(path):
        skip_or_fail(f"{kind} not installed at {path} (Debian: {install})")
    try:
        importlib.import_module(module)
    except ImportError:
        skip_or_fail(f"{module.split('.')[0]} is not installed (pip install -e '.[test]')")
    return cls(**options)
