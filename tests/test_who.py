"""`who` as issue 13 asks: responsibility first, one group per entity, each citation once, figures
labelled, renamings followed, messages that help. Expected values read from the cited lines."""

import re

import pytest
from click.testing import CliRunner

from jingan_kg.cli import main
from jingan_kg.errors import NoMatch
from jingan_kg.query import questions as Q
from jingan_kg.query.render import who_text


@pytest.fixture(scope="module")
def index(built):
    from jingan_kg.store.index import SearchIndex

    return SearchIndex(built[1] / "search.sqlite")


def run(*args, out):
    return CliRunner().invoke(main, [*args, "--out", str(out)])


def test_what_carries_responsibility_comes_first(store, index):
    """养老: the indicator 养老机构护理型床位占比 matches better (a prefix), but the measure
    拓展养老金融 (gazette-2026-01.txt:1839, （责任部门：区投资办）) names who is responsible."""
    answer = Q.who(store, index, "养老")
    first = answer.groups[0]
    assert (first.kind, first.label, first.responsibility) == ("measure", "拓展养老金融", True)
    [body] = first.bodies
    assert (body.label, body.citations[0].ordinal, body.citations[0].line_start) == ("静安区投资促进办公室", 14, 1839)
    also = {(o["kind"], o["label"]) for o in answer.also}
    assert ("indicator", "养老机构护理型床位占比") in also


def test_words_in_a_measures_text_are_found_and_shown(store, index):
    """ESG is in the text of measures 12 (line 1832) and 21 (line 1855), in neither title."""
    answer = Q.who(store, index, "ESG")
    assert [(g.kind, g.label, g.field) for g in answer.groups] == [
        ("measure", "优化绿色金融", "text"),
        ("measure", "推进专业服务业绿色化转型", "text"),
    ]
    assert all(c.matched == ("ESG",) for g in answer.groups for b in g.bodies for c in b.citations)
    text = who_text(answer)
    assert "1) measure: 优化绿色金融  (1 body, matched in its text)" in text
    assert (
        "“鼓励设立绿色金融事业部、绿色培训机构和绿色产品创新实验室等，将ESG评价纳入投资、风险管控流程。…（责任部门：区投资办）”"
        in text
    )


def _quotes(text):
    """Each citation printed with its quote: the [file:line] of the line before a quoted line."""
    lines = text.splitlines()
    return [
        re.search(r"\[([^\]]+)\]$", lines[i - 1]).group(1) for i, ln in enumerate(lines) if ln.startswith("       “")
    ]


@pytest.mark.parametrize("text", ["南京西路", "ESG", "区商务委", "社会消费品零售总额", "金融", "数据", "商贸服务业"])
def test_no_citation_is_quoted_twice(store, index, text):
    answer = Q.who(store, index, text)
    quoted = _quotes(who_text(answer))
    assert quoted and len(quoted) == len(set(quoted)), quoted
    for g in answer.groups:
        for b in g.bodies:
            assert len({c.subject for c in b.citations}) == len(b.citations)


def test_things_sharing_the_words_are_answered_one_by_one(store, index):
    """南京西路: the CAZ body (and the area it manages, folded into it), a measure whose text names
    南京西路商圈 (line 1822), and the street, the 功能区 and the projects said to match too."""
    answer = Q.who(store, index, "南京西路")
    assert [(g.kind, g.label) for g in answer.groups] == [
        ("organisation", "南京西路-苏河湾中央活力区(CAZ)"),
        ("measure", "构建多元化品牌矩阵"),
    ]
    assert answer.groups[0].same == [
        {
            "iri": "https://w3id.org/jingan-kg/id/area/nan-jing-xi-lu-su-he-wan-zhong-yang-huo-li-qu-caz-7e9bd5",
            "kind": "area",
            "label": "南京西路—苏河湾中央活力区(CAZ)",
        }
    ] or [s["label"] for s in answer.groups[0].same] == ["南京西路—苏河湾中央活力区(CAZ)"]
    also = {o["label"]: o["kind"] for o in answer.also}
    assert also["南京西路街道"] == "organisation" and also["南京西路功能区"] == "area"
    assert also["南京西路1038号商办用房改建项目"] == "project"
    head = who_text(answer).splitlines()[0]
    assert head == "南京西路: 2 things share these words, answered one by one: 3 bodies, 5 citations"


