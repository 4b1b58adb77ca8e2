"""The supervision ledger's judgements (kinds/assessments.py), lead bodies (kinds/measures.py
`split_roles`) and the `ledger` command. Expected values read from the cited lines."""

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingan_kg.cli import main
from jingan_kg.kinds.assessments import judge, judging_periods
from jingan_kg.kinds.measures import split_roles
from jingan_kg.query.ledger import ledger
from jingan_kg.units import convert, unit_base

FIXTURES = Path(__file__).parent / "fixtures"


# --- the rules, on values as documents write them ---------------------------------------------


@pytest.mark.parametrize(
    "target,t_num,t_unit,outcome,o_num,o_unit,direction,status,margin",
    [
        ("1600亿元", "1600", "亿元", "1480亿元", "1480", "亿元", "HigherIsBetter", "NotMet", Decimal(-120)),
        ("1700亿元", "1700", "亿元", "1703.52亿元", "1703.52", "亿元", "HigherIsBetter", "Met", Decimal("3.52")),
        (
            "1700亿元",
            "1700",
            "亿元",
            "17100000万元",
            "17100000",
            "万元",
            "HigherIsBetter",
            "Met",
            Decimal(10),
        ),  # converted
        ("5%左右", "5", "%", "4.9%", "4.9", "%", "HigherIsBetter", "Met", Decimal("-0.1")),  # within 10% of 5
        ("5%左右", "5", "%", "4.4%", "4.4", "%", "HigherIsBetter", "NotMet", Decimal("-0.6")),
        (
            "控制在10410人以内",
            "10410",
            "人",
            "7919人",
            "7919",
            "人",
            "HigherIsBetter",
            "Met",
            Decimal(-2491),
        ),  # a ceiling
        (
            "不低于95%",
            "95",
            "%",
            "94%",
            "94",
            "%",
            "LowerIsBetter",
            "NotMet",
            Decimal(-1),
        ),  # a floor, whatever the name
        ("4.5%", "4.5", "%", "5.1%", "5.1", "%", "LowerIsBetter", "NotMet", Decimal("0.6")),  # 失业率: lower is better
        ("800-1000万平方米", None, "万平方米", "850万平方米", "850", "万平方米", "HigherIsBetter", "Met", Decimal(50)),
    ],
)
def test_a_target_is_judged_by_direction_tolerance_and_unit(
    target, t_num, t_unit, outcome, o_num, o_unit, direction, status, margin
):
    got, m, _, rule = judge(target, t_num, t_unit, outcome, o_num, o_unit, direction)
    assert (got, m) == (status, margin), rule


@pytest.mark.parametrize(
    "target,t_num,t_unit,outcome,o_num,o_unit,why",
    [
        ("与全市保持同步", None, None, "9.8%", "9.8", "%", "the target states no number"),
        ("6%", "6", "%", "与全市保持同步", None, None, "the outcome states no number"),
        ("1700亿元", "1700", "亿元", "11.38%", "11.38", "%", "units do not convert: % against 亿元"),
    ],
)
def test_what_cannot_be_compared_says_why(target, t_num, t_unit, outcome, o_num, o_unit, why):
    assert judge(target, t_num, t_unit, outcome, o_num, o_unit, "HigherIsBetter")[0::3] == ("NotComparable", why)


def test_units_convert_by_magnitude_only():
    assert unit_base("亿元") == (Decimal(10) ** 8, "元") and unit_base("%") == (1, "%")
    assert convert(Decimal("1.5"), "亿元", "万元") == Decimal(15000)
    assert convert(Decimal(1), "亿元", "%") is None and convert(Decimal(1), "万人", "人") == Decimal(10000)


def test_a_multi_year_target_is_judged_by_its_last_year():
    assert judging_periods("2021-2025") == ["2021-2025", "2025"] and judging_periods("2022") == ["2022"]


# --- on the given sources ---------------------------------------------------------------------------


