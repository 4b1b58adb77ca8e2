"""The major-projects extractor on the real gazette (against tests/expected/projects.yaml) and on synthetic tables."""

import pytest
import yaml

from jingan_kg.ingest.documents import split_documents
from jingan_kg.kinds import projects

from .conftest import GAZETTE, ROOT, span_of

EXPECTED = yaml.safe_load((ROOT / "tests" / "expected" / "projects.yaml").read_text(encoding="utf-8"))["projects"]


@pytest.fixture(scope="module")
def gazette(real_sources):
    spans = [s for s in split_documents(real_sources[GAZETTE]) if projects.detect(s)]
    assert len(spans) == 1, [s.document_key for s in spans]
    return spans[0], projects.extract(spans[0])


def test_only_the_outline_holds_a_project_table(real_sources):
    found = [
        (path, s.document_key) for path, src in real_sources.items() for s in split_documents(src) if projects.detect(s)
    ]
    assert [p for p, _ in found] == [GAZETTE]
    assert found[0][1].startswith("上海市静安区国民经济和社会发展第十五个五年规划纲要")


def test_all_rows_read_in_order_without_issues(gazette):
    span, ex = gazette
    assert [p.ordinal for p in ex.records] == [e["ordinal"] for e in EXPECTED]
    assert ex.issues == ()
    assert {p.document for p in ex.records} == {span.document_key}


@pytest.mark.parametrize("expected", EXPECTED, ids=[str(e["ordinal"]) for e in EXPECTED])
def test_project_matches_the_text(gazette, expected):
    got = {p.ordinal: p for p in gazette[1].records}[expected["ordinal"]]
    assert got.name == expected["name"]
    assert got.category == expected["category"]
    assert list(got.places) == expected["places"]
    assert (got.excerpt.source, got.excerpt.line_start, got.excerpt.line_end) == (
        GAZETTE,
        expected["line"],
        expected["line"],
    )
    assert got.excerpt.quote.startswith(f"{expected['ordinal']}\t")


def test_repeated_headers_are_not_rows(gazette):
    names = {p.name for p in gazette[1].records}
    assert "项目名称" not in names and not any("项目属性" in p.category for p in gazette[1].records)


def test_header_alone_detects_a_table_anywhere():
    assert projects.header_of("序号\t项目名称\t项目属性") is not None
    assert projects.header_of("序号\t项目名称\t建设内容") is None  # no category column
    assert projects.header_of("序号\t指标名称\t属性") is None  # not a project table
    assert projects.header_of("序号 项目名称 项目属性") is None  # not a TAB table


@pytest.mark.parametrize(
    "name, places",
    [
        ("北站街道晋元南一地块项目", ["北站街道"]),
        ("静安区图书馆和北站街道社区文化活动中心建设项目", ["北站街道"]),
        ("共和新路街道社区卫生服务中心新建工程项目", ["共和新路街道"]),
        ("彭浦镇社区卫生服务中心和彭浦镇社区保障服务中心新建工程项目", ["彭浦镇"]),
        ("愚园路镇宁路商业用房改建项目", []),
        ("共和新闻喜公共绿地新建项目", []),
        ("临汾路街道、彭浦新村街道联合养老项目", ["临汾路街道", "彭浦新村街道"]),
    ],
)
def test_places_named_in_a_project_name(name, places):
    assert projects.places_in(name) == places


SYNTHETIC = """静安区人民政府关于印发2028年重大项目清单的通知

（2028年1月5日）

附件

2028年静安区重大项目

序号\t项目名称\t项目类别
1\t临汾路街道 12 号地块项目\t产业发展类
2\t中国电气装备集团总部园区
建设项目\t产业发展类

上海市静安区人民政府公报

（2028年第1期）

序号\t项目名称\t项目类别
3\t石门二路街道社区食堂项目
4\t大宁公园北区改造项目\t\t社会民生类
5\t彭浦镇 A 区块\t绿化\t基础设施类
5\t宝山路街道口袋公园项目\t基础设施类
6\t江场三路道路工程项目\t基础设施\n类
7\t万荣绿地新建项目\t基础设施类

注：以上项目以年度计划为准。

8\t不是表格的一行\t产业发展类
"""


