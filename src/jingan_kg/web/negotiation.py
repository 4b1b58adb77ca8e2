"""Content negotiation: the result and graph formats offered, the `format=` shorthand, choosing
one from an Accept header, the SPARQL TSV form of a term, and XML 1.0 text (`xml_safe`).
Standard library only at the top."""

from __future__ import annotations

import re
from typing import Any

# --- formats and content negotiation (used by the workers and the web side) -------------------

# media type -> pyoxigraph format name; the first entry of each format is its canonical type.
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
    "application/n-triples": "N_TRIPLES",
    "application/ld+json": "JSON_LD",
    "application/json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
}
DEFAULT_RESULT, DEFAULT_GRAPH = "application/sparql-results+json", "text/turtle"

# `format=` shorthand (for links and the query page) -> an Accept header
FORMAT_PARAM = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}


def negotiate(accept: str | None, offered: list[str], default: str) -> str | None:
    """The offered media type an Accept header ranks highest, or None when it accepts none.

    Each offered type takes the q of the most specific range that matches it (RFC 9110);
    ties go to the range the client listed first, then to `default`, then to `offered` order.
    No Accept header (or an empty one) means `default`.
    """
    if not accept or not accept.strip():
        return default
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
    best, best_key = None, None
    for rank, mt in enumerate(offered):
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
        if found is None or found[1] <= 0:
            continue
        key = (-found[1], found[2], mt != default, rank)
        if best_key is None or key < best_key:
            best, best_key = mt, key
    return best


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
