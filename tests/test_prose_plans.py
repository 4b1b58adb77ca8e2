"""Targets stated in one year's plan (a key-work arrangement): every sentence of the plan sets a target
of its year unless it names another period (kinds/indicators/prose.py, ingest/heads.py plan_year)."""

from __future__ import annotations

import pytest

from jingan_kg.ingest.documents import split_documents
from jingan_kg.ingest.heads import plan_year
from jingan_kg.ingest.sources import read_sources
from jingan_kg.kinds import indicators

from .conftest import ROOT, span_of

REAL = ROOT / "tests" / "fixtures" / "real"

# Read by a person, line by line: (line, indicator, value as written). Every one a target of the plan's year.
EXPECTED = {
    "jingan-2023-key-work-arrangement.txt": (
        "2023",
        [
            (8, "地区生产总值增长率", "增长5%左右"),  # 地区生产总值增长5%左右
            (8, "区级一般公共预算收入增长率", "增长3%"),  # 实现全年区级一般公共预算收入同比增长3%
            (8, "社会消费品零售总额", "1600亿元"),
            (8, "全社会固定资产投资额增长率", "增长6%"),
            (9, "新增注册企业", "10000家"),
            (9, "引进税收千万级以上项目", "120个"),
            (9, "引进持牌类金融机构", "20家"),
            (9, "引进人力资源机构", "40家"),  # 引进持牌类金融机构20家、人力资源机构40家、…
            (9, "引进大数据企业", "100家"),
            (9, "引进影视电竞企业", "16家"),
            (9, "引进产业细分领域隐形冠军企业", "20家左右"),
            (10, "新增跨国公司地区总部及其他类型总部", "20家"),
        ],
    ),
    "jingan-2024-key-work-arrangement.txt": (
        "2024",
        [
            (8, "地区生产总值增长率", "增长5%"),
            (8, "区级一般公共预算收入增长率", "增长5%"),
            (8, "社会消费品零售总额", "1700亿元"),
            (8, "全社会固定资产投资额增长率", "增长10%"),
            (9, "引进符合产业导向的优质项目", "120个"),
            (9, "引进符合产业导向的一般项目", "500个"),  # …优质项目120个,符合产业导向的一般项目500个
            (9, "引进重点金融企业", "20家"),
            (9, "引进人力资源机构", "40家"),
            (9, "引进大数据企业", "100家"),
            (9, "引进影视电竞企业", "16家"),
            (9, "新增专精特新企业", "20家"),
            (9, "新增产业细分领域隐形冠军企业", "22家"),
            (9, "亿元楼数量", "92幢"),  # 全年亿元楼数量达到92幢
            (11, "引进各类首店", "170家以上"),
            (11, "举办各类商业及促消费活动", "200场以上"),
        ],
    ),
}


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    for name in EXPECTED:
        (folder / name).write_bytes((REAL / name).read_bytes())
    return {s.path: s for s in read_sources(folder)}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_target_of_a_real_plan_is_read_right(real, name):
    period, expected = EXPECTED[name]
    values = [
        v for span in split_documents(real[name]) if indicators.detect(span) for v in indicators.extract(span).records
    ]
    got = sorted((v.excerpt.line_start, v.indicator, v.value) for v in values)
    assert got == sorted(expected)
    assert {(v.role, v.period) for v in values} == {("target", period)}
    assert all(v.excerpt.quote in real[name].line(v.excerpt.line_start).text for v in values)


def test_only_a_plan_of_one_year_has_a_plan_year():
    assert plan_year("2024年区政府重点工作安排") == 2024
    assert plan_year("2021年区政府重点工作目标安排") == 2021
    assert plan_year("关于静安区2022年国民经济和社会发展规划执行情况与2023年国民经济和社会发展计划草案的报告") is None
    assert plan_year("2023年上海市静安区政府工作报告") is None


PLAN = "2031年区政府重点工作安排\n（2031年3月1日）\n\n一、发展\n1.稳定增长。全年实现地区生产总值同比增长5%。\n"


def _values(text):
    return [(v.indicator, v.role, v.period, v.value) for s in span_of(text) for v in indicators.extract(s).records]


def test_a_plan_sets_targets_of_its_year_and_a_named_period_wins():
    assert _values(PLAN) == [("地区生产总值增长率", "target", "2031", "增长5%")]
    later = PLAN.replace("全年实现", "到2035年实现")
    assert _values(later) == [("地区生产总值增长率", "target", "2035", "增长5%")]


def test_a_report_that_is_no_plan_of_one_year_sets_no_target_without_a_horizon():
    report = PLAN.replace("2031年区政府重点工作安排", "2031年某区国民经济和社会发展计划执行情况")
    assert _values(report) == []


def test_the_verb_of_a_list_reaches_its_later_items_but_not_past_a_verb_of_their_own():
    text = PLAN.replace("全年实现地区生产总值同比增长5%。", "引进金融机构20家、人力资源机构40家,实现孵化企业400家。")
    assert [(n, v) for n, _, _, v in _values(text)] == [
        ("引进金融机构", "20家"),
        ("引进人力资源机构", "40家"),
        ("孵化企业", "400家"),
    ]


@pytest.mark.parametrize(
    ("value", "indicator", "expected"),
    [
        ("下降2.86%", "单位增加值能耗下降率", "2.86"),  # a decline of 2.86%: as counted
        ("增长5%", "单位增加值能耗下降率", "-5"),  # energy intensity rose: the decline was -5%, never +5
        ("下降2%", "地区生产总值增长率", "-2"),
        ("负增长2%", "社会消费品零售总额增长率", "-2"),
        ("增长5%左右", "地区生产总值增长率", "5"),
        ("-3%", "地区生产总值增长率", "-3"),
        ("1600亿元", "社会消费品零售总额", "1600"),
        ("与全市保持同步", "地区生产总值增长率", None),
    ],
)
def test_the_sign_of_a_value_follows_its_words_and_what_the_indicator_counts(value, indicator, expected):
    from jingan_kg.kinds.indicators.values import signed

    assert signed(value, indicator) == expected


def test_a_rise_on_a_decline_rate_is_a_miss_in_the_table_and_its_gap():
    table = (
        "2031年某区计划执行情况\n（2032年1月10日）\n\n表1 2031年主要指标完成情况\n\n"
        "指标名称\t2031年目标\t2031年完成情况\n单位增加值能耗下降率\t下降2.86%\t增长5%\n"
    )
    values = [v for s in span_of(table) for v in indicators.extract(s).records]
    assert [(v.role, v.value, v.numeric) for v in values] == [
        ("target", "下降2.86%", "2.86"),
        ("outcome", "增长5%", "-5"),
    ]
