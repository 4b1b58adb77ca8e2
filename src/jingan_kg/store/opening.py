"""`open_graph`: what questions need — a store and its search index — from a build or an endpoint."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Store
    from .index import SearchIndex


class OpenGraph:
    """A store and, opened on first use, its search index (a remote one is built once and cached).

    A plain class (no dataclass: `jingan-kg query` then imports no dataclasses)."""

    def __init__(self, store: Store, _index_path: Path | None = None, _cache: Path | None = None):
        self.store = store
        self._index_path = _index_path
        self._cache = _cache
        self._index: SearchIndex | None = None

    def __repr__(self) -> str:
        return f"OpenGraph(store={self.store!r}, _index_path={self._index_path!r}, _cache={self._cache!r})"

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            if self._index_path is not None:
                from .index import SearchIndex  # here: `query` and the views need no index

                self._index = SearchIndex(self._index_path)
            else:
                from .remote import remote_index

                self._index = remote_index(self.store, self._cache)
        return self._index


def default_cache() -> Path:
    """Where indexes of remote endpoints are kept: $XDG_CACHE_HOME/jingan-kg or ~/.cache/jingan-kg."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jingan-kg"


def open_graph(
    out: Path | str = "exports", endpoint: str | None = None, graph: str | None = None, cache: Path | None = None
) -> OpenGraph:
    """The built graph in `out` (read-only), or the graph an external SPARQL endpoint holds.

    >>> g = open_graph("exports")          # doctest: +SKIP
    >>> g.store.count() > 0, g.index.search("区发改委")[0].label   # doctest: +SKIP
    (True, '静安区发展和改革委员会')
    """
    if endpoint:
        from .remote import RemoteStore

        return OpenGraph(RemoteStore(endpoint, graph), _cache=cache or default_cache())
    from .embedded import GraphStore
    from .generations import current_generation

    gen = current_generation(Path(out))  # resolved once: the store and its index of one build
    return OpenGraph(GraphStore.open(gen / "store"), _index_path=gen / "search.sqlite")
