"""Content negotiation: the result and graph formats offered, the `format=`/`output=` parameters
(which win over Accept, as on Virtuoso and Fuseki), choosing one type from an Accept header, the
SPARQL TSV form of a term, and XML 1.0 text (`xml_safe`). Standard library only at the top."""

from __future__ import annotations

import re
from typing import Any

# --- formats and content negotiation (used by the workers and the web side) -------------------

# media type -> pyoxigraph format name; the first entry of each format is its canonical type
# (the one an answer is labelled with), the others are names clients also ask for it by.
RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/x-turtle": "TURTLE",
    "text/n3": "TURTLE",  # every Turtle document is an N3 document: N3 clients (SPARQLWrapper's N3) read it
    "text/rdf+n3": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
DEFAULT_RESULT, DEFAULT_GRAPH = "application/sparql-results+json", "text/turtle"
OFFERED = list(dict.fromkeys([*RESULT_TYPES, *GRAPH_TYPES]))  # every media type an answer may come in


def _canonical(table: dict[str, str]) -> dict[str, str]:
    """pyoxigraph format name -> its canonical media type (the first listed)."""
    first: dict[str, str] = {}
    for media, fmt in table.items():
        first.setdefault(fmt, media)
    return first


RESULT_CANONICAL, GRAPH_CANONICAL = list(_canonical(RESULT_TYPES).values()), list(_canonical(GRAPH_TYPES).values())

# Names the `format` (or `output`) parameter takes -> the Accept header it stands for. These are
# the names SPARQLWrapper, Virtuoso and Fuseki use; "json" and "xml" name the results format
# of a SELECT or ASK and the graph format of a CONSTRUCT or DESCRIBE alike.
FORMAT_PARAM = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}
FORMAT_PARAMS = ("format", "output")  # parameter names meaning the same (Virtuoso: format, Fuseki: output)
_MEDIA_RANGE = re.compile(r"(?:\*/\*|[\w.+-]+/(?:\*|[\w.+-]+))(?:\s*;\s*[\w.+-]+\s*=\s*[^,;]*)*")


def format_names() -> str:
    """The `format` names, each with its synonyms: "json, xml, …, turtle (ttl, n3), …"."""
    groups: dict[str, list[str]] = {}
    for name, accept in FORMAT_PARAM.items():
        groups.setdefault(accept, []).append(name)
    return ", ".join(f"{n[0]} ({', '.join(n[1:])})" if len(n) > 1 else n[0] for n in groups.values())


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    """The media ranges of an Accept header: (range, q, position)."""
    ranges = []
    for pos, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        media, q = media.lower(), 1.0
        for p in params:
            k, _, v = p.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media, q, pos))
    return ranges


def _fit(ranges: list[tuple[str, float, int]], mt: str) -> tuple[float, int] | None:
    """(q, position) of the most specific range matching media type `mt` (RFC 9110), or None
    when none does or it has q=0."""
    found = None  # (specificity, q, pos)
    for media, q, pos in ranges:
        if media == mt:
            spec = 2
        elif media.endswith("/*") and media != "*/*" and mt.startswith(media[:-1]):
            spec = 1
        elif media == "*/*":
            spec = 0
        else:
            continue
        if found is None or spec > found[0]:
            found = (spec, q, pos)
    return None if found is None or found[1] <= 0 else (found[1], found[2])


def negotiate(accept: str | None, offered: list[str], default: str) -> str | None:
    """The offered media type an Accept header ranks highest, or None when it accepts none.

    Each offered type takes the q of the most specific range that matches it (RFC 9110);
    ties go to the range the client listed first, then to `default`, then to `offered` order.
    No Accept header (or an empty one) means `default`.
    """
    if not accept or not accept.strip():
        return default
    ranges = _ranges(accept)
    best, best_key = None, None
    for rank, mt in enumerate(offered):
        fit = _fit(ranges, mt)
        if fit is None:
            continue
        key = (-fit[0], fit[1], mt != default, rank)
        if best_key is None or key < best_key:
            best, best_key = mt, key
    return best


def _formats(accept: str) -> list[str]:
    """The canonical types of the formats `accept` takes under any of their names, best first."""
    ranges = _ranges(accept)
    found: dict[str, tuple[float, int]] = {}
    for table in (RESULT_TYPES, GRAPH_TYPES):
        canonical = _canonical(table)
        for media, fmt in table.items():
            fit = _fit(ranges, media)
            if fit is not None:
                key = canonical[fmt]
                found[key] = max(found.get(key, fit), fit, key=lambda f: (f[0], -f[1]))
    return sorted(found, key=lambda mt: (-found[mt][0], found[mt][1]))


class FormatError(ValueError):
    """A `format`/`output` parameter naming nothing served, or several naming different formats."""