def test_one_node_tied_two_ways_is_one_citation_with_both(store, index):
    answer = Q.who(store, index, "南京西路-苏河湾中央活力区(CAZ)")
    [body] = answer.bodies
    assert len({c.subject for c in body.citations}) == len(body.citations) == body.total == 4


def test_figures_say_target_or_outcome_with_period_unit_and_document(store, index):
    """plan-report-2022-execution-2023-draft.txt:23 “社会消费品零售总额 1600 亿元 1480 亿元”."""
    answer = Q.who(store, index, "社会消费品零售总额")
    lines = who_text(answer).splitlines()
    assert (
        "    target 2022: 1600亿元 · outcome 2022: 1480亿元  [plan-report-2022-execution-2023-draft.txt:23]" in lines
    )  # one table row states both: quoted once
    assert "    outcome 2022: 1480亿元  [plan-report-2022-execution-2023-draft.txt:35]" in lines
    [c] = [c for b in answer.bodies for c in b.citations if c.role == "target" and c.period == "2022"]
    assert (c.value, c.unit, c.document) == (
        "1600亿元",
        "亿元",
        "关于静安区2022年国民经济和社会发展规划执行情况与2023年国民经济和社会发展计划草案的报告",
    )


def test_a_renaming_is_followed_and_cited(store, index):
    """gazette-2026-01.txt:409: 将原来的商贸服务业调整为时尚消费业."""
    answer = Q.who(store, index, "商贸服务业")
    assert (answer.groups[0].label, answer.groups[0].field) == ("时尚消费业", "renamed")
    [r] = answer.renamings
    assert (r.old, r.new, r.source, r.line_start, r.quote) == (
        "商贸服务业",
        "时尚消费业",
        "gazette-2026-01.txt",
        409,
        "将原来的商贸服务业调整为时尚消费业",
    )
    assert [b.label for b in answer.bodies] == ["静安区商务委员会", "静安区市场监督管理局"]
    text = who_text(answer)
    assert (
        text.splitlines()[0] == "商贸服务业 (industry: 时尚消费业, the new name of 商贸服务业): 2 bodies, 4 citations"
    )
    assert "Renamed: 商贸服务业 → 时尚消费业  [gazette-2026-01.txt:409] “将原来的商贸服务业调整为时尚消费业”" in text


def test_a_street_lists_the_projects_it_counts(store, index):
    text = who_text(Q.who(store, index, "北站街道"))
    lines = text.splitlines()
    assert lines[0] == "北站街道: 3 projects lie in it"
    projects = [ln.strip() for ln in lines if re.match(r"^    \d+\. ", ln)]
    assert projects == [  # gazette-2026-01.txt:1515, 1567, 1584
        "5. 北站街道晋元南一地块项目  [gazette-2026-01.txt:1515]",
        "55. 静安区图书馆和北站街道社区文化活动中心建设项目  [gazette-2026-01.txt:1567]",
        "70. 北站街道38—02地块公园新建项目  [gazette-2026-01.txt:1584]",
    ]
    assert "Also matches" not in text  # the projects it lists are not listed again


def test_the_answer_says_how_it_read_the_question(built):
    out = run("who", "人工智能由哪个部门负责", out=built[1]).output.splitlines()
    assert out[0] == "Read as: who is responsible for 人工智能  (question frame “…由谁负责”)"
    out = run("who", "区商务委负责什么", out=built[1]).output.splitlines()
    assert out[:2] == [
        "Read as: what is it responsible for: 区商务委  (question frame “…负责什么”)",
        "静安区商务委员会 is responsible for 16 measures",
    ]


def test_nearest_words_are_said(store, index):
    answer = Q.who(store, index, "专精特新企业培育由哪个部门负责")
    assert (answer.reading.asked, answer.reading.topic) == ("专精特新企业培育", "专精特新")
    first = answer.groups[0]  # gazette-2026-01.txt:1919 41.加大梯度培育力度 …（责任部门：区科技经济委）
    assert (first.label, [b.label for b in first.bodies]) == ("加大梯度培育力度", ["静安区科技和经济委员会"])


