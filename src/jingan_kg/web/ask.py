"""The ask page, `GET /ask`: the questions the CLI answers (who, search, targets, show) for people
without a terminal, each answer with the documents, lines and sentences it rests on.

    /ask                                   the form
    /ask?q=绿色金融                          who is responsible for it (cmd defaults to who)
    /ask?cmd=show&q=<IRI>                  an entity's card (every entity on the page links here)
    /ask?cmd=targets&q=…&district=长宁       only what is of that district
    /ask?…&format=json                     the answer as JSON (the CLI's --format json), or the error

The question runs in the server's worker pool (`{"op": "ask", …}` → `answer_in_worker`, which
calls `query.ask.answer` on the worker's store and the search index beside it), so it obeys the
server's time limit and never holds the event loop. The worker answers JSON: the answer, or an
error object (`error_object`). The page is templates/ask.html (Jinja2, autoescaped); document text
is escaped piece by piece and only the <mark> tags around the question's words are ours (`mark`).
The page has no script: its Content-Security-Policy allows its one inline style, by hash.

Standard library at the top: the workers import this module; Jinja2 and MarkupSafe load when a
page is rendered.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from ..query.ask import COMMANDS
from .params import HTML_HEADERS, _page_csp, _Refused, _single, _url_values

if TYPE_CHECKING:
    from starlette.requests import Request

JSON_TYPE = "application/json; charset=utf-8"
MAX_QUESTION = 500  # characters: names, sentences and IRIs are far shorter
DEFAULT_LIMIT = 20  # citations per body (who), hits (search), as the CLI
MAX_LIMIT = 1000
FORMATS = ("html", "json")
HELP = {
    "who": "who is responsible for it (or what a body is responsible for)",
    "search": "everything whose name matches",
    "targets": "an indicator's targets and outcomes, year by year",
    "show": "everything the graph says about one entity",
}
INTENTS = {"who": "who is responsible for", "what": "what it is responsible for:"}  # as the CLI says
EXAMPLES = [
    ("who", "谁负责绿色金融"),
    ("who", "绿色金融"),
    ("who", "区投资办"),
    ("search", "金融"),
    ("targets", "社会消费品零售总额"),
    ("show", "区数据局"),
]
# Errors of a question, by class name: (error code, HTTP status). Candidates of the first two are
# districts; the others' are names to ask again with.
ERRORS = {
    "UnknownDistrict": ("unknown-district", 400),
    "NotInDistrict": ("not-in-district", 404),
    "Ambiguous": ("ambiguous", 404),
    "NoMatch": ("no-match", 404),
}
ERROR_TITLES = {
    "unknown-district": "Unknown district",
    "not-in-district": "Not in this district",
    "ambiguous": "Ambiguous",
    "no-match": "No match",
    "bad-request": "Bad request",
    "timeout": "Too slow",
    "busy": "Server busy",
}


@dataclass(frozen=True)
class AskParams:
    """What a request to /ask asks."""

    q: str = ""
    cmd: str = "who"
    district: str = ""
    fmt: str = "html"
    limit: int = DEFAULT_LIMIT


def parse(values: dict[str, list[str]]) -> tuple[AskParams, str | None]:
    """The parameters, and why they cannot be asked (None if they can); unreadable ones keep their defaults."""
    try:
        q = (_single(values, "q") or "").strip()
        cmd = (_single(values, "cmd") or "who").strip().lower()
        district = (_single(values, "district") or "").strip()
        fmt = (_single(values, "format") or "html").strip().lower()
        limit_text = (_single(values, "limit") or "").strip()
    except _Refused as exc:
        return AskParams(), exc.message
    keep = AskParams(q=q[:MAX_QUESTION], cmd=cmd if cmd in COMMANDS else "who", district=district[:100])
    if fmt not in FORMATS:
        return keep, f"Unknown format {fmt!r}: use format=json, or leave it out for this page."
    keep = AskParams(keep.q, keep.cmd, keep.district, fmt)
    if cmd not in COMMANDS:
        return keep, f"Unknown command {cmd!r}: cmd is one of {', '.join(COMMANDS)}."
    if len(q) > MAX_QUESTION:
        return keep, f"The question is {len(q)} characters long; this page takes at most {MAX_QUESTION}."
    if len(district) > 100:
        return keep, "The district is too long: name it as 长宁, 长宁区, changning or 310105."
    limit = DEFAULT_LIMIT
    if limit_text:
        if not limit_text.isdigit() or int(limit_text) > MAX_LIMIT:
            return keep, f"limit is a whole number from 0 (all) to {MAX_LIMIT} (got {limit_text!r})."
        limit = int(limit_text)
    return AskParams(q, cmd, district, fmt, limit), None


def ask_url(cmd: str, q: Any, district: str | None = "", limit: int | None = None) -> str:
    """The URL of the ask page asking `cmd` about `q` (a name, a sentence or an IRI)."""
    params = {"cmd": cmd, "q": str(q)}
    if district:
        params["district"] = district
    if limit is not None and limit != DEFAULT_LIMIT:
        params["limit"] = str(limit)
    return "/ask?" + urlencode(params, quote_via=quote)


# --- in the worker --------------------------------------------------------------------------------


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def answer_in_worker(store, open_index, req: dict) -> tuple[int, str, bytes]:
    """A worker's answer to {"op": "ask", "cmd", "q", "district", "limit"}: (status, type, JSON).
    `store` is a `store.base.Store`, `open_index()` gives the `SearchIndex` of the same
    generation. The library's errors (a missing index too) become an error object; anything
    else is the worker's to report."""
    from ..errors import JinganKgError
    from ..query.ask import answer
    from ..query.districts import find_district

    index = None
    try:
        index = open_index()
        district = find_district(store, req["district"]) if req.get("district") else None
        data = answer(store, index, req["cmd"], req["q"], district, int(req.get("limit", DEFAULT_LIMIT)))
    except JinganKgError as exc:
        status, error = error_object(exc, req, index)
        return status, JSON_TYPE, _dumps(error)
    return 200, JSON_TYPE, _dumps(data)