def format_accept(given: list[tuple[str, str]]) -> str | None:
    """The Accept header that the `format`/`output` parameters given stand for, or None if none
    was given (empty values are ignored: SPARQLWrapper sends one).

    `given`: (parameter, value) pairs, in request order. A value is a name (FORMAT_PARAM, any
    case) or a media type list. Several values are fine when they name one format alike
    (SPARQLWrapper sends format=tsv&format=text/tab-separated-values&output=tsv …); the answer
    then comes in a format all of them take. FormatError otherwise, naming the parameter."""
    accepts: list[tuple[str, str, str]] = []  # (parameter, value, Accept)
    for param, value in given:
        value = value.strip()
        if not value:
            continue
        accept = FORMAT_PARAM.get(value.lower())
        if accept is None:
            parts = [p.strip() for p in value.split(",")]
            if "/" not in value or not all(_MEDIA_RANGE.fullmatch(p) for p in parts if p) or not _formats(value):
                raise FormatError(
                    f"Unknown format {value!r} in the `{param}` parameter. Give one of {format_names()}; "
                    f"or a media type served here: {', '.join(RESULT_CANONICAL + GRAPH_CANONICAL)}."
                )
            accept = value
        accepts.append((param, value, accept))
    if not accepts:
        return None
    if len({a for _, _, a in accepts}) == 1:
        return accepts[0][2]
    common = _formats(accepts[0][2])
    for _, _, accept in accepts[1:]:
        takes = set(_formats(accept))
        common = [mt for mt in common if mt in takes]
    if not common:
        params = list(dict.fromkeys(p for p, _, _ in accepts))
        which = (
            f"The `{params[0]}` parameter, given {len(accepts)} times, names"
            if len(params) == 1
            else f"The {' and '.join(f'`{p}`' for p in params)} parameters name"
        )
        raise FormatError(
            f"{which} different formats ({', '.join(repr(v) for _, v, _ in accepts)}): "
            "give one format (repeating the same one is fine)."
        )
    return ", ".join(common)


def acceptable(accept: str | None, media: str) -> bool:
    """Whether `accept` takes an answer labelled `media` (a canonical type), under any of its names."""
    table = RESULT_TYPES if media in RESULT_CANONICAL else GRAPH_TYPES
    names = [m for m, fmt in table.items() if fmt == table.get(media)]
    return negotiate(accept, names or [media], media) is not None


def _refusal(accept: str | None, offer: str) -> str:
    asked = accept if accept is None or len(accept) <= 200 else accept[:200] + "…"
    return (
        f"Not acceptable: {offer}; the Accept header ({asked!r}) takes none of them. Accept one of "
        f"those (or */*), or give the format parameter: {format_names()}."
    )


def not_acceptable(accept: str | None, offered: list[str], what: str) -> str:
    """The message of a 406: what `what` comes in here, which the Accept header does not take."""
    return _refusal(accept, f"{what} comes in {', '.join(offered)}")


def query_refusal(accept: str | None) -> str | None:
    """The 406 message for a query whose Accept takes no answer of any query form, or None."""
    if negotiate(accept, OFFERED, DEFAULT_RESULT) is not None:
        return None
    return _refusal(
        accept,
        f"SELECT and ASK answers come in {', '.join(RESULT_CANONICAL)}, "
        f"CONSTRUCT and DESCRIBE answers in {', '.join(GRAPH_CANONICAL)}",
    )


def answer_refusal(accept: str | None, media: str) -> str | None:
    """The 406 message when `accept` does not take the answer the query made, labelled `media`
    (a worker answers in its default type when none of its query form's is acceptable), or None."""
    media = media.split(";")[0].strip()  # pyoxigraph labels CSV and TSV with their charset
    if acceptable(accept, media):
        return None
    if media in RESULT_CANONICAL:
        return not_acceptable(accept, RESULT_CANONICAL, "the answer of a SELECT or ASK")
    return not_acceptable(accept, GRAPH_CANONICAL, "the answer of a CONSTRUCT or DESCRIBE")


def _tsv_term(term: Any) -> str:
    if term is None:
        return ""
    import pyoxigraph as ox

    if isinstance(term, ox.Triple):
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    return str(term)  # N-Triples syntax, which SPARQL TSV uses (tabs and newlines escaped)


# Characters XML 1.0 forbids, even as character references (production Char): C0 controls but
# tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(document: bytes) -> bytes:
    """An XML document (pyoxigraph's SPARQL XML results or RDF/XML) made well-formed whatever its
    literals hold: each character XML 1.0 forbids becomes U+FFFD (the replacement character; no
    character reference may stand for one), and CR becomes `&#13;`, which parsers keep (a raw
    CR would be read as LF). pyoxigraph writes these characters only inside literals."""
    text = document.decode("utf-8")
    if "\r" not in text and not _NOT_XML.search(text):
        return document
    return _NOT_XML.sub("\ufffd", text).replace("\r", "&#13;").encode("utf-8")