def _rows(store, label, **kw):
    return [
        (r.period, r.target.value, r.outcome and r.outcome.value, r.status, r.margin, r.ratio)
        for r in ledger(store, **kw).rows
        if r.indicator_label == label
    ]


def test_retail_sales_are_judged_as_the_plan_reports_state_them(store):
    """plan-report-2022-execution-2023-draft.txt:23 “社会消费品零售总额 1600 亿元 1480 亿元”;
    gazette-2026-01.txt:528 “社会消费品零售总额 1700 亿元 1703.52 亿元”; 2023's target (:175)
    has no outcome in any document, the 2026 ones are not due."""
    rows = _rows(store, "社会消费品零售总额")
    assert rows[:3] == [
        ("2022", "1600亿元", "1480亿元", "not met", "-120", "-0.075"),
        ("2023", "1600亿元", None, "overdue", None, None),
        ("2025", "1700亿元", "1703.52亿元", "met", "3.52", "0.0021"),
    ]
    assert {r[3] for r in rows[3:]} == {"pending"}


def test_assessments_are_in_the_graph_with_their_sentences(store):
    rows = store.select(
        """SELECT ?status ?margin ?rule ?line WHERE { ?a a jkg:Assessment ; jkg:status ?status ; jkg:margin ?margin ;
        jkg:rule ?rule ; jkg:target ?t ; prov:wasDerivedFrom/jkg:lineStart ?line .
        ?t jkg:period "2022" ; jkg:indicator/skos:prefLabel "社会消费品零售总额"@zh }"""
    )
    # the target's row of the table (:23) and the outcome used: the document's later sentence (:35)
    assert {(str(r["status"]).rsplit("#")[1], Decimal(str(r["margin"])), r["line"]) for r in rows} == {
        ("NotMet", Decimal(-120), 23),
        ("NotMet", Decimal(-120), 35),
    }
    assert rows[0]["rule"] == "higher is better: met when the outcome is at least the target"


def test_the_ledger_filters_by_status_year_and_body(store, built):
    answer = ledger(store, statuses=["not-met"])
    assert answer.counts == {"not met": len(answer.rows)} and len(answer.rows) >= 1
    assert all(r.status == "not met" for r in answer.rows)
    assert all("2022" in r.period or "-" in r.period for r in ledger(store, year=2022).rows)
    result = CliRunner().invoke(main, ["ledger", "--body", "区发改委", "--year", "2022", "--out", str(built[1])])
    assert result.exit_code == 0, result.output
    assert "社会消费品零售总额" in result.output and "not met" in result.output


def test_ledger_csv_json_and_a_file_with_a_bom(built, tmp_path):
    out = str(built[1])
    data = json.loads(CliRunner().invoke(main, ["ledger", "--status", "met", "--format", "json", "--out", out]).output)
    assert list(data) == ["rows", "counts"] and data["counts"] == {"met": len(data["rows"])}
    plain = CliRunner().invoke(main, ["ledger", "--status", "met", "--format", "csv", "--out", out]).output
    assert not plain.startswith("\ufeff")  # to a pipe: plain
    file = tmp_path / "ledger.csv"
    done = CliRunner().invoke(main, ["ledger", "--status", "met", "--format", "csv", "-o", str(file), "--out", out])
    assert done.exit_code == 0 and file.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(file.read_text("utf-8-sig"))))
    [retail] = [r for r in rows if r["indicator_label"] == "社会消费品零售总额"]
    assert (retail["period"], retail["target"], retail["outcome"], retail["target_line_start"]) == (
        "2025",
        "1700亿元",
        "1703.52亿元",
        "528",
    )
    assert CliRunner().invoke(main, ["ledger", "--format", "xlsx", "--out", out]).exit_code == 2  # needs -o


