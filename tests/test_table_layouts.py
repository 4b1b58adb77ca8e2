"""Indicator tables in the layouts web copies leave: two real documents against a person's reading,
and small synthetic documents for each rule and each bad input.

The real documents are the copies in tests/fixtures/real (addresses in its README), read through
`read_sources` from a temporary folder as a user's sources folder would hold them.
"""

import shutil

import pytest
import yaml

from jingan_kg.ingest.documents import split_documents
from jingan_kg.kinds import indicators
from jingan_kg.text import normalise

from .conftest import ROOT, span_of

DEV_DOCS = ROOT / "tests" / "fixtures" / "real"
EXPECTED = {
    name: yaml.safe_load((ROOT / "tests" / "expected" / f"dev-{name}.yaml").read_text(encoding="utf-8"))
    for name in ("huangpu-2021-plan-report", "putuo-2021-h1-plan-execution")
}


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    """Per dev document: (values, issues, tables) of every span, read from a copy in a sources folder."""
    from jingan_kg.ingest.sources import read_sources

    root = tmp_path_factory.mktemp("dev-sources")
    for e in EXPECTED.values():
        shutil.copy(DEV_DOCS / e["source"], root / e["source"])
    out = {}
    for src in read_sources(root):
        values, issues, tables = [], [], []
        for span in split_documents(src):
            tables += indicators.read_tables(span)
            if indicators.detect(span):
                ex = indicators.extract(span)
                values += ex.records
                issues += ex.issues
        out[src.path] = (values, issues, tables)
    return out


def _file_lines(source: str) -> list[str]:
    return (DEV_DOCS / source).read_text(encoding="utf-8").split("\n")


def _fields(v) -> dict:
    """A record's fields as the expected files write them."""
    return {
        "line": v.excerpt.line_start,
        "line_end": v.excerpt.line_end,
        "indicator": v.indicator,
        "role": v.role,
        "period": v.period,
        "value": v.value,
        "numeric": v.numeric,
        "unit": v.unit,
        "indicator_unit": v.indicator_unit,
    }


def _want(fact: dict) -> dict:
    return {
        "line": fact["line"],
        "line_end": fact.get("line_end", fact["line"]),
        "indicator": normalise(fact["indicator"]),
        "role": fact["role"],
        "period": fact["period"],
        "value": normalise(fact["value"]),
        "numeric": fact["numeric"],
        "unit": fact["unit"],
        "indicator_unit": fact.get("indicator_unit"),
    }


def _score(values, facts) -> tuple[float, float, list, list]:
    """Precision and recall of the records against the expected facts, field by field;
    and the expected facts not read right, the records read that no fact expects."""
    want = [_want(f) for f in facts]
    got = [_fields(v) for v in values]
    right = [g for g in got if g in want]
    precision = len(right) / len(got) if got else 1.0
    recall = len([w for w in want if w in got]) / len(want) if want else 1.0
    return precision, recall, [w for w in want if w not in got], [g for g in got if g not in want]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dev_document_facts_precision_and_recall(dev, name, capsys):
    e = EXPECTED[name]
    values, _, _ = dev[e["source"]]
    precision, recall, missed, wrong = _score(values, e["facts"])
    with capsys.disabled():
        print(
            f"\n{e['source']}: {len(values)} read, {len(e['facts'])} expected, precision {precision:.2f}, recall {recall:.2f}"
        )
    keyed = {(w["line"], w["role"], w["indicator"]): w for w in map(_want, e["facts"])}
    for g in wrong:  # a wrong period, sign or role is named before anything else
        w = keyed.get((g["line"], g["role"], g["indicator"]))
        assert w is not None, f"read where the text states no such fact: {g}"
        assert (g["period"], g["numeric"]) == (w["period"], w["numeric"]), g
    assert not missed, missed
    assert not wrong, wrong
    assert (precision, recall) == (1.0, 1.0)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dev_document_table_caption_header_and_issues(dev, name):
    e = EXPECTED[name]
    values, issues, tables = dev[e["source"]]
    assert len(tables) == 1
    t = tables[0]
    assert (t.caption_line, t.caption, t.header_line) == (
        e["table"]["caption_line"],
        e["table"]["caption"],
        e["table"]["header_line"],
    )
    assert t.header == e["table"]["header"]
    assert sorted((i.line, i.code) for i in issues) == sorted((i["line"], i["code"]) for i in e["issues"])
    assert all(i.source == e["source"] for i in issues)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dev_document_expected_file_matches_the_text(name):
    """The expected facts against the file itself: each value stands on its line(s) as written."""
    e = EXPECTED[name]
    lines = _file_lines(e["source"])
    for f in e["facts"]:
        where = f.get("value_lines", [f["line"]])
        text = normalise("".join(lines[n - 1].strip() for n in where))
        assert normalise(f["value"]) in text, (f, text)
        name_text = normalise("".join(lines[n - 1] for n in range(f["line"], f.get("line_end", f["line"]) + 1)))
        assert normalise(f["indicator"])[:6] in name_text, f


