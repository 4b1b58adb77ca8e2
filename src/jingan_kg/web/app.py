"""The web side: `ServerConfig`, the state the routes share (`_Service`) and `create_app`, the
Starlette app and its routes. Starlette is imported in `create_app`."""

from __future__ import annotations

import asyncio
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import JinganKgError
from ..graph import vocab as V
from .ask import ask_endpoint  # the ask page: who/search/targets/show for people (web/ask.py)
from .linked import routes as linked_routes
from .negotiation import DEFAULT_GRAPH, GRAPH_TYPES, negotiate, xml_safe
from .pages import EXAMPLES, INDEX_CSP, SD, TEMPLATES, VOID, _index_page, _json_for_html, service_description
from .params import (
    HTML_HEADERS,
    MAX_REQUEST_BYTES,
    MAX_URL_BYTES,
    VIEW_CSP,
    _Params,
    _Refused,
    _request_params,
)
from .static import routes as static_routes
from .workers import WorkerPool

log = logging.getLogger("jingan_kg.server")

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"]  # as Host headers write them


@dataclass
class ServerConfig:
    out: Path
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    allow_update: bool = False
    workers: int | None = None
    allowed_hosts: list[str] = field(default_factory=lambda: list(LOOPBACK_NAMES))
    cors: list[str] = field(default_factory=list)  # origins answered with CORS headers (`--cors`); none: off

    @property
    def store(self) -> Path:
        return self.out / "store"

    @property
    def limits(self) -> str:
        rows = f"{self.max_rows} rows (or triples)" if self.max_rows else "any number of rows"
        return f"Each query may run {self.timeout:g} s and return {rows}"

    @property
    def pool_size(self) -> int:
        return self.workers or min(4, max(2, os.cpu_count() or 2))


_VIEW_NAME = re.compile(r"[\w][\w.\-]*\.html")


class _Service:
    """What the routes share: the config, the worker pools, the update generation."""

    def __init__(self, config: ServerConfig, local: bool = False):
        self.config = config
        if local:  # this process answers (web/local.py), one of several (web/supervisor.py)
            from .local import LocalRunner

            self.readers = LocalRunner(config.store, config.pool_size, config.timeout, config.max_rows)
        else:
            self.readers = WorkerPool(config.store, config.pool_size, config.timeout, config.max_rows)
        self.writer = (
            WorkerPool(config.store, 1, config.timeout, config.max_rows, writable=True) if config.allow_update else None
        )
        self.generation = 0
        self.start_error: Exception | None = None
        self.query_template = (TEMPLATES / "query.html").read_text(encoding="utf-8")

    async def start(self) -> None:
        try:
            if self.writer:  # first, so that a store another process holds read-write fails at once
                await self.writer.start()
            await self.readers.start()
        except BaseException:
            await self.close()
            raise
        if not self.readers.isolated:
            log.warning(
                "query workers could not leave the network (no network namespace here); "
                "SERVICE and LOAD are still refused"
            )

    async def close(self) -> None:
        await self.readers.close()
        if self.writer:
            await self.writer.close()

    def views(self) -> list[str]:
        out = self.config.out
        return sorted(p.name for p in out.glob("*.html") if p.is_file() and _VIEW_NAME.fullmatch(p.name))


