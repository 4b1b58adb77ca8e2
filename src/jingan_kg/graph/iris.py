"""Instance IRIs: one function per kind of node, so no IRI is spelt in two places."""

from __future__ import annotations

import hashlib
from urllib.parse import quote as urlquote

from ..records import Excerpt
from ..text import key, slug
from . import vocab as V


def source_iri(path: str) -> str:
    return V.JKR + "source/" + urlquote(path, safe="/-._")


def document_iri(doc_key: str) -> str:
    return V.JKR + "doc/" + slug(doc_key)


def in_document(doc_key: str, kind: str, *parts: object) -> str:
    """jkr:<kind>/<document slug>/<part>/…: a node numbered or named inside one document."""
    return V.JKR + kind + "/" + slug(doc_key) + "".join(f"/{p}" for p in parts)


def org_iri(org_id: str) -> str:
    return V.JKR + "org/" + org_id


def district_iri(district_id: str) -> str:
    return V.JKR + "district/" + district_id


def area_iri(area_id: str) -> str:
    return V.JKR + "area/" + area_id


def industry_iri(label: str) -> str:
    return V.JKR + "industry/" + slug(key(label))


def excerpt_id(ex: Excerpt) -> str:
    return hashlib.sha1(f"{ex.source}\n{ex.line_start}\n{ex.line_end}\n{ex.quote}".encode()).hexdigest()[:16]


def excerpt_iri(ex: Excerpt) -> str:
    return V.JKR + "excerpt/" + excerpt_id(ex)


def node(kind: str, *parts: str) -> str:
    """An instance IRI: jkr:<kind>/<slug>/…, each part slugged (readable pinyin + short hash)."""
    return V.JKR + kind + "/" + "/".join(slug(p) for p in parts)
