"""The library API: build a graph, open it, ask it — the same answers the CLI prints.

Each question takes the graph (an `OpenGraph` from `open_graph`, or the folder a build wrote)
and returns dataclasses (`query.questions`); `query.render` formats them as the CLI does.
The examples run against a graph built into `out` (tests/test_api.py runs them).
"""

from __future__ import annotations

from pathlib import Path

from .pipeline.build import BuildConfig, BuildResult
from .pipeline.build import build as _build
from .store.opening import OpenGraph, open_graph

__all__ = [
    "BuildConfig",
    "BuildResult",
    "OpenGraph",
    "build",
    "flags",
    "ledger",
    "open_graph",
    "search",
    "show",
    "targets",
    "who",
]


def build(config: BuildConfig | None = None, **fields) -> BuildResult:
    """Read every source, write the store and exports; `fields` are BuildConfig's (sources, out, curated).

    >>> result = build(sources=sources, out=fresh)
    >>> result.counts["measures"], result.counts["projects"]
    (60, 80)
    >>> result.per_source["gazette-2026-01.txt"]["measures"]
    60
    """
    return _build(config or BuildConfig(**fields))


def _graph(graph: OpenGraph | Path | str) -> OpenGraph:
    return graph if isinstance(graph, OpenGraph) else open_graph(graph)


def who(graph: OpenGraph | Path | str, text: str, limit: int | None = 20):
    """Which bodies are responsible for what TEXT names, each with the sentence it rests on.

    >>> answer = who(open_graph(out), "谁负责绿色金融")   # a question, or just its topic
    >>> answer.reading.topic, [(g.kind, g.label) for g in answer.groups]
    ('绿色金融', [('measure', '优化绿色金融')])
    >>> [(b.label, c.source, c.line_start) for b in answer.bodies for c in b.citations]
    [('静安区投资促进办公室', 'gazette-2026-01.txt', 1832)]
    >>> who(out, "区投资办").bodies[0].total  # a body: what it is responsible for
    21
    """
    from .query.questions import who as ask

    g = _graph(graph)
    return ask(g.store, g.index, text, limit)


def show(graph: OpenGraph | Path | str, name: str):
    """An entity card: types, labels, relations in and out, provenance.

    >>> card = show(out, "区人才局")
    >>> card.label, card.types
    ('静安区人才局', ['jkg:GovernmentBody', 'org:Organization'])
    """
    from .query.questions import show as ask

    g = _graph(graph)
    return ask(g.store, g.index, name)


def search(graph: OpenGraph | Path | str, text: str, limit: int = 20):
    """Ranked matches across all kinds: Chinese substrings, abbreviations, pinyin, English.

    >>> [(h.kind, h.label, h.field) for h in search(out, "shangwuwei")][:1]
    [('organisation', '静安区商务委员会', 'pinyin')]
    """
    from .query.questions import search as ask

    return ask(_graph(graph).index, text, limit)


def targets(graph: OpenGraph | Path | str, text: str):
    """An indicator's targets and outcomes across documents and years, with the gap.

    >>> answer = targets(out, "社会消费品零售总额")
    >>> [(p.period, [t.value for t in p.targets], [o.value for o in p.outcomes], p.gap) for p in answer.periods][:1]
    [('2022', ['1600亿元'], ['1480亿元', '1480亿元'], '-120')]

    The 2022 outcome is stated twice, in the plan report's table and in its prose: two citations.
    """
    from .query.questions import targets as ask

    g = _graph(graph)
    return ask(g.store, g.index, text)


def ledger(graph: OpenGraph | Path | str, statuses: list[str] | None = None, year: int | None = None):
    """The supervision ledger: every target judged by its outcome (met, not-met, pending …).

    >>> answer = ledger(out, statuses=["not-met"], year=2022)
    >>> [(r.indicator_label, r.target.value, r.outcome.value, r.margin) for r in answer.rows][-1]
    ('社会消费品零售总额', '1600亿元', '1480亿元', '-120')
    """
    from .query.ledger import ledger as ask

    return ask(_graph(graph).store, year=year, statuses=statuses)


def flags(graph: OpenGraph | Path | str, kinds: list[str] | None = None):
    """What does not add up in the record (overdue targets, figures that differ …), with citations.

    >>> sorted({f.kind for f in flags(out)})
    ['overdue']
    """
    from .query.flags import flags as ask

    return ask(_graph(graph).store, kinds)
