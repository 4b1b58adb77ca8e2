"""Key-work arrangements (kinds/key_work.py): the tasks of real arrangements of other years, and rules."""

from __future__ import annotations

import pytest

from jingan_kg.ingest.documents import split_documents
from jingan_kg.ingest.sources import read_sources
from jingan_kg.kinds import key_work, measures

from .conftest import ROOT, span_of

REAL = ROOT / "tests" / "fixtures" / "real"


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real")
    for f in REAL.glob("*key-work*.txt"):
        (folder / f.name).write_bytes(f.read_bytes())
    return {s.path: s for s in read_sources(folder)}


def _tasks(src):
    [span] = [s for s in split_documents(src) if key_work.detect(s)]
    return span, key_work.extract(span)


# Read by a person: (ordinal, title, line) of each task, and the heading they stand under.
EXPECTED = {
    "jingan-2024-key-work-arrangement.txt": (
        "2024年区政府重点工作安排",
        "一、牢牢把握高质量发展主题,推动综合经济实力突破跃升",
        [
            (1, "全力推动区域经济稳中有进", 8),
            (2, "高质量开展投资促进工作", 9),
            (3, "持续提升重点产业发展能级", 10),
            (4, "着力激发消费市场活力", 11),
        ],
    ),
    "jingan-2023-key-work-arrangement.txt": (
        "2023年区政府重点工作安排",
        "一、着力实现经济运行整体好转,全力推动高质量发展",
        [
            (1, "推动区域经济稳定增长", 8),
            (2, "推动招商引资增质", 9),
            (3, "推动总部经济增能", 10),
            (4, "推进重点产业增效", 11),
            (5, "加快消费提质升级", 12),
        ],
    ),
    "jingan-2021-key-work-arrangement.txt": (  # every task on line 7: the page lost the line breaks
        "2021年区政府重点工作目标安排",
        "一、推动区域战略规划实施",
        [
            (1, "推进静安区“十四五”规划实施和专项规划编制", 7),
            (2, "高质量推进落实“一轴三带”发展战略", 7),
            (3, "大力推进土地亩产增长计划", 7),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_tasks_of_real_arrangements(real, name):
    title, heading, tasks = EXPECTED[name]
    span, ex = _tasks(real[name])
    assert span.document.title == title and span.document.issuer == "上海市静安区人民政府"
    got = [(r.ordinal, r.title, r.excerpt.line_start) for r in ex.records]
    assert got[: len(tasks)] == tasks
    assert all(r.sections == (heading,) and r.bodies == () for r in ex.records)
    assert all(r.excerpt.quote in real[name].line(r.excerpt.line_start).text for r in ex.records)


def test_the_2023_task_keeps_its_whole_text(real):
    _, ex = _tasks(real["jingan-2023-key-work-arrangement.txt"])
    assert ex.records[0].text == (
        "推动区域经济稳定增长。地区生产总值增长5%左右。实现全年区级一般公共预算收入同比增长3%。"
        "实现社会消费品零售总额1600亿元。完成全社会固定资产投资额增长6%。"
    )


ARRANGEMENT = """2031年区政府重点工作安排
（2031年3月1日）

一、推动经济发展
1.稳定经济增长。全年实现地区生产总值增长5%。
2.扩大有效投资。推进重大项目建设,
全年完成投资100亿元。
二、保障改善民生
1.办好民生实事。完成实事项目10项。（责任单位：区民政局、区卫生健康委）
"""


def test_tasks_restart_under_each_heading_and_wrap_and_a_run_with_clauses_is_left_to_measures():
    [span] = [s for s in span_of(ARRANGEMENT) if key_work.detect(s)]
    records = key_work.extract(span).records
    assert [(r.ordinal, r.title, r.sections, r.excerpt.line_start, r.excerpt.line_end) for r in records] == [
        (1, "稳定经济增长", ("一、推动经济发展",), 5, 5),
        (2, "扩大有效投资", ("一、推动经济发展",), 6, 7),
    ]
    assert records[1].text == "扩大有效投资。推进重大项目建设,全年完成投资100亿元。"
    [taken] = measures.extract(span).records  # the run with a clause: read once, by the measures kind
    assert (taken.ordinal, taken.title, [b.name for b in taken.bodies]) == (
        1,
        "办好民生实事",
        ["区民政局", "区卫生健康委"],
    )


def test_the_two_kinds_share_an_arrangement_without_reading_a_task_twice():
    text = ARRANGEMENT.replace("（责任单位：区民政局、区卫生健康委）", "")
    text = text.replace("推进重大项目建设,\n", "推进重大项目建设（牵头单位：区发改委）,\n")
    [span] = [s for s in span_of(text) if key_work.detect(s)]
    assert [r.title for r in measures.extract(span).records] == ["稳定经济增长", "扩大有效投资"]
    assert [r.title for r in key_work.extract(span).records] == ["办好民生实事"]


def test_inline_items_are_split_at_a_sentence_end():
    text = "2031年区政府重点工作目标安排\n（2031年3月1日）\n\n一、规划\n(一)推进规划实施。(二)编制专项规划。完善空间布局。\n"
    [span] = [s for s in span_of(text) if key_work.detect(s)]
    assert [(r.ordinal, r.title, r.text) for r in key_work.extract(span).records] == [
        (1, "推进规划实施", "推进规划实施。"),
        (2, "编制专项规划", "编制专项规划。完善空间布局。"),
    ]


def test_other_documents_are_not_arrangements():
    plan = "2031年某计划\n（2031年3月1日）\n\n一、目标\n1.稳定增长。全年增长5%。\n"
    assert not any(key_work.detect(s) for s in span_of(plan))


def test_a_task_without_a_title_sentence_is_reported():
    text = "2031年区政府重点工作安排\n（2031年3月1日）\n\n一、规划\n1.推进规划实施并且一直写下去没有句号\n"
    [span] = [s for s in span_of(text) if key_work.detect(s)]
    ex = key_work.extract(span)
    assert [(i.line, i.code) for i in ex.issues] == [(5, "no-title-sentence")]
    assert ex.records[0].title == "推进规划实施并且一直写下去没有句号"
