"""Signature blocks: the bodies that sign a document, with their full names.

Recognised by shape: a run of lines whose tab-separated cells are all organisation names
(…委员会, …局, …办公室, …人民政府, …公司), as under a jointly issued measure, or one such
name directly above a date line.
"""

from __future__ import annotations

import re

from ..curate.organisations import org_type
from ..ingest.documents import Span
from ..records import Excerpt, Extraction, OrganisationRecord
from ..text import normalise
from .base import Kind

KIND = "signatures"

ORG_NAME = re.compile(r"^\S{2,40}(?:委员会|局|办公室|人民政府|办事处|有限公司|中心)$")
DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split("\t") if c.strip()]


def _blocks(span: Span):
    """Runs of lines whose every cell is an organisation name: (first, last, names)."""
    run: list = []
    head_end = span.document.excerpt.line_end if span.document else 0
    lines = [ln for ln in span.lines() if not ln.noise and ln.number > head_end]
    for ln in [*lines, None]:
        cells = _cells(ln.raw) if ln and ln.text else []
        if ln and cells and all(ORG_NAME.match(normalise(c)) for c in cells):
            run.append((ln, cells))
            continue
        if ln and not ln.text and run:
            continue
        names = [c for _, cells_ in run for c in cells_]
        if run and (len(names) >= 2 or (ln is not None and DATE.match(ln.text))):
            yield run[0][0].number, run[-1][0].number, names, [r[0].text for r in run]
        run = []


def detect(span: Span) -> bool:
    return span.document is not None and any(True for _ in _blocks(span))


def extract(span: Span) -> Extraction:
    """One OrganisationRecord per signing body, tied to the document it signs."""
    out = []
    for first, last, names, quotes in _blocks(span):
        for name in names:
            ex = Excerpt(source=span.source.path, line_start=first, line_end=last, quote="\n".join(quotes))
            out.append(
                OrganisationRecord(
                    name=normalise(name), type=org_type(normalise(name)), signed=span.document_key, excerpt=ex
                )
            )
    return Extraction(records=tuple(out))


def _resolve(ctx) -> None:
    """Bodies whose full name a document states come first, so later mentions resolve to them."""
    for o in ctx.of(OrganisationRecord):
        oid = ctx.resolver.state(o.name, o.type, o.excerpt)
        if o.signed:
            ctx.signed.setdefault(o.signed, []).append(oid)


SIGNATURES = Kind(name=KIND, detect=detect, extract=extract, resolve=_resolve, names_documents=False)
