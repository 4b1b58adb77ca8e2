"""Static files `serve` sends: the query page's vendored SPARQL editor (YASGUI, static/yasgui/) and
the page's own script and style (static/query/), each named in the page with its content hash so
that a browser keeps it for good, and nothing else: no directory listing, no path outside them."""

from __future__ import annotations

import gzip
import hashlib
import re
from base64 import b64encode
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .params import _sha256

FOLDERS = ("yasgui", "query")  # the folders of static/ that are served, under /static/<folder>/
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    "": "text/plain; charset=utf-8",  # LICENSE
}
# A URL that names the file's hash (`?v=`, as the page writes it) never changes content: cached for
# a year and never revalidated. The plain URL may change with an upgrade: revalidated by ETag.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
HASH_CHARS = 16  # of the sha256 hex in `?v=`: 64 bits, enough to tell two versions apart

# The two <style> elements YASGUI adds (column-resizer, in the results table): its rules when a
# table is drawn, and a cursor while a column is dragged. A policy must allow them by hash or with
# 'unsafe-inline'; by hash lets in these two texts and nothing else. (A new version that changes
# them shows as a console error in tests/test_query_page.py; tests also check they are in the bundle.)
YASGUI_STYLES = (
    " .grip-resizable{table-layout:fixed;} .grip-resizable > tbody > tr > td, .grip-resizable > tbody > tr > th"
    "{overflow:hidden} .grip-padding > tbody > tr > td, .grip-padding > tbody > tr > th{padding-left:0!important;"
    " padding-right:0!important;} .grip-container{ height:0px; position:relative;} .grip-handle{margin-left:-5px;"
    " position:absolute; z-index:5; } .grip-handle .grip-resizable{position:absolute;background-color:red;"
    "filter:alpha(opacity=1);opacity:0;width:10px;height:100%;cursor: col-resize;top:0px} .grip-lastgrip"
    "{position:absolute; width:1px; } .grip-drag{ border-left:1px dotted black;\t} .grip-flex{width:auto!important;}"
    " .grip-handle.grip-disabledgrip .grip-resizable{cursor:default; display:none;}",
    "*{cursor:col-resize!important}",
)

# The query page's policy. Scripts and styles only from this server ('self': the files below, each
# also pinned by its `integrity` hash) and YASGUI's two style texts; the page's config is a JSON
# data block, which runs as no script. Requests (the queries) only to this server. No
# 'unsafe-inline' and no 'unsafe-eval': YASGUI (4.6.2) needs neither (its other style changes go
# through element.style, which a policy does not govern). Its icons are inline SVG, so no font;
# images from this server only (the browser's own /favicon.ico).
QUERY_CSP = (
    "default-src 'none'; script-src 'self'; "
    f"style-src 'self' {' '.join(_sha256(text) for text in YASGUI_STYLES)}; "
    "connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Asset:
    """One file that is served: its bytes (and gzipped), its type and its hashes."""

    folder: str
    name: str
    body: bytes
    media_type: str
    sha256: str  # hex

    @property
    def url(self) -> str:
        """The URL the page writes: the path and the content hash."""
        return f"/static/{self.folder}/{self.name}?v={self.sha256[:HASH_CHARS]}"

    @property
    def integrity(self) -> str:
        """The Subresource Integrity value of the file (the browser refuses other content)."""
        return "sha256-" + b64encode(bytes.fromhex(self.sha256)).decode()

    @property
    def etag(self) -> str:
        return f'"{self.sha256}"'

    @property
    def gzip_etag(self) -> str:  # another representation, another strong validator (RFC 9110 8.8.3)
        return f'"{self.sha256}.gz"'

    @property
    def gzipped(self) -> bytes:
        return _gzip(self.body)


@cache
def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=9, mtime=0)  # mtime 0: the same bytes every time


def static_root() -> Path:
    """The package's static/ folder (jingan_kg is installed as plain files, never zipped)."""
    from importlib.resources import files

    return Path(str(files(__package__) / "static"))


@cache
def assets() -> dict[tuple[str, str], Asset]:
    """Every servable file, by (folder, file name): the regular files directly inside FOLDERS."""
    root = static_root()
    found = {}
    for folder in FOLDERS:
        if not (root / folder).is_dir():  # an install without its package data: link_assets says so
            continue
        for path in sorted((root / folder).iterdir()):
            if not path.is_file() or path.name.startswith(".") or path.suffix not in MEDIA_TYPES:
                continue
            body = path.read_bytes()
            found[folder, path.name] = Asset(
                folder, path.name, body, MEDIA_TYPES[path.suffix], hashlib.sha256(body).hexdigest()
            )
    return found


_PLACEHOLDER = re.compile(r"\{\{ (url|integrity) ([\w.-]+)/([\w.-]+) \}\}")


@cache
def link_assets(template: str) -> str:
    """The page with each `{{ url folder/name }}` and `{{ integrity folder/name }}` filled in
    (a name that is not served is an error here, not a broken page)."""

    def fill(m: re.Match) -> str:
        asset = assets().get((m.group(2), m.group(3)))
        if asset is None:
            raise LookupError(
                f"the query page needs {m.group(2)}/{m.group(3)}, which is not in {static_root()} "
                "(an install without the package data of web/static/)"
            )
        return asset.url if m.group(1) == "url" else asset.integrity

    return _PLACEHOLDER.sub(fill, template)


def _accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header takes gzip: named with a q above 0, or else `*` so."""
    q: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        coding, *params = (p.strip() for p in part.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        q[coding] = weight
    return q.get("gzip", q.get("*", 0.0)) > 0


def routes(service) -> list:
    """The Starlette route of this module: GET and HEAD of /static/<folder>/<name>."""
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    async def static_file(request: Request) -> Response:
        folder, name = request.path_params["folder"], request.path_params["name"]
        asset = assets().get((folder, name))  # an exact name: "..", "a/b", "" and the folder itself are not
        if asset is None:
            return PlainTextResponse(
                f"No file {folder}/{name} here.\n", status_code=404, headers={"X-Content-Type-Options": "nosniff"}
            )
        pinned = request.query_params.get("v") == asset.sha256[:HASH_CHARS]
        headers = {
            "ETag": asset.etag,
            "Cache-Control": IMMUTABLE if pinned else REVALIDATE,
            "Vary": "Accept-Encoding",
            "X-Content-Type-Options": "nosniff",
            "Cross-Origin-Resource-Policy": "same-origin",
        }
        body = asset.body
        if len(body) > 1024 and _accepts_gzip(request.headers.get("accept-encoding", "")):
            body, headers["Content-Encoding"], headers["ETag"] = asset.gzipped, "gzip", asset.gzip_etag
        if headers["ETag"] in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers=headers)
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(body))
            return Response(None, media_type=asset.media_type, headers=headers)
        return Response(body, media_type=asset.media_type, headers=headers)

    return [Route("/static/{folder}/{name:path}", static_file, methods=["GET", "HEAD"])]
