"""What a request may carry: the SPARQL Protocol parameters (and `format`/`output`), the URL and
body (size limits, UTF-8), the refusal of SERVICE and LOAD (`forbidden`, from `guard`); and what
the answers carry for safety: the pages' Content-Security-Policy, CORS (`cors_middleware`)."""

from __future__ import annotations

import hashlib
import re
from base64 import b64encode
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from ..errors import JinganKgError
from ..query.guard import FORBIDDEN as FORBIDDEN  # re-exported: SERVICE and LOAD are refused here
from ..query.guard import forbidden as forbidden
from .negotiation import FORMAT_PARAMS, FormatError, format_accept

if TYPE_CHECKING:
    from starlette.requests import Request

MAX_REQUEST_BYTES = 1 << 20  # a POST body (query or update) longer than 1 MiB is refused (413)
# The request target (path and query string) of any request: longer is refused with 414, by the
# app and, for a request line too long to read whole, by the HTTP protocol (http11). Browsers
# and proxies keep URLs well under this; a longer query goes in a POST body.
MAX_URL_BYTES = 64 << 10


# --- the SPARQL Protocol parameters and the request body -------------------------------------------


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message
        super().__init__(message)


@dataclass
class _Params:
    query: str | None = None
    update: str | None = None
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    using: bool = False
    accept: str | None = None  # the Accept header the `format`/`output` parameters stand for


def _single(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name) or []
    if len(found) > 1:
        raise _Refused(400, f"Give `{name}` once (it was given {len(found)} times).")
    return found[0] if found else None


def _params(
    url_values: dict[str, list[str]],
    body_values: dict[str, list[str]] | None = None,
    query: str | None = None,
    update: str | None = None,
) -> _Params:
    values = {k: list(v) for k, v in url_values.items()}
    for k, v in (body_values or {}).items():
        values.setdefault(k, []).extend(v)
    p = _Params(
        query=query if query is not None else _single(values, "query"),
        update=update if update is not None else _single(values, "update"),
    )
    try:  # given beside an Accept header by many clients; the parameter wins
        p.accept = format_accept([(name, v) for name in FORMAT_PARAMS for v in values.get(name, [])])
    except FormatError as exc:
        raise _Refused(400, str(exc)) from None
    if (query is not None or update is not None) and (values.get("query") or values.get("update")):
        raise _Refused(400, "Give the query either as the request body or as a `query` parameter, not both.")
    if p.query is not None and p.update is not None:
        raise _Refused(400, "Give either `query` or `update`, not both.")
    if "default-graph-uri" in values or "named-graph-uri" in values:
        p.default_graphs = values.get("default-graph-uri", [])
        p.named_graphs = values.get("named-graph-uri", [])
    p.using = bool(values.get("using-graph-uri") or values.get("using-named-graph-uri"))
    return p


async def _read_body(request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise _Refused(413, f"The request body is larger than {limit} bytes.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _Refused(413, f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Refused(400, f"The request body is not UTF-8: {exc}") from None


def _url_values(request: Request) -> dict[str, list[str]]:
    """The URL's query parameters, read as strict UTF-8 (an invalid byte or `%ff` is a 400, as in
    a POST body, not a silent U+FFFD)."""
    raw = request.scope.get("query_string", b"")
    try:
        return parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=1000, errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        raise _Refused(
            400, f"The URL's query string is not UTF-8 (after %-decoding) or cannot be read: {exc}"
        ) from None


async def _request_params(request: Request) -> _Params:
    """The parameters of a GET or HEAD (from the URL) or a POST (form, or a SPARQL query/update body)."""
    url_values = _url_values(request)
    if request.method in ("GET", "HEAD"):
        return _params(url_values)
    ctype, *ctype_params = [p.strip() for p in request.headers.get("content-type", "").split(";")]
    ctype = ctype.lower()
    if ctype in ("application/sparql-query", "application/sparql-update"):
        for param in ctype_params:  # the SPARQL media types are UTF-8 only (SPARQL 1.1 Protocol 2.1.3)
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
                raise _Refused(415, f"{ctype} is UTF-8 only (the request says charset={value.strip()}).")
    body = await _read_body(request, MAX_REQUEST_BYTES)
    if ctype == "application/x-www-form-urlencoded":
        try:
            form = parse_qs(_decode(body), keep_blank_values=True, max_num_fields=1000, errors="strict")
        except (ValueError, UnicodeDecodeError) as exc:
            raise _Refused(400, f"The form cannot be read: {exc}") from None
        return _params(url_values, form)
    if ctype == "application/sparql-query":
        return _params(url_values, query=_decode(body))
    if ctype == "application/sparql-update":
        return _params(url_values, update=_decode(body))
    raise _Refused(
        415,
        "POST a query as application/x-www-form-urlencoded (query=…) or "
        "application/sparql-query; an update as application/sparql-update "
        f"(got {ctype or 'no content type'!r}).",
    )


# --- security headers of the pages ---------------------------------------------------------------

_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def _sha256(text: str) -> str:
    return "'sha256-" + b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _page_csp(page: str) -> str:
    """A Content-Security-Policy allowing exactly the page's own inline script and style, and
    requests to this server only."""
    scripts = " ".join(_sha256(s) for s in _SCRIPT.findall(page)) or "'none'"
    styles = " ".join(_sha256(s) for s in _STYLE.findall(page)) or "'none'"
    return (
        f"default-src 'none'; script-src {scripts}; style-src {styles}; connect-src 'self'; "
        "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


# The views are written by `build` (and other commands); they are offline pages with inline
# scripts. This lets them run while forbidding any request to another origin.
VIEW_CSP = (
    "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; connect-src 'self'; "
    "form-action 'self'; base-uri 'self'; frame-ancestors 'self'"
)
HTML_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


# --- CORS (`serve --cors`) --------------------------------------------------------------------------

CORS_METHODS = ("GET", "HEAD", "POST")
CORS_HEADERS = ("Accept", "Content-Type")
CORS_MAX_AGE = 3600  # seconds a browser may keep a preflight's answer
_ORIGIN = re.compile(r"https?://(?:[a-z0-9.\-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?")


def cors_origins(origins) -> list[str]:
    """The origins of `--cors`, checked: each `*` or scheme://host[:port] (no path), lower-cased."""
    checked = []
    for origin in origins or ():
        origin = origin.strip().lower()
        if origin != "*" and not _ORIGIN.fullmatch(origin):
            error = JinganKgError(f"--cors {origin!r} is not an origin")
            error.hint = (
                "Give an origin as browsers send it, scheme://host[:port] with no path (https://example.org), or '*'."
            )
            raise error
        checked.append(origin)
    return list(dict.fromkeys(checked))


def cors_middleware(origins: list[str]) -> list:
    """Starlette's CORSMiddleware for `origins` (none: no CORS headers at all), answering a
    preflight with 204. Updates stay same-origin whatever it allows: the update route refuses
    any request whose Origin is not this server."""
    if not origins:
        return []
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.responses import Response

    class _CORS(CORSMiddleware):
        def preflight_response(self, request_headers):
            answer = super().preflight_response(request_headers=request_headers)
            if answer.status_code != 200:
                return answer  # 400 naming what is not allowed (origin, method, headers)
            keep = {k: v for k, v in answer.headers.items() if k not in ("content-length", "content-type")}
            return Response(status_code=204, headers=keep)

    return [
        Middleware(
            _CORS,
            allow_origins=origins,
            allow_methods=CORS_METHODS,
            allow_headers=CORS_HEADERS,
            max_age=CORS_MAX_AGE,
        )
    ]