@pytest.fixture(scope="module")
def synthetic():
    span = next(s for s in span_of(SYNTHETIC, "list.txt") if s.document)
    assert projects.detect(span)
    return projects.extract(span)


def test_synthetic_rows_read_across_a_page_break(synthetic):
    assert [(p.ordinal, p.name, p.category, p.places) for p in synthetic.records] == [
        (1, "临汾路街道12号地块项目", "产业发展类", ("临汾路街道",)),
        (2, "中国电气装备集团总部园区建设项目", "产业发展类", ()),
        (4, "大宁公园北区改造项目", "社会民生类", ()),
        (5, "宝山路街道口袋公园项目", "基础设施类", ("宝山路街道",)),
        (6, "江场三路道路工程项目", "基础设施类", ()),
        (7, "万荣绿地新建项目", "基础设施类", ()),
    ]


def test_split_row_is_joined_and_cites_both_lines(synthetic):
    p = synthetic.records[1]
    assert (p.excerpt.source, p.excerpt.line_start, p.excerpt.line_end) == ("list.txt", 11, 12)
    assert p.excerpt.quote == "2\t中国电气装备集团总部园区建设项目\t产业发展类"


def test_table_problems_reported_with_file_and_line(synthetic):
    got = sorted((i.source, i.line, i.code) for i in synthetic.issues)
    assert got == sorted(
        [
            ("list.txt", 11, "table-row-split"),  # row 2: name over two lines, joined and read
            ("list.txt", 19, "table-row-not-parsed"),  # row 3: category cell missing
            ("list.txt", 20, "table-row-extra-tabs"),  # row 4: an empty cell dropped, read
            ("list.txt", 20, "ordinal-gap"),  # 2 → 4, as row 3 was not read
            ("list.txt", 21, "table-row-not-parsed"),  # first row 5: four cells
            ("list.txt", 23, "table-row-split"),  # row 6: category split over two lines
        ]
    )
    assert all(
        "cells" in i.reason or "joined" in i.reason or "jumps" in i.reason or "dropped" in i.reason
        for i in synthetic.issues
    )


def test_note_ends_the_table(synthetic):
    assert synthetic.records[-1].name == "万荣绿地新建项目"
    assert synthetic.records[-1].category == "基础设施类"
    assert 8 not in {p.ordinal for p in synthetic.records}


def test_duplicate_ordinal_reported():
    text = "重大项目\n\n序号\t项目名称\t项目属性\n1\t甲项目\t产业发展类\n2\t乙项目\t产业发展类\n2\t丙项目\t社会民生类\n3\t丁项目\t社会民生类\n"
    span = span_of(text, "dup.txt")[0]
    ex = projects.extract(span)
    assert [p.ordinal for p in ex.records] == [1, 2, 2, 3]
    assert [(i.line, i.code) for i in ex.issues] == [(6, "duplicate-ordinal")]


def test_place_column_adds_places():
    text = "序号\t项目名称\t所在街镇\t项目属性\n1\t北站街道某地块项目\t江宁路街道、共和新路街道\t产业发展类\n"
    ex = projects.extract(span_of(text, "cols.txt")[0])
    assert ex.records[0].places == ("北站街道", "江宁路街道", "共和新路街道")
    assert ex.records[0].category == "产业发展类"


def test_other_tables_are_not_project_tables():
    text = "指标\n\n序号\t指标名称\t单位\t属性\n1\t地区生产总值\t亿元\t预期性\n"
    assert not projects.detect(span_of(text)[0])


def test_empty_trailing_cells_are_kept_or_trimmed_silently():
    text = (
        "序号\t项目名称\t项目属性\t备注\n"
        "1\t甲项目\t产业发展类\t\n"  # empty 备注 written with its TAB
        "2\t乙项目\t社会民生类\n"  # empty 备注 without its TAB
        "3\t丙项目\t基础设施类\t续建\t\n"
    )  # a stray TAB after the last cell
    ex = projects.extract(span_of(text, "notes.txt")[0])
    assert [(p.ordinal, p.name, p.category) for p in ex.records] == [
        (1, "甲项目", "产业发展类"),
        (2, "乙项目", "社会民生类"),
        (3, "丙项目", "基础设施类"),
    ]
    assert ex.issues == ()
