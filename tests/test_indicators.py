"""The indicators extractor against tests/expected/indicators.yaml, and on small synthetic documents."""

import pytest
import yaml

from jingan_kg.curate.curated import load_indicator_names
from jingan_kg.errors import CuratedDataError
from jingan_kg.ingest.documents import split_documents
from jingan_kg.kinds import indicators
from jingan_kg.kinds.indicators import numbers, numeric, value_unit
from jingan_kg.text import key, normalise

from .conftest import ROOT, SOURCES, span_of

EXPECTED = yaml.safe_load((ROOT / "tests" / "expected" / "indicators.yaml").read_text(encoding="utf-8"))
CURATED = ROOT / "data" / "curated" / "indicators.yaml"


@pytest.fixture(scope="module")
def real(real_sources):
    """Per source: (values, issues, tables) of every span the extractor detects."""
    out = {}
    for path, src in real_sources.items():
        values, issues, tables = [], [], []
        for span in split_documents(src):
            if indicators.detect(span):
                ex = indicators.extract(span)
                values += ex.records
                issues += ex.issues
                tables += indicators.read_tables(span)
        out[path] = (values, issues, tables)
    return out


def _table(real, source, header_line):
    return next(t for t in real[source][2] if t.header_line == header_line)


def _rows_of(table):
    return {r.line for r in table.rows}


# --- tables ----------------------------------------------------------------------------

TABLES = EXPECTED["tables"]


@pytest.mark.parametrize("t", TABLES, ids=[f"{t['source'][:12]}:{t['caption_line']}" for t in TABLES])
def test_table_caption_rows_and_value_count(real, t):
    table = _table(real, t["source"], t["header_line"])
    assert (table.caption_line, table.caption) == (t["caption_line"], t["caption"])
    assert len(table.rows) == t["rows"] and not table.broken
    values = [v for v in real[t["source"]][0] if v.excerpt.line_start in _rows_of(table)]
    assert len(values) == t["values"]


SAMPLES = [(t["source"], s) for t in TABLES for s in t["sample"]]


@pytest.mark.parametrize(
    "source, s", SAMPLES, ids=[f"{src[:12]}:{s['line']}:{s['role']}:{s['indicator'][:8]}" for src, s in SAMPLES]
)
def test_table_record_field_by_field(real, source, s):
    found = [
        v
        for v in real[source][0]
        if v.excerpt.line_start == s["line"] and v.role == s["role"] and v.indicator == normalise(s["indicator"])
    ]
    assert len(found) == 1, [v.indicator for v in real[source][0] if v.excerpt.line_start == s["line"]]
    v = found[0]
    assert (v.period, v.value, v.numeric, v.unit) == (s["period"], normalise(s["value"]), s["numeric"], s["unit"])
    assert (v.industry, v.area) == (s.get("industry"), s.get("area"))
    assert (v.excerpt.source, v.excerpt.line_end) == (source, s["line"])
    line = (SOURCES / source).read_text(encoding="utf-8").split("\n")[s["line"] - 1]
    assert v.excerpt.quote == line.strip()


def test_narrative_and_project_tables_give_no_values(real):
    for source, headers in EXPECTED["not_indicator_tables"].items():
        values, _, tables = real[source]
        for header in headers:
            table = next((t for t in tables if t.header_line == header), None)
            rows = _rows_of(table) if table else {header + 1}
            assert not [v for v in values if v.excerpt.line_start in rows], (source, header)


def test_every_value_is_expected(real):
    """Nothing is read outside the expected tables and the prose a person has read (no stray records)."""
    for source, (values, _, _) in real.items():
        allowed = set()
        for t in TABLES:
            if t["source"] == source:
                allowed |= _rows_of(_table(real, source, t["header_line"]))
        allowed |= {p["line"] for p in EXPECTED["prose"].get(source, [])}
        for reading in (ROOT / "tests" / "expected").glob("prose-*.yaml"):  # a person's reading of the prose
            r = yaml.safe_load(reading.read_text(encoding="utf-8"))
            if r["source"] == source:
                allowed |= set(range(r["scope"]["first"], r["scope"]["last"] + 1))
        assert {v.excerpt.line_start for v in values} <= allowed, source