@pytest.mark.parametrize("text", ["火星殖民计划", "green finanse", "elderly care finance"])
def test_too_little_in_common_is_no_match(store, index, text):
    with pytest.raises(NoMatch):
        Q.who(store, index, text)


def test_targets_of_a_body_says_what_it_is(built):
    result = run("targets", "区数据局", out=built[1])
    assert result.exit_code == 1
    assert result.output == (
        "Error: '区数据局' is an organisation (静安区数据局), not an indicator\n"
        "Hint: `jingan-kg who 区数据局` answers for an organisation; `jingan-kg show 区数据局` shows it all\n"
    )


def test_an_ambiguity_names_the_candidates_kinds(built):
    result = run("targets", "金融", out=built[1])
    assert result.output == (
        "Ambiguous: '金融' names 2 indicators\nCandidates: 金融服务业占全区总税收比重、金融服务业税收总收入\n"
    )
    result = run("show", "委员会", out=built[1])
    assert result.output.startswith("Ambiguous: '委员会' names ")
    assert "entities (" in result.output.splitlines()[0] or " organisations" in result.output.splitlines()[0]
    assert "静安区商务委员会 (organisation)" in result.output


def test_no_match_lists_the_closest_names_in_both_scripts(built):
    result = run("who", "green finanse", out=built[1])
    assert result.output == (
        "No match: nothing in the graph matches 'green finanse'\n"
        "Closest: 绿色金融 (green finance)、静安区财政局 (Jing'an District Finance Bureau)\n"
    )
    result = run("who", "火星殖民计划", out=built[1])
    closest = result.output.splitlines()[1].removeprefix("Closest: ").split("、")
    assert closest and all(re.fullmatch(r".+ \([a-z0-9 '’“”.,+()\-A-Z…]+\)", c) for c in closest), closest


@pytest.fixture(scope="module")
def putuo(tmp_path_factory):
    """tests/fixtures/questions/putuo-plan-execution-table.txt: a plan-execution table with a
    责任部门 column, one cell per line, as 普陀's 2021 report prints it."""
    import shutil
    from pathlib import Path

    from jingan_kg.pipeline.build import BuildConfig, build
    from jingan_kg.store.opening import open_graph

    src = tmp_path_factory.mktemp("putuo-src")
    shutil.copy(Path(__file__).parent / "fixtures" / "questions" / "putuo-plan-execution-table.txt", src)
    out = tmp_path_factory.mktemp("putuo-out")
    result = build(BuildConfig(sources=src, out=out))
    return result, out, open_graph(out)


def test_a_tables_responsible_column_names_who_answers_for_the_figure(putuo):
    """Lines 21-27: 1、地区生产总值增长率 / 与市保持同步 / 9.8% / 区发改委; lines 37-45: 3、新增跨国公司
    地区总部数 / 3家 / 4家 / 区商务委 / 区投促办."""
    result, out, g = putuo
    assert not [i for i in result.issues if i.code == "unresolved-body"]
    answer = Q.who(g.store, g.index, "地区生产总值增长率由哪个部门负责")
    [body] = answer.bodies
    assert (body.label, body.district) == ("普陀区发展和改革委员会", "普陀区")
    assert [(c.relation, c.role, c.period, c.value, c.line_start, c.line_end) for c in body.citations] == [
        ("named responsible for its figure", "target", "2021", "与市保持同步", 21, 27),
        ("named responsible for its figure", "outcome", "2021-H1", "9.8%", 21, 27),
    ]
    assert answer.groups[0].responsibility
    two = Q.who(g.store, g.index, "新增跨国公司地区总部数")
    assert [b.label for b in two.bodies] == ["普陀区商务委员会", "普陀区投资促进办公室"]
    inverse = Q.who(g.store, g.index, "区投促办")
    assert inverse.mode == "body" and [c.value for c in inverse.bodies[0].citations] == ["3家", "4家"]
    assert who_text(inverse).splitlines()[0] == "普陀区投资促进办公室: named responsible for 2 targets and outcomes"
