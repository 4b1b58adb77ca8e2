"""What a document kind declares, so that every stage can loop over the registry.

A kind is one module of `jingan_kg.kinds` with one `Kind` value: how it is detected and read
(`detect`, `extract`), how its records resolve (`resolve`, run after the kinds named in
`after`), the triples it contributes (`triples`), and how its classes are counted (`counts`),
found by name (`finds`), drawn (`styles`) and described on cards (`facts`). Only the registry
(`jingan_kg.kinds.REGISTRY`) lists kinds; the stages never name one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..curate.context import Context
    from ..graph.sink import Triples
    from ..ingest.documents import Span
    from ..records import Excerpt, Extraction, Issue


UNEXPECTED_NUMBER = "numbering-unexpected"


def unexpected_number(src: str, line: int, what: str, number: object) -> Issue:
    """The warning for an item numbered 0 or with a numeral no list uses (一一、, 十十、): not read."""
    from ..records import Issue

    return Issue(
        source=src,
        line=line,
        code=UNEXPECTED_NUMBER,
        reason=f"{what} numbered {number!r}: numbering starts at 1 (一、…), so it is not read as an item",
    )


@dataclass(frozen=True)
class Count:
    """A class counted in the build report and in `stats`, under a plural label."""

    label: str  # "measures"
    cls: str  # the class IRI


@dataclass(frozen=True)
class Route:
    """One way `who` goes from a found entity ?s to responsible bodies ?o through cited nodes ?m."""

    relation: str  # how the answer words it: "responsible for"
    pattern: str  # a SPARQL group pattern over ?s, ?o, ?m
    bind: str = "iri"  # ?s is each hit's IRI ("iri"), its label ("label"), or the hit and all under it ("narrower")
    # The bodies it gives are named responsible (a measure's 责任部门), not only near the thing
    # (the publisher of a document stating a figure): `who` answers with such routes first.
    responsible: bool = True


@dataclass(frozen=True)
class Find:
    """A class users find by name: an entry of the search index and how `who` answers for it.

    `routes` are tried in order for each hit until one gives bodies (a single route is asked
    for all hits at once). `inverse`: naming one (a body) asks what it answers for: every route.
    """

    cls: str  # prefixed class name, e.g. "jkg:Measure"
    name: str  # the kind in answers: "measure"
    routes: tuple[Route, ...] = ()
    rank: int = 0  # breaks ties between equally good hits of different kinds (lower first)
    inverse: bool = False


@dataclass(frozen=True)
class Style:
    """How the views draw nodes of one kind: legend label, color, shape.

    `cls`: nodes typed with it get this style (a node with several such classes takes the
    style of highest `precedence`); None for styles a view assigns itself (industry levels).
    `rank` orders the legends.
    """

    key: str
    label: str
    color: str
    shape: str
    rank: int
    cls: str | None = None
    precedence: int = 0


@dataclass(frozen=True)
class Fact:
    """A property shown on a node's card in the views: a literal, or a linked node's label."""

    predicate: str
    label: str  # "领域 Field"
    rank: int  # place on the card
    linked: bool = False


@dataclass(frozen=True)
class Kind:
    """Everything the stages need of one document kind (or of a class every kind shares)."""

    name: str  # recorded as jkg:kind of the documents it reads
    detect: Callable[[Span], bool] | None = None
    extract: Callable[[Span], Extraction] | None = None
    resolve: Callable[[Context], Any] | None = None  # its result is `ctx.result(name)`
    after: tuple[str, ...] = ()  # kinds whose resolution this one reads
    triples: Callable[[Context, Triples], None] | None = None
    cited: Callable[[Context], Iterable[tuple[str, Excerpt]]] | None = None  # (count label, excerpt) per record
    counts: tuple[Count, ...] = ()
    finds: tuple[Find, ...] = ()
    styles: tuple[Style, ...] = ()
    facts: tuple[Fact, ...] = ()
    names_documents: bool = True  # False: reading a document does not make it of this kind (signatures)