def test_fifteenth_plan_indicators(real):
    table = _table(real, "gazette-2026-01.txt", 1056)
    got = [v for v in real["gazette-2026-01.txt"][0] if v.excerpt.line_start in _rows_of(table)]
    want = EXPECTED["fifteenth_plan"]
    assert len(got) == len(want) == 21
    for v, w in zip(got, want):
        want_row = (w["line"], normalise(w["name"]), normalise(w["target"]))
        assert (v.excerpt.line_start, v.indicator, v.value) == want_row
        assert (v.indicator_unit, v.indicator_kind, v.role, v.period) == (w["unit"], w["kind"], "target", "2026-2030")


# --- prose -----------------------------------------------------------------------------

PROSE = [(src, p) for src, rows in EXPECTED["prose"].items() for p in rows]


def test_prose_counts(real):
    for source, rows in EXPECTED["prose"].items():
        # these lines may give more facts than the targets listed here (outcomes, counts): the
        # complete reading of the prose is tests/expected/prose-*.yaml (tests/test_prose_outcomes.py)
        prose = [v for v in real[source][0] if v.excerpt.line_start in {p["line"] for p in rows}]
        assert len(prose) >= len(rows), source


@pytest.mark.parametrize("source, p", PROSE, ids=[f"{s[:8]}:{p['line']}:{p['indicator'][:8]}" for s, p in PROSE])
def test_prose_target_field_by_field(real, source, p):
    found = [
        v for v in real[source][0] if v.excerpt.line_start == p["line"] and v.indicator == normalise(p["indicator"])
    ]
    assert len(found) == 1
    v = found[0]
    assert (v.role, v.period, v.value, v.numeric, v.unit) == (
        "target",
        p["period"],
        normalise(p["value"]),
        p["numeric"],
        p["unit"],
    )
    assert v.excerpt.line_end == p.get("line_end", p["line"])
    assert normalise(p["value"]) in normalise(v.excerpt.quote)
    assert v.excerpt.quote.endswith("。") and "\t" not in v.excerpt.quote


def test_issues_on_the_real_sources_are_exactly_the_expected(real):
    """No table issue; the prose numbers left untied (each checked against its line in
    tests/test_graph_facts.py) are the only issues."""
    issues = [i for _, found, _ in real.values() for i in found]
    assert {i.code for i in issues} == {"prose-target-untied", "prose-outcome-untied", "prose-period-unknown"}
    assert not EXPECTED["issues"]  # 421's 10个方面 is a grouping and 45项 is now read: a 2026 target


def test_detected_spans_are_the_ones_with_tables_or_prose_targets(real_sources):
    spans = [s for s in split_documents(real_sources["gazette-2026-01.txt"]) if indicators.detect(s)]
    titles = [s.document.title for s in spans]
    # the 法治政府 report and the budget report review 2025 under headings that say so (outcomes)
    assert [t[:6] for t in titles] == ["中共静安区委", "政府工作报告", "关于静安区2", "关于静安区2", "上海市静安区"]
    assert "法治政府" in titles[0] and "规划执行情况" in titles[2] and "预算" in titles[3]
    assert "第十五个五年规划纲要" in titles[4]


# --- names across documents ------------------------------------------------------------


def _indicator_at(real, source, line):
    return {v.indicator for v in real[source][0] if v.excerpt.line_start == line}