# --- lead bodies ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clause,lead,expected",
    [
        ("区发展改革委、区投促办;配合责任单位:各相关部门", True, [("区发展改革委", True), ("区投促办", True)]),
        (
            "各相关部门;配合责任单位:区发展改革委、区政府办公室",
            True,
            [("区发展改革委", False), ("区政府办公室", False)],
        ),
        ("区发改委牵头，区商务委、区财政局配合", False, [("区发改委", True), ("区商务委", False), ("区财政局", False)]),
        ("区商务委、区司法局", False, [("区商务委", False), ("区司法局", False)]),  # no mark: no lead invented
    ],
)
def test_a_lead_is_what_the_clause_marks(clause, lead, expected):
    assert split_roles(clause, lead) == expected


@pytest.fixture(scope="module")
def hongkou(tmp_path_factory):
    from jingan_kg.pipeline.build import BuildConfig, build
    from jingan_kg.store.embedded import GraphStore

    src = tmp_path_factory.mktemp("hk-src")
    shutil.copy(FIXTURES / "districts" / "hongkou-2025-measures.txt", src)
    out = tmp_path_factory.mktemp("hk-out")
    build(BuildConfig(sources=src, out=out))
    return GraphStore.open(out / "store")


def test_lead_bodies_of_a_real_document(hongkou):
    """hongkou-2025-measures.txt:23 (牵头单位:区发展改革委、区投促办;配合责任单位:各相关部门), :27
    (牵头单位:各相关部门;配合责任单位:区发展改革委、区政府办公室、区市场监管局), :31 (牵头单位:区发展改革委;
    配合责任单位:区政府办公室、区司法局)."""
    rows = hongkou.select(
        """SELECT ?ord ?label ?lead WHERE { ?m jkg:ordinal ?ord ; jkg:responsibleBody ?o .
        ?o skos:prefLabel ?label FILTER(lang(?label) = "zh") BIND(EXISTS { ?m jkg:leadBody ?o } AS ?lead) }"""
    )
    got = sorted((r["ord"], r["label"], r["lead"] in (True, "true")) for r in rows)
    assert [g for g in got if g[2]] == [
        (1, "虹口区发展和改革委员会", True),
        (1, "虹口区投资促进办公室", True),
        (3, "虹口区发展和改革委员会", True),
    ]
    assert (2, "虹口区发展和改革委员会", False) in got and (3, "虹口区司法局", False) in got


# --- two plan reports that disagree (tests/fixtures/ledger/, written for these cases) ------------------


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    from jingan_kg.pipeline.build import BuildConfig, build
    from jingan_kg.store.embedded import GraphStore

    src = tmp_path_factory.mktemp("ledger-src")
    for f in (FIXTURES / "ledger").glob("*.txt"):
        shutil.copy(f, src)
    out = tmp_path_factory.mktemp("ledger-out")
    build(BuildConfig(sources=src, out=out))
    return out, GraphStore.open(out / "store")


def test_of_two_outcomes_the_later_documents_is_used_and_said(two_reports):
    """2027 retail sales: 1790亿元 in the 2027 report (:12), revised to 1786亿元 in the 2028 one (:18)."""
    _, store = two_reports
    [row] = [r for r in ledger(store).rows if r.indicator_label == "社会消费品零售总额" and r.period == "2027"]
    assert (row.target.value, row.outcome.value, row.outcome.source, row.outcome.line_start) == (
        "1800亿元",
        "1786亿元",
        "jingan-2028-plan-report.txt",
        18,
    )
    assert (row.status, row.margin) == ("not met", "-14")
    assert row.rule.endswith("; the outcomes of the documents differ, the latest document's is used")


def test_figures_that_differ_and_a_restated_target_are_flagged(two_reports):
    from jingan_kg.query.flags import flags

    _, store = two_reports
    found = [(f.kind, f.label, f.reason, [(c.source, c.line_start) for c in f.citations]) for f in flags(store)]
    assert found == [
        (
            "figures-differ",
            "社会消费品零售总额",
            "2 documents report different outcomes for 2027: 1786亿元、1790亿元",
            [("jingan-2027-plan-report.txt", 12), ("jingan-2028-plan-report.txt", 18)],
        ),
        (
            "target-restated",
            "社会消费品零售总额",
            "the target for 2028 is stated with different values in 2 documents: 1850亿元、1900亿元",
            [("jingan-2027-plan-report.txt", 20), ("jingan-2028-plan-report.txt", 12)],
        ),
    ]


