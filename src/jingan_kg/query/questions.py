"""Answers to users' questions: who, show, search, targets, query, stats — one place to import them.

Each question lives in its own module (who.py, show.py, lookup.py, targets.py, sparql.py) and is
loaded on first use, so a command imports only what it answers with (issue 16). Text is looked up
in the search index (index.py), hits are fetched from the store by IRI; user text only ever
reaches SPARQL as a bound literal or IRI (Oxigraph substitutions).
"""

from __future__ import annotations

from importlib import import_module

from ..errors import Ambiguous, NoMatch, NotAnIndicator, QueryFailed

# name -> the module (of this package) that defines it
_WHERE = {
    "BodyAnswer": "who",
    "Citation": "who",
    "Match": "who",
    "Renaming": "who",
    "WhoAnswer": "who",
    "who": "who",
    "Card": "show",
    "Relation": "show",
    "show": "show",
    "search": "lookup",
    "resolve_text": "lookup",
    "Period": "targets",
    "TargetsAnswer": "targets",
    "Value": "targets",
    "targets": "targets",
    "conformance": "sparql",
    "query": "sparql",
    "stats": "sparql",
}

__all__ = ["Ambiguous", "NoMatch", "NotAnIndicator", "QueryFailed", *sorted(_WHERE)]


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(f".{_WHERE[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