def test_same_indicator_same_name_across_documents(real):
    plan, gazette = "plan-report-2022-execution-2023-draft.txt", "gazette-2026-01.txt"
    for name, places in {
        "社会消费品零售总额": [(plan, 23), (plan, 175), (gazette, 528), (gazette, 642), (gazette, 1061)],
        "外贸进出口总额": [(plan, 25), (plan, 177), (gazette, 530), (gazette, 643)],
        "地区生产总值增长率": [(plan, 21), (plan, 173), (gazette, 526), (gazette, 639), (gazette, 421)],
        "商贸服务业税收总收入": [(plan, 63), (gazette, 554)],
        "产业合计税收总收入": [(plan, 69), (gazette, 560)],
        "高新技术企业数": [(gazette, 646), (gazette, 1065)],
        "新增发明专利授权数": [(plan, 26), ("jingfuyi-2024-2-14th-fyp-midterm-review-followup.txt", 29)],
    }.items():
        for source, line in places:
            assert name in _indicator_at(real, source, line), (name, source, line)


CURATED_ROWS = yaml.safe_load(CURATED.read_text(encoding="utf-8"))["indicators"]


@pytest.mark.parametrize("row", CURATED_ROWS, ids=[r["label"] for r in CURATED_ROWS])
def test_curated_synonym_forms_are_cited_and_read_there(real, row):
    assert key(row["label"]) in {key(f["name"]) for f in row["forms"]}, "the label is one of the cited forms"
    assert len({key(f["name"]) for f in row["forms"]}) > 1, "a row with one name is no synonym"
    for f in row["forms"]:
        line = (SOURCES / f["file"]).read_text(encoding="utf-8").split("\n")[f["line"] - 1]
        # written as is, or put together by the prose rules from words on the line (完成86.6万平方米
        # 旧住房修缮改造 → 完成旧住房修缮改造; 加装电梯开工80台、完工222台 → 加装电梯完工)
        written = key(f["name"]) in key(line) or set(key(f["name"])) <= set(key(line))
        assert written, f"{f['file']}:{f['line']} does not write {f['name']!r}"
        assert normalise(f["name"]) in _indicator_at(real, f["file"], f["line"]), f


def test_synonyms_resolve_one_quantity_to_one_indicator(real):
    syn = load_indicator_names(CURATED)
    labels = {
        syn.get(key(v.indicator), v.indicator) for src in real for v in real[src][0] if "高新技术企业" in v.indicator
    }
    assert labels - {"新增高新技术企业"} == {"高新技术企业数"}  # 新增… counts the year's additions: another quantity


