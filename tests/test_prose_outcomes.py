"""Targets and outcomes from prose under the sections that review or plan a period, several facts
per sentence, preliminary marks and directions (kinds/indicators/prose.py, sections.py), and the
scored readings of the given sources and of unseen real documents (tests/expected/prose-*.yaml,
acceptance-*.yaml, scored by tests/prose_score.py)."""

from __future__ import annotations

import shutil

import pytest

from jingan_kg.kinds.indicators import direction
from jingan_kg.kinds.indicators.prose import prose_values
from jingan_kg.kinds.indicators.sections import Section, sections

from .conftest import ROOT, span_of
from .prose_score import graph_values, load_reading, score

EXPECTED = ROOT / "tests" / "expected"

REPORT = """\
2026年政府工作报告

一、2025年工作回顾

（一）坚持稳中求进，不断提高经济发展质效

全年实现地区生产总值3535.16亿元，同比增长5.0%。预计实现社会消费品零售总额1500亿元左右。总部经济实现税收总收入148.82亿元，占全区总税收收入的17.1%。开单量和销售额分别同比增长136%、59%。

（二）坚定不移推进“六增计划”，区域经济基础进一步夯实

全年新增跨国公司地区总部12家。首店突破千家。

二、2025年存在的不足

受外部环境影响，有3个项目延期。

三、2026年主要任务

新增各类首店170家以上，实施10个方面45项为民办实事项目。
"""


def _facts(text: str):
    spans = [s for s in span_of(text) if s.document is not None] or span_of(text)
    values, issues = [], []
    for span in spans:
        v, i = prose_values(span)
        values += v
        issues += i
    return values, issues


def _by(values):
    return {(v.excerpt.line_start, v.indicator, v.role, v.period, v.value): v for v in values}


def test_sections_give_role_and_period():
    (span,) = [s for s in span_of(REPORT) if s.document is not None] or span_of(REPORT)
    context = sections(span)
    assert context[7] == Section("outcome", "2025")  # under 一、2025年工作回顾
    assert context[11] == Section("outcome", "2025")  # （二）…“六增计划” is still the review, not a plan
    assert 15 not in context  # 二、2025年存在的不足: neither review nor plan
    assert context[19] == Section("target", "2026")  # 三、2026年主要任务


def test_review_outcomes_several_per_sentence():
    values, issues = _facts(REPORT)
    got = _by(values)
    assert (7, "地区生产总值", "outcome", "2025", "3535.16亿元") in got
    assert got[(7, "地区生产总值增长率", "outcome", "2025", "增长5.0%")].numeric == "5.0"  # "同比增长5.0%"
    assert (7, "总部经济税收总收入", "outcome", "2025", "148.82亿元") in got
    assert (7, "总部经济税收总收入占全区总税收收入比重", "outcome", "2025", "17.1%") in got
    assert (7, "开单量增长率", "outcome", "2025", "增长136%") in got  # 分别 … 136%、59%
    assert (7, "销售额增长率", "outcome", "2025", "增长59%") in got
    assert (11, "新增跨国公司地区总部", "outcome", "2025", "12家") in got
    assert not any(v.excerpt.line_start == 15 for v in values)  # not read, and not a target
    assert not any(i.line == 15 for i in issues)


def test_preliminary_only_for_estimates_in_a_review():
    got = _by(_facts(REPORT)[0])
    estimate = got[(7, "社会消费品零售总额", "outcome", "2025", "1500亿元左右")]
    assert estimate.preliminary is True
    assert got[(7, "地区生产总值", "outcome", "2025", "3535.16亿元")].preliminary is False


def test_chinese_numerals_and_groupings():
    values, issues = _facts(REPORT)
    got = _by(values)
    first = got[(11, "首店", "outcome", "2025", "突破千家")]
    assert first.numeric == "1000" and first.unit == "家"
    assert got[(19, "实施为民办实事项目", "target", "2026", "45项")].numeric == "45"  # 10个方面 groups them
    assert not any(v.value.startswith("10个") for v in values)
    text = "2026年重点工作安排\n\n到2030年，新增绿地一百万平方米，每万人口高价值发明专利拥有量达到50件以上。\n"
    got = _by(_facts(text)[0])
    assert got[(3, "新增绿地", "target", "2030", "一百万平方米")].numeric == "100"
    assert got[(3, "每万人口高价值发明专利拥有量", "target", "2030", "50件以上")].unit == "件"