def split_note(candidate: str) -> tuple[str, str | None]:
    """A candidate as the library words it, "name (note)", as (name, note): the note is a district
    ("静安区商务委员会 (静安区)"), a kind ("金融 (industry)") or the pinyin ("奔流计划 (ben liu ji hua)")."""
    at = candidate.find(" (")
    while at > 0 and candidate.endswith(")"):
        note, depth = candidate[at + 2 : -1], 0
        for ch in note:
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth < 0:
                break
        if depth == 0 and note.strip():
            return candidate[:at], note
        at = candidate.find(" (", at + 1)
    return candidate, None


def error_object(exc: Exception, req: dict, index=None) -> tuple[int, dict]:
    """(HTTP status, {error, kind, message, hint, candidates, links}) of a library error.

    `error` is a code (no-match, ambiguous, unknown-district, not-in-district, error), `kind` the
    exception's class, `candidates` the library's own; `links` are the candidates as questions to
    ask again: {label (the candidate), name, note, cmd, q, district}."""
    from ..errors import Ambiguous, NoMatch, NotInDistrict, UnknownDistrict

    code, status = next(
        (ERRORS[c.__name__] for c in type(exc).__mro__ if c.__name__ in ERRORS),
        ("error", 500),
    )
    candidates = list(exc.candidates) if isinstance(exc, NoMatch) else []
    cmd, q, district = req.get("cmd", "who"), req.get("q", ""), req.get("district") or ""
    links = []
    for c in candidates:
        if isinstance(exc, UnknownDistrict | NotInDistrict):  # the candidates are districts
            links.append({"label": c, "name": c, "note": None, "cmd": cmd, "q": q, "district": c})
            continue
        name, note = split_note(c)
        link = {"label": c, "name": name, "note": note, "cmd": cmd, "q": name, "district": district}
        if note and isinstance(exc, Ambiguous) and exc.districts:  # the note is its district(s)
            link["district"] = note if "、" not in note else district
        elif note and isinstance(exc, Ambiguous):  # the note is its kind: its IRI, if the name is one entity's
            found = _iri_of_label(index, name, note)
            if found:
                link.update(q=found, district="")
        links.append(link)
    return status, {
        "error": code,
        "kind": type(exc).__name__,
        "message": str(exc),
        "hint": getattr(exc, "hint", None),
        "candidates": candidates,
        "links": links,
    }


def _iri_of_label(index, label: str, kind: str) -> str | None:
    if index is None:
        return None
    try:
        iris = {h.iri for h in index.search(label, limit=50, kinds={kind}) if h.label == label}
    except Exception:  # a link is a convenience: the error is reported either way
        return None
    return iris.pop() if len(iris) == 1 else None


def server_error(status: int, text: str) -> dict:
    """The error object of a reply that is not the worker's JSON (time limit, busy, a worker lost)."""
    code = {504: "timeout", 503: "busy", 400: "bad-request", 413: "bad-request"}.get(status, "error")
    return {"error": code, "kind": "server", "message": text.strip(), "hint": None, "candidates": [], "links": []}


# --- the page -------------------------------------------------------------------------------------


def mark(text: Any, words: Any):
    """`text` as HTML with each of `words` marked: the text is escaped piece by piece, and only the
    <mark> tags are written as markup, so no document text reaches the page unescaped."""
    from markupsafe import Markup, escape

    text = "" if text is None else str(text)
    found = sorted({str(w) for w in (words or []) if w and str(w).strip()}, key=len, reverse=True)
    if not found or not text:
        return escape(text)
    out, at = [], 0
    for m in re.finditer("|".join(re.escape(w) for w in found), text, re.I):
        out += [escape(text[at : m.start()]), Markup("<mark>%s</mark>") % m.group()]
        at = m.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


def span(start: Any, end: Any) -> str:
    return f"{start}" if start == end or end is None else f"{start}-{end}"