def test_synonym_form_with_two_owners_is_refused(tmp_path):
    bad = tmp_path / "i.yaml"
    bad.write_text(
        yaml.safe_dump(
            {
                "indicators": [
                    {
                        "label": "甲",
                        "forms": [{"name": "甲", "file": "f", "line": 1}, {"name": "乙", "file": "f", "line": 2}],
                    },
                    {"label": "丙", "forms": [{"name": "乙", "file": "f", "line": 2}]},
                ]
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    with pytest.raises(CuratedDataError, match="both"):
        load_indicator_names(bad)


# --- values ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, number, unit",
    [
        ("1750亿元", "1750", "亿元"),
        ("5%左右", "5", "%"),
        ("增长8%以上", "8", "%"),
        ("与全市保持同步", None, None),
        ("2-3%", None, "%"),
        ("80-100 (五年累计)", None, None),
        ("-1.9%(前三季度)", "-1.9", "%"),
        ("1,250.3亿元", "1250.3", "亿元"),
        ("完成市下达目标 (9600人以内)", "9600", "人"),
        ("8亿美元", "8", "亿美元"),
        ("0.006 (五年年均)", "0.006", None),
        ("300万平方米 (开工100万、竣工200万)", None, "万平方米"),
    ],
)
def test_numeric_and_unit_of_a_value(value, number, unit):
    assert (numeric(value), value_unit(value)) == (number, unit)


def test_numbers_tell_a_sign_from_a_range():
    assert numbers("80-100") == ["80", "100"] and numbers("-1.9%") == ["-1.9"] and numbers("2 - 3%") == ["2", "3"]


# --- synthetic documents ---------------------------------------------------------------

OTHER_YEAR = """关于静安区2030年国民经济和社会发展规划执行情况与2031年国民经济和社会发展计划草案的报告

（2031年1月10日）

静安区发展和改革委员会

一、2030年国民经济和社会发展规划执行情况

2030年是“十五五”规划收官之年。

表1 2030年国民经济和社会发展主要指标完成情况

指标名称	预期目标	完成情况
地区生产总值增长率	5%左右	5.2%
社会消费品零售总额¹	2000 亿元	2010.5 亿元

上海市静安区人民政府公报

（2031年第1期）

指标名称	预期目标	完成情况
外贸进出口总额*	1,200亿元	1,250.3亿元
新增发明专利授权数	900件
高新技术企业数		700家	720家
既有多层住宅加装电梯	100台	120台
（开工）
旧住房综合改造面积	120万平方米	121万平方米

重点产业发展良好。

表2 重点产业税收完成情况

产业名称	税收总收入(亿元)	占全区总税收比重(%)
时尚消费业	300.5	30.1
合计	300.5	30.1

二、2031年国民经济和社会发展主要预期目标

表3 2031年国民经济和社会发展主要预期目标

指标名称	预期目标
地区生产总值增长率	5%左右
社会消费品零售总额	2100亿元

三、2031年主要任务

到2035年，全区高新技术企业超过1000家，为全区500户家庭实施改造。今年，全区将新增跨国公司地区总部20家。去年，全区新增跨国公司地区总部18家。
"""


@pytest.fixture(scope="module")
def other_year():
    span = next(s for s in span_of(OTHER_YEAR, "plan-2031.txt") if s.document)
    assert indicators.detect(span)
    return indicators.extract(span)


def _by(ex, line, role=None):
    return [v for v in ex.records if v.excerpt.line_start == line and (role is None or v.role == role)]


def test_other_year_report_read_without_code_changes(other_year):
    table1 = [v for v in other_year.records if v.excerpt.line_start <= 27]
    assert {(v.role, v.period) for v in table1} == {("target", "2030"), ("outcome", "2030")}
    gdp = _by(other_year, 14)
    assert [(v.role, v.value, v.numeric) for v in gdp] == [("target", "5%左右", "5"), ("outcome", "5.2%", "5.2")]
    targets = _by(other_year, 43)
    assert [(v.indicator, v.role, v.period, v.value, v.numeric, v.unit) for v in targets] == [
        ("社会消费品零售总额", "target", "2031", "2100亿元", "2100", "亿元")
    ]


def test_split_table_rows_on_both_sides_read_once_header_not_data(other_year):
    lines = sorted({v.excerpt.line_start for v in other_year.records if v.excerpt.line_start <= 27})
    assert lines == [14, 15, 22, 27]  # 20 (the repeated header) is not data; 23-26 are malformed
    assert not [v for v in other_year.records if "指标名称" in v.indicator or "预期目标" in v.value]
    assert len(_by(other_year, 22)) == 2 and len(_by(other_year, 27)) == 2


def test_malformed_rows_are_issues_and_the_rest_is_read(other_year):
    got = [(i.line, i.code) for i in other_year.issues if i.code == "table-row-not-parsed"]
    assert got == [
        (23, "table-row-not-parsed"),
        (24, "table-row-not-parsed"),  # missing cell, extra tab
        (25, "table-row-not-parsed"),
        (26, "table-row-not-parsed"),
    ]  # a row split over two lines
    assert all(i.source == "plan-2031.txt" for i in other_year.issues)
    assert [v.indicator for v in _by(other_year, 27, "target")] == ["旧住房综合改造面积"]


def test_marks_stripped_and_half_width_punctuation_read(other_year):
    assert [v.indicator for v in _by(other_year, 15, "target")] == ["社会消费品零售总额"]  # ¹ dropped
    trade = _by(other_year, 22, "outcome")[0]
    assert (trade.indicator, trade.value, trade.numeric, trade.unit) == (
        "外贸进出口总额",
        "1,250.3亿元",
        "1250.3",
        "亿元",
    )
    assert trade.excerpt.quote == "外贸进出口总额*\t1,200亿元\t1,250.3亿元"  # the row as written
    tax = _by(other_year, 34)
    assert [(v.indicator, v.industry, v.period, v.role, v.unit) for v in tax] == [
        ("时尚消费业税收总收入", "时尚消费业", "2030", "outcome", "亿元"),  # period from the section heading
        ("时尚消费业占全区总税收比重", "时尚消费业", "2030", "outcome", "%"),
    ]
    assert [(v.indicator, v.industry) for v in _by(other_year, 35)][0] == ("产业合计税收总收入", None)


def test_prose_targets_of_another_year(other_year):
    prose = [(v.indicator, v.period, v.value, v.numeric) for v in _by(other_year, 47) if v.role == "target"]
    assert prose == [
        ("高新技术企业", "2035", "超过1000家", "1000"),
        ("家庭实施改造", "2035", "500户", "500"),  # 为全区500户家庭实施改造: 为 and 全区 are no part of it
        ("新增跨国公司地区总部", "2031", "20家", "20"),
    ]
    past = [(v.indicator, v.period, v.value) for v in _by(other_year, 47) if v.role == "outcome"]
    assert past == [("新增跨国公司地区总部", "2030", "18家")]  # 去年 in a 2031 document: an outcome of 2030
    untied = [(i.line, i.code) for i in other_year.issues if i.code == "prose-target-untied"]
    assert untied == []


def test_full_width_and_half_width_tables_read_alike():
    full = "报告\n\n（2031年1月10日）\n\n表1 2031年主要预期目标\n\n指标名称\t预期目标\n既有多层住宅加装电梯（开工）\t５００台\n"
    half = (
        "报告\n\n(2031年1月10日)\n\n表1 2031年主要预期目标\n\n指标名称\t预期目标\n既有多层住宅加装电梯(开工)\t500 台\n"
    )
    read = []
    for text in (full, half):
        span = next(s for s in span_of(text) if s.document)
        read.append([(v.indicator, v.value, v.numeric, v.unit, v.period) for v in indicators.extract(span).records])
    assert read[0] == read[1] == [("既有多层住宅加装电梯(开工)", "500台", "500", "台", "2031")]


def test_table_period_unknown_is_an_issue():
    text = "说明\n\n（2031年1月10日）\n\n指标名称\t预期目标\n社会消费品零售总额\t2100亿元\n"
    span = next(s for s in span_of(text) if s.document)
    ex = indicators.extract(span)
    assert not ex.records and [i.code for i in ex.issues] == ["table-period-unknown"]


def test_dates_and_past_horizons_give_no_targets():
    text = (
        "若干措施\n\n（2026年1月26日）\n\n本措施有效期至 2026 年 12 月 31 日，支持 10 家企业。\n\n"
        "“十四五”时期，全区新增跨国公司地区总部 87 家。\n"
    )
    span = next(s for s in span_of(text) if s.document)
    values = indicators.extract(span).records
    assert not [v for v in values if v.role == "target"]  # 至2026年12月31日 is a date, 10家 no target
    # “十四五”时期 ended before this 2026 document: its figure is an outcome of the plan's years
    assert [(v.indicator, v.role, v.period, v.value) for v in values] == [
        ("新增跨国公司地区总部", "outcome", "2021-2025", "87家")
    ]


def test_paragraph_opening_horizon_reaches_the_paragraph_and_page_break_joins_it():
    text = (
        "规划意见\n\n（2024年2月18日）\n\n“十四五”期间，新增重点金融机构达50家以上。培育新增20家\n\n"
        "上海市静安区人民政府公报\n\n独角兽企业。\n"
    )
    span = next(s for s in span_of(text) if s.document)
    got = [
        (v.indicator, v.period, v.value, v.excerpt.line_start, v.excerpt.line_end)
        for v in indicators.extract(span).records
    ]
    assert got == [("新增重点金融机构", "2021-2025", "50家以上", 5, 5), ("新增独角兽企业", "2021-2025", "20家", 5, 9)]
