"""Linked data on `serve`: every jkr: IRI dereferences, the ontology and its shapes are served, and
the dataset's VoID description.

    /id/<path>            the node <https://w3id.org/jingan-kg/id/<path>>: an HTML card for
                          browsers, its description (its triples both ways and its excerpts')
                          as Turtle, N-Triples, JSON-LD or RDF/XML for RDF clients (Accept)
    /def                  the ontology (jkg:), from the packaged jingan.ttl; HTML lists its terms
    /def/shapes, /shapes  the SHACL shapes (jkgsh: is https://w3id.org/jingan-kg/shapes#)
    /.well-known/void     the build's void.ttl (VoID and DCAT), 404 until a build writes one;
                          also at /void, the path of its own IRI (https://w3id.org/jingan-kg/void)

Each also takes a suffix naming its format (.ttl, .nt, .jsonld, .rdf, .html), which wins over
Accept. No Accept, or */*, gets Turtle; an Accept that takes nothing offered gets 406 naming what
is. A path is read as sent: its %-escapes decoded where an IRI writes the character itself
(unreserved ASCII, and UTF-8 for the characters IRIs allow), so a node is found by its IRI (静安)
or its URI form (%E9%9D%99…); characters no IRI holds are a 400 naming the first, a path longer
than MAX_PATH a 414. The node is looked up in the worker pool (web/describe.py), under the
server's time limit. HTML pages are templates/entity.html and ontology.html (Jinja2, autoescape)
with no script and a Content-Security-Policy allowing their inline styles by hash only.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..graph import vocab as V
from . import vocabulary as vocab
from .negotiation import GRAPH_TYPES, negotiate
from .params import HTML_HEADERS, _page_csp

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

MAX_PATH = 2048  # bytes of a /id/ path: the graph's IRIs are far shorter (137 characters today)
SUFFIXES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".html": "text/html",
}
DEFAULT = "text/turtle"  # for no Accept and */*: browsers ask for text/html by name
VOID_FILE = "void.ttl"
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_PATH_CHARS = _UNRESERVED | frozenset("!$&'()*+,;=:@/")  # RFC 3987 ipath, but for %-escapes and ucschar
_HEX = frozenset(string.hexdigits)


def _canonical() -> dict[str, str]:
    """Each graph media type served -> the type its format is labelled with (pyoxigraph's)."""
    first: dict[str, str] = {}
    return {m: first.setdefault(fmt, m) for m, fmt in GRAPH_TYPES.items()}


CANONICAL = _canonical()
OFFERED = ["text/html", *CANONICAL]  # what an /id/ page and /def are offered as
OFFERED_RDF = list(CANONICAL)  # what /.well-known/void is offered as


# --- the path --------------------------------------------------------------------------------------


class BadPath(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message
        super().__init__(message)


def _ucschar(cp: int) -> bool:
    """A character RFC 3987 lets an IRI path hold unescaped (ucschar)."""
    return (
        cp >= 0xA0
        and not 0xD800 <= cp <= 0xF8FF  # surrogates, private use
        and not 0xFDD0 <= cp <= 0xFDEF
        and (cp & 0xFFFF) < 0xFFFE
        and cp < 0xF0000  # the private-use planes
    )


def _unescape(run: bytes) -> tuple[str, str]:
    """A run of %-escaped bytes as (IRI form, URI form): unreserved ASCII as itself in both, a
    UTF-8 character IRIs allow as itself in the IRI form, every other byte as %XX (upper case)."""
    iri, uri, k = [], [], 0
    while k < len(run):
        b = run[k]
        n = 1 if b < 0x80 else 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        try:
            ch = run[k : k + n].decode("utf-8") if n else ""
        except UnicodeDecodeError:
            ch = ""
        if n == 1 and ch in _UNRESERVED:
            iri.append(ch)
            uri.append(ch)
        elif n > 1 and len(ch) == 1 and _ucschar(ord(ch)):
            iri.append(ch)
            uri.append("".join(f"%{x:02X}" for x in run[k : k + n]))
        else:
            n = 1
            iri.append(f"%{b:02X}")
            uri.append(f"%{b:02X}")
        k += n
    return "".join(iri), "".join(uri)


def forms(path: str) -> tuple[str, str]:
    """The (IRI form, URI form) of a path as sent; BadPath (400) naming the first character no
    IRI path holds, or a '%' not followed by two hex digits."""
    iri, uri, i = [], [], 0
    while i < len(path):
        ch = path[i]
        if ch == "%":
            run = bytearray()
            while i < len(path) and path[i] == "%":
                hx = path[i + 1 : i + 3]
                if len(hx) < 2 or not set(hx) <= _HEX:
                    raise BadPath(400, f"The '%' at character {i + 1} of the path is not followed by two hex digits.")
                run.append(int(hx, 16))
                i += 3
            a, b = _unescape(bytes(run))
            iri.append(a)
            uri.append(b)
            continue
        if ch in _PATH_CHARS:
            iri.append(ch)
            uri.append(ch)
        elif _ucschar(ord(ch)):
            iri.append(ch)
            uri.append("".join(f"%{x:02X}" for x in ch.encode("utf-8")))
        else:
            raise BadPath(
                400,
                f"{ch!r} (U+{ord(ch):04X}) at character {i + 1} of the path is not allowed in an IRI; "
                "write it %-escaped.",
            )
        i += 1
    return "".join(iri), "".join(uri)


@dataclass(frozen=True)
class Asked:
    """What an /id/ request names: the path after /id/ as sent, its IRIs (IRI and URI form), and,
    when it ends in a format suffix, that suffix's media type and the IRIs without it."""

    path: str
    iris: tuple[str, ...]
    suffix: str | None = None
    suffix_media: str | None = None
    bare: tuple[str, ...] = ()  # the IRIs of the path without its suffix


def _iris(path: str) -> tuple[str, ...]:
    import pyoxigraph as ox

    out = []
    for form in dict.fromkeys(forms(path)):
        try:
            out.append(ox.NamedNode(V.JKR + form).value)
        except ValueError as exc:
            raise BadPath(400, f"/id/{path} names no valid IRI: {exc}.") from None
    return tuple(out)


def asked(raw_path: bytes) -> Asked:
    """The IRIs an /id/ request path (as sent, %-escapes and all) names; BadPath when none."""
    if len(raw_path) > MAX_PATH:
        raise BadPath(
            414, f"The path is {len(raw_path)} bytes long; this server reads /id/ paths of at most {MAX_PATH}."
        )
    try:
        text = raw_path.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadPath(400, f"The path is not UTF-8: {exc}.") from None
    path = text[len("/id/") :] if text.startswith("/id/") else ""
    if not path:
        raise BadPath(404, "/id/ names no node by itself: the graph's IRIs are /id/<kind>/<name>, e.g. /id/org/…")
    iris = _iris(path)
    for suffix, media in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix) and not path.endswith("/" + suffix):
            return Asked(path, iris, suffix, media, _iris(path[: -len(suffix)]))
    return Asked(path, iris)


# --- the pages -------------------------------------------------------------------------------------


@cache
def _env():
    from jinja2 import Environment, FileSystemLoader

    from ..views.html import FONT_STACK
    from .pages import TEMPLATES

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True)
    env.globals.update(href=vocab.href, name=_name, term=_term, span=_span, font_stack=_markup(FONT_STACK))
    return env


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)  # a constant of ours (the font stack), in <style>, where entities do not work