def test_dev_quotes_are_the_rows_as_written(dev):
    for e in EXPECTED.values():
        lines = _file_lines(e["source"])
        for v in dev[e["source"]][0]:
            row = [lines[n - 1].strip() for n in range(v.excerpt.line_start, v.excerpt.line_end + 1)]
            assert v.excerpt.quote == " ".join(t for t in row if t), v.excerpt
            assert normalise(v.value) in normalise(v.excerpt.quote)


def test_putuo_rows_cells_and_bodies_kept_out_of_values(dev):
    e = EXPECTED["putuo-2021-h1-plan-execution"]
    values, _, tables = dev[e["source"]]
    rows = tables[0].rows
    assert [(r.line, r.last) for r in rows] == [(w["line"], w["line_end"]) for w in e["rows"]]
    for r, w in zip(rows, e["rows"]):
        assert r.cells == [w["group"], w["name"], w["target"], w["completion"], "、".join(w["bodies"])]
    bodies = {b for w in e["rows"] for b in w["bodies"]}
    assert not [v for v in values if any(b in v.value or b in v.indicator for b in bodies)]


def test_putuo_yearly_only_cells_give_no_value(dev):
    e = EXPECTED["putuo-2021-h1-plan-execution"]
    values, issues, _ = dev[e["source"]]
    lines = _file_lines(e["source"])
    for n in e["no_value"]:
        assert lines[n["line"] - 1].strip() == "年度指标"
        row = next(r for r in e["rows"] if r["line"] <= n["line"] <= r["line_end"])
        assert not [v for v in values if v.excerpt.line_start == row["line"] and v.role == n["role"]]
    assert not [v for v in values if "年度指标" in v.value]
    assert {v.period for v in values if v.role == "outcome"} == {"2021-H1"}  # half-year figures, not the year's
    assert {v.period for v in values if v.role == "target"} == {"2021"}


# --- synthetic documents: space-separated rows ----------------------------------------------


def _read(text: str, name: str = "doc.txt"):
    values, issues, tables = [], [], []
    for span in span_of(text, name):
        tables += indicators.read_tables(span)
        ex = indicators.extract(span)
        values += ex.records
        issues += ex.issues
    return values, issues, tables


def _rows(values):
    return [(v.excerpt.line_start, v.indicator, v.role, v.period, v.value, v.numeric, v.unit) for v in values]


SPACED = """关于某区2031年国民经济和社会发展计划执行情况的报告

表1 2031年主要指标完成情况

序号 指标名称 单位 年度目标 完成情况
1 地区生产总值增长率 % 5左右 5.2
2 新增跨国公司地区总部 20 22
3 引进内资 亿元 170 363.98
"""


