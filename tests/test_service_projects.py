"""The 为民办实事 extractor on the real gazette (against tests/expected/service-items.yaml) and on synthetic lists."""

import pytest
import yaml

from jingan_kg.ingest.documents import split_documents
from jingan_kg.kinds import service_projects
from jingan_kg.text import normalise

from .conftest import GAZETTE, ROOT, span_of

EXPECTED = yaml.safe_load((ROOT / "tests" / "expected" / "service-items.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gazette(real_sources):
    spans = [s for s in split_documents(real_sources[GAZETTE]) if service_projects.detect(s)]
    assert len(spans) == 1, "exactly one 为民办实事 list in the gazette"
    return spans[0], service_projects.extract(spans[0])


def test_only_the_service_project_list_is_detected(real_sources):
    for path, src in real_sources.items():
        found = [s for s in split_documents(src) if service_projects.detect(s)]
        assert len(found) == (1 if path == GAZETTE else 0), path


def test_document_and_count(gazette):
    span, ex = gazette
    assert span.document.title == EXPECTED["document_title"]
    assert span.document.identifier == EXPECTED["document_identifier"]
    assert len(ex.records) == len(EXPECTED["items"]) == 45
    assert [r.ordinal for r in ex.records] == list(range(1, 46))
    assert {r.document for r in ex.records} == {span.document_key}
    assert [d.kind for d in ex.documents] == ["service-items"]


def test_no_issues_on_the_real_list(gazette):
    assert gazette[1].issues == ()


@pytest.mark.parametrize("expected", EXPECTED["items"], ids=[str(i["ordinal"]) for i in EXPECTED["items"]])
def test_item_matches_the_text(gazette, expected):
    rec = gazette[1].records[expected["ordinal"] - 1]
    assert rec.ordinal == expected["ordinal"]
    assert rec.text == normalise(expected["text"])
    assert rec.service_area == expected["service_area"]
    assert rec.quantity == expected["quantity"]
    assert rec.numeric == expected["numeric"]
    assert rec.unit == expected["unit"]
    where = (rec.excerpt.source, rec.excerpt.line_start, rec.excerpt.line_end)
    assert where == (GAZETTE, expected["line"], expected["line"])
    assert rec.excerpt.quote.startswith(f"{expected['ordinal']}.")


def test_areas_in_order(gazette):
    areas = list(dict.fromkeys(r.service_area for r in gazette[1].records))
    assert areas == [
        "为老服务",
        "教育服务",
        "住房保障",
        "就业培训",
        "健康服务",
        "文化服务",
        "体育健身",
        "城区环境",
        "便民服务",
        "公共安全",
    ]


SYNTHETIC = """上海市静安区人民政府关于印发《2027年静安区为民办实事项目》的通知

(2027年1月20日)

静府发〔2027〕1号

现将《2027年静安区为民办实事项目》印发给你们，请认真落实。

2027年静安区为民办实事项目

1. 为 300 名老人提供助餐服务

一、为老服务方面（2 个项目）

2. 新增 5 个养老服务站
3. 为 1.5 万人次老年人提供上门
上海市静安区人民政府公报
（2027年第1期）
护理服务

二、**教育服务**方面

3. 开展 20 场家庭教育讲座
5. 深化“三段式”课后服务
6. 为8万名4-18岁儿童提供视力筛查

上海市静安区人民政府关于另一件事的通知

(2027年2月1日)

1. 这一条属于下一个文件
"""


@pytest.fixture(scope="module")
def synthetic():
    span = next(s for s in span_of(SYNTHETIC, "new.txt") if s.document)
    assert service_projects.detect(span)
    return service_projects.extract(span)


def test_synthetic_items(synthetic):
    got = [(r.ordinal, r.service_area, r.text, r.quantity, r.numeric, r.unit) for r in synthetic.records]
    assert got == [
        (2, "为老服务", "新增5个养老服务站", "5个", "5", "个"),
        (3, "为老服务", "为1.5万人次老年人提供上门护理服务", "1.5万人次", "1.5", "万人次"),
        (3, "教育服务", "开展20场家庭教育讲座", "20场", "20", "场"),
        (5, "教育服务", "深化“三段式”课后服务", None, None, None),
        (6, "教育服务", "为8万名4-18岁儿童提供视力筛查", "8万名", "8", "万名"),
    ]


def test_item_wrapped_across_a_page_header_is_joined(synthetic):
    rec = synthetic.records[1]
    assert (rec.excerpt.line_start, rec.excerpt.line_end) == (16, 19)
    assert "公报" not in rec.text and "2027年第1期" not in rec.excerpt.quote


def test_problems_reported_with_file_and_line(synthetic):
    got = sorted((i.source, i.line, i.code) for i in synthetic.issues)
    assert got == sorted(
        [
            ("new.txt", 11, "item-outside-service-area"),  # 1. above the first heading
            ("new.txt", 23, "duplicate-ordinal"),  # 3. again
            ("new.txt", 24, "ordinal-gap"),  # 3 → 5
        ]
    )
    assert 1 not in {r.ordinal for r in synthetic.records}  # no area: not kept


def test_next_document_is_not_swallowed(synthetic):
    assert synthetic.records[-1].excerpt.line_end == 25
    assert all("下一个文件" not in r.text for r in synthetic.records)


def test_gap_at_the_start_note_under_heading_and_numbering_per_heading():
    text = (
        "2028年静安区为民办实事项目\n\n一、就业培训方面\n\n（本方面共 2 项）\n\n"
        "2. 帮助 100 名失业人员就业\n3. 开展 5 场招聘会\n\n"
        "二、便民服务方面\n\n1. 新增 3 家菜市场\n2. 新增 2 个回收点\n"
    )
    span = span_of(text, "y.txt")[0]
    assert service_projects.detect(span)
    ex = service_projects.extract(span)
    assert [(r.ordinal, r.service_area) for r in ex.records] == [
        (2, "就业培训"),
        (3, "就业培训"),
        (1, "便民服务"),
        (2, "便民服务"),
    ]
    assert [(i.line, i.code) for i in ex.issues] == [(7, "ordinal-gap")]  # a note under a heading is skipped


def test_numbered_list_without_service_title_is_not_detected():
    text = "上海市静安区某局关于某事的通知\n\n(2027年1月1日)\n\n一、工作方面\n\n1. 做好 3 件事\n2. 完成 5 项任务\n"
    span = next(s for s in span_of(text) if s.document)
    assert not service_projects.detect(span)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("为2000名特殊困难老年人提供服务", ("2000名", "2000", "名")),
        ("新建 15 个社区门诊", ("15个", "15", "个")),
        ("提供 1.3 万人次免费体质监测服务", ("1.3万人次", "1.3", "万人次")),
        ("实施120万平方米旧住房修缮", ("120万平方米", "120", "万平方米")),
        ("为50-74岁居民免费筛查", None),
        ("深化“五床联动”服务", None),
    ],
)
def test_first_quantity(text, expected):
    assert service_projects.first_quantity(text) == expected
