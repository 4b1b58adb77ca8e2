"""data/curated/organisations.yaml is data treated as code: every row checked against the sources."""

from pathlib import Path

import pytest
import yaml

from jingan_kg.curate.curated import ORG_TYPES, CuratedIndustry, CuratedOrganisation, load_organisations
from jingan_kg.text import key

from .conftest import ROOT, SOURCES

PATH = ROOT / "data" / "curated" / "organisations.yaml"
ROWS = yaml.safe_load(PATH.read_text(encoding="utf-8"))["organisations"]


def test_loads_and_ids_sorted_and_unique():
    rows = load_organisations(PATH)
    ids = [r.id for r in rows]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_row_cites_a_line_that_says_it(row):
    r = CuratedOrganisation(**row)
    lines = (SOURCES / r.source.file).read_text(encoding="utf-8").split("\n")
    assert r.source.quote in lines[r.source.line - 1], (
        f"{r.id}: {r.source.file}:{r.source.line} does not contain {r.source.quote!r}; fix the line number"
    )
    assert r.type in ORG_TYPES
    full_name_in_quote = key(r.label) in key(r.source.quote) or key(r.source.quote).endswith(key(r.label))
    assert full_name_in_quote or r.note, f"{r.id}: label not in the cited quote, and no note says why"


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_every_alias_is_seen_in_some_source(row):
    text = key("".join(p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt")))
    for alias in row["aliases"]:
        assert key(alias) in text, f"{row['id']}: alias {alias!r} appears in no source"


def test_search_aliases_are_not_in_the_sources():
    """Forms the sources use belong in `aliases`; `search_aliases` are only the unseen ones."""
    text = key("".join(p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt")))
    for row in ROWS:
        for alias in row.get("search_aliases", []):
            assert key(alias) not in text, f"{row['id']}: {alias!r} is in a source; move it to aliases"


def test_alias_owned_by_two_rows_is_refused(tmp_path: Path):
    from jingan_kg.errors import CuratedDataError

    bad = tmp_path / "o.yaml"
    bad.write_text(
        yaml.safe_dump(
            {"organisations": [{**ROWS[0], "id": "a"}, {**ROWS[0], "id": "b", "label": "别的单位"}]}, allow_unicode=True
        ),
        encoding="utf-8",
    )
    with pytest.raises(CuratedDataError, match="belongs to both a and b"):
        load_organisations(bad)


INDUSTRIES = yaml.safe_load((ROOT / "data" / "curated" / "industries.yaml").read_text(encoding="utf-8"))["industries"]


@pytest.mark.parametrize("row", INDUSTRIES, ids=[r["label"] for r in INDUSTRIES])
def test_industry_rows_cite_lines_that_say_them(row):
    r = CuratedIndustry(**row)
    for alias in r.aliases:
        line = (SOURCES / alias.file).read_text(encoding="utf-8").split("\n")[alias.line - 1]
        assert alias.name in line, f"{r.label}: {alias.file}:{alias.line} does not use {alias.name!r}"
    if r.replaced_by:
        line = (SOURCES / r.source.file).read_text(encoding="utf-8").split("\n")[r.source.line - 1]
        assert r.source.quote in line and r.label in r.source.quote and r.replaced_by in r.source.quote