def test_spaced_rows_with_a_missing_unit_cell():
    values, issues, tables = _read(SPACED, "plan.txt")
    assert [(t.header_line, t.caption_line) for t in tables] == [(5, 3)]
    assert _rows(values) == [
        (6, "地区生产总值增长率", "target", "2031", "5左右", "5", "%"),
        (6, "地区生产总值增长率", "outcome", "2031", "5.2", "5.2", "%"),
        (7, "新增跨国公司地区总部", "target", "2031", "20", "20", None),  # no unit cell: none invented
        (7, "新增跨国公司地区总部", "outcome", "2031", "22", "22", None),
        (8, "引进内资", "target", "2031", "170", "170", "亿元"),
        (8, "引进内资", "outcome", "2031", "363.98", "363.98", "亿元"),
    ]
    assert [v.indicator_unit for v in values if v.excerpt.line_start == 7] == [None, None]
    assert not issues


def test_spaced_row_with_more_cells_than_the_header_is_reported_and_the_rest_read():
    text = SPACED.replace("1 地区生产总值增长率 % 5左右 5.2", "1 地区生产总值增长率 % 5 左右 5.2")
    values, issues, _ = _read(text, "plan.txt")
    assert [(i.source, i.line, i.code) for i in issues] == [("plan.txt", 6, "table-row-not-parsed")]
    assert "6 cells where the header has 5" in issues[0].reason
    assert sorted({v.excerpt.line_start for v in values}) == [7, 8]


def test_spaced_unit_cell_that_is_no_unit_is_reported():
    text = SPACED.replace("2 新增跨国公司地区总部 20 22", "2 新增跨国公司 地区总部 20 22")
    values, issues, _ = _read(text, "plan.txt")
    assert [(i.line, i.code) for i in issues] == [(7, "table-row-not-parsed")]
    assert "'地区总部' under the unit column is not a unit" in issues[0].reason
    assert 7 not in {v.excerpt.line_start for v in values}


def test_spaced_header_whose_last_columns_are_cut_off():
    text = SPACED.replace("序号 指标名称 单位 年度目标 完成情况", "序号 指标名称 单位 年度目标")
    values, issues, _ = _read(text, "plan.txt")
    assert not values
    assert [(i.source, i.line, i.code) for i in issues] == [("plan.txt", n, "table-row-not-parsed") for n in (6, 7, 8)]
    assert [i.reason[:31] for i in issues] == [
        "5 cells where the header has 4:",
        "'20' under the unit column is n",  # four cells, but the fourth (a target) stands under 单位
        "5 cells where the header has 4:",
    ]


def test_spaced_table_over_a_page_break_with_the_header_repeated():
    text = SPACED.replace(
        "3 引进内资", "\n上海市某区人民政府公报\n\n（2031年第1期）\n\n序号 指标名称 单位 年度目标 完成情况\n3 引进内资"
    )
    values, issues, tables = _read(text, "plan.txt")
    assert len(tables) == 1 and not issues
    assert sorted({v.excerpt.line_start for v in values}) == [6, 7, 14]
    assert not [v for v in values if "指标名称" in v.indicator or "年度目标" in v.value]


# --- synthetic documents: one cell per line --------------------------------------------------

CELLS = """某区2031年上半年国民经济和社会发展计划执行情况

表1:上半年主要指标完成情况

指标名称

年度目标

完成情况

责任部门

1、城乡登记失业人数

控制在

10410人内

7919人

区人社局

2、重点产业占区级税收

比重

提升4个

百分点

提升3.89个百分点

区科委

区金融办

3、新增企业上市数

2家

年度指标

区金融办
"""


def test_cells_per_line_with_wrapped_cells_and_bodies_kept_apart():
    values, issues, tables = _read(CELLS, "h1.txt")
    assert not issues
    assert [(r.line, r.last, r.cells) for r in tables[0].rows] == [
        (13, 21, ["城乡登记失业人数", "控制在10410人内", "7919人", "区人社局"]),
        (23, 35, ["重点产业占区级税收比重", "提升4个百分点", "提升3.89个百分点", "区科委、区金融办"]),
        (37, 43, ["新增企业上市数", "2家", "年度指标", "区金融办"]),
    ]
    assert _rows(values) == [
        (13, "城乡登记失业人数", "target", "2031", "控制在10410人内", "10410", "人"),
        (13, "城乡登记失业人数", "outcome", "2031-H1", "7919人", "7919", "人"),
        (23, "重点产业占区级税收比重", "target", "2031", "提升4个百分点", "4", "个百分点"),
        (23, "重点产业占区级税收比重", "outcome", "2031-H1", "提升3.89个百分点", "3.89", "个百分点"),
        (37, "新增企业上市数", "target", "2031", "2家", "2", "家"),  # 年度指标: no half-year value
    ]
    assert [v.excerpt.line_end for v in values] == [21, 21, 35, 35, 43]