def test_plan_section_without_horizon_gives_targets_of_its_year():
    got = _by(_facts(REPORT)[0])
    assert got[(19, "新增各类首店", "target", "2026", "170家以上")].numeric == "170"


def test_past_plan_and_cumulative_horizons():
    text = (
        "关于“十五五”规划纲要的说明\n\n2026年1月5日\n\n"
        "“十四五”时期是静安发展的五年。这五年，综合实力跃上新台阶。地区生产总值、区级一般公共预算收入分别迈上3000亿元、300亿元关口。"
        "“十四五”以来累计新增跨国公司地区总部87家。\n"
    )
    got = _by(_facts(text)[0])
    line = 5
    assert (line, "地区生产总值", "outcome", "2021-2025", "3000亿元") in got
    assert (line, "区级一般公共预算收入", "outcome", "2021-2025", "300亿元") in got
    assert (line, "新增跨国公司地区总部", "outcome", "2021-2025", "87家") in got


def test_a_number_in_a_review_that_cannot_be_tied_is_reported():
    values, issues = _facts(REPORT)
    assert not any("延期" in v.indicator for v in values)
    text = "2026年政府工作报告\n\n一、2025年工作回顾\n\n完成国企改革任务，启动3幅和7个。\n"
    _, issues = _facts(text)
    assert {(i.line, i.code) for i in issues} == {(5, "prose-outcome-untied")}


@pytest.mark.parametrize(
    ("label", "targets", "expected"),
    [
        ("城镇登记失业人数", ["完成市下达目标(9600人以内)"], "Ceiling"),
        ("城镇调查失业率", ["5%左右"], "LowerIsBetter"),
        ("单位增加值能耗下降率", ["下降2.86%"], "HigherIsBetter"),  # the fall is stored positive
        ("外贸进出口总额", ["800亿元以上"], "Floor"),
        ("社会消费品零售总额", ["1750亿元"], "HigherIsBetter"),
    ],
)
def test_direction(label, targets, expected):
    assert direction(label, targets) == expected


def test_graph_has_directions_and_preliminary_marks(store):
    rows = store.select(
        """SELECT ?label ?d WHERE { ?i a jkg:Indicator ; skos:prefLabel ?label ; jkg:direction ?d FILTER(lang(?label) = "zh") }"""
    )
    directions = {r["label"]: r["d"].rsplit("#", 1)[1] for r in rows}
    assert directions["城镇登记失业人数"] == "Ceiling"
    assert directions["社会消费品零售总额"] == "HigherIsBetter"
    assert len(directions) == len(store.select("SELECT ?i WHERE { ?i a jkg:Indicator }"))
    starred = store.select(
        """SELECT ?value ?period WHERE { ?v jkg:preliminary true ; jkg:value ?value ; jkg:period ?period ;
             jkg:indicator/skos:prefLabel "外贸进出口总额"@zh }"""
    )
    assert [(r["value"], r["period"]) for r in starred] == [("520亿元", "2022")]  # 外贸进出口总额* (note line 31)


def test_an_amount_under_a_name_curated_as_a_rate_stays_an_amount(store):
    rows = store.select(
        """SELECT ?label WHERE { ?v a jkg:Outcome ; jkg:value "524.85亿元" ; jkg:indicator/skos:prefLabel ?label FILTER(lang(?label) = "zh") }"""
    )
    assert {r["label"] for r in rows} == {"全社会固定资产投资总额"}


# --- scored readings -----------------------------------------------------------------------

GIVEN = sorted(EXPECTED.glob("prose-*.yaml"))
ACCEPTANCE = sorted(EXPECTED.glob("acceptance-*.yaml"))


def test_given_sources_prose_readings(store):
    """A person's reading of all the given sources' prose (836 facts in 10 readings): at least 90% in
    the graph right (measured 774, 93%), each reading's precision at least 0.9, none with a wrong
    sign, role or year."""
    values = graph_values(store)
    scores = [score(load_reading(p), values) for p in GIVEN]
    facts = sum(s.facts for s in scores)
    right = sum(len(s.right) for s in scores)
    assert facts >= 830
    assert right / facts >= 0.9, [(p.name, s.recall) for p, s in zip(GIVEN, scores, strict=True)]
    assert all(s.precision >= 0.9 for s in scores), [(p.name, s.precision) for p, s in zip(GIVEN, scores, strict=True)]
    assert not any(s.wrong for s in scores)


