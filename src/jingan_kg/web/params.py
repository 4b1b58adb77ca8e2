"""What a request may carry: the SPARQL Protocol parameters, the body (size limit, UTF-8), the
refusal of SERVICE and LOAD, and the security headers (Content-Security-Policy) of the pages."""

from __future__ import annotations

import hashlib
import re
from base64 import b64encode
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from starlette.requests import Request

MAX_REQUEST_BYTES = 1 << 20  # a query or update longer than 1 MiB is refused (413)


# --- what a query may not do --------------------------------------------------------------------

# One left-to-right pass in the order a SPARQL lexer reads: IRIs, strings, comments, variables
# and prefixed names are blanked, so what is left is keywords, punctuation and numbers. Each
# pattern takes no more text than the SPARQL grammar gives that token, so a keyword is never
# hidden; taking less only makes the check stricter.
_NAME = r"[A-Za-z0-9_\-\u00B7\u00C0-\uFFFF]"
_SKIP = re.compile(
    r"""
      <[^<>"{}|^`\\\x00-\x20]*>
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n\r]|\\.)*"
    | '(?:[^'\\\n\r]|\\.)*'
    | \#[^\n\r]*
    | [?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+
    | (?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?:(?:[\w.\-:\u00B7\u00C0-\uFFFF]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*
    | \\.
""",
    re.X | re.S,
)

FORBIDDEN = {
    "service": "SERVICE (federated query) is not available here: this endpoint fetches nothing from other servers",
    "load": "LOAD is not available here: this endpoint fetches nothing from other servers",
}


def forbidden(sparql: str, words: tuple[str, ...] = ("service",)) -> str | None:
    """Why the query or update may not run (it names SERVICE, or LOAD), or None."""
    code = _SKIP.sub(" ", sparql).lower()
    for word in words:
        if word in code:
            return FORBIDDEN[word]
    return None


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
    fmt: str | None = None


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
        fmt=_single(values, "format"),
    )
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


async def _request_params(request: Request) -> _Params:
    """The parameters of a GET (from the URL) or a POST (form, or a SPARQL query/update body)."""
    url_values = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        return _params(url_values)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
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