PAGED = """关于某区2031年国民经济和社会发展计划执行情况的报告

表2 2031年主要指标完成情况

类别
指标名称
年度目标
完成情况
经济发展
1、地区生产总值增长率
5%左右
5.2%
2、社会消费品零售总额

上海市某区人民政府公报

（2031年第1期）

类别
指标名称
年度目标
完成情况
2100亿元
2010.5亿元
社会民生
3、城镇登记失业人数
9600人以内
8376人
"""


def test_cells_per_line_over_a_page_break_with_the_header_repeated():
    values, issues, tables = _read(PAGED, "paged.txt")
    assert not issues and len(tables) == 1
    assert [(r.line, r.last, r.cells) for r in tables[0].rows] == [
        (10, 12, ["经济发展", "地区生产总值增长率", "5%左右", "5.2%"]),
        (13, 24, ["", "社会消费品零售总额", "2100亿元", "2010.5亿元"]),  # the row goes on after the break
        (26, 28, ["社会民生", "城镇登记失业人数", "9600人以内", "8376人"]),
    ]
    assert [(v.excerpt.line_start, v.role, v.period, v.value) for v in values if v.excerpt.line_start == 13] == [
        (13, "target", "2031", "2100亿元"),
        (13, "outcome", "2031", "2010.5亿元"),
    ]
    assert not [v for v in values if "指标名称" in v.indicator or "完成情况" in v.value or "公报" in v.excerpt.quote]


def test_cells_per_line_header_whose_last_columns_are_cut_off():
    text = PAGED.split("2、社会消费品零售总额")[0].replace("年度目标\n完成情况\n经济发展", "年度目标\n经济发展")
    values, issues, _ = _read(text, "cut.txt")
    assert not values
    assert [(i.source, i.line, i.code) for i in issues] == [("cut.txt", 9, "table-row-not-parsed")]
    assert "fit the header in no way" in issues[0].reason


def test_cells_per_line_row_with_more_cells_than_the_header_is_reported():
    text = PAGED.replace("5.2%\n", "5.2%\n5.3%\n", 1)
    values, issues, _ = _read(text, "extra.txt")
    assert [(i.line, i.code) for i in issues] == [(10, "table-row-not-parsed")]
    assert sorted({v.excerpt.line_start for v in values}) == [14, 27]


def test_cells_per_line_row_that_fits_two_ways_is_reported_not_guessed():
    text = PAGED.replace("1、地区生产总值增长率\n5%左右\n5.2%\n", "1、地区生产总值增长率\n与全市同步\n5.2%\n产业发展\n")
    values, issues, _ = _read(text, "two.txt")
    assert [(i.line, i.code) for i in issues] == [(10, "table-row-not-parsed")]
    assert "fit the header in 2 ways" in issues[0].reason
    assert 10 not in {v.excerpt.line_start for v in values}


def test_cells_per_line_with_a_number_column():
    text = """表1 主要指标

序号
指标名称
单位
2031年目标
1
地区生产总值增长率
%
5左右
2
新增跨国公司地区总部
20
"""
    values, issues, tables = _read(text, "ordinal.txt")
    assert not issues
    assert [r.cells for r in tables[0].rows] == [
        ["1", "地区生产总值增长率", "%", "5左右"],
        ["2", "新增跨国公司地区总部", "", "20"],
    ]
    assert _rows(values) == [
        (7, "地区生产总值增长率", "target", "2031", "5左右", "5", "%"),
        (11, "新增跨国公司地区总部", "target", "2031", "20", "20", None),
    ]


