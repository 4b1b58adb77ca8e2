"""Label normalisation shared by every stage, as the vocabulary contract defines it."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’"
_SPACES = re.compile(r"\s+")


@cache  # compiled on first need (5 ms, its CJK classes): most questions hold no whitespace
def _cjk_gap() -> re.Pattern:
    """Whitespace where either neighbour is CJK and the other CJK or a digit: dropped."""
    return re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}0-9])|(?<=[{_CJK}0-9])\s+(?=[{_CJK}])")


SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE_MARK = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_MARKDOWN = re.compile(r"\*\*|^#+\s*")


_ANY_MARK = re.compile(f"[{SUPERSCRIPT_DIGITS}*#]")


@lru_cache(maxsize=1 << 16)  # every kind reads the same lines
def strip_markup(text: str) -> str:
    """Remove footnote markers (¹²³) and markdown marks (`#`, `**`) left by conversion."""
    if not _ANY_MARK.search(text):
        return text
    return _MARKDOWN.sub("", _FOOTNOTE_MARK.sub("", text))


@lru_cache(maxsize=1 << 16)  # the same names and quotes are normalised again and again
def normalise(text: str) -> str:
    """NFKC, no whitespace between CJK characters (or CJK and digits), else single spaces."""
    text = unicodedata.normalize("NFKC", strip_markup(text)).strip()
    if not _SPACES.search(text):
        return text
    return _SPACES.sub(" ", _cjk_gap().sub("", text))


_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "―": "-", "‐": "-"})


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """Matching key for names: normalised, one kind of dash, every space removed."""
    return normalise(text).translate(_DASHES).replace(" ", "")


_OPEN, _CLOSE = "（(“‘《〈[【", "）)”’》〉]】"


def split_top(text: str, separators: str) -> list[str]:
    """Split at separators that stand outside brackets and quotes (（CAZ）, “…”, 《…》 stay whole)."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        if ch in separators and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


@cache
def slug(text: str, limit: int = 40) -> str:
    """A readable, stable ASCII slug for Chinese text: tone-less pinyin plus a short hash."""
    import hashlib

    norm = key(text)
    ascii_ = _latin_head(norm, limit)[:limit].strip("-")
    return f"{ascii_ or 'x'}-{hashlib.sha1(norm.encode()).hexdigest()[:6]}"


def _latin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(text)).lower()).strip("-")


def _latin_head(norm: str, limit: int) -> str:
    """`_latin(norm)` up to at least `limit` characters, read from the text's head only where that is
    exact: pypinyin reads runs of Chinese characters apart from what is between them, so cut where
    a run ends, the head's pinyin is the start of the whole text's."""
    from pypinyin.constants import RE_HANS

    for i in range(limit, len(norm)):
        if RE_HANS.match(norm[i - 1]) and not RE_HANS.match(norm[i]):
            head = _latin(norm[:i])
            if len(head) > limit:
                return head
    return _latin(norm)
