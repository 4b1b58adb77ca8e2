"""From a question's text to the entities it names: as written first, else its topic once the
question frame is taken away (frames.py); only those of a district when one is asked."""

from __future__ import annotations

from ..errors import NoMatch
from ..store.base import Store as GraphStore
from ..store.index import Hit, SearchIndex, question_text
from .districts import District, in_district
from .frames import Reading, read_question

EXACT = 95  # a hit this good names the thing as written: no frame is looked for


def lookup(
    index: SearchIndex,
    text: str,
    kinds: set[str] | None = None,
    store: GraphStore | None = None,
    district: District | None = None,
    limit: int = 200,
) -> tuple[Reading, list[Hit]]:
    """How TEXT was read and every hit, best first; NoMatch listing the closest names if none.

    A text that names something exactly is taken as written, even if it reads like a question
    (a measure titled 谁来…); otherwise a question frame (谁负责…) gives the topic looked up."""
    literal = question_text(text)
    hits = index.search(literal, limit=limit, kinds=kinds)
    reading = Reading(None, literal, None)
    if not hits or hits[0].score < EXACT:
        framed = read_question(text)
        if framed.frame is not None:
            found = index.search(framed.topic, limit=limit, kinds=kinds)
            if found or not hits:
                reading, hits = framed, found
    if hits and district is not None and store is not None:
        hits = in_district(store, reading.topic, hits, district)
    if not hits:
        raise NoMatch(text, index.closest(reading.topic), read_as=reading.topic if reading.frame else None)
    return reading, hits


def best(hits: list[Hit]) -> list[Hit]:
    """The hits tied for the best score."""
    return [h for h in hits if h.score == hits[0].score]


def resolve_text(
    index: SearchIndex,
    text: str,
    kinds: set[str] | None = None,
    store: GraphStore | None = None,
    district: District | None = None,
) -> list[Hit]:
    """The best hits for a question (all those tied for the best score); NoMatch if none."""
    return best(lookup(index, text, kinds, store, district)[1])
