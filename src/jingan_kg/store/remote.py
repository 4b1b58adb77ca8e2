"""The graph on an external SPARQL 1.1 endpoint: the same calls as GraphStore, over HTTP.

Queries travel by the SPARQL 1.1 Protocol; values a question binds are written into a VALUES
block by pyoxigraph's own term serialiser (escaped, never spliced raw). `push` loads the built
graph through the SPARQL 1.1 Graph Store Protocol (PUT: pushing twice leaves one copy).
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import JinganKgError, QueryFailed
from ..graph import vocab as V
from .base import RawResult, Selects, bind, py

_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in V.PREFIXES.items())
_RESULTS_JSON = "application/sparql-results+json"


class EndpointError(JinganKgError):
    """The endpoint could not be reached or refused a request."""

    def __init__(self, url: str, reason: str):
        self.hint = "Check the URL and that the server is running (and, for push, that it accepts writes)."
        super().__init__(f"{url}: {reason}")


class RemoteStore(Selects):
    """Read access to a graph held by a SPARQL 1.1 endpoint (optionally in one named graph)."""

    def __init__(self, endpoint: str, graph: str | None = None, timeout: float = 60):
        self.endpoint, self.graph, self.timeout = endpoint, graph, timeout

    def _post(self, sparql: str, accept: str) -> bytes:
        params = {"query": _PROLOGUE + sparql}
        if self.graph:
            params["default-graph-uri"] = self.graph
        request = urllib.request.Request(
            self.endpoint,
            data=urllib.parse.urlencode(params).encode("utf-8"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            if exc.code == 400:
                raise QueryFailed(detail) from None
            raise EndpointError(self.endpoint, f"HTTP {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise EndpointError(self.endpoint, str(getattr(exc, "reason", exc))) from None

    def select(self, sparql: str, **bindings: Any) -> list[dict[str, Any]]:
        """Same rows as GraphStore.select: plain Python values, numbers as numbers."""
        data = self._post(bind(sparql, bindings), _RESULTS_JSON)
        result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        names = [v.value for v in result.variables]
        return [{n: py(row[n]) for n in names} for row in result]

    def construct(self, sparql: str, **bindings: Any) -> list:
        data = self._post(bind(sparql, bindings), "application/n-triples")
        return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))

    def dump(self) -> bytes:
        return ox.serialize(self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), format=ox.RdfFormat.N_TRIPLES)

    def count(self) -> int:
        return self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]

    def raw_query(self, sparql: str) -> RawResult:
        """SELECT/ASK as pyoxigraph results; CONSTRUCT/DESCRIBE as a list of triples."""
        head = re.sub(r"(?s)^(\s*(#[^\n]*\n|PREFIX\s+\S+\s*<[^>]*>|BASE\s*<[^>]*>))*", "", sparql, flags=re.I)
        if re.match(r"\s*(CONSTRUCT|DESCRIBE)\b", head, re.I):
            data = self._post(sparql, "application/n-triples")
            return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(self._post(sparql, _RESULTS_JSON), format=ox.QueryResultsFormat.JSON)

    def __len__(self) -> int:
        return self.count()


def remote_index(store: RemoteStore, cache: Path):
    """A search index for the endpoint's graph, written once per endpoint, graph and size."""
    from ..kinds import REGISTRY
    from .index import SearchIndex, write_index

    size = len(store)
    from .index import SCHEMA

    name = hashlib.sha1(f"{store.endpoint}\n{store.graph}\n{size}\n{SCHEMA}".encode()).hexdigest()[:16]
    path = cache / f"index-{name}.sqlite"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        write_index(tmp, store, REGISTRY)
        tmp.replace(path)
    return SearchIndex(path)


def push(
    out: Path,
    gsp: str,
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 300,
    chunk: int = 1_000_000,
    progress=None,
) -> int:
    """PUT the built graph into a Graph Store Protocol endpoint; returns the triples sent.

    PUT replaces the target graph, so pushing twice leaves one copy; a graph larger than `chunk`
    bytes is sent as one PUT and then POSTs of the rest, each part told to `progress`.
    """
    from ..progress import SILENT
    from .embedded import GraphStore
    from .generations import current_generation

    data = GraphStore.open(current_generation(Path(out)) / "store").dump()
    target = f"{gsp}{'&' if '?' in gsp else '?'}" + (urllib.parse.urlencode({"graph": graph}) if graph else "default")
    if graph and "graph-uri" in gsp:  # Virtuoso names the parameter graph-uri
        target = f"{gsp}{'&' if '?' in gsp else '?'}" + urllib.parse.urlencode({"graph-uri": graph})
    import requests
    from requests.auth import HTTPDigestAuth

    # PUT the first part (it replaces the graph), POST the rest (it adds): Virtuoso 7 drops the
    # connection when one PUT replaces a graph of a few MB, and servers cap a request's size.
    parts, triples = _parts(data, chunk), data.count(b"\n")
    progress = progress or SILENT
    progress.phase(f"pushing {triples} triples", total=len(parts))
    for n, part in enumerate(parts):
        try:  # requests re-sends the body after a digest challenge (Virtuoso's …-auth endpoint)
            response = requests.request(
                "PUT" if n == 0 else "POST",
                target,
                data=part,
                headers={"Content-Type": "application/n-triples"},
                auth=HTTPDigestAuth(user, password or "") if user else None,
                timeout=timeout,
            )
        except requests.RequestException as exc:
            raise EndpointError(gsp, str(exc)) from None
        if response.status_code >= 300:
            raise EndpointError(gsp, f"HTTP {response.status_code}: {response.text[:500]}")
        progress.advance()
    progress.note(f"{len(parts)} request{'s' if len(parts) > 1 else ''}")
    return triples


def _parts(data: bytes, size: int) -> list[bytes]:
    """N-Triples cut at line ends into parts of about `size` bytes (at least one part)."""
    parts, start = [], 0
    while start < len(data):
        end = data.find(b"\n", min(start + size, len(data)) - 1)
        end = len(data) if end < 0 else end + 1
        parts.append(data[start:end])
        start = end
    return parts or [b""]


def graph_store_url(endpoint: str) -> str | None:
    """The Graph Store Protocol URL beside a query endpoint, where the server's layout says it."""
    if endpoint.endswith("/query"):  # Oxigraph server: /query, /update, /store
        return endpoint[: -len("/query")] + "/store"
    if endpoint.endswith("/sparql"):  # Virtuoso: the authenticated Graph Store endpoint
        return endpoint + "-graph-crud-auth"
    return None
