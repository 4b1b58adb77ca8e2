"""The functional-areas extractor on the real sources (against tests/expected/areas.yaml) and on synthetic texts."""

import pytest
import yaml

from jingan_kg.ingest.documents import split_documents
from jingan_kg.kinds import areas
from jingan_kg.kinds.areas import StreetPart

from .conftest import GAZETTE, ROOT, span_of

EXPECTED = yaml.safe_load((ROOT / "tests" / "expected" / "areas.yaml").read_text(encoding="utf-8"))["areas"]
PRESS = "press-2024-jingan-development-plan-feature.txt"


@pytest.fixture(scope="module")
def real(real_sources):
    """{(source, label): (record, span)} over every span the extractor accepts, and all issues."""
    records, issues = {}, []
    for path, src in real_sources.items():
        for span in split_documents(src):
            if areas.detect(span):
                ex = areas.extract(span)
                issues += ex.issues
                for a in ex.records:
                    assert (path, a.label) not in records, (path, a.label)
                    records[(path, a.label)] = (a, span)
    return records, issues


def test_every_expected_area_and_no_other(real):
    assert sorted(real[0]) == sorted((e["source"], e["label"]) for e in EXPECTED)


@pytest.mark.parametrize("expected", EXPECTED, ids=[f"{e['source'][:8]}-{e['label']}" for e in EXPECTED])
def test_area_matches_the_text(real, expected):
    got, span = real[0][(expected["source"], expected["label"])]
    assert got.document == span.document_key
    assert got.plan == expected["plan"]
    assert list(got.aliases) == expected["aliases"]
    assert [[s.street, s.boundary] for s in got.streets] == expected["streets"]
    assert (got.excerpt.source, got.excerpt.line_start, got.excerpt.line_end) == (
        expected["source"],
        expected["line_start"],
        expected["line_end"],
    )
    if "extent_start" in expected:
        assert got.extent.startswith(expected["extent_start"]) and got.extent.endswith(expected["extent_end"])
        assert "内辖" not in got.extent
    else:
        assert got.extent is None
    assert got.focus.startswith(expected["focus_start"]) and got.focus.endswith(expected["focus_end"])
    fx = got.focus_excerpt
    assert (fx.source, fx.line_start, fx.line_end) == (
        expected["source"],
        expected["focus_line"],
        expected["focus_line"],
    )


def test_split_streets_are_in_both_areas(real):
    records = {label: a for (path, label), (a, _) in real[0].items() if path == GAZETTE}
    daning, shibei = records["大宁“三生”融合创新区"], records["市北国际科创区"]
    for street in ("大宁路街道", "彭浦镇"):
        assert StreetPart(street=street, boundary="汶水路以南") in daning.streets
        assert StreetPart(street=street, boundary="汶水路以北") in shibei.streets


def test_block_excerpt_quotes_label_and_extent(real):
    a, _ = real[0][(GAZETTE, "市北国际科创区")]
    assert a.excerpt.quote.startswith("市北国际科创区区域范围：南至汶水路")
    assert a.excerpt.quote.endswith("彭浦新村街道、临汾路街道。")
    assert a.focus_excerpt.quote.startswith("市北功能片区抢抓科创回归都市机遇")


def test_only_the_press_feature_lacks_a_plan_name(real):
    assert sorted((i.source, i.line, i.code) for i in real[1]) == [
        (PRESS, 19, "area-plan-not-named"),
        (PRESS, 19, "area-plan-not-named"),
        (PRESS, 21, "area-plan-not-named"),
        (PRESS, 21, "area-plan-not-named"),
    ]


def test_press_caption_is_not_the_source(real):
    a, _ = real[0][(PRESS, "苏河湾功能区")]
    assert a.excerpt.line_start == 19 and "供图" not in a.excerpt.quote


def test_no_noise_leaks(real):
    for a, _ in real[0].values():
        for text in (a.label, a.extent or "", a.focus or "", a.excerpt.quote, *(s.street for s in a.streets)):
            assert "公报" not in text and "第1期" not in text and "**" not in text, (a.label, text)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of a synthetic text holding a fragment."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if fragment in line)


BLOCKS = """上海市静安区人民政府关于印发空间规划的通知

（2030年3月1日）

围绕“一核两翼四片区”空间布局，推进南北均衡发展。

东湖功能片区坚持创新驱动，打造科创高地。围绕科创，做强平台。

西岸片区着力发展文旅产业，建设滨水休闲带。

“一核两翼四片区” 空间布局

东湖科创区

区域范围：北至甲路，南至乙路，内辖北站街道、临汾路街道（中山北路以北）、
上海市静安区人民政府公报
（2030年第2期）
彭浦镇。

西岸文旅区

区域范围：北至中山北路，南至丙路，内辖临汾路街道（中山北路以南）、天目西路街道、某某园区。

北城商务区区域范围：东至丁路，西至戊路，内辖宝山路街道（丁路以东）。
"""


@pytest.fixture(scope="module")
def blocks():
    span = next(s for s in span_of(BLOCKS, "plan.txt") if s.document)
    assert areas.detect(span)
    return span, areas.extract(span)