@pytest.fixture(scope="module")
def acceptance_store(tmp_path_factory):
    from jingan_kg.pipeline.build import BuildConfig, build
    from jingan_kg.store.opening import open_graph

    root = tmp_path_factory.mktemp("acceptance")
    sources, out = root / "sources", root / "out"
    sources.mkdir()
    for f in (ROOT / "tests" / "fixtures" / "acceptance").glob("*.txt"):
        shutil.copy(f, sources / f.name)
    build(BuildConfig(sources=sources, out=out))
    return open_graph(out).store


def test_unseen_real_documents(acceptance_store):
    """Five real documents not used in development, no manifest entry: at least 90% of the facts a
    person reads in them are in the graph right, none with the wrong sign, role or year."""
    values = graph_values(acceptance_store)
    scores = [score(load_reading(p), values) for p in ACCEPTANCE]
    facts = sum(s.facts for s in scores)
    right = sum(len(s.right) for s in scores)
    assert len(scores) == 5 and facts >= 45
    assert right / facts >= 0.9, [(p.name, s.recall) for p, s in zip(ACCEPTANCE, scores, strict=True)]
    assert not any(s.wrong for s in scores)


def test_a_dev_work_report_reviews_its_past_year():
    """The 2023 work report (tests/fixtures/real/, a forum copy indented by 4 spaces): under
    一、2022年工作回顾, line 52 states 2022's outcomes; 预计 marks the retail figure an estimate,
    and "还原留抵退税因素后,实际同比增长4.38%" is a second growth figure of the same revenue."""
    from jingan_kg.ingest.documents import split_documents
    from jingan_kg.ingest.sources import read_sources

    real = ROOT / "tests" / "fixtures" / "real"
    (src,) = [s for s in read_sources(real) if s.path.endswith("jingan-2023-gov-work-report.txt")]
    values = [v for span in split_documents(src) for v in prose_values(span)[0]]
    got = [(v.excerpt.line_start, v.indicator, v.role, v.period, v.value, v.numeric, v.preliminary) for v in values]
    assert got == [
        (52, "区级一般公共预算收入", "outcome", "2022", "279.42亿元", "279.42", False),
        (52, "区级一般公共预算收入增长率", "outcome", "2022", "增长0.34%", "0.34", False),
        (52, "区级一般公共预算收入增长率", "outcome", "2022", "增长4.38%", "4.38", False),
        (52, "社会消费品零售总额", "outcome", "2022", "1500亿元左右", "1500", True),
    ]


def test_a_work_report_without_a_date_line_takes_its_year_from_the_title():
    text = "2024年上海市静安区政府工作报告\n\n各位代表：\n\n今年，全区将新增跨国公司地区总部20家。\n"
    values, issues = _facts(text)
    assert [(v.indicator, v.role, v.period, v.value) for v in values] == [
        ("新增跨国公司地区总部", "target", "2024", "20家")
    ]
    assert not issues


def test_a_document_with_no_year_at_all_says_so_for_its_relative_years():
    text = "上海市静安区政府工作报告\n\n各位代表：\n\n今年，全区将新增跨国公司地区总部20家。\n"
    values, issues = _facts(text)
    assert not values
    assert [(i.line, i.code) for i in issues] == [(5, "prose-year-unknown")]
    assert "'今年' has no year" in issues[0].reason


def test_a_range_written_with_two_units_is_two_numbers_reported_not_guessed():
    text = "2026年重点工作安排\n\n到2030年，全社会研发经费支出占比达到5%—6%，新增绿地5—6万平方米。\n"
    values, issues = _facts(text)
    got = {(v.indicator, v.value, v.numeric) for v in values}
    assert ("新增绿地", "5—6万平方米", None) in got  # a range has no single number
    assert not any(v.value in ("5%", "6%") for v in values)  # 5%—6%: two numbers, neither is the value
    assert [(i.line, i.code) for i in issues] == [(3, "prose-target-untied"), (3, "prose-target-untied")]