_MORE_PREFIXES = {"jkgsh": vocab.SHAPES + "#", "owl": vocab.OWL, "sh": vocab.SH}


def _name(iri: str) -> str:
    """A prefixed name (jkg:Measure, jkgsh:MeasureShape) where a prefix covers the IRI."""
    short = V.prefixed(iri)
    for prefix, ns in _MORE_PREFIXES.items():
        if short == iri and iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns) :]}"
    return short


def _term(iri: str):
    return vocab.terms("ontology").get(iri)


def _span(start: Any, end: Any) -> str:
    return f"{start}" if end in (None, start) else f"{start}-{end}"


def render(template: str, **context) -> str:
    return _env().get_template(template).render(**context)


@cache
def csp(template: str) -> str:
    """The page's Content-Security-Policy: its inline styles by hash, no script. From the template
    rendered with nothing in it (its styles hold no data), so no request can add to it."""
    return _page_csp(render(template, view=template.split(".")[0], title=""))


def _class_label(types: list[str]) -> str | None:
    """The ontology's label of the first of `types` it labels ("摘录 excerpt")."""
    for t in types:
        term = _term(t)
        if term is not None and term.labels:
            return term.label
    return None


def named(node: dict) -> dict:
    """A node as the views name it (views/cards.py `Info`): {"iri", "label", "kind"}, from the
    fields the worker read (describe.nodes_of); the kind is the views' ("措施 Measure"), else the
    ontology's label of its class, the label None where the node has none to show."""
    from ..views.cards import Info, palette

    info = Info(node["iri"], node["label"], node["label_en"], set(node["types"]), node["literals"], node["linked"])
    kind, label = info.kind, info.display()
    if not info.label and label == node["iri"].rsplit("/", 1)[-1]:
        label = None  # no name but its IRI's last part: the page shows the IRI
    return {
        "iri": node["iri"],
        "label": label,
        "label_en": node["label_en"],
        "kind": palette().kinds[kind].label if kind != "other" else _class_label(node["types"]),
    }