def test_synthetic_blocks_read(blocks):
    span, ex = blocks
    assert [(a.label, a.plan) for a in ex.records] == [
        ("东湖科创区", "一核两翼四片区"),
        ("西岸文旅区", "一核两翼四片区"),
        ("北城商务区", "一核两翼四片区"),
    ]
    east, west, north = ex.records
    assert east.streets == (
        StreetPart(street="北站街道"),
        StreetPart(street="临汾路街道", boundary="中山北路以北"),
        StreetPart(street="彭浦镇"),
    )
    assert west.streets == (StreetPart(street="临汾路街道", boundary="中山北路以南"), StreetPart(street="天目西路街道"))
    assert north.streets == (StreetPart(street="宝山路街道", boundary="丁路以东"),)
    assert east.extent == "北至甲路,南至乙路"
    assert {a.document for a in ex.records} == {span.document_key}


def test_synthetic_block_over_a_page_break_cites_all_its_lines(blocks):
    east = blocks[1].records[0]
    assert (east.excerpt.source, east.excerpt.line_start, east.excerpt.line_end) == (
        "plan.txt",
        line_of(BLOCKS, "东湖科创区"),
        line_of(BLOCKS, "彭浦镇。"),
    )
    assert "公报" not in east.excerpt.quote and east.excerpt.quote.endswith("彭浦镇。")


def test_synthetic_focus_from_the_paragraph_about_the_area(blocks):
    east, west, north = blocks[1].records
    assert (east.focus, east.aliases) == ("东湖功能片区坚持创新驱动,打造科创高地。", ("东湖功能片区",))
    assert east.focus_excerpt.line_start == line_of(BLOCKS, "东湖功能片区")
    assert (west.focus, west.aliases) == ("西岸片区着力发展文旅产业,建设滨水休闲带。", ("西岸片区",))
    assert north.focus is None and north.focus_excerpt is None


def test_synthetic_block_problems_reported(blocks):
    got = sorted((i.source, i.line, i.code) for i in blocks[1].issues)
    assert got == sorted(
        [
            ("plan.txt", line_of(BLOCKS, "某某园区"), "area-street-not-recognised"),
            ("plan.txt", line_of(BLOCKS, "北城商务区"), "split-street-unmatched"),  # 宝山路街道 only 丁路以东
            ("plan.txt", line_of(BLOCKS, "北城商务区"), "area-focus-not-found"),
        ]
    )


STATEMENTS = """静安区功能区建设综述

四大功能区着力协同发展，各功能区着力优化营商环境，重点功能区聚焦招商。

西岸功能区着力发展夜经济。(记者 摄)

东湖功能区着力打造科创高地。围绕科创，做强平台。西岸功能区建设加快推进，去年新增企业10家。

北翼北城功能区进一步加强商务功能，南翼南湾功能区以发展文旅为主攻方向。

东湖功能区聚焦人工智能。
"""


def test_focus_statements_read_one_per_area():
    span = span_of(STATEMENTS, "news.txt")[0]
    assert areas.detect(span)
    ex = areas.extract(span)
    assert [(a.label, a.focus, a.excerpt.line_start) for a in ex.records] == [
        ("东湖功能区", "东湖功能区着力打造科创高地。", line_of(STATEMENTS, "东湖功能区着力")),
        ("北城功能区", "北城功能区进一步加强商务功能", line_of(STATEMENTS, "北翼")),
        ("南湾功能区", "南湾功能区以发展文旅为主攻方向。", line_of(STATEMENTS, "北翼")),
    ]
    assert all(a.plan == "" and a.streets == () and a.focus_excerpt == a.excerpt for a in ex.records)
    assert [i.code for i in ex.issues] == ["area-plan-not-named"] * 3


def test_focus_statements_take_the_plan_named_above():
    text = "（四）深入推进“一轴三带”发展战略\n\n东湖功能区做强文创产业，聚焦影视。\n"
    ex = areas.extract(span_of(text, "report.txt")[0])
    assert [(a.label, a.plan) for a in ex.records] == [("东湖功能区", "一轴三带")]
    assert ex.issues == ()


def test_accounts_of_what_was_done_are_not_focus():
    text = "（三）推进“一轴三带”发展战略\n\n东湖功能区坚持打响品牌，聚焦云数智链，新引进企业10家。\n"
    span = span_of(text)[0]
    assert not areas.detect(span)
    assert areas.extract(span).records == ()


@pytest.mark.parametrize(
    "listing, streets, rejected",
    [
        (
            "共和新路街道、大宁路街道（汶水路以南）、彭浦镇（汶水路以南）",
            [("共和新路街道", None), ("大宁路街道", "汶水路以南"), ("彭浦镇", "汶水路以南")],
            [],
        ),
        ("彭浦新村街道和临汾路街道等", [("彭浦新村街道", None), ("临汾路街道", None)], []),
        ("江宁路街道，市北高新园区", [("江宁路街道", None)], ["市北高新园区"]),
        ("彭浦镇（汶水路以北、共和新路以东）", [("彭浦镇", "汶水路以北、共和新路以东")], []),
    ],
)
def test_street_lists(listing, streets, rejected):
    parts, bad = areas.streets_of(listing)
    assert [(p.street, p.boundary) for p in parts] == streets
    assert bad == rejected
