"""The search index's pinyin keys, read once per name (store/index.py `_reading`): the same keys
as pypinyin's own three readings of it (joined, initials, spaced), for every name the given
documents and the curated files hold."""

from __future__ import annotations

import pytest
import yaml

from jingan_kg.store.index import _ascii_key, latin_name, pinyin_keys
from jingan_kg.text import key, normalise

from .conftest import ROOT


def _pypinyin_keys(name: str) -> tuple[str, str, str]:
    """The three readings as they were written before `_reading`: three calls to pypinyin."""
    from pypinyin import Style, lazy_pinyin

    k = key(name)
    full = _ascii_key("".join(lazy_pinyin(k)))
    initials = _ascii_key("".join(lazy_pinyin(k, style=Style.FIRST_LETTER)))
    return full, initials, " ".join(" ".join(lazy_pinyin(normalise(name))).split())


def _names(built) -> list[str]:
    from jingan_kg.store.embedded import GraphStore

    store = GraphStore.open(built[1] / "store")
    rows = store.select("SELECT DISTINCT ?n WHERE { ?s skos:prefLabel|skos:altLabel|rdfs:label ?n }")
    names = {r["n"] for r in rows}
    for f in sorted((ROOT / "data" / "curated").glob("*.yaml")):
        for rows in yaml.safe_load(f.read_text(encoding="utf-8")).values():
            for row in rows or ():
                names |= {v for k, v in row.items() if k in ("label", "name") and isinstance(v, str)}
                names |= {v for v in row.get("aliases", ()) or () if isinstance(v, str)}
    return sorted(names)


def test_one_reading_gives_the_keys_three_readings_gave(built):
    names = _names(built)
    assert len(names) > 1000
    for name in names:
        full, initials, spaced = _pypinyin_keys(name)
        assert pinyin_keys(name) == (full, initials), name
        assert latin_name(name) == spaced, name


@pytest.mark.parametrize(
    "name, keys, spaced",
    [
        ("静安区商务委", ("jinganqushangwuwei", "jaqsww"), "jing an qu shang wu wei"),
        ("静安 CAZ—区", ("jingancazqu", "jacazq"), "jing an CAZ— qu"),  # a run as written stays as written
        ("2025年爱心", ("2025nianaixin", "2025nax"), "2025 nian ai xin"),
        ("嗯", ("n", "n"), "n"),
    ],
)
def test_keys_of_a_name_as_written(name, keys, spaced):
    assert pinyin_keys(name) == keys == _pypinyin_keys(name)[:2]
    assert latin_name(name) == spaced == _pypinyin_keys(name)[2]