def _natural(text: str | None) -> tuple:
    """A sort key reading numbers as numbers (2. before 11.); nodes with no name last."""
    if text is None:
        return ((2, ""),)
    return tuple((0, int(p)) if p.isdecimal() else (1, p) for p in re.split(r"(\d+)", text) if p)


def present(card: dict) -> dict:
    """The worker's card with every node named (`named`), the relations sorted by predicate and name."""
    nodes = {iri: named(n) for iri, n in card["nodes"].items()}
    for key in ("outgoing", "incoming"):
        for r in card[key]:
            n = nodes.get(r["iri"]) or {"label": r.get("blank"), "kind": None}
            r.update(label=n["label"], kind=n["kind"])
        card[key].sort(key=lambda r: (r["p"], _natural(r["label"]), r["iri"] or ""))
    me = nodes[card["iri"]]
    return {**card, "label": card["where"] or me["label"], "label_en": me["label_en"], "kind": me["kind"]}


def entity_page(card: dict, path: str) -> str:
    base = "/id/" + path
    card = present(card)
    subtitle = " · ".join(x for x in (card["kind"], card["label_en"], "、".join(card["districts"])) if x)
    return render(
        "entity.html",
        view="entity",
        title=card["label"] or card["iri"],
        subtitle=subtitle,
        c=card,
        alternates=[(s, base + s, m) for s, m in SUFFIXES.items() if m != "text/html"],
    )


def error_page(status: int, title: str, message: str, nearest: list | None = None) -> str:
    return render("entity.html", view="entity", title=title, subtitle=f"HTTP {status}", error=message, nearest=nearest)


def vocabulary_page(name: str, path: str) -> str:
    head = vocab.header(name)
    return render(
        "ontology.html",
        view="ontology",
        title=(head.labels.get("zh") or head.labels.get("en") or path) if head else path,
        subtitle=(head.labels.get("en") if head else None) or "",
        head=head,
        doc=name,
        version=vocab.version(name),
        groups=vocab.grouped(name) if name == "ontology" else [],
        shapes=vocab.shapes() if name == "shapes" else [],
        alternates=[(s, path + s, m) for s, m in SUFFIXES.items() if m != "text/html"],
    )


# --- the routes ------------------------------------------------------------------------------------