def test_cells_per_line_without_row_numbers_are_read_when_each_run_fits():
    """No row numbers (徐汇's 2020 table): cells in runs of the header's width, a name with no digit
    then values that each hold a number; a run cut short at the page's end is reported."""
    text = (
        "表1 2031年主要指标\n\n指标名称\n年度目标\n完成情况\n地区生产总值增长率\n5%左右\n5.2%\n"
        "商品销售总额\n1000亿元\n980亿元\n合同利用外资\n12.5亿美元\n"
    )
    values, issues, _ = _read(text, "flat.txt")
    assert [(v.indicator, v.role, v.value, v.excerpt.line_start) for v in values] == [
        ("地区生产总值增长率", "target", "5%左右", 6),
        ("地区生产总值增长率", "outcome", "5.2%", 6),
        ("商品销售总额", "target", "1000亿元", 9),
        ("商品销售总额", "outcome", "980亿元", 9),
    ]
    assert [(i.line, i.code) for i in issues] == [(12, "table-row-not-parsed")]
    assert "the last row has 2 of the header's 3 cells" in issues[0].reason


def test_cells_per_line_without_row_numbers_out_of_step_are_reported():
    """A value cell with no number (预计基本完成) could shift every row after it: nothing is guessed."""
    text = "表1 2031年主要指标\n\n指标名称\n年度目标\n完成情况\n地区生产总值增长率\n5%左右\n预计基本完成\n商品销售总额\n1000亿元\n980亿元\n"
    values, issues, _ = _read(text, "flat.txt")
    assert not values
    assert [(i.line, i.code) for i in issues] == [(6, "table-row-not-parsed")]


# --- periods of part of a year, whatever the layout ------------------------------------------


@pytest.mark.parametrize(
    "title, period",
    [
        ("某区2031年上半年国民经济运行情况报告", "2031-H1"),
        ("某区2031年前三季度国民经济运行情况报告", "2031-Q1-Q3"),
        ("某区2031年一季度国民经济运行情况报告", "2031-Q1"),
        ("某区2031年国民经济运行情况报告", "2031"),
    ],
)
def test_outcomes_of_part_of_a_year_say_so_targets_stay_the_years(title, period):
    text = f"设为首页\n\n{title}\n\n表1 主要指标完成情况\n\n指标名称\t年度目标\t完成情况\n地区生产总值增长率\t5%左右\t4.8%\n"
    values, issues, _ = _read(text, "part.txt")
    assert not issues
    assert [(v.role, v.period) for v in values] == [("target", "2031"), ("outcome", period)]


def test_a_pdf_copy_that_splits_a_year_from_its_header_words():
    """The shape of a real yearbook page (https://dfz.zj.gov.cn/zlyz/ossfs/h5/NJ-K-330602-2022-001-0101/
    files/basic-html/page30.html): "2020 年目标值" with a space, units in brackets after the names,
    a 预计值 column (the period's estimated outcome), and a 完成情况 column of words no period dates."""
    text = (
        "某区“十三五”规划实施情况\n\n“十三五”规划主要指标完成情况\n表1\n"
        "序号 指标名称 2020 年目标值 2020 年预计值 完成情况\n"
        "1 全区生产总值(亿元) 1000 1008.5 完成\n2 人均生产总值(元) 130000 130913 完成\n"
    )
    values, issues = [], []
    for span in span_of(text):
        ex = indicators.extract(span)
        values += ex.records
        issues += ex.issues
    assert [(v.indicator, v.role, v.period, v.value, v.unit) for v in values] == [
        ("全区生产总值", "target", "2020", "1000", "亿元"),
        ("全区生产总值", "outcome", "2020", "1008.5", "亿元"),
        ("人均生产总值", "target", "2020", "130000", "元"),
        ("人均生产总值", "outcome", "2020", "130913", "元"),
    ]
    assert [(i.line, i.code) for i in issues] == [(5, "table-period-unknown")]  # 完成情况: said, not guessed
