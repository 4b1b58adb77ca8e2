"""jingan-kg: a knowledge graph of Shanghai districts' plans, measures, bodies and targets.

Library first; the `jingan-kg` CLI is a thin shell over it:

    from jingan_kg import build, open_graph, who
    build(sources="data/sources", out="exports")
    answer = who(open_graph("exports"), "绿色金融")   # bodies, each with document, line and quote

`build`, `open_graph`, `who`, `show`, `search`, `targets`, `ledger`, `flags` (and `BuildConfig`) are loaded on first
use, so importing the package costs nothing the question commands do not need.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["BuildConfig", "build", "flags", "ledger", "open_graph", "search", "show", "targets", "who"]


def __getattr__(name: str):
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'jingan_kg' has no attribute {name!r}")