def test_figures_in_other_units_or_rounded_agree():
    from jingan_kg.kinds.flags import agree

    def r(num, unit, value="x"):
        return (value, num, unit)

    assert agree([r("3083012", "万元"), r("308.30", "亿元"), r("308.3", "亿元")])  # gazette-2026-01.txt:761, 331, 535
    assert agree([r("45.12", "亿美元"), r("45.1", "亿美元")]) and agree([r("1085", "家"), r("1000", "家", "突破千家")])
    assert not agree([r("1480", "亿元"), r("1500", "亿元")])


def test_flags_and_the_workbook(two_reports, tmp_path):
    import openpyxl

    out, _ = two_reports
    text = CliRunner().invoke(main, ["flags", "--out", str(out)]).output
    assert text.splitlines()[0] == "2 flags: 1 figures-differ, 1 target-restated"
    only = CliRunner().invoke(main, ["flags", "--kind", "target-restated", "--format", "csv", "--out", str(out)]).output
    assert [r["kind"] for r in csv.DictReader(io.StringIO(only))] == ["target-restated", "target-restated"]
    book = tmp_path / "ledger.xlsx"
    done = CliRunner().invoke(main, ["ledger", "--format", "xlsx", "-o", str(book), "--out", str(out)])
    assert done.exit_code == 0 and done.output == f"wrote {book} (6 targets, 2 flags)\n"
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["by indicator", "by body", "flags"]
    sheet = wb["by indicator"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    [row] = [r for r in rows if r["indicator_label"] == "社会消费品零售总额" and r["period"] == "2027"]
    assert (row["status"], row["target"], row["outcome"], row["outcome_line_start"]) == (
        "not met",
        "1800亿元",
        "1786亿元",
        18,
    )
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert [c.value for c in wb["flags"]["A"]][1:] == [
        "figures-differ",
        "figures-differ",
        "target-restated",
        "target-restated",
    ]


LEAD_UNKNOWN = (
    "上海市静安区数据局关于数据产业的若干措施\n\n(2027年3月9日)\n\n静数〔2027〕6号\n\n"
    "1. 支持数据集。支持建设数据集。（牵头单位：区星际局；配合单位：区数据局）\n"
)


def test_a_lead_marker_naming_an_unknown_body_is_reported_and_flagged(make_sources, tmp_path):
    """区星际局 is in no curated row and no document: kept as an unresolved lead, warned and flagged."""
    from jingan_kg.pipeline.build import BuildConfig, build
    from jingan_kg.query.flags import flags
    from jingan_kg.store.embedded import GraphStore

    result = build(BuildConfig(sources=make_sources({"lead.txt": LEAD_UNKNOWN}), out=tmp_path / "o"))
    [issue] = [i for i in result.issues if i.code == "unresolved-body"]
    assert (issue.source, issue.line) == ("lead.txt", 7) and "'区星际局'" in issue.reason
    store = GraphStore.open(tmp_path / "o" / "store")
    rows = store.select(
        """SELECT ?label ?lead WHERE { ?m jkg:responsibleBody ?o . ?o skos:prefLabel ?label FILTER(lang(?label) = "zh")
        BIND(EXISTS { ?m jkg:leadBody ?o } AS ?lead) }"""
    )
    assert sorted((r["label"], r["lead"] in (True, "true")) for r in rows) == [
        ("区星际局", True),
        ("静安区数据局", False),
    ]
    [flag] = flags(store, ["unresolved-body"])
    assert (flag.label, [(c.source, c.line_start) for c in flag.citations]) == ("区星际局", [("lead.txt", 7)])


# The convention sentence is 杭州市人民政府办公厅's (2020, z.hangzhou.com.cn/2020/hzrmzfgb/content/
# content_7745055.html, item 二); the measures around it are written for the case.
FIRST_LEADS = (
    "上海市静安区人民政府办公室关于印发数据产业重点工作责任分解的通知\n\n(2027年3月9日)\n\n静府办〔2027〕9号\n\n"
    "二、责任分解中，列第一位的责任单位为牵头单位或汇总单位。\n\n"
    "1. 建设数据集。支持建设数据集。（责任单位：区数据局、区商务委）\n"
    "2. 培育数商。支持数商集聚。（责任单位：区商务委牵头，区数据局配合）\n"
    "3. 开放场景。开放应用场景。（责任单位：各相关部门）\n"
)


def test_a_documents_first_named_leads_rule_is_applied_and_cited(make_sources, tmp_path):
    """Line 7 states the convention: measure 1's first body (区数据局) leads and cites line 7; measure 2
    marks its own lead (区商务委), so the convention is not needed; measure 3 names no body."""
    from jingan_kg.pipeline.build import BuildConfig, build
    from jingan_kg.store.embedded import GraphStore

    build(BuildConfig(sources=make_sources({"first.txt": FIRST_LEADS}), out=tmp_path / "o"))
    store = GraphStore.open(tmp_path / "o" / "store")
    rows = store.select(
        """SELECT ?ord ?label ?lead ?rule WHERE { ?m jkg:ordinal ?ord ; jkg:responsibleBody ?o .
        ?o skos:prefLabel ?label FILTER(lang(?label) = "zh") BIND(EXISTS { ?m jkg:leadBody ?o } AS ?lead)
        OPTIONAL { ?m jkg:leadRule ?rule } }"""
    )
    got = sorted((r["ord"], r["label"], r["lead"] in (True, "true"), r["rule"]) for r in rows)
    rule = "二、责任分解中,列第一位的责任单位为牵头单位或汇总单位。"  # normalised: ，→,
    assert got == [
        (1, "静安区商务委员会", False, rule),
        (1, "静安区数据局", True, rule),
        (2, "静安区商务委员会", True, None),
        (2, "静安区数据局", False, None),
    ]
    cited = store.select(
        """SELECT ?start WHERE { ?m jkg:ordinal 1 ; prov:wasDerivedFrom ?ex . ?ex jkg:lineStart ?start }"""
    )
    assert sorted(r["start"] for r in cited) == [7, 9]


def test_without_the_rule_the_first_named_does_not_lead(make_sources, tmp_path):
    from jingan_kg.pipeline.build import BuildConfig, build
    from jingan_kg.store.embedded import GraphStore

    text = FIRST_LEADS.replace("二、责任分解中，列第一位的责任单位为牵头单位或汇总单位。\n\n", "")
    build(BuildConfig(sources=make_sources({"plain.txt": text}), out=tmp_path / "o"))
    store = GraphStore.open(tmp_path / "o" / "store")
    leads = store.select("SELECT ?m ?o WHERE { ?m jkg:ordinal 1 ; jkg:leadBody ?o }")
    rules = store.select("SELECT ?m WHERE { ?m jkg:leadRule ?r }")
    assert (leads, rules) == ([], [])


@pytest.mark.parametrize(
    "sentence,states",
    [
        ("二、责任分解中，列第一位的责任单位为牵头单位或汇总单位。", True),  # 杭州市政府办公厅 2020
        ("（排在第一位的为牵头单位，其他为配合单位）", True),
        ("各项任务排名第一的部门为牵头部门。", True),
        ("列首位的为牵头部门。", True),
        ("牵头单位负责全程协调、指导、督查；责任单位则立足自身职能。", False),  # 宝山区 2008: roles, no order rule
        ("（责任单位：区数据局、区商务委）", False),
    ],
)
def test_the_first_named_leads_rule_is_told_by_its_sentence(sentence, states):
    from jingan_kg.kinds.measures import _FIRST_LEADS

    assert bool(_FIRST_LEADS.search(sentence)) is states