def create_app(
    out: Path,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    allow_update: bool = False,
    workers: int | None = None,
    allowed_hosts: list[str] | None = None,
    cors: list[str] | tuple[str, ...] = (),
    local: bool = False,
):
    """The ASGI app serving the graph built in `out` (Starlette). The worker processes start with
    the app's lifespan (uvicorn runs it) and stop with it; `local`: this process answers the
    queries itself (web/local.py, no worker processes), as each process of `serve` does.

    `allowed_hosts`: Host header values accepted (defends a loopback server against DNS
    rebinding); default the loopback names; ["*"] accepts any.
    `cors`: origins (or "*") whose pages may read the answers (CORS, with preflight); default none.
    """
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    from ..store.base import existing

    out = Path(out)
    existing(out / "store")  # StoreNotFound before any worker starts
    if timeout <= 0 or max_rows < 0 or (workers is not None and workers < 1):
        raise JinganKgError(
            f"--timeout must be above 0 (got {timeout:g}), --max-rows 0 or more (got {max_rows}), "
            f"--workers 1 or more (got {workers})"
        )
    config = ServerConfig(
        out,
        timeout,
        max_rows,
        allow_update,
        workers,
        list(allowed_hosts) if allowed_hosts else list(LOOPBACK_NAMES),
        cors=list(cors),
    )
    if local and allow_update:
        raise JinganKgError("updates need the worker processes (local=False)")
    service = _Service(config, local)

    def plain(status: int, message: str, **headers) -> Response:
        return PlainTextResponse(
            message.rstrip("\n") + "\n", status_code=status, headers={"X-Content-Type-Options": "nosniff", **headers}
        )

    def client_of(request: Request) -> str:
        return request.client.host if request.client else ""

    async def sparql(request: Request) -> Response:
        """The SPARQL 1.1 Protocol (GET, HEAD, POST): a query, an update, or the service description.
        A `format`/`output` parameter wins over the Accept header (clients send both); an Accept
        that takes nothing served is 406. The base IRI of a query is the endpoint's URL."""
        from .negotiation import answer_refusal, query_refusal

        try:
            params = await _request_params(request)
        except _Refused as exc:
            return plain(exc.status, exc.message)
        accept = params.accept if params.accept is not None else request.headers.get("accept")
        if params.update is not None:
            return await _update(request, params)
        if params.query is None:
            if request.method in ("GET", "HEAD"):
                return await _description(request, accept)
            return plain(400, "No query: send `query` (form or URL parameter) or an application/sparql-query body.")
        refused = query_refusal(accept)
        if refused:
            return plain(406, refused, Vary="Accept")
        # the worker checks the text (guard.refusal: SERVICE, size, nesting) before its parser sees
        # it, so that the lexer's pass (about 0.1 ms a query, 0.3 s a MiB) never holds the event loop
        status, ctype, body = await service.readers.run(
            {
                "op": "query",
                "sparql": params.query,
                "check": True,
                "accept": accept,
                "base_iri": str(request.url.replace(query="", fragment="")),
                "generation": service.generation,
                "default_graphs": params.default_graphs,
                "named_graphs": params.named_graphs,
            },
            client_of(request),
        )
        refused = answer_refusal(accept, ctype) if status == 200 else None
        if refused:  # e.g. Accept: text/turtle for a SELECT; the worker wrote its default type
            return plain(406, refused, Vary="Accept")
        headers = {"X-Content-Type-Options": "nosniff", "Vary": "Accept"}
        if status == 503:
            headers["Retry-After"] = "1"
        return Response(body, status_code=status, media_type=ctype, headers=headers)

    async def _update(request: Request, params: _Params) -> Response:
        if not config.allow_update:
            return plain(
                403,
                "This endpoint is read-only: SPARQL Update is refused. The graph is made by "
                "`jingan-kg build`; change the sources and build again (or run `jingan-kg serve "
                "--allow-update` to accept updates that last until the next build).",
            )
        if request.method != "POST":
            return plain(405, "Send updates with POST.", Allow="POST")
        origin = request.headers.get("origin")
        if origin and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
            return plain(403, f"Updates from pages of another origin ({origin}) are refused.")
        if params.using:
            return plain(
                400,
                "using-graph-uri / using-named-graph-uri are not supported; "
                "name the graphs in the update (USING, WITH, GRAPH).",
            )
        endpoint = str(request.url.replace(query="", fragment=""))  # the base IRI of the update
        status, ctype, body = await service.writer.run(  # checked by the writer (guard.refusal), as queries are
            {"op": "update", "sparql": params.update, "check": True, "base_iri": endpoint}, client_of(request)
        )
        if status < 300:
            service.generation += 1  # readers reopen the store before their next query
        return Response(body if status != 204 else None, status_code=status, media_type=ctype)

    async def _description(request: Request, accept: str | None) -> Response:
        from .negotiation import GRAPH_CANONICAL, not_acceptable

        media = negotiate(accept, ["text/html", *GRAPH_TYPES], DEFAULT_GRAPH)
        if media == "text/html":  # a browser: the service description is for machines
            return RedirectResponse("/query", status_code=303)
        if media is None:
            return plain(
                406, not_acceptable(accept, ["text/html", *GRAPH_CANONICAL], "the service description"), Vary="Accept"
            )
        status, _, body = await service.readers.run({"op": "count", "generation": service.generation})
        triples = int(body) if status == 200 else None
        endpoint = str(request.url.replace(query="", fragment=""))
        data = service_description(endpoint, triples, config)
        import pyoxigraph as ox

        fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media])
        prefixes = {
            "sd": SD,
            "formats": "http://www.w3.org/ns/formats/",
            "void": VOID,
            "dcterms": V.DCTERMS,
            "rdfs": V.RDFS,
            "xsd": V.XSD,
        }
        body = ox.serialize(data, format=fmt, prefixes=prefixes)
        return Response(
            xml_safe(body) if fmt == ox.RdfFormat.RDF_XML else body,
            media_type=fmt.media_type,
            headers={"X-Content-Type-Options": "nosniff", "Vary": "Accept"},
        )

    async def query_page(request: Request) -> Response:
        # YASGUI and the page's script and style are files of web/static.py, named with their hashes
        from .static import QUERY_CSP, link_assets

        data = {
            "prefixes": V.PREFIXES,
            "examples": [{"title": t, "query": q} for t, q in EXAMPLES],
            "views": service.views(),
            "limits": config.limits,
            "allow_update": config.allow_update,
            "endpoint": "/sparql",
        }
        page = link_assets(service.query_template).replace("{{ config }}", _json_for_html(data))
        return HTMLResponse(page, headers={**HTML_HEADERS, "Content-Security-Policy": QUERY_CSP})

    async def index(request: Request) -> Response:
        return HTMLResponse(
            _index_page(service.views(), config), headers={**HTML_HEADERS, "Content-Security-Policy": INDEX_CSP}
        )

    async def view(request: Request) -> Response:
        name = request.path_params["name"]
        if not _VIEW_NAME.fullmatch(name):
            return plain(404, f"No view {name!r}.")
        path = config.out / name
        for attempt in range(3):  # a build swaps the files by rename: one may be missing for an instant
            try:
                content = await run_in_threadpool(path.read_bytes)
                break
            except (FileNotFoundError, IsADirectoryError):
                if attempt == 2:
                    return plain(404, f"No view {name!r}; the views are: {', '.join(service.views()) or 'none'}.")
                await asyncio.sleep(0.05)
        return Response(
            content,
            media_type="text/html; charset=utf-8",
            headers={**HTML_HEADERS, "Content-Security-Policy": VIEW_CSP},
        )

    async def ask(request: Request) -> Response:  # the ask page (web/ask.py)
        return await ask_endpoint(request, service)

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)  # no icon, and no 404 in the browser's console

    routes = [
        Route("/", index),
        Route("/query", query_page),
        Route("/ask", ask),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/views/{name}", view),
        Route("/favicon.ico", favicon),
        *linked_routes(service),  # jkr: IRIs, the ontology and the dataset's description (web/linked.py)
        *static_routes(service),  # the query page's vendored editor (web/static.py)
    ]
    from .params import cors_middleware, cors_origins

    config.cors = cors_origins(config.cors)  # checked (JinganKgError) before any worker starts
    middleware = (
        []
        if "*" in config.allowed_hosts
        else [Middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts, www_redirect=False)]
    ) + cors_middleware(config.cors)  # none unless `--cors`
    starlette = Starlette(routes=routes, middleware=middleware)

    async def sparql_app(scope, receive, send) -> None:  # the /sparql route, without the router
        scope["app"], scope["path_params"] = starlette, {}
        response = await sparql(Request(scope, receive, send))
        await response(scope, receive, send)

    fast = None
    if not config.cors:  # CORS answers (preflights too) stay with Starlette's middleware
        fast = (
            sparql_app
            if "*" in config.allowed_hosts
            else TrustedHostMiddleware(sparql_app, allowed_hosts=config.allowed_hosts, www_redirect=False)
        )
    return _App(starlette, service, fast)


