"""The 人事任免 extractor on the real gazette (against tests/expected/appointments.yaml) and on synthetic tables."""

import pytest
import yaml

from jingan_kg.ingest.documents import split_documents
from jingan_kg.kinds import appointments
from jingan_kg.text import normalise

from .conftest import GAZETTE, ROOT, span_of

EXPECTED = yaml.safe_load((ROOT / "tests" / "expected" / "appointments.yaml").read_text(encoding="utf-8"))
FLAT = [(row, n, post) for row in EXPECTED["rows"] for n, post in enumerate(row["posts"])]


@pytest.fixture(scope="module")
def gazette(real_sources):
    spans = [s for s in split_documents(real_sources[GAZETTE]) if appointments.detect(s)]
    assert len(spans) == 1, "one span holds the 任免 tables"
    return spans[0], appointments.extract(spans[0])


def test_only_the_appointment_tables_are_detected(real_sources):
    for path, src in real_sources.items():
        found = [s for s in split_documents(src) if appointments.detect(s)]
        assert len(found) == (1 if path == GAZETTE else 0), path


def test_document(gazette):
    span, ex = gazette
    assert span.document is not None and span.document.title == EXPECTED["document_title"]
    assert {r.document for r in ex.records} == {span.document_key}
    assert [d.kind for d in ex.documents] == ["appointments"]


def test_counts(gazette):
    recs = gazette[1].records
    rows = {(r.action, r.excerpt.line_end) for r in recs}
    assert {a: sum(1 for act, _ in rows if act == a) for a in ("任命", "免去")} == EXPECTED["table_rows"]
    assert {a: sum(1 for r in recs if r.action == a) for a in ("任命", "免去")} == EXPECTED["records"]
    assert len(recs) == len(FLAT) == 58


def test_no_issues_on_the_real_tables(gazette):
    assert gazette[1].issues == ()


@pytest.mark.parametrize("row, n, expected", FLAT, ids=[f"{r['line']}-{n}" for r, n, _ in FLAT])
def test_record_matches_the_text(gazette, row, n, expected):
    recs = [r for r in gazette[1].records if r.excerpt.line_end == row["line"]]
    assert len(recs) == len(row["posts"])
    rec = recs[n]
    assert rec.person == row["person"]
    assert rec.action == row["action"]
    assert rec.post == normalise(expected["post"])
    assert rec.organisation == normalise(expected["organisation"])
    assert rec.note == (normalise(expected["note"]) if expected.get("note") else None)
    assert (rec.excerpt.source, rec.excerpt.line_start) == (GAZETTE, row.get("person_line", row["line"]))
    assert "\t" in rec.excerpt.quote or rec.excerpt.line_start < rec.excerpt.line_end


def test_records_in_table_order(gazette):
    got = [(r.excerpt.line_end, r.post) for r in gazette[1].records]
    assert got == [(row["line"], normalise(p["post"])) for row, _, p in FLAT]


def test_same_person_across_tables_and_spellings(gazette):
    people = {r.person for r in gazette[1].records}
    assert {"徐刚", "徐平", "王艳", "周筠"} <= people
    assert not any(" " in p for p in people)


SYNTHETIC = """2027年1月1日至2月28日区政府人事任免事项

姓名\t任命职务
\t上海市静安区某局副局长；
张 三\t上海市静安区某局局长；
李四上海市静安区某办主任；
王五\t上海市静安区某中心副主任（挂职）、上海市静安区某办公室主任；
赵六\t；
钱七\t上海静安某（集团）有限公司总经理、董事；
\t上海静安另一（集团）有
上海市静安区人民政府公报
\t限公司监事会副主席。

姓名\t免去职务
孙八\t试用期满，正式任命为上海市静安区某局副局长；
上海市静安区人民政府公报\t上海市静安区某局副局长；
周九\t上海市静安区某中心负责人。

上海市静安区某局关于下一件事的通知

(2027年3月1日)
"""


@pytest.fixture(scope="module")
def synthetic():
    span = next(s for s in span_of(SYNTHETIC, "new.txt") if appointments.detect(s))
    return appointments.extract(span)


def test_synthetic_records(synthetic):
    got = [
        (r.person, r.action, r.post, r.organisation, r.note, r.excerpt.line_start, r.excerpt.line_end)
        for r in synthetic.records
    ]
    assert got == [
        ("张三", "任命", "上海市静安区某局局长", "上海市静安区某局", None, 5, 5),
        ("王五", "任命", "上海市静安区某中心副主任", "上海市静安区某中心", "挂职", 7, 7),
        ("王五", "任命", "上海市静安区某办公室主任", "上海市静安区某办公室", None, 7, 7),
        ("钱七", "任命", "上海静安某(集团)有限公司总经理", "上海静安某(集团)有限公司", None, 9, 9),
        ("钱七", "任命", "上海静安某(集团)有限公司董事", "上海静安某(集团)有限公司", None, 9, 9),
        ("钱七", "任命", "上海静安另一(集团)有限公司监事会副主席", "上海静安另一(集团)有限公司", None, 9, 12),
        ("孙八", "免去", "上海市静安区某局副局长", "上海市静安区某局", "试用期满,正式任命", 15, 15),
        ("周九", "免去", "上海市静安区某中心负责人", None, None, 17, 17),
    ]


def test_rows_that_cannot_be_parsed_are_reported(synthetic):
    got = sorted((i.source, i.line, i.code) for i in synthetic.issues)
    assert got == [
        ("new.txt", 4, "unparsed-appointment-row"),  # continuation with nobody above
        ("new.txt", 6, "unparsed-appointment-row"),  # no TAB between name and post
        ("new.txt", 8, "unparsed-appointment-row"),  # empty post cell
        ("new.txt", 16, "unparsed-appointment-row"),  # name cell is not a name
    ]


def test_table_ends_before_the_next_document(synthetic):
    assert max(r.excerpt.line_end for r in synthetic.records) == 17


@pytest.mark.parametrize(
    "cell, posts, notes",
    [
        (
            "上海市静安区人民政府办公室副主任、上海市静安区人民政府外事办公室主任；",
            [
                ("上海市静安区人民政府办公室副主任", "上海市静安区人民政府办公室", ()),
                ("上海市静安区人民政府外事办公室主任", "上海市静安区人民政府外事办公室", ()),
            ],
            [],
        ),
        (
            "上海市静安区城市运行管理中心（上海市静安区政务服务中心、上海市静安区城市网格化综合管理中心）副主任（试用期一年）；",
            [
                (
                    "上海市静安区城市运行管理中心（上海市静安区政务服务中心、上海市静安区城市网格化综合管理中心）副主任",
                    "上海市静安区城市运行管理中心（上海市静安区政务服务中心、上海市静安区城市网格化综合管理中心）",
                    ("试用期一年",),
                )
            ],
            [],
        ),
        (
            "上海市静安区商务委员会副主任（挂职），挂职期一年；",
            [("上海市静安区商务委员会副主任", "上海市静安区商务委员会", ("挂职",))],
            ["挂职期一年"],
        ),
        (
            "上海静安城市发展（集团）有限公司监事会副主席；",
            [("上海静安城市发展（集团）有限公司监事会副主席", "上海静安城市发展（集团）有限公司", ())],
            [],
        ),
        ("董事；", [("董事", None, ())], []),
    ],
)
def test_parse_posts(cell, posts, notes):
    assert appointments.parse_posts(cell) == (posts, notes)