def who_view(data: dict) -> dict:
    """The who answer with `groups` whichever shape it has: an answer without groups (the older
    shape, `bodies` at the top) is one group. Each citation gets `relations` (a list) and
    `matched` (the words to mark: its own, else the question's topic and, when the question
    names a body, the body's names)."""
    reading = data.get("reading") or None
    topic = (reading or {}).get("topic") or data.get("query") or ""
    if "groups" in data:
        groups = data.get("groups") or []
    else:
        matched = data.get("matched") or []
        groups = [
            {
                "iri": None,
                "kind": data.get("mode"),
                "label": "、".join(matched) or topic,
                "matched": None,
                "field": None,
                "score": None,
                "responsibility": True,
                "bodies": data.get("bodies") or [],
            }
        ]
    out = []
    for g in groups:
        bodies = []
        for b in g.get("bodies") or []:
            words = [topic]
            if data.get("mode") == "body":  # the question names the body: mark the names it goes by
                words += [b.get("label"), *(b.get("aliases") or [])]
            citations = []
            for c in b.get("citations") or []:
                relations = c.get("relations") or ([c["relation"]] if c.get("relation") else [])
                citations.append({**c, "relations": relations, "matched": c.get("matched") or words})
            bodies.append({**b, "citations": citations, "total": b.get("total") or len(citations)})
        out.append({**g, "bodies": bodies})
    return {
        **data,
        "reading": reading,
        "topic": topic,
        "groups": out,
        "also": data.get("also") or [],
        "renamings": data.get("renamings") or [],
    }


@cache
def _template():
    from jinja2 import Environment, FileSystemLoader

    from .pages import TEMPLATES

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True)
    env.filters["mark"] = mark
    env.globals.update(ask_url=ask_url, span=span)
    return env.get_template("ask.html")


@cache
def page_csp() -> str:
    """The page's Content-Security-Policy: its inline style by hash, no script at all (from the
    template's own text, so nothing a request carries can add to it)."""
    from .pages import TEMPLATES

    return _page_csp((TEMPLATES / "ask.html").read_text(encoding="utf-8"))


def render_page(params: AskParams, answer: Any = None, error: dict | None = None) -> str:
    """The ask page: the form, and below it the answer or the error."""
    if params.cmd == "who" and isinstance(answer, dict):
        answer = who_view(answer)
    if error is not None:
        error = {**error, "title": ERROR_TITLES.get(error.get("error"), "Error")}
        hint, listed = error.get("hint") or "", "、".join(error.get("candidates") or [])
        if listed and hint.endswith(listed) and len(hint) - len(listed) < 30:
            error["hint"] = None  # it only lists the candidates, which the page shows as links
    return _template().render(
        p=params,
        commands=COMMANDS,
        help=HELP,
        intents=INTENTS,
        examples=EXAMPLES,
        answer=answer,
        error=error,
        limit=params.limit,
    )


async def ask_endpoint(request: Request, service) -> Any:
    """GET /ask: the page (or, with format=json, the JSON answer); the question runs in
    `service.readers`, the worker pool."""
    from starlette.responses import HTMLResponse, Response

    try:
        params, problem = parse(_url_values(request))
    except _Refused as exc:
        params, problem = AskParams(), exc.message

    def respond(status: int, answer: Any = None, error: dict | None = None, raw: bytes | None = None) -> Response:
        headers = {"X-Content-Type-Options": "nosniff"}
        if status == 503:
            headers["Retry-After"] = "1"
        if params.fmt == "json":
            body = raw if raw is not None else _dumps(error if error is not None else answer)
            return Response(body, status_code=status, media_type=JSON_TYPE, headers=headers)
        page = render_page(params, answer, error)
        return HTMLResponse(
            page, status_code=status, headers={**HTML_HEADERS, **headers, "Content-Security-Policy": page_csp()}
        )

    if problem:
        return respond(400, error=server_error(400, problem))
    if not params.q:
        if params.fmt == "json":
            return respond(400, error=server_error(400, "No question: give q (a name, a sentence or an IRI)."))
        return respond(200)
    status, ctype, body = await service.readers.run(
        {
            "op": "ask",
            "cmd": params.cmd,
            "q": params.q,
            "district": params.district,
            "limit": params.limit,
            "generation": service.generation,
        },
        request.client.host if request.client else "",
    )
    if ctype.startswith("application/json"):
        data = json.loads(body)
    else:  # the pool's own answer: the time limit (504), no worker free (503), a worker lost (500)
        data = server_error(status, body.decode("utf-8", "replace"))
        if status == 504:
            data["message"] = (
                f"Answering took longer than this server's time limit of {service.config.timeout:g} s "
                "(serve --timeout) and was stopped."
            )
            data["hint"] = "Ask about something narrower: a full name rather than a single word."
        body = None
    if status == 200:
        return respond(200, answer=data, raw=body)
    return respond(status, error=data, raw=body)
