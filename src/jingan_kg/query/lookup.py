"""From a question's text to the entities it names: as written first, else its topic once the
question frame is taken away (frames.py), else the Chinese phrase an English topic names (the
curated terms: green finance → 绿色金融); only those of a district when one is asked. `search` is
the question that answers with these hits."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..errors import NoMatch
from ..store.index import Hit, SearchIndex, has_cjk, question_text
from ..text import key
from .frames import Reading, read_question

if TYPE_CHECKING:
    from ..store.base import Store as GraphStore
    from .districts import District

EXACT = 95  # a hit this good names the thing as written: no frame is looked for


def lookup(
    index: SearchIndex,
    text: str,
    kinds: set[str] | None = None,
    store: GraphStore | None = None,
    district: District | None = None,
    limit: int = 200,
    narrow: bool = False,
) -> tuple[Reading, list[Hit]]:
    """How TEXT was read and every hit, best first; NoMatch listing the closest names if none.

    A text that names something exactly is taken as written, even if it reads like a question
    (a measure titled 谁来…); otherwise a question frame (谁负责…) gives the topic looked up; an
    English topic no name holds is looked up as the Chinese phrase it names, if it names one (the
    reading then says the phrase: the answer is the phrase's, as if asked in Chinese)."""
    literal = question_text(text)
    hits = index.search(literal, limit=limit, kinds=kinds)
    reading = Reading(None, literal, None)
    if not hits or hits[0].score < EXACT:
        framed = read_question(text)
        if framed.frame is not None:
            found = index.search(framed.topic, limit=limit, kinds=kinds)
            if found or not hits:
                reading, hits = framed, found
    if not hits and (phrase := index.translate(reading.topic)):  # an English name of a phrase no entity bears
        found = index.search(phrase, limit=limit, kinds=kinds)
        if found:
            reading, hits = Reading(reading.frame, phrase, reading.intent, english=reading.topic), found
    if not hits and narrow and has_cjk(reading.topic):  # Latin words are not cut: green finance ≠ finance
        words = nearest_words(index, reading.topic, kinds)
        if words is not None:
            reading = Reading(reading.frame, words, reading.intent, asked=reading.topic)
            hits = index.search(words, limit=limit, kinds=kinds)
    if hits and district is not None and store is not None:
        from .districts import in_district

        hits = in_district(store, reading.topic, hits, district)
    if not hits:
        raise NoMatch(text, index.closest(reading.topic), read_as=reading.topic if reading.frame else None)
    return reading, hits


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """Where a topic splits into words, and a quoted part (compiled on first use: most questions need neither)."""
    return re.compile(r"[的、,，;；/和与及]|\s+"), re.compile(r"[“「『\"《]([^”」』\"》]{2,})[”」』\"》]")


def nearest_words(index: SearchIndex, topic: str, kinds: set[str] | None = None) -> str | None:
    """The longest run of the topic's words some name holds (专精特新企业培育 → 专精特新企业), a quoted
    part first (企业“出海” → 出海); None if no name holds at least half of its longest part (a few
    common characters, 项目 or 服务, would answer another question)."""
    parts_of, quotes = _patterns()
    quoted = [m.group(1) for m in quotes.finditer(topic)]
    for part in quoted:
        if index.search(part, limit=1, kinds=kinds):
            return part
    parts = [p for p in parts_of.split(topic) if len(p) >= 2] or [topic]
    longest = max(len(p) for p in parts)
    for size in range(longest, max(1, (longest + 1) // 2 - 1), -1):
        found = [
            (index.search(sub, limit=1, kinds=kinds), sub)
            for p in parts
            for sub in dict.fromkeys(p[i : i + size] for i in range(len(p) - size + 1))
            if sub != topic and key(sub) == sub.replace(" ", "")
        ]
        found = [(hits[0].score, sub) for hits, sub in found if hits]
        if found:
            return max(found, key=lambda f: f[0])[1]
    return None


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


def search(
    index: SearchIndex, text: str, limit: int = 20, store: GraphStore | None = None, district: District | None = None
) -> list[Hit]:
    """Ranked matches across all kinds (those of `district` when one is asked, which needs the
    store); NoMatch with the closest labels when nothing matches."""
    return lookup(index, text, store=store, district=district, limit=200 if district is not None else limit)[1][:limit]