def _wants_html(accept: str | None) -> bool:
    return negotiate(accept, ["text/plain", "text/html"], "text/plain") == "text/html"


def _offered(offered: list[str], suffixes: bool = True) -> str:
    shown = [m for m in offered if CANONICAL.get(m, m) == m]
    where = ", or add .ttl, .nt, .jsonld, .rdf or .html to the path" if suffixes else ""
    return f"offered as {', '.join(shown)}{where}"


def routes(service) -> list:
    """The Starlette routes of this module: /id/…, /def, /def/shapes, /shapes, /.well-known/void
    and /void, each also with a format suffix."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    def plain(status: int, message: str, **headers) -> Response:
        return PlainTextResponse(
            message.rstrip("\n") + "\n", status_code=status, headers={"X-Content-Type-Options": "nosniff", **headers}
        )

    def html(page: str, status: int = 200, template: str = "entity.html", **headers) -> Response:
        return HTMLResponse(
            page, status_code=status, headers={**HTML_HEADERS, "Content-Security-Policy": csp(template), **headers}
        )

    def refuse(request: Request, status: int, title: str, message: str, nearest=None, **headers) -> Response:
        if _wants_html(request.headers.get("accept")):
            return html(error_page(status, title, message, nearest), status, **headers)
        lines = [message] + [f"  {n['label'] or n['iri']}  <{n['iri']}>" for n in nearest or []]
        return plain(status, "\n".join(lines), **headers)

    def rdf(body: bytes, media: str, **headers) -> Response:
        return Response(body, media_type=media, headers={"X-Content-Type-Options": "nosniff", **headers})

    async def entity(request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.scope["path"].encode("utf-8")
        raw = raw.split(b"?", 1)[0]
        try:
            a = asked(raw)
        except BadPath as exc:
            titles = {400: "Not an IRI", 404: "Not found", 414: "Path too long"}
            return refuse(request, exc.status, titles.get(exc.status, "Bad request"), exc.message)
        accept = request.headers.get("accept")
        media = negotiate(accept, OFFERED, DEFAULT)
        media = CANONICAL.get(media, media)
        if media is None and a.suffix is None:
            return plain(406, f"Not acceptable ({accept}): /id/{a.path} is {_offered(OFFERED)}.", Vary="Accept")
        candidates = [[i, media] for i in a.iris] + [[i, a.suffix_media] for i in a.bare if i not in a.iris]
        status, ctype, body = await service.readers.run(
            {
                "op": "describe",
                "candidates": candidates,
                "max_rows": service.config.max_rows,
                "generation": service.generation,
            },
            request.client.host if request.client else "",
        )
        if not ctype.startswith("application/json"):  # the pool's own answer: time limit, busy, worker lost
            return plain(status, body.decode("utf-8", "replace"), **({"Retry-After": "1"} if status == 503 else {}))
        data = json.loads(body)
        if status == 404:
            message = f"No node of this graph has the IRI <{data['missing']}>."
            nearest = await run_in_threadpool(lambda: [named(n) for n in data["nearest"]])
            if nearest:
                message += " The nearest ones:"
            return refuse(request, 404, "Not in the graph", message, nearest, Vary="Accept")
        if status != 200:
            return plain(status, data.get("error") or body.decode("utf-8"))
        found = dict(candidates)[data["iri"]]
        by_suffix = data["iri"] in a.bare and data["iri"] not in a.iris
        stem = a.path[: -len(a.suffix)] if by_suffix else a.path
        headers = {} if by_suffix else {"Vary": "Accept"}
        if found is None:
            return plain(406, f"Not acceptable ({accept}): /id/{stem} is {_offered(OFFERED)}.", Vary="Accept")
        if not by_suffix:
            ext = next(s for s, m in SUFFIXES.items() if m == found)
            headers["Content-Location"] = f"/id/{stem}{ext}"
        if "card" in data:
            return html(await run_in_threadpool(entity_page, data["card"], stem), **headers)
        return rdf(data["body"].encode("utf-8"), found, **headers)

    async def vocabulary(request: Request) -> Response:
        path = request.url.path
        name = "shapes" if path.rstrip("/").split(".")[0].endswith("shapes") else "ontology"
        suffix = next((s for s in SUFFIXES if path.endswith(s)), None)
        stem = path[: -len(suffix)] if suffix else path
        accept = request.headers.get("accept")
        media = SUFFIXES[suffix] if suffix else negotiate(accept, OFFERED, DEFAULT)
        media = CANONICAL.get(media, media)
        if media is None:
            return plain(406, f"Not acceptable ({accept}): {stem} is {_offered(OFFERED)}.", Vary="Accept")
        doc = await run_in_threadpool(vocab.document, name)
        headers = {"Cache-Control": "no-cache"}
        if not suffix:
            headers |= {"Vary": "Accept", "Content-Location": stem + next(s for s, m in SUFFIXES.items() if m == media)}
        if media == "text/html":  # no ETag: the page is also the template's, which an upgrade changes
            page = await run_in_threadpool(vocabulary_page, name, stem)
            return html(page, template="ontology.html", **headers)
        headers["ETag"] = f'"{doc.sha256[:32]}-{GRAPH_TYPES[media].lower()}"'  # one per file and format
        if headers["ETag"] in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers=headers)
        body = doc.data if media == "text/turtle" else await run_in_threadpool(_serialise, list(doc.triples), media)
        return rdf(body, media, **headers)

    async def void(request: Request) -> Response:
        path = request.url.path
        suffix = next((s for s in SUFFIXES if path.endswith(s) and SUFFIXES[s] != "text/html"), None)
        accept = request.headers.get("accept")
        media = SUFFIXES[suffix] if suffix else CANONICAL.get(negotiate(accept, OFFERED_RDF, DEFAULT) or "")
        stem = path[: -len(suffix)] if suffix else path
        if media is None:
            what = _offered(OFFERED_RDF, False) + ", or add .ttl, .nt, .jsonld or .rdf to the path"
            return plain(406, f"Not acceptable ({accept}): {stem} is {what}.", Vary="Accept")
        base = str(request.url.replace(path=stem, query="", fragment=""))  # a relative IRI is the document's
        try:
            body = await run_in_threadpool(_void, service.config.out / VOID_FILE, media, base)
        except FileNotFoundError:
            return plain(
                404,
                f"No dataset description yet: {VOID_FILE} is written by `jingan-kg build` into the folder this "
                "server serves; build again with this version to publish it here.",
            )
        except SyntaxError as exc:
            return plain(500, f"The build's {VOID_FILE} cannot be read as Turtle: {exc}")
        return rdf(body, media, **({} if suffix else {"Vary": "Accept"}))

    docs = [Route("/def", vocabulary), Route("/def/shapes", vocabulary), Route("/shapes", vocabulary)]
    docs += [Route(p + s, vocabulary) for p in ("/def", "/def/shapes", "/shapes") for s in SUFFIXES]
    # /void too: the description's own IRI is https://w3id.org/jingan-kg/void (graph/dataset.py)
    voids = [Route(p + s, void) for p in ("/.well-known/void", "/void") for s in ("", *SUFFIXES) if s != ".html"]
    return [Route("/id", entity), Route("/id/{rest:path}", entity), *docs, *voids]


def _serialise(triples: list, media: str) -> bytes:
    from .describe import serialise

    return serialise(triples, media)


def _void(path: Path, media: str, base: str) -> bytes:
    """The build's VoID file in `media`: Turtle as written, other formats through pyoxigraph
    (which reads it first either way, so a broken file is an error, not a broken answer)."""
    import pyoxigraph as ox

    data = path.read_bytes()  # FileNotFoundError until a build writes it
    triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=base))
    return data if media == "text/turtle" else _serialise(triples, media)
