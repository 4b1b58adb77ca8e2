"""One entry for every question command, as data: what the web ask page and scripts call.

`answer(graph, command, text)` runs who, search, targets or show and returns the answer as the
JSON the CLI's `--format json` prints (a dict or a list, stable keys: see the README); errors are
the library's own (NoMatch, Ambiguous, NotAnIndicator …), for the caller to word.
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any

COMMANDS = ("who", "search", "targets", "show")


def plain(answer: Any) -> Any:
    """An answer (dataclasses, lists of them) as plain JSON-ready data."""
    if is_dataclass(answer):
        return asdict(answer)
    if isinstance(answer, list):
        return [plain(a) for a in answer]
    return answer


def answer(store, index, command: str, text: str, district=None, limit: int = 20) -> Any:
    """The answer of `command` (who, search, targets, show) to TEXT, as plain data."""
    from . import questions as q

    if command == "who":
        return plain(q.who(store, index, text, limit=limit or None, district=district))
    if command == "search":
        return plain(q.search(index, text, limit=limit or 20, store=store, district=district))
    if command == "targets":
        return plain(q.targets(store, index, text, district=district))
    if command == "show":
        return plain(q.show(store, index, text, district=district))
    raise ValueError(f"unknown command {command!r}; one of {', '.join(COMMANDS)}")