URL_TOO_LONG = (
    f"The URL is longer than {MAX_URL_BYTES} bytes, this server's limit. Send a long query with POST "
    f"(application/sparql-query or a form; up to {MAX_REQUEST_BYTES} bytes)."
)


def _target_length(scope) -> int:
    query = scope.get("query_string") or b""
    return len(scope.get("raw_path") or scope.get("path", "").encode()) + (len(query) + 1 if query else 0)


async def _url_too_long(send) -> None:
    body = (URL_TOO_LONG + "\n").encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 414, "headers": [*headers, (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


_SPARQL = ("GET", "HEAD", "POST")  # the methods of the /sparql route (HEAD with GET)


class _App:
    """The ASGI app: Starlette's routes, and the worker pools started and stopped by the lifespan
    (handled here, so that a store that cannot be opened is one clear message, not a traceback).
    A request whose target (path and query string) is longer than MAX_URL_BYTES gets 414.
    `sparql`: the /sparql route behind the same host check, called without Starlette's router and
    middleware stack (a fifth of a quick query's CPU); None with CORS on."""

    def __init__(self, app, service: _Service, sparql=None):
        self.app, self.service, self.sparql = app, service, sparql

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and _target_length(scope) > MAX_URL_BYTES:
            return await _url_too_long(send)
        if self.sparql and scope["type"] == "http" and scope["path"] == "/sparql" and scope["method"] in _SPARQL:
            return await self.sparql(scope, receive, send)  # the host check, then the route (no router)
        if scope["type"] != "lifespan":
            return await self.app(scope, receive, send)
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.service.start()
                except Exception as exc:
                    self.service.start_error = exc
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.service.close()
                await send({"type": "lifespan.shutdown.complete"})
                return
